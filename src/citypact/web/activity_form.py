"""The activity-row form shared by the inventory page (add) and the row's edit page: its
vocabulary (units and fuels offered), its labels and the parsing of what was typed."""

from __future__ import annotations

from citypact.domain.activity import NOTATION_KEYS
from citypact.domain.gpc import GPC_REFS
from citypact.i18n.labels import N_
from citypact.web.forms import PageForm, typed

UNITS = ("MWh", "kWh", "GJ", "TJ", "therm", "MMBtu", "toe", "t", "kg", "m3", "L", "km")
FUELS = (
    "Natural Gas",
    "Gas/Diesel Oil",
    "Motor Gasoline",
    "Liquefied Petroleum Gases",
    "Residual Fuel Oil",
    "Other Kerosene",
    "Jet Kerosene",
    "Other Bituminous Coal",
    "Lignite",
    "Wood/Wood Waste",
    "Biodiesels",
    "Other Biogas",
    "electricity",
    "district_heat",
)
ACTIVITY_LABELS = {
    "gpc_ref": N_("GPC reference"),
    "fuel": N_("Fuel or carrier"),
    "amount": N_("Amount"),
    "unit": N_("Unit"),
    "notation_key": N_("Notation key (instead of an amount)"),
    "explanation": N_("Explanation"),
    "source": N_("Source"),
    "data_quality": N_("Data quality"),
    "ef_co2": N_("CO₂ factor"),
    "ef_unit": N_("Factor unit"),
    "ef_source": N_("Factor source"),
    "ef_basis": N_("Scope 2 basis (grid electricity, district heat)"),
}


def parse_activity(
    gpc_ref: str,
    fuel: str,
    amount: str,
    unit: str,
    notation_key: str,
    explanation: str,
    source: str,
    data_quality: str,
    ef_co2: str,
    ef_unit: str,
    ef_source: str,
    ef_basis: str,
) -> tuple[PageForm, dict[str, object]]:
    """The form as typed and the fields for the service (numbers parsed, choices checked)."""
    values = typed(
        gpc_ref=gpc_ref, fuel=fuel, amount=amount, unit=unit, notation_key=notation_key,
        explanation=explanation, source=source, data_quality=data_quality, ef_co2=ef_co2,
        ef_unit=ef_unit, ef_source=ef_source, ef_basis=ef_basis,
    )  # fmt: skip
    form = PageForm("activity", ACTIVITY_LABELS, values)
    fields: dict[str, object] = {
        "gpc_ref": form.choice("gpc_ref", GPC_REFS),
        "fuel": form.text("fuel"),
        "amount": form.number("amount"),
        "unit": form.text("unit"),
        "notation_key": form.choice("notation_key", NOTATION_KEYS),
        "explanation": form.text("explanation"),
        "source": form.text("source"),
        "data_quality": form.choice("data_quality", ("H", "M", "L")),
        "ef_co2": form.number("ef_co2"),
        "ef_unit": form.text("ef_unit"),
        "ef_source": form.text("ef_source"),
        "ef_basis": form.choice("ef_basis", ("market",)),
    }
    return form, fields
