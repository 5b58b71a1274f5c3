"""Uploaded files as files: readers work on paths, and the name stays the user's for messages."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from citypact.services.text_input import check_text

# File systems allow 255 bytes per name; a longer name (or a suffix) must not cost a 500.
MAX_NAME_BYTES = 200


def upload_name(file_name: str, default: str = "upload") -> str:
    """The last part of the name a browser or client sent, safe to create in a folder of our own:
    no path ("../x.csv" -> "x.csv"), never "." or "..", at most MAX_NAME_BYTES (suffix kept)."""
    check_text("file", file_name)
    name = Path(file_name.replace("\\", "/")).name.strip()
    if name in ("", ".", ".."):
        return default
    suffix = Path(name).suffix if len(Path(name).suffix.encode()) <= 16 else ""
    stem = (name[: len(name) - len(suffix)] if suffix else name)[:MAX_NAME_BYTES]
    while len((stem + suffix).encode()) > MAX_NAME_BYTES:
        stem = stem[:-1]
    return stem + suffix


@contextmanager
def saved_upload(content: bytes | BinaryIO, file_name: str) -> Iterator[Path]:
    """The uploaded bytes (or stream, copied in chunks rather than held in memory) as a file of the
    same name in a private temporary folder."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / upload_name(file_name)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            with path.open("wb") as target:
                shutil.copyfileobj(content, target, 1 << 20)
        yield path
