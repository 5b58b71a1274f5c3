"""`make bench` is not part of the suite, but its modules must keep up with the code they measure:
each one imports (a moved or removed module fails here, not in the next benchmark run)."""

from __future__ import annotations

import importlib
import pkgutil

import pytest

import bench

MODULES = sorted(m.name for m in pkgutil.iter_modules(bench.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_bench_module_imports(name: str) -> None:
    importlib.import_module(f"bench.{name}")
