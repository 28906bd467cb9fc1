"""paging-ladder: the backup ladder reaches its last human before the fastest
acknowledgement target runs out, and its first wait is the routing no-response rule.

FAIL: waits 10 + 10 min before step 3 with a 15-minute target ->
      "step 3 is paged after 20 minutes, after the fastest acknowledgement target (15 minutes of level-3) …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..units import duration_minutes, duration_text, number
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def check(pb: "Playbook") -> Iterator[Problem]:
    ladder = pb["on-call"]["ladder"]
    fastest = min(pb["levels"]["levels"], key=lambda lv: duration_minutes(lv["response"]["acknowledge"]))
    target = duration_minutes(fastest["response"]["acknowledge"])
    elapsed = 0.0
    for i, step in enumerate(ladder):
        if step["step"] != i + 1:
            yield pb.problem("on-call", ("ladder", i, "step"), f"step {step['step']} is in position {i + 1}; "
                                                               "number ladder steps 1, 2, 3 … in order", RULE.id)
        if elapsed >= target:
            yield pb.problem("on-call", ("ladder", i, "wait"),
                             f"step {step['step']} is paged after {number(elapsed)} minutes, not inside the fastest "
                             f"acknowledgement target ({duration_text(fastest['response']['acknowledge'])}, "
                             f"{fastest['id']}); shorten the waits before it", RULE.id)
        elapsed += duration_minutes(step["wait"])
    no_response = pb["routing"]["no_response"]["after"]
    if ladder and duration_minutes(ladder[0]["wait"]) != duration_minutes(no_response):
        yield pb.problem("on-call", ("ladder", 0, "wait"),
                         f"the first wait is {duration_text(ladder[0]['wait'])} but routing.yml pages the backup after "
                         f"{duration_text(no_response)} with no response; make them the same", RULE.id)


RULE = Rule("paging-ladder", ("on-call", "levels", "routing"), check,
            "The paging ladder reaches a human inside the acknowledgement target.")
