"""no-response-ladder: the no-response rule and the paging ladder tell the same story. A role the
no-response action names must be paged by the ladder no later than the rule's `after`.

FAIL: the action tells the Support Lead after 10 minutes; the ladder pages support-lead at step 3,
      13 minutes in -> "the no-response action brings in Support Lead after 10 minutes, but the
      ladder pages that role at step 3, after 13 minutes; …"
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..units import duration_minutes, duration_text, number
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def paged_at(pb: "Playbook") -> dict[str, tuple[int, float]]:
    """Role id -> (step, minutes after the first page) for ladder steps that name a role."""
    out: dict[str, tuple[int, float]] = {}
    elapsed = 0.0
    for step in pb["on-call"]["ladder"]:
        if step.get("role"):
            out.setdefault(step["role"], (step["step"], elapsed))
        elapsed += duration_minutes(step["wait"])
    return out


def check(pb: "Playbook") -> Iterator[Problem]:
    rule = pb["routing"]["no_response"]
    after = duration_minutes(rule["after"])
    ladder = paged_at(pb)
    for role_id, role in pb.roles.items():
        if role_id not in ladder or not re.search(rf"(?<!\w){re.escape(role['name'])}(?!\w)", rule["action"]):
            continue
        step, minutes = ladder[role_id]
        if minutes > after:
            yield pb.problem("routing", ("no_response", "action"),
                             f"the no-response action brings in {role['name']} after {duration_text(rule['after'])}, "
                             f"but the ladder pages that role at step {step}, after {number(minutes)} minutes; "
                             "make the action follow the ladder, or move the step", RULE.id)


RULE = Rule("no-response-ladder", ("routing", "on-call", "roles"), check,
            "The no-response rule agrees with the paging ladder.")
