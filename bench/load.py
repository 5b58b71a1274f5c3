"""An open-loop load generator: requests leave on a fixed schedule whatever the server does, and
latency counts from the scheduled time, so a slow server cannot hide its queueing."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
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
            f"{self.name:<28} {self.sent / self.seconds:7.1f} req/s  p50 {p50:6.1f} ms  "
            f"p90 {p90:6.1f} ms  p99 {p99:6.1f} ms  max {self.latencies_ms.max():7.1f} ms  "
            f"errors {self.errors}"
        )


async def _run(base: str, paths: Callable[[int], str], rate: float, seconds: float, name: str) -> LoadResult:
    total = int(rate * seconds)
    latencies = np.zeros(total)
    errors = 0
    limits = httpx.Limits(max_connections=256, max_keepalive_connections=256)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        start = time.perf_counter()

        async def one(i: int) -> None:
            nonlocal errors
            scheduled = start + i / rate
            await asyncio.sleep(max(0.0, scheduled - time.perf_counter()))
            try:
                response = await client.get(paths(i))
                if response.status_code != 200:
                    errors += 1
            except httpx.HTTPError:
                errors += 1
            latencies[i] = (time.perf_counter() - scheduled) * 1000

        await asyncio.gather(*(one(i) for i in range(total)))
        elapsed = time.perf_counter() - start
    return LoadResult(name, total, errors, elapsed, latencies)


def run_load(base: str, paths: Callable[[int], str], rate: float, seconds: float, name: str) -> LoadResult:
    return asyncio.run(_run(base, paths, rate, seconds, name))
