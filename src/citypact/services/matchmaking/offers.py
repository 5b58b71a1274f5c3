"""Providers' offers of technologies and services, and their references.

Who may do what:
- a confirmed person of a confirmed organisation of type business or research (Actor.speaks_for and
  domain.funding.PROVIDER_TYPES) creates offers in its name, edits them, publishes and withdraws
  them, adds and removes references; an administrator may too. Nobody else edits an offer, so a
  provider edits only its own organisation's offers;
- everybody reads published offers; drafts and withdrawn offers only their provider (and admins).
Offers are versioned (If-Match on the API); every change is audited; a refused request writes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.funding import (
    EU_MEMBER_STATES,
    OFFER_KINDS,
    OFFER_STATUSES,
    PROVIDER_TYPES,
    join_codes,
    split_codes,
)
from citypact.domain.measures import FIELDS
from citypact.domain.offer_match import COUNTRY_LANGUAGES
from citypact.services import audit
from citypact.services.errors import Conflict, InvalidInput, NotAuthenticated, NotFound, require
from citypact.services.input import clean_code, clean_text, clean_year
from citypact.services.versions import check_version, flush_checked
from citypact.storage.funding import ProviderOffer, ProviderOfferReference
from citypact.storage.models import CaseStudy, City, Country, MeasureType, Organisation, utcnow

EDITABLE: Final = ("title", "kind", "summary", "fields", "measure_types", "countries", "languages")
TITLE_MAX: Final = 300
SUMMARY_MAX: Final = 4_000
MAX_CODES: Final = 30  # fields, measure types, countries or languages of one offer
MAX_OFFERS_PER_ORGANISATION: Final = 50
MAX_REFERENCES: Final = 30
LIST_LIMIT: Final = 200
URL_MAX: Final = 500


@dataclass(frozen=True)
class ReferenceView:
    id: int
    city_id: int | None
    city_name: str | None
    country: str | None
    place: str
    project: str
    year: int | None
    case_study_id: int | None
    case_title: str | None
    url: str


@dataclass(frozen=True)
class OfferView:
    id: int
    organisation_id: int
    organisation_name: str
    title: str
    kind: str
    summary: str
    fields: tuple[str, ...]
    measure_types: tuple[str, ...]
    countries: tuple[str, ...]
    languages: tuple[str, ...]
    status: str
    version: int
    updated_at: dt.datetime
    references: tuple[ReferenceView, ...]
    may_edit: bool


# --- who ----------------------------------------------------------------------------------------


def provider(session: Session, actor: Actor, organisation_id: int) -> Organisation:
    """The organisation, if the actor speaks for it and it may list offers."""
    org = session.get(Organisation, organisation_id)
    if org is None:
        raise NotFound("organisation", organisation_id)
    require(
        actor.speaks_for(org.id) and org.status == "confirmed",
        actor.is_authenticated,
        "Only a confirmed person of this confirmed organisation lists its offers.",
    )
    if org.kind not in PROVIDER_TYPES:
        raise Conflict(
            f"Only organisations of type {' or '.join(PROVIDER_TYPES)} list offers; this one is {org.kind}."
        )
    return org


def may_edit(actor: Actor, offer: ProviderOffer) -> bool:
    return actor.speaks_for(offer.organisation_id)


def readable_offer(session: Session, actor: Actor, offer_id: int) -> ProviderOffer:
    """A published offer for anybody; a draft or withdrawn one for its provider only (NotFound for
    the others: its existence is not revealed)."""
    offer = session.get(ProviderOffer, offer_id)
    if offer is None or (offer.status != "published" and not may_edit(actor, offer)):
        raise NotFound("offer", offer_id)
    return offer


def offer_to_edit(session: Session, actor: Actor, offer_id: int) -> ProviderOffer:
    """The offer, if the actor speaks for its organisation; the public gets NotAuthenticated,
    another organisation's people PermissionDenied (published) or NotFound (not published)."""
    if not actor.is_authenticated and not actor.is_admin:  # the command line's operator is an admin
        raise NotAuthenticated()
    offer = readable_offer(session, actor, offer_id)
    require(may_edit(actor, offer), True, "Only the organisation's own people edit its offers.")
    provider(session, actor, offer.organisation_id)
    return offer


# --- cleaning -----------------------------------------------------------------------------------


