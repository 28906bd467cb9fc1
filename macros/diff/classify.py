"""Does a change loosen or tighten the policy? An explicit table, one row per kind of value.

The principle: a change **loosens** when the policy asks less of us or protects less:
a customer waits longer, a check, step, person or obligation is dropped, money can be
given away with less oversight, or fewer tickets get an escalation's treatment. It
**tightens** when it does the opposite. Everything else, and anything the table does not
name, is **neutral**: wording, names, ids (a rename is always neutral), structure.

Rules (a row's path pattern uses '*' for any list entry, plain-list item or phase key):

| rule            | changed value               | entry/value removed | entry/value added |
|-----------------|-----------------------------|---------------------|-------------------|
| HIGHER_LOOSENS  | larger loosens, smaller tightens | loosens (no limit) | tightens      |
| LOWER_LOOSENS   | smaller loosens, larger tightens | loosens (no bar)   | tightens      |
| REMOVAL_LOOSENS | neutral (a rewording or swap) | loosens            | tightens          |
| CONDITION       | see below                   | n/a                 | n/a               |
| NEUTRAL         | neutral                     | neutral             | neutral           |

HIGHER_LOOSENS: update cadences, response targets, send-within and step deadlines, the
no-response wait and ladder waits, review and renewal intervals, overdue thresholds,
outage length that triggers service recovery, the financial-dispute routing threshold,
on-call health limits, approval-band ceilings (``up_to``, ``max_amount``: a lower-rank
approver may approve more), metric ``below`` targets, the day daily summaries start.
LOWER_LOOSENS: metric ``above`` targets, pass marks, training length.
REMOVAL_LOOSENS: banned phrases, roles, responsibilities, checklist steps and phases,
backups, rotations, paging rules, ladder steps, update elements, brief lines, intake facts
and requirements, entry criteria and levels, review sections and required levels,
recovery rules and actions, co-approvers (``also``), documentation items, training
modules, audiences and certification requirements, outcome metrics, burnout flags.

Deliberately neutral: ``last_reviewed`` (a change, but no change of policy); approval-band
``above`` (it follows the previous band's ``up_to``, which carries the meaning);
calibration bands (an expected volume, not an obligation: wider or narrower is a judgement
for reviewers); the service-recovery credit offered (more costs more, less protects the
customer less: reviewers decide); names, descriptions, templates and approved phrases.

CONDITION (entry criteria): when exactly one comparison's value moves and everything else
is equal, the criterion matches fewer tickets (``above``/``at_least`` raised,
``below``/``at_most`` lowered, ``one_of`` values dropped, ``not_one_of`` values added) or
more; inside an odd number of ``not`` it is the other way. Fewer tickets escalate →
**loosens**; more → **tightens**. Note this is the policy's view, not the criterion's:
a "stricter" entry threshold means fewer customers are escalated, so it loosens the
policy. Any other shape of condition change is neutral.
"""
from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from ..conditions import leaves
from ..units import quantity_magnitude
from .compare import Change, canonical, matches

Direction = Literal["loosens", "tightens", "neutral"]
DIRECTIONS: tuple[Direction, ...] = ("loosens", "tightens", "neutral")


class Rule(Enum):
    HIGHER_LOOSENS = "higher loosens"
    LOWER_LOOSENS = "lower loosens"
    REMOVAL_LOOSENS = "removal loosens"
    CONDITION = "condition"
    NEUTRAL = "neutral"


H, L, R = Rule.HIGHER_LOOSENS, Rule.LOWER_LOOSENS, Rule.REMOVAL_LOOSENS

# "area: path" -> rule. '*' as the area means every area; the first matching row wins.
TABLE: dict[str, Rule] = {
    "*: last_reviewed": Rule.NEUTRAL,
    "*: review_interval": H,
    "communication: cadences.*.every": H,
    "communication: cadences.*": R,
    "communication: templates.*.send_within": H,
    "communication: update_elements.*": R,
    "communication: war_room_brief.*": R,
    "levels: levels.*.response.*": H,
    "levels: levels.*.internal_update": H,
    "levels: levels.*.criteria.*.condition": Rule.CONDITION,
    "levels: levels.*.criteria.*": R,
    "levels: levels.*.templates.*.*": R,
    "levels: levels.*.templates.*": R,
    "levels: levels.*": R,
    "intake: facts.*": R,
    "intake: requirements.*.facts.*": R,
    "intake: requirements.*": R,
    "roles: roles.*.responsibilities.*": R,
    "roles: roles.*.checklist.*.*.within": H,
    "roles: roles.*.checklist.*.*": R,
    "roles: roles.*.checklist.*": R,
    "roles: roles.*": R,
    "routing: no_response.after": H,
    "routing: escalation_types.*.backup": R,
    "routing: escalation_types.*.threshold": H,
    "routing: escalation_types.*": R,
    "on-call: rotations.*": R,
    "on-call: paging.rules.*": R,
    "on-call: ladder.*.wait": H,
    "on-call: ladder.*": R,
    "on-call: health.pages_per_engineer_per_week": H,
    "on-call: health.after_hours_share": H,
    "on-call: health.burnout_flags.*": R,
    "phrases: banned.*": R,
    "decision-rights: credits.bands.*.up_to": H,
    "decision-rights: credits.bands.*.max_amount": H,
    "decision-rights: credits.bands.*.above": Rule.NEUTRAL,
    "decision-rights: refunds.bands.*.up_to": H,
    "decision-rights: refunds.bands.*.above": Rule.NEUTRAL,
    "decision-rights: exceptions.*.also.*": R,
    "decision-rights: exceptions.*": R,
    "decision-rights: documentation.*": R,
    "service-recovery: applies_to.*": R,
    "service-recovery: rules.*.outage_longer_than": H,
    "service-recovery: rules.*.credit": Rule.NEUTRAL,
    "service-recovery: rules.*.review_within": H,
    "service-recovery: rules.*.actions.*": R,
    "service-recovery: rules.*": R,
    "executive-brief: bullets.*": R,
    "executive-brief: daily_summary.every": H,
    "executive-brief: daily_summary.from_day": H,
    "review: required_for.*": R,
    "review: due_within": H,
    "review: sections.*": R,
    "review: overdue_rules.*.overdue_by": H,
    "review: overdue_rules.*": R,
    "metrics: outcomes.*.target.below": H,
    "metrics: outcomes.*.target.above": L,
    "metrics: outcomes.*": R,
    "metrics: calibration.*": Rule.NEUTRAL,
    "training: modules.*.duration": L,
    "training: modules.*.audience.*": R,
    "training: modules.*": R,
    "training: certification.required_for.*": R,
    "training: certification.modules.*": R,
    "training: certification.pass_mark": L,
    "training: certification.renew_every": H,
    "training: scorecard.pass_mark": L,
}


