"""Uploaded files as files: readers work on paths, and the name stays the user's for messages."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def saved_upload(content: bytes | BinaryIO, file_name: str) -> Iterator[Path]:
    """The uploaded bytes (or stream, copied in chunks rather than held in memory) as a file of the
    same name in a private temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / (Path(file_name).name or "upload.csv")
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            with path.open("wb") as target:
                shutil.copyfileobj(content, target, 1 << 20)
        yield path
