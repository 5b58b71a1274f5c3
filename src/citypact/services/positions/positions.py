"""Joint positions and recommendations: drafting, the group, evidence, signatures, sending, following.

Who may do what:
- a city's editors draft a position for their city (the drafting city is in its group); a network's
  secretariat drafts a recommendation (or a position) in the network's name, for cities that
  confirmed they are its members;
- the drafter (the drafting city's editors, or the network's secretariat; admins too) changes the
  draft, invites and removes cities, adds and removes evidence, sends it and records the answer;
- a city's signature is given and withdrawn only by an editor of that city (not an administrator:
  nobody signs in a city's name but its own people), and only while the position is a draft;
- a draft is read by the staff (editors, viewers) of its group's cities, the secretariat of its
  network (or of the networks the drafting city confirmed), and admins; once sent it is public.
Positions are versioned (If-Match on the API); every change is audited; a refused request writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from citypact.domain import positions as rules
from citypact.domain.access import Actor, Role
from citypact.domain.indicators import BY_CODE
from citypact.services import audit
from citypact.services.errors import (
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    require,
)
from citypact.services.funding.programme_input import as_ids, today_utc
from citypact.services.input import clean_code, clean_date, clean_text, clean_year
from citypact.services.registry.networks import confirmed_networks
from citypact.services.versions import check_version, flush_checked
from citypact.storage.models import BenchmarkRound, CaseStudy, City, Network, NetworkMember, utcnow
from citypact.storage.positions import (
    JointPosition,
    JointPositionCity,
    JointPositionEvidence,
    JointPositionSignature,
)

EDITABLE: Final = ("title", "text", "asks", "level", "institution")
TITLE_MAX: Final = 300
TEXT_MAX: Final = 20_000
ASKS_MAX: Final = 4_000
INSTITUTION_MAX: Final = 300
SOURCE_MAX: Final = 500
REFERENCE_MAX: Final = 2_000
URL_MAX: Final = 500
MAX_CITIES: Final = 100  # cities in one group
MAX_EVIDENCE: Final = 50
LIST_LIMIT: Final = 200

PROBLEMS: Final = {
    "not_draft": "The position has been sent; it changes no more (record the answer instead).",
    "not_in_group": "This city is not in the position's group; the drafter invites it first.",
    "signed_already": "This city has signed already.",
    "not_signed": "This city has not signed.",
    "no_asks": "asks: write at least one ask (one per line) before sending.",
    "no_signature": "A position is sent with at least one city's signature; ask the group's editors to sign.",
    "future_date": "The date lies in the future; give the day it happened.",
    "not_sent": "The position is not sent yet; send it before recording an answer.",
    "no_such_step": "This outcome does not follow the position's present state.",
    "before_sent": "The answer cannot be dated before the position was sent.",
}


@dataclass(frozen=True)
class SignatureView:
    city_id: int
    city_name: str
    country: str
    signed_on: dt.date | None  # None: invited, not signed
    drafter: bool


@dataclass(frozen=True)
class EvidenceView:
    id: int
    kind: str
    city_id: int | None
    city_name: str | None
    indicator: str | None
    year: int | None
    benchmark_round_id: int | None
    benchmark_round: str | None
    case_study_id: int | None
    case_title: str | None
    reference: str
    source: str


@dataclass(frozen=True)
class PositionView:
    id: int
    kind: str
    city_id: int | None
    city_name: str | None
    network_id: int | None
    network_name: str | None
    network_slug: str | None
    title: str
    text: str
    asks: tuple[str, ...]
    asks_text: str
    level: str
    institution: str
    status: str
    sent_on: dt.date | None
    channel: str | None
    answer_text: str
    answer_on: dt.date | None
    answer_url: str
    cities: tuple[SignatureView, ...]
    evidence: tuple[EvidenceView, ...]
    version: int
    updated_at: dt.datetime
    may_edit: bool
    may_sign_for: tuple[int, ...]  # cities the actor signs for now
    may_withdraw_for: tuple[int, ...]
    next_outcomes: tuple[str, ...]

    @property
    def signed(self) -> tuple[SignatureView, ...]:
        return tuple(c for c in self.cities if c.signed_on is not None)


@dataclass(frozen=True)
class PositionRow:
    id: int
    kind: str
    title: str
    level: str
    institution: str
    status: str
    sent_on: dt.date | None
    drafter: str
    signatures: int
    cities: int


# --- who ----------------------------------------------------------------------------------------


def _group(session: Session, position_id: int) -> list[int]:
    return list(
        session.scalars(
            select(JointPositionCity.city_id)
            .where(JointPositionCity.position_id == position_id)
            .order_by(JointPositionCity.invited_at, JointPositionCity.city_id)
        )
    )


def _signed(session: Session, position_id: int) -> dict[int, JointPositionSignature]:
    rows = session.scalars(
        select(JointPositionSignature).where(JointPositionSignature.position_id == position_id)
    )
    return {s.city_id: s for s in rows}


def may_edit(actor: Actor, position: JointPosition) -> bool:
    if position.city_id is not None and actor.can_edit_city(position.city_id):
        return True
    return position.network_id is not None and actor.runs_network(position.network_id)


def _secretariats(session: Session, position: JointPosition) -> set[int]:
    found = {position.network_id} if position.network_id is not None else set()
    if position.city_id is not None:
        found |= confirmed_networks(session, [position.city_id]).get(position.city_id, set())
    return found


def may_read(session: Session, actor: Actor, position: JointPosition, group: Sequence[int]) -> bool:
    if rules.is_public(position.status) or actor.is_admin or may_edit(actor, position):
        return True
    if not actor.is_authenticated:
        return False
    staff = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
    if any(c in staff for c in group):
        return True
    return bool(actor.networks() & _secretariats(session, position))


def _load(session: Session, actor: Actor, position_id: int) -> tuple[JointPosition, list[int]]:
    position = session.get(JointPosition, position_id)
    if position is None:
        raise NotFound("position", position_id)
    group = _group(session, position_id)
    if not may_read(session, actor, position, group):
        raise NotFound("position", position_id)  # a draft's existence is not revealed
    return position, group


def _load_to_edit(session: Session, actor: Actor, position_id: int) -> tuple[JointPosition, list[int]]:
    if not actor.is_authenticated and not actor.is_admin:  # the command line's operator is an admin
        raise NotAuthenticated()
    position, group = _load(session, actor, position_id)
    require(
        may_edit(actor, position),
        actor.is_authenticated,
        "Only the drafting city's editors or the network's secretariat change this position.",
    )
    return position, group


def _problem(code: str | None) -> None:
    if code is None:
        return
    message = PROBLEMS[code]
    if code == "no_asks":
        raise InvalidInput("asks", "write at least one ask (one per line) before sending.")
    if code == "future_date":
        raise InvalidInput("date", "the date lies in the future; give the day it happened.")
    if code == "before_sent":
        raise InvalidInput("answer_on", "the answer cannot be dated before the position was sent.")
    raise Conflict(message)


# --- cleaning -----------------------------------------------------------------------------------


def _network(session: Session, value: Any) -> Network:
    network: Network | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        network = session.get(Network, value)
    elif isinstance(value, str) and value.strip().isdigit():
        network = session.get(Network, int(value))
    elif isinstance(value, str) and value.strip():
        network = session.scalars(select(Network).where(Network.slug == value.strip().lower())).first()
    if network is None:
        raise InvalidInput("network", f"no network {value!r}; give its slug, e.g. c40.")
    return network


def _clean(values: Mapping[str, Any], creating: bool) -> dict[str, Any]:
    clean: dict[str, Any] = {}
    if "title" in values or creating:
        clean["title"] = clean_text("title", values.get("title"), TITLE_MAX, required=True)
    if "text" in values or creating:
        clean["text"] = clean_text("text", values.get("text"), TEXT_MAX)
    if "asks" in values or creating:
        asks = clean_text("asks", values.get("asks"), ASKS_MAX)
        clean["asks"] = "\n".join(rules.ask_lines(asks))
    if "level" in values or creating:
        clean["level"] = clean_code("level", values.get("level"), rules.LEVELS)
    if "institution" in values or creating:
        clean["institution"] = clean_text(
            "institution", values.get("institution"), INSTITUTION_MAX, required=True
        )
    return clean


def _cities(session: Session, field: str, ids: Sequence[int]) -> dict[int, City]:
    found = {c.id: c for c in session.scalars(select(City).where(City.id.in_(list(ids))))} if ids else {}
    missing = [c for c in ids if c not in found]
    if missing:
        raise InvalidInput(field, f"no city with id {missing[0]}.")
    return found


def _check_members(session: Session, network_id: int, city_ids: Sequence[int]) -> None:
    members = confirmed_networks(session, city_ids)
    outside = [c for c in city_ids if network_id not in members.get(c, set())]
    if outside:
        raise InvalidInput(
            "city_ids",
            f"city {outside[0]} has not confirmed it is a member of this network; invite members only.",
        )


# --- writing ------------------------------------------------------------------------------------


def create_position(session: Session, actor: Actor, values: Mapping[str, Any]) -> JointPosition:
    """A draft: `city_id` (its editors draft a position) or `network` (its secretariat drafts a
    recommendation, or a position with `kind`), title, text, asks (one per line), level,
    institution, and the invited cities `city_ids`."""
    allowed = {"kind", "city_id", "network", "city_ids", *EDITABLE}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(sorted(allowed))}.")
    if not actor.is_authenticated and not actor.is_admin:
        raise NotAuthenticated()
    city_id: int | None = None
    network_id: int | None = None
    if values.get("network") not in (None, ""):
        network = _network(session, values.get("network"))
        require(actor.runs_network(network.id), actor.is_authenticated,
                "Only the network's secretariat drafts in the network's name.")  # fmt: skip
        network_id = network.id
        kind = clean_code("kind", values.get("kind") or "recommendation", rules.KINDS)
    else:
        ids = as_ids("city_id", values.get("city_id"), 1)
        if not ids:
            raise InvalidInput("city_id", "name the city that drafts the position, or the network.")
        require(actor.can_edit_city(ids[0]), actor.is_authenticated,
                "Only the city's editors draft a position in its name.")  # fmt: skip
        city_id = ids[0]
        kind = clean_code("kind", values.get("kind") or "position", ("position",))
    invited = [c for c in as_ids("city_ids", values.get("city_ids"), MAX_CITIES) if c != city_id]
    group = ([city_id] if city_id is not None else []) + invited
    if len(group) > MAX_CITIES:
        raise InvalidInput("city_ids", f"a group has at most {MAX_CITIES} cities.")
    _cities(session, "city_ids" if city_id is None or len(group) > 1 else "city_id", group)
    if network_id is not None and group:
        _check_members(session, network_id, group)
    clean = _clean(values, creating=True)
    now = utcnow()
    position = JointPosition(
        kind=kind, city_id=city_id, network_id=network_id, status="draft",
        created_by=actor.user_id, created_at=now, updated_at=now, **clean,
    )  # fmt: skip
    session.add(position)
    session.flush()
    for cid in group:
        session.add(JointPositionCity(position_id=position.id, city_id=cid, invited_at=now))
    session.flush()
    audit.record(
        session, actor, "create", "joint_position", position.id, city_id=city_id, network_id=network_id,
        after={"kind": kind, "cities": group, **clean},
    )  # fmt: skip
    return position


def update_position(
    session: Session, actor: Actor, position_id: int, values: Mapping[str, Any],
    *, expected_version: int | None = None,
) -> JointPosition:  # fmt: skip
    """Change the draft's title, text, asks, level or institution."""
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(EDITABLE)}.")
    position, _ = _load_to_edit(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    if not rules.may_change_text(position.status):
        raise Conflict(PROBLEMS["not_draft"])
    clean = _clean(values, creating=False)
    changed = {k: v for k, v in clean.items() if getattr(position, k) != v}
    if not changed:
        return position
    before = {k: getattr(position, k) for k in changed}
    for key, value in changed.items():
        setattr(position, key, value)
    position.updated_at = utcnow()
    flush_checked(session, "position", position_id, expected_version)
    audit.record(
        session, actor, "update", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, before=before, after=changed,
    )  # fmt: skip
    return position


def invite_city(session: Session, actor: Actor, position_id: int, city_id: Any) -> JointPositionCity:
    """Invite a city into the draft's group; its editors may then sign."""
    position, group = _load_to_edit(session, actor, position_id)
    if not rules.may_change_text(position.status):
        raise Conflict(PROBLEMS["not_draft"])
    ids = as_ids("city_id", city_id, 1)
    if not ids:
        raise InvalidInput("city_id", "name the city to invite by its id.")
    _cities(session, "city_id", ids)
    if ids[0] in group:
        raise Conflict("This city is in the group already.")
    if len(group) >= MAX_CITIES:
        raise Conflict(f"A group has at most {MAX_CITIES} cities.")
    if position.network_id is not None:
        _check_members(session, position.network_id, ids)
    row = JointPositionCity(position_id=position_id, city_id=ids[0], invited_at=utcnow())
    session.add(row)
    position.updated_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "invite_city", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, after={"city_id": ids[0]},
    )  # fmt: skip
    return row


