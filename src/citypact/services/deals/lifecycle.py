"""A deal's life: created by the city's editors (from scratch or from a ready idea), its fields,
parties and public parts changed, its steps taken, deleted while a draft (after the page asked)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.deals import (
    check_due_dates_in_period,
    check_period,
    check_step,
    clean_sdg_targets,
)
from citypact.domain.green_deals import ACTION_FIELDS, PUBLIC_PARTS
from citypact.services import audit
from citypact.services.deals.loading import (
    MAX_PARTIES,
    TEXT_MAX,
    Loaded,
    check_terms_open,
    clean_id,
    load_to_run,
    rules,
    touch,
)
from citypact.services.errors import Conflict, InvalidInput, NotFound
from citypact.services.input import clean_code, clean_date, clean_text
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.versions import check_version, flush_checked
from citypact.storage.deals import Deal, DealCommitment, DealParty, DealReview
from citypact.storage.ideas import Idea, IdeaSupport
from citypact.storage.models import Organisation

EDITABLE: Final = ("title", "summary", "action_field", "sdg_targets", "start_date", "end_date")


def _clean_fields(values: Mapping[str, Any], current: Deal | None) -> dict[str, Any]:
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(EDITABLE)}.")
    clean: dict[str, Any] = {}
    if "title" in values or current is None:
        clean["title"] = clean_text("title", values.get("title"), 300, required=True)
    if "summary" in values or current is None:
        clean["summary"] = clean_text("summary", values.get("summary"), TEXT_MAX)
    if "action_field" in values or current is None:
        clean["action_field"] = clean_code("action_field", values.get("action_field"), ACTION_FIELDS)
    if "sdg_targets" in values or current is None:
        with rules():
            clean["sdg_targets"] = clean_sdg_targets(
                clean_text("sdg_targets", values.get("sdg_targets"), 400)
            )
    for name in ("start_date", "end_date"):
        if name in values or current is None:
            clean[name] = clean_date(name, values.get(name))
    start = clean.get("start_date", current.start_date if current else None)
    end = clean.get("end_date", current.end_date if current else None)
    with rules():
        check_period(start, end)
    return clean


def create_deal(session: Session, actor: Actor, city_id: int, values: Mapping[str, Any]) -> Deal:
    """A draft deal of `city_id` (the actor edits the city), the city its first party."""
    city = check_can_edit(session, actor, city_id)
    clean = _clean_fields(values, None)
    deal = Deal(city_id=city.id, status="draft", public_parts=[], created_by=actor.user_id, **clean)
    session.add(deal)
    session.flush()
    session.add(DealParty(deal_id=deal.id, organisation_id=None))
    session.flush()
    audit.record(
        session, actor, "create", "deal", deal.id, city_id=city.id,
        after={k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in clean.items()},
    )  # fmt: skip
    return deal


def idea_supporters(session: Session, idea_id: int) -> list[Organisation]:
    """The confirmed organisations that said "we would join" to the idea, by name."""
    return list(
        session.scalars(
            select(Organisation)
            .join(IdeaSupport, IdeaSupport.organisation_id == Organisation.id)
            .where(IdeaSupport.idea_id == idea_id, Organisation.status == "confirmed")
            .order_by(Organisation.name, Organisation.id)
        )
    )


def ready_idea(session: Session, actor: Actor, idea_id: int) -> Idea:
    """An idea the actor may make a deal of: in status "ready", of a city the actor edits."""
    idea = session.get(Idea, idea_id) if isinstance(idea_id, int) and 1 <= idea_id <= 2_147_483_647 else None
    if idea is None or idea.hidden:
        raise NotFound("idea", idea_id)
    check_can_edit(session, actor, idea.city_id)
    if idea.status != "ready":
        raise Conflict(f"The idea is {idea.status}; only an idea ready for a deal becomes one.")
    return idea


def create_from_idea(
    session: Session,
    actor: Actor,
    idea_id: int,
    values: Mapping[str, Any] | None = None,
    organisation_ids: Sequence[int] | None = None,
) -> Deal:
    """A draft deal grown from a ready idea of the actor's city: it takes the idea's title, action
    field and SDGs (unless `values` says otherwise) and the supporting organisations as parties
    (`organisation_ids` chooses among them; None takes them all). The idea becomes "became_deal"."""
    idea = ready_idea(session, actor, idea_id)
    taken = {"title": idea.title, "summary": idea.description[:TEXT_MAX], "action_field": idea.action_field}
    taken["sdg_targets"] = idea.sdg_targets
    deal = create_deal(session, actor, idea.city_id, {**taken, **dict(values or {})})
    supporters = {o.id: o for o in idea_supporters(session, idea.id)}
    chosen = list(supporters) if organisation_ids is None else list(dict.fromkeys(organisation_ids))
    for org_id in chosen:
        if org_id not in supporters:
            raise InvalidInput("organisation_ids", f"organisation {org_id} did not support this idea.")
        session.add(DealParty(deal_id=deal.id, organisation_id=org_id))
    before = {"status": idea.status}
    idea.status = "became_deal"
    idea.deal_id = deal.id
    session.flush()
    audit.record(
        session, actor, "became_deal", "idea", idea.id, city_id=idea.city_id,
        before=before, after={"status": "became_deal", "deal_id": deal.id, "parties": chosen},
    )  # fmt: skip
    return deal


def update_deal(
    session: Session,
    actor: Actor,
    deal_id: int,
    changes: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> Deal:
    """Change the deal's fields (the city's editors); its period only while its terms are open,
    and never so that a commitment falls outside it."""
    loaded = load_to_run(session, actor, deal_id)
    deal = loaded.deal
    check_version("deal", deal_id, deal.version, expected_version)
    clean = _clean_fields(changes, deal)
    before, after = audit.changed_fields({k: getattr(deal, k) for k in clean}, clean)
    if not after:
        return deal
    if {"start_date", "end_date"} & set(after):
        check_terms_open(loaded)
        dues = session.execute(
            select(DealCommitment.id, DealCommitment.due_date).where(DealCommitment.deal_id == deal_id)
        )
        with rules():
            check_due_dates_in_period(
                [(i, d) for i, d in dues],
                after.get("start_date", deal.start_date),
                after.get("end_date", deal.end_date),
            )
    for key, value in after.items():
        setattr(deal, key, value)
    touch(loaded)
    flush_checked(session, "deal", deal_id, expected_version)
    audit.record(
        session, actor, "update", "deal", deal_id, city_id=deal.city_id,
        before=_plain(before), after=_plain(after),
    )  # fmt: skip
    return deal


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    """Dates as ISO text, for the audit entry's JSON."""
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def take_step(
    session: Session,
    actor: Actor,
    deal_id: int,
    status: Any,
    reason: Any = "",
    *,
    expected_version: int | None = None,
) -> Deal:
    """One step of the lifecycle (the city's editors): draft -> negotiating, signed ->
    implementing -> reviewed -> completed, or ended_early with a reason from negotiating on."""
    loaded = load_to_run(session, actor, deal_id)
    deal = loaded.deal
    check_version("deal", deal_id, deal.version, expected_version)
    target = clean_code(
        "status", status, ("negotiating", "implementing", "reviewed", "completed", "ended_early")
    )
    why = clean_text("status_reason", reason, TEXT_MAX)
    with rules():
        check_step(deal.status, target, why)
    before = {"status": deal.status}
    deal.status = target
    if target == "ended_early":
        deal.status_reason = why
    touch(loaded)
    flush_checked(session, "deal", deal_id, expected_version)
    audit.record(
        session, actor, "status", "deal", deal_id, city_id=deal.city_id,
        before=before, after={"status": target, **({"status_reason": why} if why else {})},
    )  # fmt: skip
    return deal


