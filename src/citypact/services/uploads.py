"""Uploaded files as files: readers work on paths, and the name stays the user's for messages."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def saved_upload(content: bytes, file_name: str) -> Iterator[Path]:
    """The uploaded bytes as a file of the same name in a private temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(file_name).name or "upload.csv")
        path.write_bytes(content)
        yield path
