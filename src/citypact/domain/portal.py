"""A network's public portal: the codes of news posts, the map projection of its members and the
plain statement of a city's progress (pure; words are made at the edge from the codes here)."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Final

from citypact.domain.trends import target_progress

NEWS_STATUSES: Final = ("draft", "published")
NEWS_LANGUAGES: Final = ("en", "de", "ja")

# How a city moves, from its counted (submitted or verified) inventories and its own target.
PROGRESS_CODES: Final = (
    "no_inventory",  # no counted inventory: nothing to say
    "one_year",  # one counted year: no change to state
    "change",  # a change since the first counted year, no target
    "on_path",  # a change, and the latest year is at or below the target's straight path
    "off_path",  # a change, and the latest year is above the path
)

MAP_MARGIN_DEG: Final = 1.0  # degrees around the members' extent, so edge markers stay visible
MIN_SPAN_DEG: Final = 4.0  # the smallest extent shown (one city alone would fill the map)


@dataclass(frozen=True)
class MapFrame:
    """The geographic window of a map (degrees) and its size in SVG units."""

    west: float
    east: float
    south: float
    north: float
    width: float
    height: float


def map_frame(points: Sequence[tuple[float, float]], width: float = 600.0) -> MapFrame:
    """The window around (lat, lon) `points` for an equirectangular map `width` units wide: the
    members' extent plus a margin, at least MIN_SPAN_DEG wide and high, with the longitude scaled
    by the cosine of the middle latitude (so a degree east is as long as it is at that latitude)
    and the height following from the aspect ratio. Without points: the whole world."""
    if width <= 0:
        raise ValueError("width must be positive")
    if not points:
        south, north, west, east = -60.0, 80.0, -180.0, 180.0
    else:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        south, north = min(lats) - MAP_MARGIN_DEG, max(lats) + MAP_MARGIN_DEG
        west, east = min(lons) - MAP_MARGIN_DEG, max(lons) + MAP_MARGIN_DEG
        if north - south < MIN_SPAN_DEG:
            middle = (north + south) / 2
            south, north = middle - MIN_SPAN_DEG / 2, middle + MIN_SPAN_DEG / 2
        if east - west < MIN_SPAN_DEG:
            middle = (east + west) / 2
            west, east = middle - MIN_SPAN_DEG / 2, middle + MIN_SPAN_DEG / 2
        south, north = max(south, -90.0), min(north, 90.0)
        west, east = max(west, -180.0), min(east, 180.0)
    stretch = math.cos(math.radians((north + south) / 2))
    height = width * (north - south) / ((east - west) * stretch)
    return MapFrame(west, east, south, north, width, round(height, 3))


def project(frame: MapFrame, lat: float, lon: float) -> tuple[float, float]:
    """(x, y) of a point in the frame: equirectangular, x grows east, y grows south (SVG)."""
    x = (lon - frame.west) / (frame.east - frame.west) * frame.width
    y = (frame.north - lat) / (frame.north - frame.south) * frame.height
    return round(x, 2), round(y, 2)


@dataclass(frozen=True)
class Progress:
    """A city's movement in codes and figures; the sentence is made at the edge."""

    code: str  # PROGRESS_CODES
    first_year: int | None = None
    latest_year: int | None = None
    change_pct: float | None = None  # latest against first counted year, percent
    target_year: int | None = None
    target_reduction_pct: float | None = None


def progress(
    totals: Mapping[int, float],
    target: tuple[int, float, int, float] | None = None,
) -> Progress:
    """How a city moves: `totals` are t CO2e per counted year; `target` is (base year, base t CO2e,
    target year, reduction percent). The change runs from the first counted year to the latest;
    with a target, "on_path" when the latest year is at or below the straight path from base to
    target (domain.trends.target_progress), else "off_path"."""
    years = sorted(y for y, v in totals.items() if v > 0 and math.isfinite(v))
    if not years:
        return Progress("no_inventory")
    latest = years[-1]
    if len(years) == 1:
        return Progress("one_year", latest, latest)
    first = years[0]
    change = (totals[latest] / totals[first] - 1.0) * 100.0
    if target is not None:
        base_year, base_t, target_year, reduction = target
        if target_year > base_year and base_t > 0 and 0 <= reduction <= 100:
            goal = base_t * (1 - reduction / 100)
            where = target_progress(base_year, base_t, target_year, goal, latest, totals[latest])
            code = "on_path" if where.on_track else "off_path"
            return Progress(code, first, latest, change, target_year, reduction)
    return Progress("change", first, latest, change)
