"""level-metric-target: a level's acknowledgement and specialist targets agree with the metric
targets for the priorities that level admits, unless the metric says which target governs.

A level admits the priorities its entry criteria name (`priority is p1`, `one_of [p1, p2]`); a
level whose criteria name no priority is not compared. A time metric measured from declared_at
to acknowledged_at is compared with `acknowledge`, to sme_joined_at with `engage_sme`.

FAIL: level-2 admits P1 and allows 30 minutes; time-to-acknowledge (P1) targets below 15 minutes ->
      "level-2 admits P1 and allows 30 minutes to acknowledge, but time-to-acknowledge targets
       below 15 minutes; make them agree, or say which governs with where_levels_differ …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..finder.find import priority_tier_fields
from ..problems import Problem
from ..sentences import leaves
from ..units import duration_minutes, duration_text, is_duration
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

RESPONSE_BY_END = {"acknowledged_at": ("acknowledge", "to acknowledge"),
                   "sme_joined_at": ("engage_sme", "to engage the specialist")}


def admitted_priorities(level: dict, field: str | None) -> set[str]:
    found: set[str] = set()
    for criterion in level["criteria"]:
        for leaf in leaves(criterion["condition"]):
            if leaf.get("field") == field and leaf.get("op") == "is":
                found.add(leaf["value"])
            elif leaf.get("field") == field and leaf.get("op") == "one_of":
                found.update(leaf["value"])
    return found


def measured(outcome: dict) -> tuple[str, str] | None:
    measure = outcome.get("measure") or {}
    if measure.get("from") != "declared_at" or measure.get("to") not in RESPONSE_BY_END:
        return None
    return RESPONSE_BY_END[measure["to"]]


def conflicts(pb: "Playbook", outcome: dict) -> Iterator[tuple[str, str, dict]]:
    """(level id, priority name, the level's target) where a level differs from the metric."""
    kind, target = measured(outcome), outcome["target"].get("below")
    if kind is None or not is_duration(target):
        return
    field, _tier = priority_tier_fields(pb)
    measured_priorities = set((outcome.get("measure") or {}).get("priorities") or pb.priorities)
    for level_id, level in pb.levels.items():
        shared = sorted(admitted_priorities(level, field) & measured_priorities)
        own = level["response"][kind[0]]
        if shared and duration_minutes(own) != duration_minutes(target):
            yield level_id, ", ".join(pb.priorities[p]["name"] for p in shared), own


def check(pb: "Playbook") -> Iterator[Problem]:
    for i, outcome in enumerate(pb["metrics"]["outcomes"]):
        if outcome.get("where_levels_differ"):
            continue
        kind = measured(outcome)
        for level_id, names, own in conflicts(pb, outcome):
            yield pb.problem("metrics", ("outcomes", i, "target"),
                             f"{level_id} admits {names} and allows {duration_text(own)} {kind[1]}, but {outcome['id']} "
                             f"targets below {duration_text(outcome['target']['below'])}; make them agree, or say which "
                             "governs with where_levels_differ: level, metric or stricter", RULE.id)


RULE = Rule("level-metric-target", ("metrics", "levels", "priorities", "ticket-fields", "organisation"), check,
            "Level response targets agree with the metric targets for the priorities they admit.")
