"""The codes of joint carbon-credit projects shared by projects, monitoring, the ledger and the
claims on credits, and the one rule every part must apply the same way: a city never offsets with
a credit from its own territory. Words for the codes live in i18n; the other rules in the modules
of each part (methodologies, ledger, claims).

One credit is one tonne of CO2e. Shares are integer basis points (1/10 000), so splitting an
issuance is exact integer arithmetic, never a float rounded the wrong way.
"""

from __future__ import annotations

from typing import Final

BASIS_POINTS: Final = 10_000  # a share of 100 %
MAX_BUFFER_BP: Final = 5_000  # a buffer above half the issuance is not a buffer but a mistake

# Methodologies are code (domain/credit_methodologies.py); "reported" takes an external verifier's figure.
METHODOLOGIES: Final = ("grid_renewable", "energy_efficiency", "landfill_gas", "reported")
PROJECT_STATUSES: Final = ("draft", "registered", "closed")
PARTY_ROLES: Final = ("host", "partner", "participant")  # host: the city the project stands in
DOCUMENT_KINDS: Final = ("design", "validation", "monitoring_plan", "verification", "agreement", "other")
REPORT_STATUSES: Final = ("draft", "submitted", "verified", "rejected", "issued")

# Who may do what beyond the cities' and organisations' own roles (table credit_officer).
OFFICER_ROLES: Final = ("registry", "verifier")

ACCOUNT_KINDS: Final = ("holding", "buffer", "retirement", "cancellation")
BLOCK_STATUSES: Final = ("active", "retired", "cancelled", "split")  # split: replaced by its two halves
FINAL_BLOCK_STATUSES: Final = ("retired", "cancelled")
TRANSACTION_KINDS: Final = ("issue", "split", "transfer", "retire", "cancel")

# Article 6 of the Paris Agreement: what the host country authorised a credit for, and whether it
# adjusted its own balance so the tonne is counted once.
AUTHORISATIONS: Final = ("ndc", "other_purposes", "none")
ADJUSTMENT_STATUSES: Final = ("not_required", "pending", "applied")

# A retirement either counts toward the retiring city's own target (an offset claim) or is made on
# behalf of someone else for awareness (a school, an event, a citizens' pledge) and claims nothing.
RETIREMENT_USES: Final = ("own_target", "on_behalf")


def offset_refusal(use: str, retiring_city_id: int | None, host_city_id: int) -> str | None:
    """Why this retirement may not be counted as the retiring city's offset, as a code, or None.

    A project inside the city's own boundary already lowers the city's GPC inventory; claiming its
    credit as an offset would count the same tonne twice. Retiring it on someone's behalf claims
    nothing and stays allowed."""
    if use == "own_target" and retiring_city_id is not None and retiring_city_id == host_city_id:
        return "own_territory"
    return None


def double_claim(buyer_city_id: int | None, host_city_id: int, use: str, adjustment: str) -> bool:
    """Whether a retired credit is counted by two cities: the buyer claims it toward its target
    while the host's inventory still holds the reduction, because the host country has not applied
    a corresponding adjustment. Shown as a flag, not refused: the adjustment may come later."""
    return (
        use == "own_target"
        and buyer_city_id is not None
        and buyer_city_id != host_city_id
        and adjustment != "applied"
    )
