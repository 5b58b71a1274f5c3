"""Words for the codes of the Climate City Contract (domain/climate_city_contract.py)."""

from __future__ import annotations

from citypact.i18n.labels import N_

MISSING_LABELS = {
    "no_target": N_("The city has no climate target (base year, target year, reduction)."),
    "no_inventory": N_("The city has no submitted or verified emission inventory."),
    "no_measures": N_("The action plan has no measures."),
    "no_deals": N_("No deal with local stakeholders yet."),
    "measure_without_reduction": N_("Measure without an expected reduction"),
    "measure_without_dates": N_("Measure without start and end dates"),
    "measure_without_costs": N_("Measure without costs"),
    "measure_without_currency": N_("Measure with funding but without a currency"),
    "measure_without_funding": N_("Measure without funding"),
    "deal_unsigned": N_("Deal not signed yet"),
    "commitment_without_kpi": N_("Commitment without an indicator (KPI with unit and target)"),
    "commitment_without_due_date": N_("Commitment without a due date"),
}
ASSUMPTION_LABELS = {
    "capex_spread_evenly": N_("No cost lines: the investment is spread evenly over the measure's years."),
    "opex_every_year": N_("No cost lines: the operating cost is paid every year of the measure."),
}
BASIS_LABELS = {
    "lines": N_("cost lines"),
    "assumed": N_("assumed from the measure's dates"),
    "undated": N_("no years (measure without dates)"),
}
# The refusals of services/plans/measure_money.py that a page shows at a field (PageForm.refuse
# translates them).
MONEY_MESSAGES = (
    N_("give a last year that is not before the first year."),
    N_("a cost line covers at most 50 years; split it in two."),
    N_("give the measure a currency first: amounts are in its currency."),
)