def set_public_parts(
    session: Session, actor: Actor, deal_id: int, parts: Any, *, expected_version: int | None = None
) -> Deal:
    """Choose what the public sees of the signed deal (the city's editors), as PUBLIC_PARTS codes."""
    loaded = load_to_run(session, actor, deal_id)
    deal = loaded.deal
    check_version("deal", deal_id, deal.version, expected_version)
    if not isinstance(parts, list | tuple) or len(parts) > len(PUBLIC_PARTS):
        raise InvalidInput("public_parts", f"give a list of {', '.join(PUBLIC_PARTS)}.")
    chosen = {clean_code("public_parts", p, PUBLIC_PARTS) for p in parts}
    ordered: list[str] = [p for p in PUBLIC_PARTS if p in chosen]
    if ordered == list(deal.public_parts or []):
        return deal
    before = {"public_parts": list(deal.public_parts or [])}
    deal.public_parts = ordered
    touch(loaded)
    flush_checked(session, "deal", deal_id, expected_version)
    audit.record(
        session, actor, "public_parts", "deal", deal_id, city_id=deal.city_id,
        before=before, after={"public_parts": ordered},
    )  # fmt: skip
    return deal


def add_party(session: Session, actor: Actor, deal_id: int, organisation_id: Any) -> DealParty:
    """Name a confirmed organisation (of any city) as a party (the city's editors, terms open)."""
    loaded = load_to_run(session, actor, deal_id)
    check_terms_open(loaded)
    org_id = clean_id("organisation_id", organisation_id)
    org = session.get(Organisation, org_id)
    if org is None or org.status != "confirmed":
        raise InvalidInput("organisation_id", f"no confirmed organisation with id {org_id}.")
    if any(p.organisation_id == org_id for p in loaded.parties):
        raise Conflict(f"{org.name} is a party already.")
    if len(loaded.parties) >= MAX_PARTIES:
        raise InvalidInput("organisation_id", f"a deal has at most {MAX_PARTIES} parties.")
    party = DealParty(deal_id=deal_id, organisation_id=org_id)
    session.add(party)
    _unsign_all(loaded)
    touch(loaded)
    session.flush()
    audit.record(
        session, actor, "add_party", "deal", deal_id, city_id=loaded.deal.city_id,
        after={"party_id": party.id, "organisation_id": org_id},
    )  # fmt: skip
    return party


