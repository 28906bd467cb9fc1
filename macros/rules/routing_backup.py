"""routing-backup: every escalation type has a backup that is not its primary and that
is on duty whenever the primary is (a primary whose coverage hours are `always_staffed` needs an
always-staffed backup).

FAIL: primary engineering-primary, backup engineering-primary -> "backup is the same rotation as the primary; …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

def check(pb: "Playbook") -> Iterator[Problem]:
    rotations = pb.rotations
    always = {cid for cid, hours in pb.by_id("organisation", "coverage_hours").items() if hours.get("always_staffed")}
    for i, kind in enumerate(pb["routing"]["escalation_types"]):
        primary, backup = rotations.get(kind["primary"]), rotations.get(kind["backup"])
        if kind["primary"] == kind["backup"]:
            yield pb.problem("routing", ("escalation_types", i, "backup"),
                             f"backup is the same rotation as the primary ({kind['backup']}); name a different rotation",
                             RULE.id)
        elif primary and backup and primary["hours"] in always and backup["hours"] not in always:
            yield pb.problem("routing", ("escalation_types", i, "backup"),
                             f"backup {kind['backup']} works {backup['hours']} but primary {kind['primary']} is "
                             f"{primary['hours']}, which is always staffed; out of hours nobody backs it up, so choose "
                             f"a backup whose coverage hours are always staffed", RULE.id)


RULE = Rule("routing-backup", ("routing", "on-call", "organisation"), check, "Every escalation type has a real backup.")