def _code_list(field: str, value: Any) -> list[str]:
    if value is None or value == "":
        return []
    if isinstance(value, str):
        items = [v.strip() for v in value.replace(",", ";").split(";")]
    elif isinstance(value, list | tuple):
        items = [v.strip() if isinstance(v, str) else v for v in value]
    else:
        raise InvalidInput(field, 'give a list of codes, e.g. ["DE", "AT"].')
    if not all(isinstance(v, str) for v in items):
        raise InvalidInput(field, "give each entry as text.")
    codes = [v for v in items if v]
    if len(set(codes)) > MAX_CODES:
        raise InvalidInput(field, f"list at most {MAX_CODES} entries.")
    return codes


def _clean_codes(session: Session, field: str, value: Any) -> str:
    codes = _code_list(field, value)
    if field == "fields":
        bad = [c for c in codes if c not in FIELDS]
        hint = f"use fields of action such as {', '.join(list(FIELDS)[:4])}."
    elif field == "measure_types":
        known = (
            set(session.scalars(select(MeasureType.code).where(MeasureType.code.in_(codes))))
            if codes
            else set()
        )
        bad = [c for c in codes if c not in known]
        hint = "use codes of the measures catalogue (/measures), e.g. led_street_lighting."
    elif field == "countries":
        codes = [c.upper() for c in codes]
        known = set(session.scalars(select(Country.iso2).where(Country.iso2.in_(codes)))) if codes else set()
        known |= set(EU_MEMBER_STATES) | set(COUNTRY_LANGUAGES)
        bad = [c for c in codes if c not in known]
        hint = "use ISO 3166 two-letter country codes, e.g. DE, JP; leave empty for every country."
    else:
        codes = [c.lower() for c in codes]
        bad = [c for c in codes if not (2 <= len(c) <= 3 and c.isascii() and c.isalpha())]
        hint = "use ISO 639-1 language codes, e.g. en, de, ja."
    if bad:
        raise InvalidInput(field, f"unknown {bad[0]!r}; {hint}")
    return join_codes(codes)


def _clean(session: Session, values: Mapping[str, Any], current: ProviderOffer | None) -> dict[str, Any]:
    unknown = sorted(set(values) - set(EDITABLE))
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(EDITABLE)}.")
    clean: dict[str, Any] = {}
    if "title" in values or current is None:
        clean["title"] = clean_text("title", values.get("title"), TITLE_MAX, required=True)
    if "kind" in values or current is None:
        clean["kind"] = clean_code("kind", values.get("kind"), OFFER_KINDS)
    if "summary" in values or current is None:
        clean["summary"] = clean_text("summary", values.get("summary"), SUMMARY_MAX)
    for name in ("fields", "measure_types", "countries", "languages"):
        if name in values or current is None:
            clean[name] = _clean_codes(session, name, values.get(name))
    fields = clean.get("fields", current.fields if current else "")
    types = clean.get("measure_types", current.measure_types if current else "")
    if not fields and not types:
        raise InvalidInput("fields", "name at least one field of action or measure type the offer serves.")
    return clean


def _clean_url(value: Any) -> str:
    url = clean_text("url", value, URL_MAX)
    if url and (not url.startswith("https://") or " " in url or len(url) < 12):
        raise InvalidInput("url", "give a web address starting with https://, or leave it empty.")
    return url


# --- reading ------------------------------------------------------------------------------------


def _references(session: Session, offer_ids: Sequence[int]) -> dict[int, list[ReferenceView]]:
    found: dict[int, list[ReferenceView]] = {i: [] for i in offer_ids}
    if not offer_ids:
        return found
    rows = session.execute(
        select(ProviderOfferReference, City.name, City.country, City.is_published, CaseStudy.title,
               CaseStudy.is_published)
        .outerjoin(City, City.id == ProviderOfferReference.city_id)
        .outerjoin(CaseStudy, CaseStudy.id == ProviderOfferReference.case_study_id)
        .where(ProviderOfferReference.offer_id.in_(list(offer_ids)))
        .order_by(ProviderOfferReference.year.desc(), ProviderOfferReference.id)
    ).all()  # fmt: skip
    for ref, city_name, country, city_public, case_title, case_public in rows:
        found[ref.offer_id].append(
            ReferenceView(
                id=ref.id,
                city_id=ref.city_id,
                city_name=city_name if city_public else None,
                country=country,
                place=ref.place,
                project=ref.project,
                year=ref.year,
                case_study_id=ref.case_study_id if case_public else None,
                case_title=case_title if case_public else None,
                url=ref.url,
            )  # fmt: skip
        )
    return found