def remove_city(
    session: Session, actor: Actor, position_id: int, city_id: int, *, expected_version: int | None = None
) -> None:
    """Take a city out of the draft's group (with its signature); the drafting city stays."""
    position, group = _load_to_edit(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    if not rules.may_change_text(position.status):
        raise Conflict(PROBLEMS["not_draft"])
    if city_id == position.city_id:
        raise Conflict("The drafting city stays in its position's group.")
    row = session.get(JointPositionCity, (position_id, city_id))
    if row is None:
        raise NotFound("city of the position", city_id)
    signature = session.get(JointPositionSignature, (position_id, city_id))
    before: dict[str, Any] = {
        "city_id": city_id,
        "signed_on": signature.signed_on.isoformat() if signature else None,
    }
    if signature is not None:
        session.delete(signature)
    session.delete(row)
    position.updated_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "remove_city", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, before=before,
    )  # fmt: skip


def _evidence_values(session: Session, values: Mapping[str, Any], position: JointPosition) -> dict[str, Any]:
    allowed = {
        "kind",
        "city_id",
        "indicator",
        "year",
        "benchmark_round_id",
        "case_study_id",
        "reference",
        "source",
    }
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(sorted(allowed))}.")
    kind = clean_code("kind", values.get("kind"), rules.EVIDENCE_KINDS)
    clean: dict[str, Any] = {"kind": kind}
    if kind == "indicator":
        ids = as_ids("city_id", values.get("city_id"), 1)
        if not ids:
            raise InvalidInput("city_id", "name the city whose indicator is the evidence.")
        _cities(session, "city_id", ids)
        clean["city_id"] = ids[0]
        clean["indicator"] = clean_code("indicator", values.get("indicator"), tuple(BY_CODE))
        clean["year"] = clean_year("year", values.get("year"), 1990, today_utc().year)
    elif kind == "benchmark_round":
        ids = as_ids("benchmark_round_id", values.get("benchmark_round_id"), 1)
        found = session.get(BenchmarkRound, ids[0]) if ids else None
        if found is None or found.network_id not in _secretariats(session, position):
            raise InvalidInput(
                "benchmark_round_id",
                "choose a benchmark round of the position's network or of a network the drafting city "
                "confirmed it belongs to.",
            )
        clean["benchmark_round_id"] = found.id
    elif kind == "case":
        ids = as_ids("case_study_id", values.get("case_study_id"), 1)
        case = session.get(CaseStudy, ids[0]) if ids else None
        if case is None or not case.is_published:
            raise InvalidInput(
                "case_study_id", "choose a published best-practice case (/measures) by its id."
            )
        clean["case_study_id"] = case.id
    clean["reference"] = clean_text(
        "reference", values.get("reference"), REFERENCE_MAX, required=kind in ("survey", "reference")
    )
    clean["source"] = clean_text("source", values.get("source"), SOURCE_MAX, required=True)
    return clean


