"""The evidence a draft links, each item with its source: an indicator, a benchmark round, a
best-practice case, a survey or a reference. Who may do what: access.py."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from citypact.domain import positions as rules
from citypact.domain.access import Actor
from citypact.domain.indicators import BY_CODE
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotFound
from citypact.services.funding.programme_input import as_ids, today_utc
from citypact.services.input import clean_code, clean_text, clean_year
from citypact.services.positions.access import PROBLEMS, load_to_edit, secretariats
from citypact.services.positions.drafting import cities_by_id
from citypact.services.versions import check_version
from citypact.storage.models import BenchmarkRound, CaseStudy, utcnow
from citypact.storage.positions import JointPosition, JointPositionEvidence

SOURCE_MAX: Final = 500
REFERENCE_MAX: Final = 2_000
MAX_EVIDENCE: Final = 50


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
        cities_by_id(session, "city_id", ids)
        clean["city_id"] = ids[0]
        clean["indicator"] = clean_code("indicator", values.get("indicator"), tuple(BY_CODE))
        clean["year"] = clean_year("year", values.get("year"), 1990, today_utc().year)
    elif kind == "benchmark_round":
        ids = as_ids("benchmark_round_id", values.get("benchmark_round_id"), 1)
        found = session.get(BenchmarkRound, ids[0]) if ids else None
        if found is None or found.network_id not in secretariats(session, position):
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
    position, _ = load_to_edit(session, actor, position_id)
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
    position, _ = load_to_edit(session, actor, position_id)
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
