"""The deal page as the deal pages render it, also again with a form that came back with problems,
and the words of the codes these pages show."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from sqlalchemy.orm import Session

from citypact.domain.access import Actor
from citypact.domain.green_deals import PUBLIC_PARTS
from citypact.domain.measures import CO_BENEFITS, GREEN_DEAL
from citypact.i18n.green_deal_labels import GREEN_DEAL_LABELS
from citypact.services import deals
from citypact.web.deal_forms import (
    BENEFIT_LABELS,
    MILESTONE_LABELS,
    PARTY_LABELS,
    PUBLIC_LABELS,
    REVIEW_LABELS,
    SIGNATURE_LABELS,
    STEP_LABELS,
    may_end_early,
    money_in,
    next_steps,
)
from citypact.web.forms import PageForm, typed
from citypact.web.pages import locale_of, render


def words() -> dict[str, Any]:
    """The words of the codes the deal pages show (message ids, translated in the templates)."""
    return {**GREEN_DEAL_LABELS, "action_fields": GREEN_DEAL, "co_benefits": CO_BENEFITS}


def deal_page(
    request: Request, session: Session, actor: Actor, deal_id: int, **forms: PageForm
) -> HTMLResponse:
    """The deal page; `forms` are forms that came back with problems (by their place on the page)."""
    view = deals.get_deal(session, actor, deal_id)
    defaults: dict[str, PageForm] = {
        "party": PageForm("party", PARTY_LABELS),
        "step": PageForm("step", STEP_LABELS),
        "review": PageForm("review", REVIEW_LABELS),
        "public": PageForm("public", PUBLIC_LABELS),
    }
    for party in view.parties:
        signed = typed(signatory_name=party.signatory_name, signatory_title=party.signatory_title,
                       signed_on=party.signed_on)  # fmt: skip
        defaults[f"signature_{party.id}"] = PageForm(f"signature-{party.id}", SIGNATURE_LABELS, signed)
    for c in view.commitments:
        defaults[f"benefit_{c.id}"] = PageForm(f"benefit-{c.id}", BENEFIT_LABELS)
        defaults[f"milestone_{c.id}"] = PageForm(f"milestone-{c.id}", MILESTONE_LABELS)
        for m in c.milestones:
            defaults[f"done_{m.id}"] = PageForm(f"done-{m.id}", MILESTONE_LABELS, typed(done_on=m.done_on))
    for r in view.reviews:
        defaults[f"held_{r.id}"] = PageForm(
            f"held-{r.id}", REVIEW_LABELS, typed(held_on=r.held_on, findings=r.findings)
        )
    defaults.update(forms)
    failed = next((f for f in forms.values() if not f.ok), None)
    return render(
        request, "deal.html", status_code=failed.status_code if failed else 200, actor=actor, d=view,
        labels=words(), page_forms=defaults, failed=failed, next_steps=next_steps(view.status),
        may_end_early=may_end_early(view.status), public_parts=PUBLIC_PARTS,
        organisations=deals.organisation_choices(session, view.city_id) if view.runs else [],
        money=money_in(locale_of(request)),
    )  # fmt: skip