def _views(session: Session, actor: Actor, offers: Sequence[ProviderOffer]) -> list[OfferView]:
    names = dict(
        session.execute(
            select(Organisation.id, Organisation.name).where(
                Organisation.id.in_({o.organisation_id for o in offers})
            )
        ).all()
    )
    refs = _references(session, [o.id for o in offers])
    return [
        OfferView(
            id=o.id,
            organisation_id=o.organisation_id,
            organisation_name=names.get(o.organisation_id, ""),
            title=o.title,
            kind=o.kind,
            summary=o.summary,
            fields=split_codes(o.fields),
            measure_types=split_codes(o.measure_types),
            countries=split_codes(o.countries),
            languages=split_codes(o.languages),
            status=o.status,
            version=o.version,
            updated_at=o.updated_at,
            references=tuple(refs[o.id]),
            may_edit=may_edit(actor, o),
        )  # fmt: skip
        for o in offers
    ]


def get_offer(session: Session, actor: Actor, offer_id: int) -> OfferView:
    return _views(session, actor, [readable_offer(session, actor, offer_id)])[0]


def _like(column: Any, code: str) -> Any:
    """A ";"-joined list contains `code` (the list is sorted, each code once)."""
    escaped = code.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return (";" + column + ";").like(f"%;{escaped};%", escape="\\")


def list_offers(
    session: Session,
    actor: Actor,
    *,
    field: str | None = None,
    measure_type: str | None = None,
    country: str | None = None,
    kind: str | None = None,
    language: str | None = None,
    organisation_id: int | None = None,
    limit: int = LIST_LIMIT,
) -> list[OfferView]:
    """Published offers (and, with `organisation_id` of an organisation the actor speaks for, its
    drafts and withdrawn ones), filtered, most recently updated first, at most `limit`."""
    query = select(ProviderOffer)
    if organisation_id is not None:
        query = query.where(ProviderOffer.organisation_id == organisation_id)
    if organisation_id is None or not actor.speaks_for(organisation_id):
        query = query.where(ProviderOffer.status == "published")
    if field:
        query = query.where(_like(ProviderOffer.fields, clean_code("field", field, tuple(FIELDS))))
    if measure_type:
        query = query.where(_like(ProviderOffer.measure_types, clean_text("measure_type", measure_type, 80)))
    if country:
        code = clean_text("country", country, 2).upper()
        query = query.where((ProviderOffer.countries == "") | _like(ProviderOffer.countries, code))
    if kind:
        query = query.where(ProviderOffer.kind == clean_code("kind", kind, OFFER_KINDS))
    if language:
        query = query.where(_like(ProviderOffer.languages, clean_text("language", language, 3).lower()))
    limit = max(1, min(limit, LIST_LIMIT))
    offers = session.scalars(
        query.order_by(ProviderOffer.updated_at.desc(), ProviderOffer.id).limit(limit)
    ).all()
    return _views(session, actor, offers)


# --- writing ------------------------------------------------------------------------------------


def create_offer(
    session: Session, actor: Actor, organisation_id: int, values: Mapping[str, Any]
) -> ProviderOffer:
    """A draft offer in the organisation's name."""
    org = provider(session, actor, organisation_id)
    clean = _clean(session, values, None)
    count = session.scalar(
        select(func.count()).select_from(ProviderOffer).where(ProviderOffer.organisation_id == org.id)
    )
    if (count or 0) >= MAX_OFFERS_PER_ORGANISATION:
        raise Conflict(
            f"An organisation lists at most {MAX_OFFERS_PER_ORGANISATION} offers; withdraw or edit one."
        )
    offer = ProviderOffer(organisation_id=org.id, status="draft", created_by=actor.user_id, **clean)
    session.add(offer)
    session.flush()
    audit.record(session, actor, "create", "provider_offer", offer.id, after=clean)
    return offer


def update_offer(
    session: Session,
    actor: Actor,
    offer_id: int,
    values: Mapping[str, Any],
    *,
    expected_version: int | None = None,
) -> ProviderOffer:
    """Change the offer's fields (its provider); a published offer stays published."""
    offer = offer_to_edit(session, actor, offer_id)
    check_version("offer", offer_id, offer.version, expected_version)
    clean = _clean(session, values, offer)
    changed = {k: v for k, v in clean.items() if getattr(offer, k) != v}
    if not changed:
        return offer
    before = {k: getattr(offer, k) for k in changed}
    for key, value in changed.items():
        setattr(offer, key, value)
    offer.updated_at = utcnow()
    flush_checked(session, "offer", offer_id, expected_version)
    audit.record(session, actor, "update", "provider_offer", offer_id, before=before, after=changed)
    return offer


