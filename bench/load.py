"""An open-loop load generator: requests leave on a fixed schedule whatever the server does, and
latency counts from the scheduled time, so a slow server cannot hide its queueing.

It speaks plain HTTP/1.1 with keep-alive over a fixed set of asyncio connections: a generic client
library spent more CPU per request than the server it measured on this 2-core machine.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import numpy as np


@dataclass(frozen=True)
class LoadResult:
    name: str
    sent: int
    errors: int
    seconds: float
    latencies_ms: np.ndarray

    def line(self) -> str:
        p50, p90, p99 = np.percentile(self.latencies_ms, [50, 90, 99])
        return (
            f"{self.name:<26} {self.sent / self.seconds:6.1f} req/s  p50 {p50:6.1f} ms  "
            f"p90 {p90:6.1f} ms  p99 {p99:6.1f} ms  max {self.latencies_ms.max():7.1f} ms  "
            f"errors {self.errors}"
        )


class _Connection:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, host: str) -> None:
        self.reader, self.writer, self.host = reader, writer, host

    async def get(self, path: str) -> int:
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: {self.host}\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":", 1)[1])
        await self.reader.readexactly(length)
        return status


async def _run(
    base: str, paths: Callable[[int], str], rate: float, seconds: float, name: str, connections: int
) -> LoadResult:
    url = urlsplit(base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    pool: asyncio.Queue[_Connection] = asyncio.Queue()
    for _ in range(connections):
        reader, writer = await asyncio.open_connection(host, port)
        pool.put_nowait(_Connection(reader, writer, f"{host}:{port}"))
    total = int(rate * seconds)
    latencies = np.zeros(total)
    errors = 0
    start = time.perf_counter()

    async def one(i: int) -> None:
        nonlocal errors
        scheduled = start + i / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        connection = await pool.get()  # waiting for a free connection counts as latency
        try:
            if await connection.get(paths(i)) != 200:
                errors += 1
        finally:
            pool.put_nowait(connection)
        latencies[i] = (time.perf_counter() - scheduled) * 1000

    await asyncio.gather(*(one(i) for i in range(total)))
    elapsed = time.perf_counter() - start
    while not pool.empty():
        pool.get_nowait().writer.close()
    return LoadResult(name, total, errors, elapsed, latencies)


def run_load(
    base: str, paths: Callable[[int], str], rate: float, seconds: float, name: str, connections: int = 32
) -> LoadResult:
    return asyncio.run(_run(base, paths, rate, seconds, name, connections))


@dataclass(frozen=True)
class MixResult:
    """An open-loop run over several kinds of request, with /healthz probed alongside."""

    rate: float
    seconds: float
    kinds: list[str]
    statuses: np.ndarray  # per request; 0 = no answer (timeout or broken connection)
    latencies_ms: np.ndarray
    healthz_ms: np.ndarray
    healthz_failed: int
    most_connections: int

    def lines(self) -> list[str]:
        def figures(ms: np.ndarray) -> str:
            if not len(ms):
                return "no answers"
            p50, p99 = np.percentile(ms, [50, 99])
            return f"p50 {p50:7.1f} ms  p99 {p99:7.1f} ms  max {ms.max():7.1f} ms"

        kinds = np.array(self.kinds)
        out = []
        for kind in [*dict.fromkeys(self.kinds), "all"]:
            chosen = np.ones(len(kinds), bool) if kind == "all" else kinds == kind
            statuses = self.statuses[chosen]
            ok = statuses == 200
            shed = int((statuses == 503).sum())
            lost = int((statuses == 0).sum())
            other = int(len(statuses) - ok.sum() - shed - lost)
            out.append(
                f"{kind:<16} {len(statuses):6,} sent  errors {len(statuses) - int(ok.sum()):5,} "
                f"(503 {shed:,}, no answer {lost:,}, other {other:,})  200s: "
                + figures(self.latencies_ms[chosen][ok])
            )
        out.append(
            f"{'GET /healthz':<16} {len(self.healthz_ms) + self.healthz_failed:6,} probes every 0.1 s, "
            f"failed {self.healthz_failed}: " + figures(self.healthz_ms)
        )
        out.append(f"client: {self.most_connections} connections open at most")
        return out

    @property
    def errors(self) -> int:
        return int((self.statuses != 200).sum())


class _Gone(Exception):
    """The server closed the connection after its answer."""


async def _get(host: str, port: int, connection: _Connection | None, path: str) -> tuple[int, _Connection]:
    if connection is None:
        reader, writer = await asyncio.open_connection(host, port)
        connection = _Connection(reader, writer, f"{host}:{port}")
    connection.writer.write(f"GET {path} HTTP/1.1\r\nHost: {connection.host}\r\n\r\n".encode())
    head = await connection.reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length, close = 0, False
    for line in head.split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.lower() == b"content-length":
            length = int(value)
        elif name.lower() == b"connection" and value.strip().lower() == b"close":
            close = True
    await connection.reader.readexactly(length)
    if close:
        connection.writer.close()
        raise _Gone(status)
    return status, connection


async def _run_mix(
    base: str, requests: list[tuple[str, str]], rate: float, seconds: float, timeout_s: float
) -> MixResult:
    url = urlsplit(base)
    host, port = url.hostname or "127.0.0.1", url.port or 80
    total = int(rate * seconds)
    statuses = np.zeros(total, dtype=np.int32)
    latencies = np.zeros(total)
    # Keep-alive connections, with the time each fell idle; a new one opens whenever none is idle.
    # One idle for over a second is dropped: the server closes them after 5 s (uvicorn's default).
    idle: list[tuple[_Connection, float]] = []
    open_now = most = 0
    start = time.perf_counter()

    async def one(i: int) -> None:
        nonlocal open_now, most
        scheduled = start + i / rate
        await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
        connection = None
        while idle and connection is None:
            connection, since = idle.pop()
            if time.perf_counter() - since > 1.0:
                connection.writer.close()
                connection = None
                open_now -= 1
        if connection is None:
            open_now += 1
            most = max(most, open_now)
        try:
            statuses[i], connection = await asyncio.wait_for(
                _get(host, port, connection, requests[i % len(requests)][1]), timeout_s
            )
            idle.append((connection, time.perf_counter()))
        except _Gone as gone:
            statuses[i] = gone.args[0]
            open_now -= 1
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError):
            statuses[i] = 0
            open_now -= 1
            if connection is not None:
                connection.writer.close()
        latencies[i] = (time.perf_counter() - scheduled) * 1000

    healthz: list[float] = []
    failed = 0

    async def probe() -> None:
        nonlocal failed
        end = start + seconds
        while time.perf_counter() < end:
            sent = time.perf_counter()
            try:  # a new connection each time, so that every server process is sampled
                status, connection = await asyncio.wait_for(_get(host, port, None, "/healthz"), timeout_s)
                connection.writer.close()
                if status == 200:
                    healthz.append((time.perf_counter() - sent) * 1000)
                else:
                    failed += 1
            except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, _Gone):
                failed += 1
            await asyncio.sleep(max(0.0, sent + 0.1 - time.perf_counter()))

    await asyncio.gather(probe(), *(one(i) for i in range(total)))
    for connection, _ in idle:
        connection.writer.close()
    kinds = [requests[i % len(requests)][0] for i in range(total)]
    return MixResult(rate, seconds, kinds, statuses, latencies, np.array(healthz), failed, most)


def run_mix(
    base: str, requests: list[tuple[str, str]], rate: float, seconds: float, timeout_s: float = 30.0
) -> MixResult:
    """Send `requests` (kind, path) in turn at `rate` per second for `seconds`, open loop: each
    leaves at its time on an idle keep-alive connection or a new one, never waiting for another
    answer; latency counts from the scheduled time, and no answer within `timeout_s` is an error."""
    return asyncio.run(_run_mix(base, requests, rate, seconds, timeout_s))
