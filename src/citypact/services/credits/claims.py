"""What a city claims with credits, kept apart from what its inventory says.

A retirement is public at its own URL. A city's GPC inventory stays gross: the credits it retired
toward its own target are shown per claim year beside the totals, never subtracted from them, and
a "net of retired credits" figure appears only when the city chose it (CreditNetDisplay). The
benchmark and the open inventory data read the inventories, never this module, so they stay gross.
A retirement a buyer city counts while the host's inventory still holds the reduction (no
corresponding adjustment applied) is flagged wherever it is shown (domain.credits.double_claim).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.services import audit
from citypact.services.credits import accounts
from citypact.services.credits.views import RetirementView, load_retirements
from citypact.services.errors import NotAuthenticated, NotFound, PermissionDenied
from citypact.services.inventory.inventories import list_inventories
from citypact.services.registry.cities import readable_city
from citypact.storage.credits import (
    CreditAccount,
    CreditBlock,
    CreditNetDisplay,
    CreditProject,
    CreditProjectParty,
    CreditRetirement,
)
from citypact.storage.models import utcnow

PUBLIC_PROJECT_STATUSES = ("registered", "closed")


@dataclass(frozen=True)
class ProjectRef:
    id: int
    title: str
    status: str
    host_city_id: int
    role: str  # "host" or the city's party role


@dataclass(frozen=True)
class YearFigures:
    """One year: the gross GPC total (BASIC, t CO2e, None without a readable inventory), the credits
    the city retired toward its own target for that claim year (1 credit = 1 t CO2e) and, when the
    city shows it, gross minus credits, labelled as net of retired credits."""

    year: int
    gross_t: float | None
    own_target_credits: int
    net_t: float | None


@dataclass(frozen=True)
class CityCredits:
    city_id: int
    city: str
    account_id: int | None  # the holding account, when the actor may read it
    can_edit: bool  # may change the net display
    net_display: bool
    projects: list[ProjectRef]
    retirements: list[RetirementView]
    years: list[YearFigures]

    @property
    def double_claims(self) -> list[RetirementView]:
        return [r for r in self.retirements if r.double_claim]


def retirement_record(session: Session, retirement_id: int) -> RetirementView:
    """A retirement, public to everyone."""
    found = load_retirements(session, CreditRetirement.id == retirement_id)
    if not found:
        raise NotFound("retirement", retirement_id)
    return found[0]


def own_target_by_year(session: Session, city_id: int) -> dict[int, int]:
    """Credits the city retired toward its own target, per claim year."""
    quantity = func.sum(CreditBlock.serial_end - CreditBlock.serial_start + 1)
    query = (
        select(CreditRetirement.claim_year, quantity)
        .join(CreditBlock, CreditBlock.id == CreditRetirement.block_id)
        .where(CreditRetirement.city_id == city_id, CreditRetirement.use == "own_target")
        .group_by(CreditRetirement.claim_year)
        .order_by(CreditRetirement.claim_year)
    )
    return {int(year): int(total) for year, total in session.execute(query)}


def shows_net(session: Session, city_id: int) -> bool:
    choice = session.get(CreditNetDisplay, city_id)
    return choice is not None and choice.enabled


def gross_and_net(session: Session, actor: Actor, city_id: int) -> list[YearFigures]:
    """Per year with an inventory the actor may read or a claim: the gross figure untouched, the
    credits apart, and the net figure only when the city chose to show it."""
    gross = {
        s.year: s.totals["basic"]
        for s in list_inventories(session, actor, city_id)
        if s.totals is not None and s.totals.get("basic") is not None
    }
    credits = own_target_by_year(session, city_id)
    net = shows_net(session, city_id)
    return [
        YearFigures(
            year=year,
            gross_t=gross.get(year),
            own_target_credits=credits.get(year, 0),
            net_t=gross[year] - credits.get(year, 0) if net and year in gross else None,
        )
        for year in sorted(set(gross) | set(credits))
    ]


def city_projects(session: Session, actor: Actor, city_id: int) -> list[ProjectRef]:
    """Projects the city hosts or takes part in; drafts only for the city's staff."""
    host = select(
        CreditProject.id, CreditProject.title, CreditProject.status, CreditProject.host_city_id
    ).where(CreditProject.host_city_id == city_id)
    party = (
        select(CreditProject.id, CreditProject.title, CreditProject.status, CreditProject.host_city_id)
        .join(CreditProjectParty, CreditProjectParty.project_id == CreditProject.id)
        .where(CreditProjectParty.city_id == city_id, CreditProject.host_city_id != city_id)
    )
    staff = actor.can_read_city_internals(city_id) or actor.runs_credit_registry()
    found = []
    for query, role in ((host, "host"), (party, "partner")):
        for pid, title, status, host_id in session.execute(query.order_by(CreditProject.id)):
            if staff or status in PUBLIC_PROJECT_STATUSES:
                found.append(ProjectRef(pid, title, status, host_id, role))
    return found


def city_credits(session: Session, actor: Actor, city_id: int) -> CityCredits:
    """A city's credits page: its account (for who may read it), projects, retirements, figures."""
    city = readable_city(session, actor, city_id)
    account = session.scalar(select(CreditAccount).where(CreditAccount.city_id == city_id))
    return CityCredits(
        city_id=city.id,
        city=city.name,
        account_id=account.id if account is not None and accounts.may_read(session, actor, account) else None,
        can_edit=actor.can_edit_city(city_id),
        net_display=shows_net(session, city_id),
        projects=city_projects(session, actor, city_id),
        retirements=load_retirements(session, CreditRetirement.city_id == city_id),
        years=gross_and_net(session, actor, city_id),
    )


def set_net_display(session: Session, actor: Actor, city_id: int, enabled: bool) -> None:
    """The city's editors choose whether a net figure is shown beside the gross one (audited)."""
    if not actor.is_authenticated:
        raise NotAuthenticated()
    readable_city(session, actor, city_id)
    if not actor.can_edit_city(city_id):
        raise PermissionDenied("Only the city's editors choose how its figures are shown.")
    choice = session.get(CreditNetDisplay, city_id)
    before = choice.enabled if choice is not None else False
    if choice is None:
        choice = CreditNetDisplay(city_id=city_id)
        session.add(choice)
    choice.enabled, choice.set_by, choice.set_at = enabled, actor.user_id, utcnow()
    session.flush()
    audit.record(
        session, actor, "credit_net_display", "city", city_id, city_id=city_id,
        before={"enabled": before}, after={"enabled": enabled},
    )  # fmt: skip
