"""What the pages of the House of Change share: the forms' labels (message ids), the proposal form's
fields, the questions of each role's review form in words, and the status lines after a write."""

from __future__ import annotations

from pydantic import BaseModel, Field

from citypact.domain.ideas import GPC_SECTOR_CODES, split_codes
from citypact.i18n.labels import N_
from citypact.web.forms import PageForm, typed

IDEA_LABELS = {
    "title": N_("Title of the idea"),
    "description": N_("What is the idea?"),
    "action_field": N_("Action field of the European Green Deal"),
    "sdg_targets": N_("Sustainable Development Goals and targets (e.g. 7; 7.2; 11.6)"),
    "gpc_sectors": N_("GPC sectors it touches"),
    "needs": N_("What it needs (money, land, permits, people)"),
    "who_could_join": N_("Who could join"),
    "organisation_id": N_("Proposed by"),
    "show_name": N_("Show my name with the idea (otherwise: a resident)"),
}
QUESTION_LABELS = {
    "could_become": N_("What could it become at its best?"),
    "who_benefits": N_("Who benefits?"),
    "success_looks_like": N_("What does success look like?"),
    "steps": N_("Which steps does it take?"),
    "resources_costs": N_("What resources and costs does it need?"),
    "partners": N_("Which partners are needed?"),
    "time": N_("How much time does it take?"),
    "risks": N_("What are the risks?"),
    "objections": N_("Which objections will it meet?"),
    "must_be_true": N_("What would have to be true for it to work?"),
    "show_name": N_("Show my name with this review"),
}
ROLE_HINTS = {
    "dreamer": N_("The dreamer looks at what the idea could become."),
    "realist": N_("The realist looks at what it takes: steps, resources, partners, time."),
    "critic": N_("The critic looks at risks and objections."),
}
SUPPORT_LABELS = {"organisation_id": N_("Your organisation"), "note": N_("What the organisation would bring")}
REPORT_LABELS = {"reason": N_("What is wrong with it?"), "review_id": N_("Review")}
MOVE_LABELS = {"status": N_("Next step of the idea"), "reason": N_("Reason (required to archive)")}
HIDE_LABELS = {"reason": N_("Why is it hidden? (kept in the audit trail)")}
RESTORE_LABELS = {
    "review_id": N_("What to show again"),
    "reason": N_("Why is it shown again? (kept in the audit trail)"),
}
# Status lines after a write (post/redirect/get with ?step=...); a code outside this table shows nothing.
STEPS = {
    "proposed": N_("Idea proposed"),
    "edited": N_("Idea saved"),
    "reviewed": N_("Review saved"),
    "supported": N_("Support added"),
    "reported": N_("Report sent to the city's editors"),
    "moved": N_("Step taken"),
    "hidden": N_("Hidden by the city's editors"),
    "kept": N_("Kept as it is"),
    "restored": N_("Shown again"),
}


class IdeaFields(BaseModel):
    """The proposal form's fields as posted, strings as typed (GPC sectors: one value per box)."""

    title: str = Field("", max_length=300)
    description: str = Field("", max_length=10_000)
    action_field: str = Field("", max_length=40)
    sdg_targets: str = Field("", max_length=400)
    gpc_sectors: list[str] = Field(default_factory=list, max_length=6)
    needs: str = Field("", max_length=10_000)
    who_could_join: str = Field("", max_length=10_000)
    organisation_id: str = Field("", max_length=12)
    show_name: str = Field("", max_length=5)

    def form(self) -> PageForm:
        values = self.model_dump()
        values["gpc_sectors"] = ";".join(s for s in GPC_SECTOR_CODES if s in self.gpc_sectors)
        return PageForm("idea", IDEA_LABELS, typed(**values))


class ReviewFields(BaseModel):
    """A review form's answers as posted: every question of every role (a role's form shows its own)."""

    could_become: str = Field("", max_length=2000)
    who_benefits: str = Field("", max_length=2000)
    success_looks_like: str = Field("", max_length=2000)
    steps: str = Field("", max_length=2000)
    resources_costs: str = Field("", max_length=2000)
    partners: str = Field("", max_length=2000)
    time: str = Field("", max_length=300)
    risks: str = Field("", max_length=2000)
    objections: str = Field("", max_length=2000)
    must_be_true: str = Field("", max_length=2000)
    show_name: str = Field("", max_length=5)


def gpc_of(form: PageForm) -> list[str]:
    return split_codes(form.value("gpc_sectors"))
