"""level-order: levels are listed in rank order 1, 2, 3 … with no gap, and each
higher level responds at least as fast as the one below.

FAIL: ranks 1, 3 -> "rank 3 follows rank 1; ranks must run 1, 2, 3 … in order"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..units import duration_minutes, duration_text
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

TARGET_WORDS = {"acknowledge": "acknowledgement", "engage_sme": "SME engagement"}


def check(pb: "Playbook") -> Iterator[Problem]:
    levels = pb["levels"]["levels"]
    for i, level in enumerate(levels):
        if level["rank"] != i + 1:
            yield pb.problem("levels", ("levels", i, "rank"),
                             f"rank {level['rank']} is in position {i + 1}; list levels in rank order 1, 2, 3 … with no gap",
                             RULE.id)
    for i in range(1, len(levels)):
        for target in ("acknowledge", "engage_sme"):
            lower, higher = levels[i - 1]["response"][target], levels[i]["response"][target]
            if duration_minutes(higher) > duration_minutes(lower):
                yield pb.problem("levels", ("levels", i, "response", target),
                                 f"{TARGET_WORDS[target]} target {duration_text(higher)} is slower than "
                                 f"{levels[i - 1]['id']}'s {duration_text(lower)}; a higher level must respond at least as fast",
                                 RULE.id)


RULE = Rule("level-order", ("levels",), check, "Levels are ordered and respond faster as they rise.")
