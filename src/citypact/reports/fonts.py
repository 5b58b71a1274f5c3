"""Fonts of the PDFs: a CJK font so that Japanese reports show text, not boxes.

The font comes from a package on PyPI (noto-cjk-sans-jp-regular: Noto Sans CJK JP, SIL Open Font
License 1.1), installed with the project by `make`; it is neither copied into the repository nor
downloaded at run time. WeasyPrint loads it through an @font-face rule whose single local file the
offline fetcher allows. Where the package is missing the PDFs still render, with a logged warning,
and Japanese text falls back to whatever fonts the system has.
"""

from __future__ import annotations

import importlib.util
import logging
from functools import cache
from pathlib import Path

log = logging.getLogger(__name__)

CJK_PACKAGE = "noto_cjk_sans_jp_regular"
CJK_FILE = "NotoSansCJKjp-Regular.otf"
CJK_FAMILY = "Noto Sans CJK JP"  # the name the report templates list after their Latin font


@cache
def cjk_font() -> Path | None:
    """The CJK font file, or None (warned once) when its package is not installed."""
    spec = importlib.util.find_spec(CJK_PACKAGE)  # found without importing: it holds only the file
    for folder in (spec.submodule_search_locations or []) if spec else []:
        path = Path(folder) / CJK_FILE
        if path.is_file():
            return path
    log.warning(
        "The CJK font package %s is not installed: Japanese text in PDFs may show as boxes. "
        "Install the project again (`make install`) to get it.",
        CJK_PACKAGE.replace("_", "-"),
    )
    return None


def font_urls() -> frozenset[str]:
    """The URLs of the font files the offline fetcher may read: the CJK font's, nothing else."""
    path = cjk_font()
    return frozenset({path.as_uri()}) if path else frozenset()


def font_face_css() -> str:
    """The @font-face rules every PDF gets ('' without the CJK font)."""
    path = cjk_font()
    if path is None:
        return ""
    return f'@font-face {{ font-family: "{CJK_FAMILY}"; src: url("{path.as_uri()}"); }}'