def add_evidence(
    session: Session, actor: Actor, position_id: int, values: Mapping[str, Any]
) -> JointPositionEvidence:
    """Link an item of evidence, with its source, to the draft."""
    position, _ = _load_to_edit(session, actor, position_id)
    if not rules.may_change_text(position.status):
        raise Conflict(PROBLEMS["not_draft"])
    clean = _evidence_values(session, values, position)
    count = len(list(session.scalars(
        select(JointPositionEvidence.id).where(JointPositionEvidence.position_id == position_id)
    )))  # fmt: skip
    if count >= MAX_EVIDENCE:
        raise Conflict(f"A position links at most {MAX_EVIDENCE} items of evidence.")
    row = JointPositionEvidence(position_id=position_id, added_by=actor.user_id, **clean)
    session.add(row)
    position.updated_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "add_evidence", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, after={"evidence_id": row.id, **clean},
    )  # fmt: skip
    return row


def remove_evidence(
    session: Session, actor: Actor, position_id: int, evidence_id: int, *, expected_version: int | None = None
) -> None:
    """Unlink an item of evidence from the draft (the page asks first)."""
    position, _ = _load_to_edit(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    if not rules.may_change_text(position.status):
        raise Conflict(PROBLEMS["not_draft"])
    row = session.get(JointPositionEvidence, evidence_id)
    if row is None or row.position_id != position_id:
        raise NotFound("evidence of the position", evidence_id)
    before = {"evidence_id": row.id, "kind": row.kind, "source": row.source}
    session.delete(row)
    position.updated_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "remove_evidence", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, before=before,
    )  # fmt: skip