def remove_party(
    session: Session, actor: Actor, deal_id: int, party_id: int, *, expected_version: int | None = None
) -> None:
    """Take an organisation out of the deal with its commitments (the city's editors, terms open;
    the page asks first). The city stays a party."""
    loaded = load_to_run(session, actor, deal_id)
    check_terms_open(loaded)
    party = loaded.party(party_id)
    check_version("deal party", party_id, party.version, expected_version)
    if party.organisation_id is None:
        raise InvalidInput("party_id", "the city stays a party of its deal; delete the draft instead.")
    count = len(session.scalars(select(DealCommitment.id).where(DealCommitment.party_id == party_id)).all())
    session.execute(delete(DealCommitment).where(DealCommitment.party_id == party_id))
    session.delete(party)
    _unsign_all(loaded)
    touch(loaded)
    flush_checked(session, "deal party", party_id, expected_version)
    audit.record(
        session, actor, "remove_party", "deal", deal_id, city_id=loaded.deal.city_id,
        before={"party_id": party_id, "organisation_id": party.organisation_id, "commitments": count},
    )  # fmt: skip


def _unsign_all(loaded: Loaded) -> None:
    """Changed terms void the signatures given so far: each party signs what it agreed to."""
    for party in loaded.parties:
        if party.signed_on is not None:
            party.signed_on = None
            party.signed_by = None


def delete_deal(session: Session, actor: Actor, deal_id: int, *, expected_version: int | None = None) -> None:
    """Delete a draft deal with its parties and commitments (the city's editors; the page asks
    first). A deal that was negotiated or signed stays, to be ended early instead. An idea it grew
    from is ready again."""
    loaded = load_to_run(session, actor, deal_id)
    deal = loaded.deal
    check_version("deal", deal_id, deal.version, expected_version)
    if deal.status != "draft":
        raise Conflict(f"The deal is {deal.status}; only a draft is deleted (end it early instead).")
    for idea in session.scalars(select(Idea).where(Idea.deal_id == deal_id)):
        idea.status, idea.deal_id = "ready", None
    for table in (DealCommitment, DealReview):
        session.execute(delete(table).where(table.deal_id == deal_id))
    session.execute(delete(DealParty).where(DealParty.deal_id == deal_id))
    session.delete(deal)
    flush_checked(session, "deal", deal_id, expected_version)
    audit.record(
        session, actor, "delete", "deal", deal_id, city_id=deal.city_id,
        before={"title": deal.title, "parties": [p.organisation_id for p in loaded.parties]},
    )  # fmt: skip
