"""`make bench` is not part of the suite, but its modules must keep up with the code they measure:
each one imports (a moved or removed module fails here, not in the next benchmark run)."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys

import pytest

import bench

MODULES = sorted(m.name for m in pkgutil.iter_modules(bench.__path__))


@pytest.mark.parametrize("name", MODULES)
def test_bench_module_imports(name: str) -> None:
    importlib.import_module(f"bench.{name}")


def test_bench_options_do_not_clash() -> None:
    """`python -m bench --help` builds the one parser every section adds its options to: two
    sections naming the same option fail here, not when `make bench` starts."""
    done = subprocess.run(
        [sys.executable, "-m", "bench", "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "--inventory-page-requests" in done.stdout and "--page-requests" in done.stdout
