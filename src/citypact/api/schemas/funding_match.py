"""Funding matches, a city's funding view and a network's pipeline as JSON (the API's and the
CLI's): codes and figures, never words. Money in minor units of the named currency."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from pydantic import BaseModel, Field

from citypact.domain import funding_match as fm
from citypact.services.funding.city_view import CityFunding
from citypact.services.funding.matching import CityMatches, MeasureNeed, PartnerInfo, ProgrammeInfo
from citypact.services.funding.pipeline import JointCity, Pipeline

FigureOut = int | str | list[int] | list[str] | None


class ReasonOut(BaseModel):
    code: str = Field(description="domain.funding_match RULE_OUT_CODES or FIT_CODES")
    figures: dict[str, FigureOut] = Field(
        description="the figures the reason names (days, dates, minor units)"
    )


class JointOut(BaseModel):
    needs_cities: int
    needs_countries: int
    has_cities: int = Field(
        description="the applicant and its qualifying partners (the applicant counted once)"
    )
    has_countries: int
    qualifying_partners: list[int]
    met: bool


class MatchOut(BaseModel):
    programme_id: int
    programme_name: str
    funder_name: str
    instrument: str
    currency: str
    eligible: bool
    call_id: int | None
    call_state: str | None = Field(description="upcoming, open, rolling (closed calls never match)")
    closes_on: dt.date | None
    agree: int = Field(description="how many of field, GPC sector and measure type agree")
    rules_out: list[ReasonOut]
    fits: list[ReasonOut]
    joint: JointOut | None


class MeasureOut(BaseModel):
    id: int
    title: str
    field: str
    gpc_sector: str | None
    measure_type: str | None
    currency: str | None
    capex_minor: int | None
    secured_minor: int
    sought_minor: int
    gap_minor: int | None = Field(description="capex less secured and sought funding, never below 0")


class PartnerOut(BaseModel):
    id: int
    name: str
    country: str
    via: str = Field(description="partnership (an active one) or twin")


class MatchesOut(BaseModel):
    city_id: int
    city_name: str
    country: str
    size_band: str | None
    on: dt.date
    internal: bool = Field(description="the reader sees the city's internal figures and partnerships")
    measure: MeasureOut | None
    partners: list[PartnerOut]
    matches: list[MatchOut] = Field(description="eligible first, then closing soonest, then most agreeing")


class MeasureMatchesOut(BaseModel):
    measure: MeasureOut
    matches: list[MatchOut] = Field(description="the eligible programmes")


class NeedMatchesOut(BaseModel):
    cooperation_item_id: int
    field: str
    support: str
    matches: list[MatchOut] = Field(description="the eligible programmes for the need's field")


class TotalOut(BaseModel):
    currency: str
    measures: int
    capex_minor: int
    secured_minor: int
    sought_minor: int
    gap_minor: int


class DeadlineOut(BaseModel):
    on: dt.date
    kind: str = Field(description="closes or opens")
    days: int
    programme_id: int
    programme_name: str
    call_id: int
    call_title: str


class CityFundingOut(BaseModel):
    city_id: int
    city_name: str
    on: dt.date
    measures: list[MeasureMatchesOut]
    unpriced: list[MeasureOut] = Field(description="open measures without a currency")
    totals: list[TotalOut] = Field(description="one per currency, never summed across currencies")
    cooperation_needs: list[NeedMatchesOut]
    eligible: list[MatchOut] = Field(description="the programmes the city is eligible for now")
    deadlines: list[DeadlineOut]


class PipelineMeasureOut(BaseModel):
    city_id: int
    city_name: str
    measure: MeasureOut
    matches: list[MatchOut]


class JointCityOut(BaseModel):
    city_id: int
    city_name: str
    country: str
    measure_ids: list[int]
    gap_minor: int


class JointOpportunityOut(BaseModel):
    programme_id: int
    programme_name: str
    cities: list[JointCityOut]
    needs_cities: int
    needs_countries: int
    has_cities: int
    has_countries: int
    apply_url: str | None = Field(description="the application form, when the members meet the joint rule")


class PipelineOut(BaseModel):
    network: str
    name: str
    on: dt.date
    members: int
    truncated: bool
    measures: list[PipelineMeasureOut]
    joint: list[JointOpportunityOut]


def _figure(value: fm.Figure) -> FigureOut:
    return list(value) if isinstance(value, tuple) else value  # type: ignore[return-value]


def reason_out(r: fm.Reason) -> ReasonOut:
    return ReasonOut(code=r.code, figures={k: _figure(v) for k, v in r.figures})


def match_out(m: fm.Match, programmes: Mapping[int, ProgrammeInfo]) -> MatchOut:
    p = programmes[m.programme_id]
    joint = None
    if m.joint is not None:
        j = m.joint
        joint = JointOut(
            needs_cities=j.needs_cities, needs_countries=j.needs_countries, has_cities=j.has_cities,
            has_countries=j.has_countries, qualifying_partners=list(j.qualifying), met=j.met,
        )  # fmt: skip
    return MatchOut(
        programme_id=p.id, programme_name=p.name, funder_name=p.funder_name, instrument=p.instrument,
        currency=p.currency, eligible=m.eligible, call_id=m.call_id, call_state=m.call_state,
        closes_on=m.closes_on, agree=m.agree, rules_out=[reason_out(r) for r in m.rules_out],
        fits=[reason_out(r) for r in m.fits], joint=joint,
    )  # fmt: skip


def measure_out(m: MeasureNeed) -> MeasureOut:
    return MeasureOut(
        id=m.id, title=m.title, field=m.field, gpc_sector=m.gpc_sector, measure_type=m.measure_type,
        currency=m.currency, capex_minor=m.capex_minor, secured_minor=m.secured_minor,
        sought_minor=m.sought_minor, gap_minor=m.gap_minor,
    )  # fmt: skip


def _partner(p: PartnerInfo) -> PartnerOut:
    return PartnerOut(id=p.id, name=p.name, country=p.country, via=p.via)


def matches_out(found: CityMatches) -> MatchesOut:
    c = found.city
    return MatchesOut(
        city_id=c.id, city_name=c.name, country=c.country, size_band=c.size_band, on=found.on,
        internal=found.internal, measure=measure_out(found.measure) if found.measure else None,
        partners=[_partner(p) for p in found.partners],
        matches=[match_out(m, found.programmes) for m in found.matches],
    )  # fmt: skip


def city_funding_out(v: CityFunding) -> CityFundingOut:
    deadlines = []
    for d in v.deadlines:
        p = v.programmes[d.programme_id]
        call = next(c for c in p.calls if c.id == d.call_id)
        deadlines.append(
            DeadlineOut(
                on=d.on,
                kind=d.kind,
                days=d.days,
                programme_id=p.id,
                programme_name=p.name,
                call_id=call.id,
                call_title=call.title,
            )  # fmt: skip
        )
    return CityFundingOut(
        city_id=v.city.id, city_name=v.city.name, on=v.on,
        measures=[
            MeasureMatchesOut(
                measure=measure_out(r.measure), matches=[match_out(m, v.programmes) for m in r.matches]
            )
            for r in v.measures
        ],
        unpriced=[measure_out(m) for m in v.unpriced],
        totals=[
            TotalOut(currency=t.currency, measures=t.measures, capex_minor=t.capex_minor,
                     secured_minor=t.secured_minor, sought_minor=t.sought_minor, gap_minor=t.gap_minor)
            for t in v.totals
        ],
        cooperation_needs=[
            NeedMatchesOut(cooperation_item_id=n.need.id, field=n.need.field, support=n.need.support,
                           matches=[match_out(m, v.programmes) for m in n.matches])
            for n in v.needs
        ],
        eligible=[match_out(m, v.programmes) for m in v.city_matches],
        deadlines=deadlines,
    )  # fmt: skip


def _joint_city(j: JointCity) -> JointCityOut:
    return JointCityOut(
        city_id=j.city.id, city_name=j.city.name, country=j.city.country, measure_ids=list(j.measure_ids),
        gap_minor=j.gap_minor,
    )  # fmt: skip


def pipeline_out(p: Pipeline) -> PipelineOut:
    return PipelineOut(
        network=p.slug, name=p.name, on=p.on, members=p.members, truncated=p.truncated,
        measures=[
            PipelineMeasureOut(city_id=r.city.id, city_name=r.city.name, measure=measure_out(r.measure),
                               matches=[match_out(m, p.programmes) for m in r.matches])
            for r in p.measures
        ],
        joint=[
            JointOpportunityOut(
                programme_id=o.programme_id, programme_name=p.programmes[o.programme_id].name,
                cities=[_joint_city(j) for j in o.cities],
                needs_cities=o.needs_cities, needs_countries=o.needs_countries, has_cities=o.has_cities,
                has_countries=o.has_countries, apply_url=o.apply_url,
            )
            for o in p.joint
        ],
    )  # fmt: skip
