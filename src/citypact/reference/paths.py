"""Where reference data lives: the compact bundle shipped in the package, the raw public files."""

from __future__ import annotations

import os
from pathlib import Path

BUNDLE_DIR = Path(__file__).resolve().parent / "data"
# The raw public data sits beside the checkout (../shared/data); CITYPACT_SHARED_DATA overrides it.
SHARED_DATA_DIR = Path(os.environ.get("CITYPACT_SHARED_DATA", "../shared/data")).resolve()
