"""A credit project's life: created as a draft by the host city's editors, edited by its
participants (fields, parties and their shares, documents), registered or closed by the registry.

Who may do what:
- the host city's editors create a project; the host city is its first party (role "host");
- participants (the parties' cities' editors, the participant organisations' confirmed people)
  change the draft, name partner cities and confirmed organisations with their shares, remove a
  party (after the page asked) and add documents, while the project is a draft (documents also
  later);
- the registry (Actor.runs_credit_registry) registers a draft whose shares add up to 100 %, whose
  crediting period is set and whose ex-ante parameters are valid, and closes a project with a
  reason. Registered and closed projects are public.
Every change is audited; a refused request writes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.credits import AUTHORISATIONS, BASIS_POINTS, DOCUMENT_KINDS, MAX_BUFFER_BP, METHODOLOGIES
from citypact.services import audit
from citypact.services.credits.loading import (
    MAX_DOCUMENTS,
    MAX_PARTIES,
    TEXT_MAX,
    Loaded,
    check_parameters,
    clean_id,
    compute,
    load,
    load_to_edit,
)
from citypact.services.errors import Conflict, InvalidInput, NotFound, require
from citypact.services.input import clean_code, clean_date, clean_flag, clean_number, clean_text
from citypact.services.registry.city_edits import check_can_edit
from citypact.services.versions import check_version, flush_checked
from citypact.storage.credits import CreditProject, CreditProjectDocument, CreditProjectParty
from citypact.storage.models import City, Organisation, utcnow

EDITABLE: Final = (
    "title",
    "description",
    "methodology",
    "ex_ante_parameters",
    "crediting_start",
    "crediting_end",
    "buffer_percent",
    "authorisation",
)
URL_MAX: Final = 500


def percent_to_bp(field: str, value: Any, high_bp: int) -> int:
    """A share written in % (at most two decimals) as basis points: 12.5 % is 1 250."""
    percent = clean_number(field, value, 0.0, high_bp / 100)
    bp = round(percent * 100)
    if abs(bp - percent * 100) > 1e-6:
        raise InvalidInput(field, "give the share in % with at most two decimals, e.g. 12.5.")
    return bp


def _clean_fields(values: Mapping[str, Any], current: CreditProject | None) -> dict[str, Any]:
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(EDITABLE)}.")
    clean: dict[str, Any] = {}
    if "title" in values or current is None:
        clean["title"] = clean_text("title", values.get("title"), 300, required=True)
    if "description" in values or current is None:
        clean["description"] = clean_text("description", values.get("description"), TEXT_MAX)
    if "methodology" in values or current is None:
        clean["methodology"] = clean_code("methodology", values.get("methodology"), METHODOLOGIES)
    for name in ("crediting_start", "crediting_end"):
        if name in values or current is None:
            clean[name] = clean_date(name, values.get(name), required=True)
    start = clean.get("crediting_start", current.crediting_start if current else None)
    end = clean.get("crediting_end", current.crediting_end if current else None)
    if start is not None and end is not None and end < start:
        raise InvalidInput("crediting_end", "the crediting period ends before it starts.")
    if "buffer_percent" in values or current is None:
        clean["buffer_bp"] = percent_to_bp("buffer_percent", values.get("buffer_percent", 0), MAX_BUFFER_BP)
    if "authorisation" in values or current is None:
        clean["authorisation"] = clean_code(
            "authorisation", values.get("authorisation", "none"), AUTHORISATIONS
        )
    methodology = clean.get("methodology", current.methodology if current else "")
    if "ex_ante_parameters" in values or "methodology" in clean:
        raw = values.get("ex_ante_parameters", current.ex_ante_parameters if current else {})
        clean["ex_ante_parameters"] = check_parameters(methodology, raw or {}, "ex_ante_parameters")
    return clean


def _ex_ante(project: CreditProject) -> float:
    """The yearly estimate from the ex-ante parameters (a year's worth), with the grid factor of
    the crediting period's first year."""
    params = {k: v for k, v in project.ex_ante_parameters.items() if isinstance(v, float | int | str)}
    result = compute(project.methodology, params, project.host_country, project.crediting_start.year)
    return result.reductions_t


def _plain(values: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v.isoformat() if hasattr(v, "isoformat") else v for k, v in values.items()}


def create_project(session: Session, actor: Actor, city_id: int, values: Mapping[str, Any]) -> CreditProject:
    """A draft project hosted by `city_id` (the actor edits that city), the city its host party
    with the whole share until partners are named."""
    city = check_can_edit(session, actor, city_id)
    clean = _clean_fields(values, None)
    project = CreditProject(
        host_city_id=city.id, host_country=city.country, status="draft", created_by=actor.user_id, **clean
    )
    project.ex_ante_t_per_year = _ex_ante(project)
    session.add(project)
    session.flush()
    session.add(
        CreditProjectParty(project_id=project.id, city_id=city.id, role="host", share_bp=BASIS_POINTS)
    )
    session.flush()
    audit.record(session, actor, "create", "credit_project", project.id, city_id=city.id, after=_plain(clean))
    return project


def _check_draft(loaded: Loaded) -> None:
    if loaded.project.status != "draft":
        raise Conflict(f"The project is {loaded.project.status}; only a draft changes.")


def _touch(loaded: Loaded) -> None:
    loaded.project.updated_at = utcnow()


def update_project(
    session: Session,
    actor: Actor,
    project_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> CreditProject:
    """Change the draft's fields (participants)."""
    loaded = load_to_edit(session, actor, project_id)
    project = loaded.project
    check_version("credit project", project_id, project.version, expected_version)
    _check_draft(loaded)
    clean = _clean_fields(values, project)
    before = {k: getattr(project, k) for k in clean}
    changed = {k: v for k, v in clean.items() if before[k] != v}
    if not changed:
        return project
    for key, value in changed.items():
        setattr(project, key, value)
    project.ex_ante_t_per_year = _ex_ante(project)
    _touch(loaded)
    flush_checked(session, "credit project", project_id, expected_version)
    audit.record(
        session, actor, "update", "credit_project", project_id, city_id=project.host_city_id,
        before=_plain({k: before[k] for k in changed}), after=_plain(changed),
    )  # fmt: skip
    return project


def add_party(
    session: Session,
    actor: Actor,
    project_id: int,
    *,
    city_id: Any = None,
    organisation_id: Any = None,
    share_percent: Any = 0,
) -> CreditProjectParty:
    """Name a partner city or a confirmed organisation with its share in % (participants, draft)."""
    loaded = load_to_edit(session, actor, project_id)
    _check_draft(loaded)
    if (city_id is None) == (organisation_id is None):
        raise InvalidInput("city_id", "name either a city or an organisation.")
    if len(loaded.parties) >= MAX_PARTIES:
        raise Conflict(f"A project has at most {MAX_PARTIES} parties.")
    share = percent_to_bp("share_percent", share_percent, BASIS_POINTS)
    if city_id is not None:
        cid = clean_id("city_id", city_id)
        if session.get(City, cid) is None:
            raise NotFound("city", cid)
        if any(p.city_id == cid for p in loaded.parties):
            raise Conflict("This city is a party already.")
        party = CreditProjectParty(project_id=project_id, city_id=cid, role="partner", share_bp=share)
    else:
        oid = clean_id("organisation_id", organisation_id)
        org = session.get(Organisation, oid)
        if org is None or org.status != "confirmed":
            raise InvalidInput("organisation_id", "name an organisation its city confirmed.")
        if any(p.organisation_id == oid for p in loaded.parties):
            raise Conflict("This organisation is a party already.")
        party = CreditProjectParty(
            project_id=project_id, organisation_id=oid, role="participant", share_bp=share
        )
    session.add(party)
    _touch(loaded)
    session.flush()
    audit.record(
        session, actor, "add_party", "credit_project", project_id, city_id=loaded.project.host_city_id,
        after={"party": party.id, "city_id": party.city_id, "organisation_id": party.organisation_id,
               "share_bp": share},
    )  # fmt: skip
    return party


def set_share(
    session: Session,
    actor: Actor,
    project_id: int,
    party_id: int,
    share_percent: Any,
    *,
    expected_version: int | None = None,
) -> CreditProjectParty:
    """Change one party's share, in % (participants, draft)."""
    loaded = load_to_edit(session, actor, project_id)
    _check_draft(loaded)
    party = loaded.party(party_id)
    check_version("project party", party_id, party.version, expected_version)
    share = percent_to_bp("share_percent", share_percent, BASIS_POINTS)
    if share == party.share_bp:
        return party
    before = party.share_bp
    party.share_bp = share
    _touch(loaded)
    flush_checked(session, "project party", party_id, expected_version)
    audit.record(
        session, actor, "set_share", "credit_project", project_id, city_id=loaded.project.host_city_id,
        before={"party": party_id, "share_bp": before}, after={"party": party_id, "share_bp": share},
    )  # fmt: skip
    return party


def remove_party(
    session: Session, actor: Actor, project_id: int, party_id: int, *, expected_version: int | None = None
) -> None:
    """Take a partner or participant off the draft (participants; the page asks first). The host
    stays."""
    loaded = load_to_edit(session, actor, project_id)
    _check_draft(loaded)
    party = loaded.party(party_id)
    if party.role == "host":
        raise Conflict("The host city stays a party of its project.")
    check_version("project party", party_id, party.version, expected_version)
    before = {"party": party_id, "city_id": party.city_id, "organisation_id": party.organisation_id,
              "share_bp": party.share_bp}  # fmt: skip
    session.delete(party)
    _touch(loaded)
    flush_checked(session, "project party", party_id, expected_version)
    audit.record(
        session, actor, "remove_party", "credit_project", project_id, city_id=loaded.project.host_city_id,
        before=before,
    )  # fmt: skip


def add_document(
    session: Session, actor: Actor, project_id: int, values: Mapping[str, Any]
) -> CreditProjectDocument:
    """A document by reference: kind, title, URL (http or https), public or not (participants;
    a closed project takes none)."""
    loaded = load_to_edit(session, actor, project_id)
    if loaded.project.status == "closed":
        raise Conflict("The project is closed.")
    unknown = sorted(set(values) - {"kind", "title", "url", "public"})
    if unknown:
        raise InvalidInput(unknown[0], "cannot be set here; use kind, title, url, public.")
    count = session.scalar(
        select(func.count())
        .select_from(CreditProjectDocument)
        .where(CreditProjectDocument.project_id == project_id)
    )
    if (count or 0) >= MAX_DOCUMENTS:
        raise Conflict(f"A project lists at most {MAX_DOCUMENTS} documents.")
    kind = clean_code("kind", values.get("kind"), DOCUMENT_KINDS)
    title = clean_text("title", values.get("title"), 300, required=True)
    url = clean_text("url", values.get("url"), URL_MAX)
    if url and not url.lower().startswith(("https://", "http://")):
        raise InvalidInput("url", "give a web address starting with https://.")
    public = clean_flag("public", values.get("public", True))
    document = CreditProjectDocument(
        project_id=project_id, kind=kind, title=title, url=url, public=public, added_by=actor.user_id
    )
    session.add(document)
    _touch(loaded)
    session.flush()
    audit.record(
        session, actor, "add_document", "credit_project", project_id, city_id=loaded.project.host_city_id,
        after={"document": document.id, "kind": kind, "title": title, "url": url, "public": public},
    )  # fmt: skip
    return document


def missing_share_bp(parties: list[CreditProjectParty]) -> int:
    """How far the shares are from 100 % in basis points (positive: missing, negative: too much)."""
    return BASIS_POINTS - sum(p.share_bp for p in parties)


def register(
    session: Session, actor: Actor, project_id: int, *, expected_version: int | None = None
) -> CreditProject:
    """Register a draft (the registry): shares add up to 100 %, the crediting period is set, the
    ex-ante parameters are valid for the methodology."""
    loaded = load(session, actor, project_id)
    require(loaded.registry, actor.is_authenticated, "Only the credit registry registers projects.")
    project = loaded.project
    check_version("credit project", project_id, project.version, expected_version)
    _check_draft(loaded)
    missing = missing_share_bp(loaded.parties)
    if missing:
        said = "missing" if missing > 0 else "too much"
        raise InvalidInput(
            "shares", f"the shares add up to {BASIS_POINTS - missing} bp; {abs(missing)} bp {said}."
        )
    if project.crediting_end < project.crediting_start:
        raise InvalidInput("crediting_end", "the crediting period ends before it starts.")
    check_parameters(project.methodology, project.ex_ante_parameters, "ex_ante_parameters")
    project.ex_ante_t_per_year = _ex_ante(project)
    project.status = "registered"
    _touch(loaded)
    flush_checked(session, "credit project", project_id, expected_version)
    audit.record(
        session, actor, "register", "credit_project", project_id, city_id=project.host_city_id,
        before={"status": "draft"}, after={"status": "registered"},
    )  # fmt: skip
    return project


def close(
    session: Session, actor: Actor, project_id: int, reason: Any, *, expected_version: int | None = None
) -> CreditProject:
    """Close a project with a reason (the registry); a closed project takes no more reports."""
    loaded = load(session, actor, project_id)
    require(loaded.registry, actor.is_authenticated, "Only the credit registry closes projects.")
    project = loaded.project
    check_version("credit project", project_id, project.version, expected_version)
    why = clean_text("reason", reason, TEXT_MAX, required=True)
    if project.status == "closed":
        raise Conflict("The project is closed already.")
    before = {"status": project.status}
    project.status = "closed"
    project.status_reason = why
    _touch(loaded)
    flush_checked(session, "credit project", project_id, expected_version)
    audit.record(
        session, actor, "close", "credit_project", project_id, city_id=project.host_city_id,
        before=before, after={"status": "closed", "status_reason": why},
    )  # fmt: skip
    return project
