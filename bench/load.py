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
