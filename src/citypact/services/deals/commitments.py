"""What the parties commit to: commitments with their KPI, co-benefits and milestones.

Each party writes its own: the city's editors the city's commitments (support, permit, funding),
an organisation's confirmed people their organisation's (actions). They change only while the
deal's terms are open (draft, negotiating), and a change voids the signatures given so far; a
milestone's done date is set at any time until the deal is completed or ended early.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.action_plans import PlanError, to_minor_units
from citypact.domain.deals import CommitmentTerms, check_benefit, check_commitment, clean_gpc_sectors
from citypact.domain.green_deals import BENEFIT_KINDS, COMMITMENT_KINDS
from citypact.services import audit
from citypact.services.cooperation.joint_projects.loading import clean_money
from citypact.services.deals.lifecycle import _plain, _unsign_all
from citypact.services.deals.loading import (
    MAX_BENEFITS,
    MAX_COMMITMENTS,
    MAX_MILESTONES,
    TEXT_MAX,
    Loaded,
    check_terms_open,
    clean_id,
    load,
    rules,
    touch,
)
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_code, clean_date, clean_text
from citypact.services.versions import check_version, flush_checked
from citypact.storage.deals import CommitmentBenefit, CommitmentMilestone, DealCommitment, DealParty
from citypact.storage.plans import PlanMeasure

FIELDS: Final = (
    "kind",
    "title",
    "description",
    "due_date",
    "kpi_name",
    "kpi_unit",
    "kpi_baseline",
    "kpi_baseline_year",
    "kpi_target",
    "kpi_target_year",
    "expected_reduction_t",
    "gpc_sectors",
    "plan_measure_id",
    "amount",
    "currency",
)
FIRST_YEAR: Final = 1990
LAST_YEAR: Final = 2100
MAX_FIGURE: Final = 1e15


def _figure(field: str, value: Any, *, low: float | None = None) -> float | None:
    """A KPI figure or a reduction: a number or its text; empty is none."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise InvalidInput(field, "give a number.")
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise InvalidInput(field, f"{value!r} is not a number; write one such as 1250.5.") from None
    if not -MAX_FIGURE <= number <= MAX_FIGURE:  # also refuses NaN and infinity
        raise InvalidInput(field, "give a finite number.")
    if low is not None and number < low:
        raise InvalidInput(field, f"give a number of {low:g} or more.")
    return number


def _year(field: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or not FIRST_YEAR <= value <= LAST_YEAR:
        raise InvalidInput(field, f"give a year from {FIRST_YEAR} to {LAST_YEAR}.")
    return value


def _clean(
    session: Session,
    loaded: Loaded,
    party: DealParty,
    values: Mapping[str, Any],
    current: DealCommitment | None,
) -> dict[str, Any]:
    unknown = sorted(set(values) - set(FIELDS))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(FIELDS)}.")
    for_city = party.organisation_id is None

    def given(name: str) -> bool:
        return name in values or current is None

    clean: dict[str, Any] = {}
    if given("kind"):
        default = None if for_city else "action"
        clean["kind"] = clean_code("kind", values.get("kind") or default, COMMITMENT_KINDS)
    if given("title"):
        clean["title"] = clean_text("title", values.get("title"), 300, required=True)
    if given("description"):
        clean["description"] = clean_text("description", values.get("description"), TEXT_MAX)
    if given("due_date"):
        clean["due_date"] = clean_date("due_date", values.get("due_date"))
    for name, limit in (("kpi_name", 200), ("kpi_unit", 40)):
        if given(name):
            clean[name] = clean_text(name, values.get(name), limit)
    for name in ("kpi_baseline", "kpi_target"):
        if given(name):
            clean[name] = _figure(name, values.get(name))
    for name in ("kpi_baseline_year", "kpi_target_year"):
        if given(name):
            clean[name] = _year(name, values.get(name))
    if given("expected_reduction_t"):
        clean["expected_reduction_t"] = _figure("expected_reduction_t", values.get("expected_reduction_t"))
    if given("gpc_sectors"):
        with rules():
            clean["gpc_sectors"] = clean_gpc_sectors(clean_text("gpc_sectors", values.get("gpc_sectors"), 40))
    if given("plan_measure_id"):
        clean["plan_measure_id"] = _plan_measure(session, loaded.deal.city_id, values.get("plan_measure_id"))
    kind = clean.get("kind", current.kind if current else "action")
    if kind == "funding":
        if given("currency") or given("amount"):
            currency = clean_text("currency", values.get("currency", current.currency if current else ""), 3)
            clean["currency"] = currency.upper() or None
            if clean["currency"]:
                try:
                    to_minor_units(0, clean["currency"])  # checks the code
                except PlanError as error:
                    raise InvalidInput("currency", error.message) from None
            if "amount" in values or current is None:
                amount = values.get("amount")
                clean["amount_minor"] = (
                    None if amount in (None, "") else clean_money("amount", amount, clean["currency"] or "")
                )
    else:
        clean["amount_minor"], clean["currency"] = None, None

    def merged(name: str) -> Any:
        return clean[name] if name in clean else getattr(current, name, None)

    terms = CommitmentTerms(
        kind, for_city, merged("due_date"), merged("kpi_baseline_year"), merged("kpi_target_year"),
        merged("expected_reduction_t"), merged("amount_minor"), merged("currency"),
    )  # fmt: skip
    with rules():
        check_commitment(terms, loaded.deal.start_date, loaded.deal.end_date)
    return clean


