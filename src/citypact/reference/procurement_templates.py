"""Bid files with typical inputs, to try the evaluation methods without a real tender.

Each is a bid file in the format of `formats/bid_file.py`; `data/procurement_templates/SOURCES.md`
cites the physical figures (energy use, wattage, seasonal performance) and marks the assumptions.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from citypact.reference.paths import BUNDLE_DIR

TEMPLATE_DIR: Final = BUNDLE_DIR / "procurement_templates"
SOURCES_FILE: Final = TEMPLATE_DIR / "SOURCES.md"


@dataclass(frozen=True)
class Template:
    key: str
    file: str

    @property
    def path(self) -> Path:
        return TEMPLATE_DIR / self.file


TEMPLATES: Final = (
    Template("buses", "buses_electric_vs_diesel.csv"),
    Template("street-lights", "street_lights_led_vs_sodium.csv"),
    Template("heating", "heating_heat_pump_vs_gas.csv"),
    Template("electricity", "electricity_green_vs_grid.csv"),
)


def template(key: str) -> Template | None:
    return next((t for t in TEMPLATES if t.key == key), None)
