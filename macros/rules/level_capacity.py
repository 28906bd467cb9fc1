"""level-capacity: staffing capacity is given for levels that exist.

FAIL: capacity: {level-9: {count: 5, per: week}} -> "unknown level 'level-9' …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..suggest import did_you_mean
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def check(pb: "Playbook") -> Iterator[Problem]:
    known = [level["id"] for level in pb["levels"]["levels"]]
    for level_id in pb["levels"].get("capacity", {}):
        if level_id not in known:
            yield pb.problem("levels", ("capacity", level_id), f"unknown level '{level_id}'"
                             f"{did_you_mean(level_id, known)}; use a level id from levels: {', '.join(known)}",
                             RULE.id)


RULE = Rule("level-capacity", ("levels",), check, "Staffing capacity names existing levels.")
