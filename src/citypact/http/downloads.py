"""The Content-Disposition of a download, for the API and the pages alike."""

from __future__ import annotations

import re
from urllib.parse import quote

from citypact.domain.text import scrub


def attachment(file_name: str) -> dict[str, str]:
    """Headers that offer `file_name` for download. HTTP headers are Latin-1 and a quote or a
    control character would end the name early (a city named 京都 or with a stray U+0001 was a
    500): an ASCII fallback name plus the UTF-8 name of RFC 6266 (filename*)."""
    clean = scrub(file_name, multiline=False)
    fallback = re.sub(r"[^A-Za-z0-9._-]+", "_", clean).strip("_") or "download"
    return {"Content-Disposition": f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(clean)}"}