def set_status(
    session: Session, actor: Actor, offer_id: int, status: str, *, expected_version: int | None = None
) -> ProviderOffer:
    """Publish or withdraw the offer (or take it back to a draft)."""
    code = clean_code("status", status, OFFER_STATUSES)
    offer = offer_to_edit(session, actor, offer_id)
    check_version("offer", offer_id, offer.version, expected_version)
    if offer.status == code:
        return offer
    before = offer.status
    offer.status = code
    offer.updated_at = utcnow()
    flush_checked(session, "offer", offer_id, expected_version)
    audit.record(
        session,
        actor,
        "set_status",
        "provider_offer",
        offer_id,
        before={"status": before},
        after={"status": code},
    )
    return offer


def add_reference(
    session: Session, actor: Actor, offer_id: int, values: Mapping[str, Any]
) -> ProviderOfferReference:
    """A project in which a city used the offer: a registry city (`city_id`) or a named `place`,
    the `project`, its `year`, the published case study (`case_study_id`) and a https `url`."""
    offer = offer_to_edit(session, actor, offer_id)
    allowed = {"city_id", "place", "project", "year", "case_study_id", "url"}
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise InvalidInput(unknown[0], f"cannot be set here; use {', '.join(sorted(allowed))}.")
    city_id = _optional_id("city_id", values.get("city_id"))
    place = clean_text("place", values.get("place"), 200)
    if city_id is None and not place:
        raise InvalidInput("city_id", "name a city of the registry or write the place's name.")
    if city_id is not None:
        city = session.get(City, city_id)
        if city is None or not city.is_published:
            raise InvalidInput("city_id", f"no published city with id {city_id}; choose one from /cities.")
    project = clean_text("project", values.get("project"), 300, required=True)
    year_value = values.get("year")
    year = None
    if year_value not in (None, ""):
        if isinstance(year_value, str) and year_value.strip().isdigit():
            year_value = int(year_value.strip())
        year = clean_year("year", year_value, 1950, dt.date.today().year + 1)
    case_id = _optional_id("case_study_id", values.get("case_study_id"))
    if case_id is not None:
        case = session.get(CaseStudy, case_id)
        if case is None or not case.is_published:
            raise InvalidInput("case_study_id", f"no published case study with id {case_id}; see /cases.")
    url = _clean_url(values.get("url"))
    count = session.scalar(
        select(func.count())
        .select_from(ProviderOfferReference)
        .where(ProviderOfferReference.offer_id == offer.id)
    )
    if (count or 0) >= MAX_REFERENCES:
        raise Conflict(f"An offer has at most {MAX_REFERENCES} references.")
    ref = ProviderOfferReference(
        offer_id=offer.id, city_id=city_id, place=place, project=project, year=year,
        case_study_id=case_id, url=url,
    )  # fmt: skip
    session.add(ref)
    offer.updated_at = utcnow()
    session.flush()
    audit.record(
        session, actor, "add_reference", "provider_offer", offer.id,
        after={"reference": ref.id, "project": project, "city_id": city_id, "place": place},
    )  # fmt: skip
    return ref


def reference_of(session: Session, actor: Actor, offer_id: int, reference_id: int) -> ProviderOfferReference:
    offer_to_edit(session, actor, offer_id)
    ref = session.get(ProviderOfferReference, reference_id)
    if ref is None or ref.offer_id != offer_id:
        raise NotFound("reference", reference_id)
    return ref


def remove_reference(
    session: Session, actor: Actor, offer_id: int, reference_id: int, *, expected_version: int | None = None
) -> None:
    """Remove a reference; `expected_version` is the offer's (a reference is part of its offer)."""
    ref = reference_of(session, actor, offer_id, reference_id)
    offer = session.get(ProviderOffer, offer_id)
    assert offer is not None
    check_version("offer", offer_id, offer.version, expected_version)
    before = {"reference": ref.id, "project": ref.project, "city_id": ref.city_id, "place": ref.place}
    session.delete(ref)
    offer.updated_at = utcnow()
    flush_checked(session, "offer", offer_id, expected_version)
    audit.record(session, actor, "remove_reference", "provider_offer", offer_id, before=before)


def _optional_id(field: str, value: Any) -> int | None:
    if value in (None, ""):
        return None
    if isinstance(value, str) and value.strip().isdigit():
        value = int(value.strip())
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise InvalidInput(field, "give the id as a whole number, or leave it empty.")
    return value


def my_organisations(session: Session, actor: Actor) -> list[Organisation]:
    """The confirmed provider organisations the actor speaks for (for the pages' links)."""
    ids = actor.organisations()
    if not ids:
        return []
    return list(
        session.scalars(
            select(Organisation)
            .where(Organisation.id.in_(ids), Organisation.status == "confirmed",
                   Organisation.kind.in_(PROVIDER_TYPES))
            .order_by(Organisation.name)
        )
    )  # fmt: skip