def _signer(actor: Actor, city_id: Any) -> int:
    ids = as_ids("city_id", city_id, 1)
    if not ids:
        raise InvalidInput("city_id", "name the city you sign for by its id.")
    if not actor.is_authenticated:
        raise NotAuthenticated()
    if ids[0] not in actor.cities(Role.CITY_EDITOR):
        raise PermissionDenied("Only an editor of this city signs for it.")
    return ids[0]


def sign(session: Session, actor: Actor, position_id: int, city_id: Any) -> JointPositionSignature:
    """The city's signature, dated today, given by one of its editors."""
    cid = _signer(actor, city_id)
    position, group = _load(session, actor, position_id)
    _problem(rules.sign_problem(position.status, cid, group, _signed(session, position_id)))
    row = JointPositionSignature(position_id=position_id, city_id=cid, signed_by=actor.user_id,
                                 signed_on=today_utc(), signed_at=utcnow())  # fmt: skip
    session.add(row)
    session.flush()
    audit.record(
        session, actor, "sign", "joint_position", position_id, city_id=cid,
        network_id=position.network_id, after={"city_id": cid, "signed_on": row.signed_on.isoformat()},
    )  # fmt: skip
    return row


def withdraw_signature(
    session: Session, actor: Actor, position_id: int, city_id: Any, *, expected_version: int | None = None
) -> None:
    """Withdraw the city's signature before the position is sent (an editor of that city)."""
    cid = _signer(actor, city_id)
    position, _ = _load(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    signed = _signed(session, position_id)
    _problem(rules.withdraw_problem(position.status, cid, signed))
    row = signed[cid]
    before = {"city_id": cid, "signed_on": row.signed_on.isoformat()}
    session.delete(row)
    session.flush()
    audit.record(
        session, actor, "withdraw_signature", "joint_position", position_id, city_id=cid,
        network_id=position.network_id, before=before,
    )  # fmt: skip


def send(
    session: Session, actor: Actor, position_id: int, sent_on: Any, channel: Any,
    *, expected_version: int | None = None,
) -> JointPosition:  # fmt: skip
    """Mark the position sent on `sent_on` through `channel`; from now on it is public."""
    position, _ = _load_to_edit(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    day = clean_date("sent_on", sent_on, required=True)
    assert day is not None
    how = clean_code("channel", channel, rules.CHANNELS)
    code = rules.send_problem(
        position.kind, position.status, position.asks, _signed(session, position_id), day, today_utc()
    )
    if code == "future_date":
        raise InvalidInput("sent_on", "the date lies in the future; give the day it was sent.")
    _problem(code)
    position.status = "sent"
    position.sent_on = day
    position.channel = how
    position.updated_at = utcnow()
    flush_checked(session, "position", position_id, expected_version)
    audit.record(
        session, actor, "send", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, before={"status": "draft"},
        after={"status": "sent", "sent_on": day.isoformat(), "channel": how},
    )  # fmt: skip
    return position


def record_answer(
    session: Session, actor: Actor, position_id: int, values: Mapping[str, Any],
    *, expected_version: int | None = None,
) -> JointPosition:  # fmt: skip
    """Record how the addressee followed the position: `outcome` (answered, adopted_in_part,
    adopted, rejected), the answer's text, its date `answer_on` and a document link `answer_url`."""
    allowed = {"outcome", "answer_text", "answer_on", "answer_url"}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(sorted(allowed))}.")
    position, _ = _load_to_edit(session, actor, position_id)
    check_version("position", position_id, position.version, expected_version)
    if position.status == "draft":
        raise Conflict(PROBLEMS["not_sent"])
    outcome = clean_code("outcome", values.get("outcome"), rules.OUTCOMES)
    day = clean_date("answer_on", values.get("answer_on"), required=True)
    assert day is not None
    text = clean_text("answer_text", values.get("answer_text"), TEXT_MAX, required=True)
    url = clean_text("answer_url", values.get("answer_url"), URL_MAX)
    if url and (not url.startswith(("https://", "http://")) or " " in url):
        raise InvalidInput("answer_url", "give a web address starting with https://, or leave it empty.")
    code = rules.follow_problem(position.status, outcome, day, position.sent_on, today_utc())
    if code == "future_date":
        raise InvalidInput("answer_on", "the date lies in the future; give the day of the answer.")
    _problem(code)
    before = {
        "status": position.status,
        "answer_on": position.answer_on.isoformat() if position.answer_on else None,
    }
    position.status = outcome
    position.answer_text = text
    position.answer_on = day
    position.answer_url = url
    position.updated_at = utcnow()
    flush_checked(session, "position", position_id, expected_version)
    audit.record(
        session, actor, "answer", "joint_position", position_id, city_id=position.city_id,
        network_id=position.network_id, before=before,
        after={"status": outcome, "answer_on": day.isoformat(), "answer_url": url},
    )  # fmt: skip
    return position


# --- reading ------------------------------------------------------------------------------------


def _evidence(session: Session, position_id: int) -> list[EvidenceView]:
    rows = session.execute(
        select(JointPositionEvidence, City.name, City.is_published, BenchmarkRound.title,
               CaseStudy.title, CaseStudy.is_published)
        .outerjoin(City, City.id == JointPositionEvidence.city_id)
        .outerjoin(BenchmarkRound, BenchmarkRound.id == JointPositionEvidence.benchmark_round_id)
        .outerjoin(CaseStudy, CaseStudy.id == JointPositionEvidence.case_study_id)
        .where(JointPositionEvidence.position_id == position_id)
        .order_by(JointPositionEvidence.id)
    ).all()  # fmt: skip
    return [
        EvidenceView(
            id=e.id,
            kind=e.kind,
            city_id=e.city_id,
            city_name=name if public else None,
            indicator=e.indicator,
            year=e.year,
            benchmark_round_id=e.benchmark_round_id,
            benchmark_round=round_title,
            case_study_id=e.case_study_id if case_public else None,
            case_title=case_title if case_public else None,
            reference=e.reference,
            source=e.source,
        )  # fmt: skip
        for e, name, public, round_title, case_title, case_public in rows
    ]


def view(session: Session, actor: Actor, position_id: int) -> PositionView:
    """The position with its group, signatures and evidence, as the actor may see it."""
    position, group = _load(session, actor, position_id)
    signed = _signed(session, position_id)
    cities = _cities(session, "city_ids", group) if group else {}
    drafter_city = session.get(City, position.city_id) if position.city_id else None
    network = session.get(Network, position.network_id) if position.network_id else None
    editor_of = actor.cities(Role.CITY_EDITOR) if actor.is_authenticated else set()
    sign_for = tuple(
        c for c in group if rules.sign_problem(position.status, c, group, signed) is None and c in editor_of
    )
    withdraw_for = tuple(
        c for c in group if rules.withdraw_problem(position.status, c, signed) is None and c in editor_of
    )
    rows = tuple(
        SignatureView(
            city_id=c,
            city_name=cities[c].name,
            country=cities[c].country,
            signed_on=signed[c].signed_on if c in signed else None,
            drafter=c == position.city_id,
        )  # fmt: skip
        for c in group
        if rules.may_change_text(position.status) or c in signed  # once sent: the signatories only
    )
    editable = may_edit(actor, position)
    return PositionView(
        id=position.id, kind=position.kind, city_id=position.city_id,
        city_name=drafter_city.name if drafter_city else None, network_id=position.network_id,
        network_name=network.name if network else None, network_slug=network.slug if network else None,
        title=position.title, text=position.text, asks=tuple(rules.ask_lines(position.asks)),
        asks_text=position.asks, level=position.level, institution=position.institution,
        status=position.status, sent_on=position.sent_on, channel=position.channel,
        answer_text=position.answer_text, answer_on=position.answer_on, answer_url=position.answer_url,
        cities=rows, evidence=tuple(_evidence(session, position_id)), version=position.version,
        updated_at=position.updated_at, may_edit=editable, may_sign_for=sign_for,
        may_withdraw_for=withdraw_for,
        next_outcomes=rules.FOLLOW.get(position.status, ()) if editable else (),
    )  # fmt: skip


def list_positions(
    session: Session, actor: Actor, *, network_id: int | None = None, city_id: int | None = None,
    status: str | None = None, limit: int = LIST_LIMIT,
) -> list[PositionRow]:  # fmt: skip
    """Positions the actor may read, newest first: of a network (its own and its members' drafts
    reach only its secretariat), of a city (drafted by it or with it in the group), or all sent ones."""
    if status is not None:
        status = clean_code("status", status, rules.STATUSES)
    limit = max(1, min(int(limit), LIST_LIMIT))
    query = select(JointPosition)
    if network_id is not None:
        query = query.where(JointPosition.network_id == network_id)
    if city_id is not None:
        in_group = select(JointPositionCity.position_id).where(JointPositionCity.city_id == city_id)
        query = query.where(or_(JointPosition.city_id == city_id, JointPosition.id.in_(in_group)))
    if status is not None:
        query = query.where(JointPosition.status == status)
    if not actor.is_admin:
        readable = [JointPosition.status != "draft"]
        if actor.is_authenticated:
            staff = actor.cities(Role.CITY_EDITOR, Role.CITY_VIEWER)
            nets = actor.networks()
            if staff:
                readable.append(JointPosition.id.in_(
                    select(JointPositionCity.position_id).where(JointPositionCity.city_id.in_(staff))
                ))  # fmt: skip
                readable.append(JointPosition.city_id.in_(staff))
            if nets:
                readable.append(JointPosition.network_id.in_(nets))
                members = select(NetworkMember.city_id).where(
                    NetworkMember.network_id.in_(nets), NetworkMember.confirmed_at.is_not(None)
                )
                readable.append(JointPosition.city_id.in_(members))
        query = query.where(or_(*readable))
    query = query.order_by(JointPosition.sent_on.desc().nulls_first(), JointPosition.id.desc()).limit(limit)
    found = list(session.scalars(query))  # the filter above is may_read, in SQL
    ids = [p.id for p in found]
    group_sizes = dict(
        session.execute(
            select(JointPositionCity.position_id, func.count())
            .where(JointPositionCity.position_id.in_(ids))
            .group_by(JointPositionCity.position_id)
        ).all()
    )
    signatures = dict(
        session.execute(
            select(JointPositionSignature.position_id, func.count())
            .where(JointPositionSignature.position_id.in_(ids))
            .group_by(JointPositionSignature.position_id)
        ).all()
    )
    city_ids = {p.city_id for p in found if p.city_id is not None}
    network_ids = {p.network_id for p in found if p.network_id is not None}
    city_names = dict(session.execute(select(City.id, City.name).where(City.id.in_(city_ids))).all())
    network_names = dict(
        session.execute(select(Network.id, Network.name).where(Network.id.in_(network_ids))).all()
    )
    return [
        PositionRow(
            id=p.id,
            kind=p.kind,
            title=p.title,
            level=p.level,
            institution=p.institution,
            status=p.status,
            sent_on=p.sent_on,
            drafter=network_names.get(p.network_id or 0) or city_names.get(p.city_id or 0) or "",
            signatures=signatures.get(p.id, 0),
            cities=group_sizes.get(p.id, 0),
        )  # fmt: skip
        for p in found
    ]


def network_named(session: Session, slug: str) -> Network:
    """The network with this slug (lists and forms name networks by slug)."""
    network = session.scalars(select(Network).where(Network.slug == slug.strip().lower())).first()
    if network is None:
        raise NotFound("network", slug)
    return network


def city_named(session: Session, actor: Actor, city_id: int) -> City:
    """The city, if published or the actor may read its internals."""
    city = session.get(City, city_id)
    if city is None or (not city.is_published and not actor.can_read_city_internals(city_id)):
        raise NotFound("city", city_id)
    return city


def drafting_places(session: Session, actor: Actor) -> list[tuple[str, str]]:
    """Where the actor may draft: ("city", id) or ("network", slug) pairs with their names, cities
    the actor edits first (administrators get none: they draft from a city's or network's list)."""
    if not actor.is_authenticated:
        return []
    places: list[tuple[str, str]] = []
    cities = sorted(actor.cities(Role.CITY_EDITOR))[:LIST_LIMIT]
    for city in session.scalars(select(City).where(City.id.in_(cities)).order_by(City.name)):
        places.append((f"/positions/new?city={city.id}", city.name))
    nets = sorted(actor.networks())[:LIST_LIMIT]
    for network in session.scalars(select(Network).where(Network.id.in_(nets)).order_by(Network.name)):
        places.append((f"/positions/new?network={network.slug}", network.name))
    return places
