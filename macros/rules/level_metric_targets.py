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

from ..governing import measured, target_conflicts
from ..problems import Problem
from ..units import duration_text
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def check(pb: "Playbook") -> Iterator[Problem]:
    for i, outcome in enumerate(pb["metrics"]["outcomes"]):
        if outcome.get("where_levels_differ"):
            continue
        kind = measured(outcome)
        for level_id, names, own in target_conflicts(pb, outcome):
            yield pb.problem("metrics", ("outcomes", i, "target"),
                             f"{level_id} admits {names} and allows {duration_text(own)} {kind[1]}, but {outcome['id']} "
                             f"targets below {duration_text(outcome['target']['below'])}; make them agree, or say which "
                             "governs with where_levels_differ: level, metric or stricter", RULE.id)


RULE = Rule("level-metric-target", ("metrics", "levels", "priorities", "ticket-fields", "organisation"), check,
            "Level response targets agree with the metric targets for the priorities they admit.")