def _parse(row: str) -> tuple[str, tuple[str, ...]]:
    area, _, path = row.partition(":")
    return area.strip(), tuple(path.strip().split("."))


ROWS: tuple[tuple[str, tuple[str, ...], Rule], ...] = tuple((*_parse(row), rule) for row, rule in TABLE.items())


def rule_for(change: Change) -> Rule:
    pattern = change.pattern
    for area, path, rule in ROWS:
        if area in ("*", change.stem) and matches(pattern, path):
            return rule
    return Rule.NEUTRAL


def classify(change: Change) -> Direction:
    if change.kind == "renamed":
        return "neutral"
    rule = rule_for(change)
    if rule is Rule.NEUTRAL:
        return "neutral"
    if rule is Rule.CONDITION:
        return condition_direction(change.old, change.new) if change.kind == "changed" else "neutral"
    if change.kind == "removed":
        return "loosens"
    if change.kind == "added":
        return "tightens"
    if rule is Rule.REMOVAL_LOOSENS:
        return "neutral"
    return _by_size(change.old, change.new, higher_loosens=rule is Rule.HIGHER_LOOSENS)


def _by_size(old: Any, new: Any, higher_loosens: bool) -> Direction:
    before, after = quantity_magnitude(old), quantity_magnitude(new)
    if before is None or after is None or before == after or not _same_kind(old, new):
        return "neutral"
    return "loosens" if (after > before) == higher_loosens else "tightens"


def _same_kind(old: Any, new: Any) -> bool:
    """Quantities of different kinds (a percent against money) cannot be ordered."""
    if isinstance(old, dict) and isinstance(new, dict):
        if "currency" in old or "currency" in new:
            return old.get("currency") == new.get("currency")
        if "per" in old or "per" in new:
            return old.get("per") == new.get("per")
        return ("percent" in old) == ("percent" in new)
    return isinstance(old, dict) == isinstance(new, dict)


# ----------------------------------------------------------------- entry criteria

def condition_direction(old: Any, new: Any) -> Direction:
    """Fewer tickets match -> loosens; more -> tightens; unknown -> neutral."""
    if not isinstance(old, dict) or not isinstance(new, dict) or _shape(old) != _shape(new):
        return "neutral"
    old_leaves, new_leaves = dict(leaves(old)), dict(leaves(new))
    moved = [path for path in old_leaves if canonical(old_leaves[path]) != canonical(new_leaves.get(path))]
    if len(moved) != 1:
        return "neutral"
    path = moved[0]
    narrower = _narrower(old_leaves[path], new_leaves[path])
    if narrower is None:
        return "neutral"
    if path.count("not") % 2:
        narrower = not narrower
    return "loosens" if narrower else "tightens"


def _shape(condition: Any) -> Any:
    """The condition with every comparison's value blanked: equal shapes differ only in values."""
    if isinstance(condition, dict):
        return {k: (None if k == "value" else _shape(v)) for k, v in condition.items()}
    if isinstance(condition, list):
        return [_shape(c) for c in condition]
    return condition


def _narrower(old: dict[str, Any], new: dict[str, Any]) -> bool | None:
    """Does the new comparison match fewer tickets (True), more (False), or can't we say (None)?"""
    op = old.get("op")
    if op in ("one_of", "not_one_of"):
        before = {canonical(v) for v in old.get("value") or []}
        after = {canonical(v) for v in new.get("value") or []}
        if before == after or not (before <= after or after <= before):
            return None
        fewer_values = after < before
        return fewer_values if op == "one_of" else not fewer_values
    before, after = quantity_magnitude(old.get("value")), quantity_magnitude(new.get("value"))
    if op not in ("above", "at_least", "below", "at_most") or before is None or after is None or before == after:
        return None
    return (after > before) if op in ("above", "at_least") else (after < before)