def _plan_measure(session: Session, city_id: int, value: Any) -> int | None:
    """A measure of the deal's city's own plan, or none."""
    if value is None or value == "":
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    measure_id = clean_id("plan_measure_id", value)
    measure = session.get(PlanMeasure, measure_id)
    if measure is None or measure.city_id != city_id:
        raise InvalidInput("plan_measure_id", f"no measure {measure_id} in this city's action plan.")
    return measure_id


def _for_party(session: Session, actor: Actor, deal_id: int, party_id: int) -> tuple[Loaded, DealParty]:
    loaded = load(session, actor, deal_id)
    party = loaded.party(party_id)
    require(
        loaded.may_act_for(party),
        actor.is_authenticated,
        "Each party writes its own commitments: the city's editors the city's, "
        "an organisation's people theirs.",
    )
    return loaded, party


def _commitment(
    session: Session, actor: Actor, commitment_id: int, deal_id: int | None = None
) -> tuple[Loaded, DealParty, DealCommitment]:
    """The commitment and its deal; `deal_id` (a path's) must be its deal's."""
    commitment = session.get(DealCommitment, clean_id("commitment_id", commitment_id))
    if commitment is None or (deal_id is not None and commitment.deal_id != deal_id):
        raise NotFound("commitment", commitment_id)
    loaded, party = _for_party(session, actor, commitment.deal_id, commitment.party_id)
    return loaded, party, commitment


def add_commitment(
    session: Session, actor: Actor, deal_id: int, party_id: int, values: Mapping[str, Any]
) -> DealCommitment:
    """A party's new commitment (its own people; the terms open)."""
    loaded, party = _for_party(session, actor, deal_id, party_id)
    check_terms_open(loaded)
    count = (
        session.scalar(select(func.count(DealCommitment.id)).where(DealCommitment.deal_id == deal_id)) or 0
    )
    if count >= MAX_COMMITMENTS:
        raise InvalidInput("title", f"a deal has at most {MAX_COMMITMENTS} commitments.")
    clean = _clean(session, loaded, party, values, None)
    commitment = DealCommitment(deal_id=deal_id, party_id=party.id, **clean)
    session.add(commitment)
    _unsign_all(loaded)
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "add_commitment", "deal", deal_id, city_id=loaded.deal.city_id,
        after={"commitment_id": commitment.id, "party_id": party.id, **_plain(clean)},
    )  # fmt: skip
    return commitment


def update_commitment(
    session: Session,
    actor: Actor,
    commitment_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
    deal_id: int | None = None,
) -> DealCommitment:
    """Change a commitment (its party's own people; the terms open)."""
    loaded, party, commitment = _commitment(session, actor, commitment_id, deal_id)
    check_terms_open(loaded)
    check_version("commitment", commitment_id, commitment.version, expected_version)
    clean = _clean(session, loaded, party, changes, commitment)
    before, after = audit.changed_fields({k: getattr(commitment, k) for k in clean}, clean)
    if not after:
        return commitment
    for key, value in after.items():
        setattr(commitment, key, value)
    _unsign_all(loaded)
    touch(loaded)
    flush_checked(session, "commitment", commitment_id, expected_version)
    audit.record(
        session, actor, "update_commitment", "deal", loaded.deal.id, city_id=loaded.deal.city_id,
        before={"commitment_id": commitment_id, **_plain(before)},
        after={"commitment_id": commitment_id, **_plain(after)},
    )  # fmt: skip
    return commitment


def remove_commitment(
    session: Session,
    actor: Actor,
    commitment_id: int,
    *,
    expected_version: int | None = None,
    deal_id: int | None = None,
) -> None:
    """Take a commitment out with its co-benefits and milestones (its party; the page asks first)."""
    loaded, _party, commitment = _commitment(session, actor, commitment_id, deal_id)
    check_terms_open(loaded)
    check_version("commitment", commitment_id, commitment.version, expected_version)
    for table in (CommitmentBenefit, CommitmentMilestone):
        session.execute(delete(table).where(table.commitment_id == commitment_id))
    session.delete(commitment)
    _unsign_all(loaded)
    touch(loaded)
    flush_checked(session, "commitment", commitment_id, expected_version)
    audit.record(
        session, actor, "remove_commitment", "deal", loaded.deal.id, city_id=loaded.deal.city_id,
        before={"commitment_id": commitment_id, "title": commitment.title},
    )  # fmt: skip


