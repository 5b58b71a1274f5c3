"""What a bid holds, checked: the payload that is sealed, and its conversion to the evaluation's Bid.

Money is kept as integer minor units of the procurement's currency (DESIGN "Conventions"); a form,
the API or a bid file gives amounts in currency units, which become minor units here once.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, Final

from citypact.domain.action_plans import from_minor_units
from citypact.domain.procurement.bids import Bid, EnergyUse, VolumeBand
from citypact.services.errors import InvalidInput
from citypact.services.input import clean_text

PAYLOAD_VERSION: Final = 1
MONEY: Final = (
    "price",
    "maintenance_per_year",
    "operation_per_year",
    "end_of_life_cost",
    "residual_value",
)
FIELDS: Final = (
    *MONEY,
    "quantity",
    "lifetime_years",
    "energy",
    "embodied_t_co2e",
    "ladder_level",
    "volume_bands",
    "quality",
)
MAX_ENERGY: Final = 10
MAX_BANDS: Final = 20
MAX_QUALITY: Final = 20
MAX_MINOR: Final = 10**15  # 10 trillion EUR in cents: beyond any tender, inside float64's exact range


def _scale(currency: str) -> int:
    return round(1 / from_minor_units(1, currency))


def _number(field: str, value: Any, low: float, high: float) -> float:
    """A finite number from a number or its text, from `low` to `high`."""
    if isinstance(value, bool):
        raise InvalidInput(field, "give a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(field, f"{value!r} is not a number; write one such as 12500.50.") from None
    if not math.isfinite(number) or not low <= number <= high:
        raise InvalidInput(field, f"give a number from {low:g} to {high:g}.")
    return number


def _minor(field: str, value: Any, currency: str) -> int:
    minor = round(_number(field, value, 0, MAX_MINOR / _scale(currency)) * _scale(currency))
    return minor


def _optional(raw: Mapping[str, Any], name: str) -> Any:
    value = raw.get(name)
    return None if value in (None, "") else value


def clean_payload(raw: Mapping[str, Any], currency: str) -> dict[str, Any]:
    """The sealed payload of a bid from the amounts a supplier typed (currency units)."""
    if not isinstance(raw, Mapping):
        raise InvalidInput("bid", "give the bid as an object of its fields.")
    unknown = sorted(set(raw) - set(FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], f"unknown field; a bid has {', '.join(FIELDS)}.")
    if _optional(raw, "price") is None and not raw.get("volume_bands"):
        raise InvalidInput("price", "give the price for the lot's whole quantity, or volume prices.")
    if _optional(raw, "lifetime_years") is None:
        raise InvalidInput("lifetime_years", "give the lifetime in whole years, e.g. 12.")
    payload: dict[str, Any] = {"v": PAYLOAD_VERSION}
    for name in MONEY:
        value = _optional(raw, name)
        payload[f"{name}_minor"] = 0 if value is None else _minor(name, value, currency)
    lifetime = _number("lifetime_years", raw["lifetime_years"], 1, 100)
    if lifetime != int(lifetime):
        raise InvalidInput("lifetime_years", "give whole years, e.g. 12.")
    payload["lifetime_years"] = int(lifetime)
    quantity = _optional(raw, "quantity")
    payload["quantity"] = None if quantity is None else _number("quantity", quantity, 0, 1e12)
    embodied = _optional(raw, "embodied_t_co2e")
    payload["embodied_t_co2e"] = 0.0 if embodied is None else _number("embodied_t_co2e", embodied, 0, 1e9)
    level = _optional(raw, "ladder_level")
    if level is not None:
        number = _number("ladder_level", level, 0, 5)
        if number != int(number):
            raise InvalidInput("ladder_level", "give the certified level as a whole number from 0 to 5.")
        level = int(number)
    payload["ladder_level"] = level
    payload["energy"] = _energy(raw.get("energy") or [], currency)
    payload["volume_bands"] = _bands(raw.get("volume_bands") or [], currency)
    payload["quality"] = _quality(raw.get("quality") or {})
    return payload


def _energy(rows: Any, currency: str) -> list[dict[str, Any]]:
    if not isinstance(rows, list) or len(rows) > MAX_ENERGY:
        raise InvalidInput("energy", f"give at most {MAX_ENERGY} energy uses, each an object.")
    out = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise InvalidInput(f"energy[{i}]", "give carrier, amount_per_year, unit and cost_per_year.")
        out.append(
            {
                "carrier": clean_text(f"energy[{i}].carrier", row.get("carrier"), 60, required=True),
                "amount_per_year": _number(
                    f"energy[{i}].amount_per_year", row.get("amount_per_year"), 0, 1e12
                ),
                "unit": clean_text(f"energy[{i}].unit", row.get("unit"), 20, required=True),
                "cost_per_year_minor": _minor(
                    f"energy[{i}].cost_per_year", row.get("cost_per_year") or 0, currency
                ),
            }
        )
    return out


def _bands(rows: Any, currency: str) -> list[dict[str, Any]]:
    if not isinstance(rows, list) or len(rows) > MAX_BANDS:
        raise InvalidInput("volume_bands", f"give at most {MAX_BANDS} volume bands, each an object.")
    out = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, Mapping):
            raise InvalidInput(f"volume_bands[{i}]", "give min_quantity and unit_price.")
        out.append(
            {
                "min_quantity": _number(f"volume_bands[{i}].min_quantity", row.get("min_quantity"), 0, 1e12),
                "unit_price_minor": _minor(f"volume_bands[{i}].unit_price", row.get("unit_price"), currency),
            }
        )
    if len({band["min_quantity"] for band in out}) != len(out):
        raise InvalidInput("volume_bands", "two bands start at the same quantity; give each start once.")
    return out


def _quality(scores: Any) -> dict[str, float]:
    if not isinstance(scores, Mapping) or len(scores) > MAX_QUALITY:
        raise InvalidInput("quality", f"give at most {MAX_QUALITY} criteria with their scores from 0 to 100.")
    return {
        clean_text("quality", name, 60, required=True): _number(f"quality.{name}", value, 0, 100)
        for name, value in scores.items()
    }


def to_bid(payload: Mapping[str, Any], lot: str, supplier: str, currency: str) -> Bid:
    """The evaluation's Bid (money in currency units) from a sealed payload, once opened."""

    def money(minor: int) -> float:
        return from_minor_units(minor, currency)

    return Bid(
        lot=lot,
        supplier=supplier,
        price=money(payload["price_minor"]),
        lifetime_years=int(payload["lifetime_years"]),
        quantity=payload["quantity"],
        energy=tuple(
            EnergyUse(
                carrier=e["carrier"],
                amount_per_year=e["amount_per_year"],
                unit=e["unit"],
                cost_per_year=money(e["cost_per_year_minor"]),
            )
            for e in payload["energy"]
        ),
        maintenance_per_year=money(payload["maintenance_per_year_minor"]),
        operation_per_year=money(payload["operation_per_year_minor"]),
        end_of_life_cost=money(payload["end_of_life_cost_minor"]),
        residual_value=money(payload["residual_value_minor"]),
        embodied_t_co2e=payload["embodied_t_co2e"],
        ladder_level=payload["ladder_level"],
        volume_bands=tuple(
            VolumeBand(b["min_quantity"], money(b["unit_price_minor"])) for b in payload["volume_bands"]
        ),
        quality=dict(payload["quality"]),
    )


def from_bid(bid: Bid, currency: str) -> dict[str, Any]:
    """The payload of a bid read from a bid file (paper bids the lead imports)."""
    return clean_payload(
        {
            "price": bid.price,
            "maintenance_per_year": bid.maintenance_per_year,
            "operation_per_year": bid.operation_per_year,
            "end_of_life_cost": bid.end_of_life_cost,
            "residual_value": bid.residual_value,
            "quantity": bid.quantity,
            "lifetime_years": bid.lifetime_years,
            "energy": [
                {
                    "carrier": e.carrier,
                    "amount_per_year": e.amount_per_year,
                    "unit": e.unit,
                    "cost_per_year": e.cost_per_year,
                }
                for e in bid.energy
            ],
            "embodied_t_co2e": bid.embodied_t_co2e,
            "ladder_level": bid.ladder_level,
            "volume_bands": [
                {"min_quantity": b.min_quantity, "unit_price": b.unit_price} for b in bid.volume_bands
            ],
            "quality": dict(bid.quality),
        },
        currency,
    )
