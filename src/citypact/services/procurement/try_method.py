"""Try an evaluation method without a tender: a template or an uploaded bid file, evaluated with a
method, a CO2 price (a schedule or a constant price), a discount rate, the buyer's country and year.

Nothing is stored, so anyone may try; the file is bounded in size (formats.bid_file) and every
refusal names its field (for the file: its row and column).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.activity import ActivityErrors
from citypact.domain.procurement.evaluation import EvaluationSettings, evaluate
from citypact.domain.procurement.methods import MeatWeights, Method
from citypact.domain.procurement.result import Evaluation
from citypact.domain.procurement.schedules import Discounting, Schedule, constant_schedule
from citypact.domain.procurement.tonnes import bid_tonnes
from citypact.formats.bid_file import MAX_BYTES, read_bid_file
from citypact.formats.errors import ImportErrors
from citypact.reference.factor_library import GWP_SETS, default_library, gwp_set
from citypact.reference.procurement_templates import template
from citypact.services.errors import InvalidInput
from citypact.services.inventory.calc import with_file_name
from citypact.services.procurement.co2_prices import schedule_for_evaluation
from citypact.services.uploads import saved_upload

METHODS: Final = tuple(m.value for m in Method)
# Weighted scoring on this page: cost and CO2 points only (a tender states its own weights).
TRY_MEAT_WEIGHTS: Final = MeatWeights(cost=70.0, co2=30.0)
MAX_CO2_PRICE: Final = 100_000.0
MAX_DISCOUNT_RATE: Final = 0.5


@dataclass(frozen=True)
class TryInputs:
    """What the page asks; `template` or an uploaded file gives the bids."""

    method: str
    template: str = ""
    schedule: str = ""  # a schedule's ref, owner/key/version; "" with a constant price
    co2_price: float | None = None
    co2_discounting: str = Discounting.LIKE_COSTS.value
    discount_rate: float = 0.03
    country: str = "DE"
    year: int = 2026
    gwp: str = "AR5"


def _co2_price(session: Session, actor: Actor, inputs: TryInputs) -> Schedule | None:
    if inputs.schedule and inputs.co2_price is not None:
        raise InvalidInput("co2_price", "choose a schedule or a constant price, not both.")
    if inputs.schedule:
        return schedule_for_evaluation(session, actor, inputs.schedule)
    if inputs.co2_price is None:
        if inputs.method == Method.LCC_CO2.value:
            raise InvalidInput(
                "schedule", "the lcc-co2 method needs a CO2 price: choose a schedule or give a price."
            )
        return None
    if not 0 <= inputs.co2_price <= MAX_CO2_PRICE:
        raise InvalidInput("co2_price", f"give a price per tonne from 0 to {MAX_CO2_PRICE:,.0f}.")
    try:
        discounting = Discounting(inputs.co2_discounting)
    except ValueError:
        raise InvalidInput("co2_discounting", "choose discounted like costs or undiscounted.") from None
    return dataclasses.replace(constant_schedule(inputs.co2_price), discounting=discounting)


def _check(inputs: TryInputs) -> None:
    if inputs.method not in METHODS:
        raise InvalidInput("method", f"choose one of {', '.join(METHODS)}.")
    if not re.fullmatch(r"[A-Z]{2}", inputs.country):
        raise InvalidInput("country", "give the country's two-letter ISO code, like DE.")
    if not 1990 <= inputs.year <= 2100:
        raise InvalidInput("year", "give the year of the award, from 1990 to 2100.")
    if not 0 <= inputs.discount_rate <= MAX_DISCOUNT_RATE:
        raise InvalidInput("discount_rate", "give a rate from 0 to 0.5, like 0.03 for 3 %.")
    if inputs.gwp not in GWP_SETS:
        raise InvalidInput("gwp", f"choose one of {', '.join(GWP_SETS)}.")


def _evaluate(path: Path, name: str, inputs: TryInputs, price: Schedule | None) -> Evaluation:
    method = Method(inputs.method)
    settings = EvaluationSettings(
        method=method,
        discount_rate=inputs.discount_rate,
        co2_price=price,
        meat_weights=TRY_MEAT_WEIGHTS if method is Method.MEAT else None,
    )
    try:
        bids = read_bid_file(path)
        tonnes = bid_tonnes(
            bids, default_library(), gwp_set(inputs.gwp), country=inputs.country, year=inputs.year
        )
        return evaluate(bids, tonnes, settings, country=inputs.country, year=inputs.year)
    except ActivityErrors as errors:
        raise InvalidInput("file", str(with_file_name(errors, name))) from None
    except ImportErrors as errors:
        raise InvalidInput("file", str(errors)) from None
    except (ValueError, KeyError) as error:
        raise InvalidInput("file", str(error.args[0] if error.args else error)) from None


def try_evaluation(
    session: Session, actor: Actor, inputs: TryInputs, upload: tuple[bytes | BinaryIO, str] | None = None
) -> Evaluation:
    """The evaluation of the template or the uploaded (content, file name); an upload wins."""
    _check(inputs)
    price = _co2_price(session, actor, inputs)
    if upload is not None:
        content, name = upload
        if isinstance(content, bytes) and len(content) > MAX_BYTES:
            raise InvalidInput("file", f"the file is larger than {MAX_BYTES / 1e6:g} MB; is it a bid file?")
        with saved_upload(content, name) as path:
            return _evaluate(path, path.name, inputs, price)
    chosen = template(inputs.template)
    if chosen is None:
        raise InvalidInput("template", "choose a template or upload a bid file.")
    return _evaluate(chosen.path, chosen.file, inputs, price)