def add_benefit(
    session: Session,
    actor: Actor,
    commitment_id: int,
    values: Mapping[str, Any],
    *,
    deal_id: int | None = None,
) -> CommitmentBenefit:
    """A co-benefit or non-carbon goal: kind, what, quantity and unit (its party; terms open)."""
    loaded, _party, commitment = _commitment(session, actor, commitment_id, deal_id)
    check_terms_open(loaded)
    unknown = sorted(set(values) - {"kind", "description", "quantity", "unit"})
    if unknown:
        raise InvalidInput(unknown[0], "cannot be set here; use kind, description, quantity, unit.")
    kind = clean_code("kind", values.get("kind"), BENEFIT_KINDS)
    quantity = _figure("quantity", values.get("quantity"))
    unit = clean_text("unit", values.get("unit"), 40)
    with rules():
        check_benefit(kind, quantity)
    if quantity is not None and not unit:
        raise InvalidInput("unit", "give the unit of the quantity, e.g. FTE or EUR/a.")
    count = session.scalar(
        select(func.count(CommitmentBenefit.id)).where(CommitmentBenefit.commitment_id == commitment_id)
    )
    if (count or 0) >= MAX_BENEFITS:
        raise InvalidInput("kind", f"a commitment has at most {MAX_BENEFITS} co-benefits.")
    benefit = CommitmentBenefit(
        commitment_id=commitment_id, kind=kind, quantity=quantity, unit=unit,
        description=clean_text("description", values.get("description"), TEXT_MAX),
    )  # fmt: skip
    session.add(benefit)
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "add_benefit", "deal", loaded.deal.id, city_id=loaded.deal.city_id,
        after={"commitment_id": commitment.id, "benefit_id": benefit.id, "kind": kind,
               "quantity": quantity, "unit": unit},
    )  # fmt: skip
    return benefit


def remove_benefit(session: Session, actor: Actor, benefit_id: int, *, deal_id: int | None = None) -> None:
    benefit = session.get(CommitmentBenefit, clean_id("benefit_id", benefit_id))
    if benefit is None:
        raise NotFound("co-benefit", benefit_id)
    loaded, _party, _commitment_row = _commitment(session, actor, benefit.commitment_id, deal_id)
    check_terms_open(loaded)
    session.delete(benefit)
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "remove_benefit", "deal", loaded.deal.id, city_id=loaded.deal.city_id,
        before={"benefit_id": benefit_id, "kind": benefit.kind},
    )  # fmt: skip


def add_milestone(
    session: Session,
    actor: Actor,
    commitment_id: int,
    title: Any,
    due_date: Any,
    *,
    deal_id: int | None = None,
) -> CommitmentMilestone:
    """A step of the commitment, due by a date within the deal's period (its party; terms open)."""
    loaded, _party, commitment = _commitment(session, actor, commitment_id, deal_id)
    check_terms_open(loaded)
    name = clean_text("title", title, 300, required=True)
    due = clean_date("due_date", due_date, required=True)
    assert due is not None
    deal = loaded.deal
    if (deal.start_date and due < deal.start_date) or (deal.end_date and due > deal.end_date):
        raise InvalidInput("due_date", "give a date within the deal's period.")
    count = session.scalar(
        select(func.count(CommitmentMilestone.id)).where(CommitmentMilestone.commitment_id == commitment_id)
    )
    if (count or 0) >= MAX_MILESTONES:
        raise InvalidInput("title", f"a commitment has at most {MAX_MILESTONES} milestones.")
    milestone = CommitmentMilestone(commitment_id=commitment.id, title=name, due_date=due)
    session.add(milestone)
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "add_milestone", "deal", deal.id, city_id=deal.city_id,
        after={"commitment_id": commitment.id, "milestone_id": milestone.id, "due_date": due.isoformat()},
    )  # fmt: skip
    return milestone


def set_milestone_done(
    session: Session, actor: Actor, milestone_id: int, done_on: Any, *, deal_id: int | None = None
) -> CommitmentMilestone:
    """The day a milestone was done, or none to reopen it (its party, while the deal runs)."""
    milestone = session.get(CommitmentMilestone, clean_id("milestone_id", milestone_id))
    if milestone is None:
        raise NotFound("milestone", milestone_id)
    loaded, _party, _row = _commitment(session, actor, milestone.commitment_id, deal_id)
    if loaded.deal.status in ("completed", "ended_early"):
        raise Conflict(f"The deal is {loaded.deal.status}; its milestones are kept as they were.")
    day = clean_date("done_on", done_on)
    before = {"done_on": milestone.done_on.isoformat() if milestone.done_on else None}
    milestone.done_on = day
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "milestone_done", "deal", loaded.deal.id, city_id=loaded.deal.city_id,
        before={"milestone_id": milestone_id, **before},
        after={"milestone_id": milestone_id, "done_on": day.isoformat() if day else None},
    )  # fmt: skip
    return milestone
