"""routing-owner: an escalation type's owner is the owner of every level its cases reach, unless
the type says which owner governs (`when_owners_differ: level` or `type`).

An escalation type lists the entry criteria whose cases it handles (`criteria`); a case meeting
one of them reaches that criterion's level.

FAIL: production-outage (owner incident-commander) handles single-customer-p1 of level-2 (owner
      customer-liaison) -> "… reaches level-2, owned by customer-liaison, but this type is owned by
      incident-commander; make them the same, or say which governs with when_owners_differ …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..governing import owner_conflicts
from ..problems import Problem
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

def check(pb: "Playbook") -> Iterator[Problem]:
    for i, kind in enumerate(pb["routing"]["escalation_types"]):
        if kind.get("when_owners_differ"):
            continue
        for j, criterion, level_id in owner_conflicts(pb, kind):
            owner = pb.levels[level_id]["owner"]
            yield pb.problem("routing", ("escalation_types", i, "criteria", j),
                             f"a case meeting {criterion} reaches {level_id}, owned by {owner}, but {kind['id']} is "
                             f"owned by {kind['owner']}; make them the same, or say which governs with "
                             "when_owners_differ: level or type", RULE.id)


RULE = Rule("routing-owner", ("routing", "levels"), check,
            "An escalation type's owner agrees with the owner of the levels its cases reach.")
