"""`citypact serve` in a child process for the benchmarks that go through HTTP."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import httpx

CITYPACT = [sys.executable, "-m", "citypact.cli.main"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def start_server(
    env: dict[str, str], workers: int = 1, timeout_s: float = 120.0
) -> tuple[subprocess.Popen[bytes], str, float]:
    """Start `citypact serve` on a free port; return the process, its base URL and the seconds until
    /healthz answered 200. The caller stops the process."""
    port = free_port()
    started = time.perf_counter()
    process = subprocess.Popen(
        [*CITYPACT, "serve", "--port", str(port), "--workers", str(workers)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    while time.perf_counter() - started < timeout_s:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return process, base, time.perf_counter() - started
        except httpx.HTTPError:
            time.sleep(0.02)
    process.terminate()
    process.wait()
    raise RuntimeError(f"citypact serve did not answer /healthz within {timeout_s:.0f} s")
