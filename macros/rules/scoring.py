"""scoring: the QA scorecard weights add up to 100 % and the review rubric's points add
up to its maximum, so a score means what it says.

FAIL: weights 20 + 15 + … = 95 % -> "scorecard weights add up to 95 %, not 100 %"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..units import number
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def check(pb: "Playbook") -> Iterator[Problem]:
    if "training" in pb.clean:
        total = sum(c["weight"]["percent"] for c in pb["training"]["scorecard"]["criteria"])
        if round(total, 6) != 100:
            yield pb.problem("training", ("scorecard", "criteria"),
                             f"scorecard weights add up to {number(total)} %, not 100 %; adjust the weights", RULE.id)
    if "review" in pb.clean:
        rubric = pb["review"]["rubric"]
        points = sum(c["points"] for c in rubric["criteria"])
        if points != rubric["max_points"]:
            yield pb.problem("review", ("rubric", "max_points"),
                             f"rubric criteria add up to {points} points but max_points is {rubric['max_points']}; "
                             "make them agree", RULE.id)


RULE = Rule("scoring", (), check, "Scorecard weights and rubric points add up.")
