"""The gap to the target in words: one set of sentences for the plan, the city page and the
benchmark, so that the three say the same thing with the same figures."""

from __future__ import annotations

import math

from citypact.domain.trends import TargetProgress
from citypact.reports.wording import Words
from citypact.services.plans.action_plans import PlanGap


def path_position(progress: TargetProgress, w: Words) -> str:
    """'That is 6 % above the path.' or '... below the path: on track.'"""
    _ = w._
    if progress.on_track:
        return _("That is %(gap)s%% below the path: on track.") % {"gap": w.number(abs(progress.gap_pct), 0)}
    return _("That is %(gap)s%% above the path.") % {"gap": w.number(progress.gap_pct, 0)}


def gap_sentences(found: PlanGap, w: Words) -> list[str]:
    """Where the base and the latest figures come from, where the city stands on the path to its
    target, and what the measures of the plan leave to find by the target year."""
    _ = w._
    gap, now = found.gap, found.gap.progress
    base = {"t": w.fmt.number(found.base_emissions_t), "year": found.base_year}
    if found.base_source == "inventory":
        said = [_("Base year %(year)s: %(t)s t CO₂e, from the %(year)s inventory.") % base]
    else:
        said = [_("Base year %(year)s: %(t)s t CO₂e, typed by hand (no inventory of that year).") % base]
    if found.current_source == "inventory":
        said.append(
            _(
                "In %(now)s emissions were %(actual)s t CO₂e (from the %(now)s inventory); the straight "
                "path to the target asks for %(path)s t."
            )
            % {"now": now.year, "actual": w.fmt.number(now.actual), "path": w.fmt.number(now.on_path)}
        )
        said.append(path_position(now, w))
        if math.isfinite(now.needed_rate_pct):
            said.append(
                _("Reaching the target takes %(rate)s%% a year from now on.")
                % {"rate": w.signed(now.needed_rate_pct, 1)}
            )
    else:
        said.append(_("No inventory after the base year yet: the plan starts from the base year."))
    if gap.to_find_t > 0:
        said.append(
            _("The measures in the plan leave %(t)s t CO₂e to find by %(year)s.")
            % {"t": w.fmt.number(gap.to_find_t), "year": gap.target_year}
        )
    else:
        said.append(
            _("The measures in the plan reach the target by %(year)s if they deliver what is expected.")
            % {"year": gap.target_year}
        )
    return said + stakeholder_sentences(found, w)


def stakeholder_sentences(found: PlanGap, w: Words) -> list[str]:
    """What the stakeholders' commitments in signed deals add beside the plan (a line of their
    own on the chart), and which are counted with a measure instead."""
    layer, _ = found.stakeholders, w._
    if layer is None:
        return []
    said = []
    if layer.commitments:
        said.append(
            _(
                "Commitments of stakeholders in signed deals (%(n)s) are expected to cut a further %(t)s t "
                "CO₂e a year by %(year)s; with them the plan comes to %(with)s t."
            )
            % {
                "n": layer.commitments,
                "t": w.fmt.number(layer.cut[-1]),
                "year": found.gap.target_year,
                "with": w.fmt.number(layer.plan_with[-1]),
            }
        )
    if layer.in_measures:
        said.append(
            _("Commitments that name a measure of the plan (%(n)s) are counted with the measure, not again.")
            % {"n": layer.in_measures}
        )
    return said
