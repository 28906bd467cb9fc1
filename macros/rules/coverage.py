"""coverage: every combination the policy must answer is answered exactly once —
each tier's coverage hours for every priority, the update cadence for every priority and
tier, the intake facts for every level, templates for every phase levels.yml lists in required_phases.

FAIL: no cadence for p2 · starter -> "no update cadence for priority p2, tier starter; add one to cadences"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

def _tier_hours(pb: "Playbook") -> Iterator[Problem]:
    for ti, tier in enumerate(pb["organisation"]["tiers"]):
        seen: dict[str, int] = {}
        for ci, block in enumerate(tier["coverage"]):
            for priority in block["priorities"]:
                if priority in seen:
                    yield pb.problem("organisation", ("tiers", ti, "coverage", ci, "priorities"),
                                     f"priority {priority} already has coverage hours for tier {tier['id']}; "
                                     "list each priority once", "tier-coverage")
                seen[priority] = ci
        for priority in pb.priorities:
            if priority not in seen:
                yield pb.problem("organisation", ("tiers", ti, "coverage"),
                                 f"tier {tier['id']} has no coverage hours for priority {priority}; add it to coverage",
                                 "tier-coverage")


def _cadences(pb: "Playbook") -> Iterator[Problem]:
    seen: set[tuple[str, str]] = set()
    for i, row in enumerate(pb["communication"]["cadences"]):
        key = (row["priority"], row["tier"])
        if key in seen:
            yield pb.problem("communication", ("cadences", i),
                             f"second cadence for priority {key[0]}, tier {key[1]}; keep one", "cadence-coverage")
        seen.add(key)
    for priority in pb.priorities:
        for tier in pb.tiers:
            if (priority, tier) not in seen:
                yield pb.problem("communication", ("cadences",),
                                 f"no update cadence for priority {priority}, tier {tier}; add one to cadences",
                                 "cadence-coverage")


def _intake(pb: "Playbook") -> Iterator[Problem]:
    covered: set[str] = set()
    for i, row in enumerate(pb["intake"]["requirements"]):
        if row["level"] in covered and row["level"] in pb.levels:  # point at the repeat, where the fix goes
            yield pb.problem("intake", ("requirements", i, "level"),
                             f"level {row['level']} has intake requirements more than once; list it exactly once",
                             "intake-coverage")
        covered.add(row["level"])
    for level in pb.levels:
        if level not in covered:
            yield pb.problem("intake", ("requirements",), f"level {level} has no intake requirements; "
                                                          "list it exactly once", "intake-coverage")


def _level_templates(pb: "Playbook") -> Iterator[Problem]:
    required = pb["levels"]["required_phases"]
    for li, level in enumerate(pb["levels"]["levels"]):
        for phase in required:
            if not level["templates"].get(phase):
                yield pb.problem("levels", ("levels", li, "templates"),
                                 f"level {level['id']} has no template for phase '{phase}'; name at least one",
                                 "level-templates")


def check(pb: "Playbook") -> Iterator[Problem]:
    yield from _tier_hours(pb)
    yield from _cadences(pb)
    yield from _intake(pb)
    yield from _level_templates(pb)


RULE = Rule("coverage", ("organisation", "priorities", "communication", "intake", "levels"), check,
            "Every priority, tier and level combination the policy must answer is answered once.")
