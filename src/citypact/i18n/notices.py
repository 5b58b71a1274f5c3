"""What a page says after a write: the redirect carries a code (`?done=row_added`), the page the
redirect leads to shows the words in the reader's language (base.html, role="status").

A code outside this table shows nothing, so a crafted link can put no text of its own on a page.
"""

from __future__ import annotations

from citypact.i18n.labels import N_

NOTICES = {
    "city_saved": N_("City saved"),
    "statistic_added": N_("Figure saved"),
    "statistic_deleted": N_("Figure deleted"),
    "inventory_created": N_("Inventory created"),
    "row_added": N_("Activity added"),
    "row_saved": N_("Activity saved"),
    "row_deleted": N_("Activity deleted"),
    "target_saved": N_("Target saved"),
    "measure_added": N_("Measure added"),
    "measure_saved": N_("Measure saved"),
    "measure_cancelled": N_("Measure cancelled"),
    "milestone_added": N_("Milestone added"),
    "item_added": N_("Offer or need added"),
    "item_removed": N_("Offer or need removed"),
    "membership_ended": N_("Membership ended"),
    "city_invited": N_("City invited; it is a member once its editor accepts"),
    "partnership_proposed": N_("Partnership proposed; the invited cities are asked to accept"),
    "event_added": N_("Event added"),
    "progress_reported": N_("Progress reported; the deal's standing is updated"),
    "member_invited": N_("City invited to the partnership"),
    "goal_added": N_("Goal added"),
    "task_added": N_("Task added"),
    "exchange_added": N_("Exchange recorded"),
    "participant_added": N_("Participant added"),
    "participant_removed": N_("Participant removed"),
    "event_saved": N_("Event saved"),
    "schedule_added": N_("CO₂ price schedule added"),
    "schedule_version_added": N_("New version of the CO₂ price schedule added"),
    # joint procurement
    "procurement_opened": N_("Procurement opened; invite the cities that buy with you"),
    "procurement_saved": N_("Procurement saved"),
    "phase_moved": N_("Phase changed"),
    "milestone_saved": N_("Timeline date saved"),
    "procurement_cancelled": N_("Procurement cancelled"),
    "procurement_city_invited": N_("City invited; it takes part once its editor joins"),
    "procurement_joined": N_("Your city takes part in the procurement"),
    "procurement_left": N_("Your city left the procurement"),
    "lot_saved": N_("Lot saved"),
    "lot_deleted": N_("Lot deleted"),
    "demand_saved": N_("Demand saved; the group's totals are updated"),
    "dialogue_posted": N_("Entry added to the market dialogue"),
    "document_added": N_("Document added"),
    "document_deleted": N_("Document deleted"),
    "bid_sealed": N_("Bid sealed; keep its receipt"),
    "evaluation_stored": N_("Evaluation stored as a draft"),
    "evaluation_published": N_("Evaluation published; it will not change"),
    "lot_awarded": N_("Lot awarded"),
    # joint infrastructure projects
    "joint_project_created": N_("Joint project created"),
    "joint_project_saved": N_("Joint project saved"),
    "joint_project_deleted": N_("Joint project deleted"),
    "deal_created": N_("Draft deal created"),
    "deal_saved": N_("Deal saved"),
    "deal_deleted": N_("Draft deal deleted"),
    "party_added": N_("Party added"),
    "party_removed": N_("Party removed"),
    "deal_signature_saved": N_("Signature saved"),
    "deal_review_saved": N_("Review saved"),
    "commitment_added": N_("Commitment added"),
    "commitment_saved": N_("Commitment saved"),
    "commitment_removed": N_("Commitment removed"),
    "benefit_added": N_("Co-benefit added"),
    "benefit_removed": N_("Co-benefit removed"),
    "partner_added": N_("Partner added"),
    "partner_saved": N_("Partner's figures saved"),
    "partner_removed": N_("Partner removed"),
    "participation_confirmed": N_("Participation confirmed"),
    "plan_linked": N_("Plan link saved"),
    "cost_added": N_("Cost line added"),
    "cost_removed": N_("Cost line deleted"),
    "funding_added": N_("Funding source added"),
    "funding_removed": N_("Funding source deleted"),
    "net_display_saved": N_("Choice saved: the gross figures stay as they are"),
    "credits_transferred": N_("Credits transferred"),
    "block_split": N_("Block split in two"),
    "credits_retired": N_("Credits retired; this is their public record"),
    "credits_cancelled": N_("Credits cancelled"),
    "credits_issued": N_("Credits issued"),
    "article6_saved": N_("Article 6 fields saved"),
    "news_saved": N_("News post saved"),
    "news_deleted": N_("News post deleted"),
}


def notice(code: str | None) -> str | None:
    """The message id of a notice code (translated where it is shown), or None for no notice."""
    return NOTICES.get(code or "")
