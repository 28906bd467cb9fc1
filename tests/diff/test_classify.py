"""The loosens/tightens/neutral table, one line per case: (area, old data, new data) -> directions."""
from __future__ import annotations

from typing import Any

import pytest

from macros.diff.classify import ROWS, TABLE, Rule, classify, condition_direction
from macros.diff.compare import compare_areas


def directions(stem: str, old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    return [classify(c) for c in compare_areas({stem: old}, {stem: new})]


def cadence(**every: float) -> dict[str, Any]:
    return {"cadences": [{"priority": "p1", "tier": "enterprise", "every": every}]}


def band(up_to: float, cap: float = 2500, above: float = 5) -> dict[str, Any]:
    return {"credits": {"bands": [{"approver": "csm", "above": {"percent": above}, "up_to": {"percent": up_to},
                                   "max_amount": {"amount": cap, "currency": "USD"}}]}}


def banned(*ids: str, why: str = "x") -> dict[str, Any]:
    return {"banned": [{"id": i, "text": i, "why": why, "instead": "y"} for i in ids]}


def role(*steps: str, responsibilities: tuple[str, ...] = (), within: float | None = None) -> dict[str, Any]:
    checklist = [{"id": s, "text": s, **({"within": {"minutes": within}} if within else {})} for s in steps]
    return {"roles": [{"id": "ic", "name": "IC", "responsibilities": list(responsibilities),
                       "checklist": {"during": checklist}}]}


def target(**bound: Any) -> dict[str, Any]:
    return {"outcomes": [{"id": "m", "name": "M", "target": bound}]}


def criterion(condition: dict[str, Any]) -> dict[str, Any]:
    return {"levels": [{"id": "level-1", "criteria": [{"id": "c", "text": "t", "condition": condition}]}]}


def leaf(field: str, op: str, value: Any) -> dict[str, Any]:
    return {"field": field, "op": op, "value": value}


USD = lambda amount: {"amount": amount, "currency": "USD"}  # noqa: E731

CASES = [
    ("cadence-longer", "communication", cadence(minutes=45), cadence(minutes=60), ["loosens"]),
    ("cadence-shorter", "communication", cadence(hours=2), cadence(minutes=90), ["tightens"]),
    ("cadence-same-in-other-unit", "communication", cadence(minutes=60), cadence(hours=1), []),
    ("cadence-business-days-are-not-days", "communication", cadence(days=1), cadence(business_days=1), ["neutral"]),
    ("cadence-removed", "communication", cadence(minutes=45), {"cadences": []}, ["loosens"]),
    ("credit-limit-higher", "decision-rights", band(10), band(15), ["loosens"]),
    ("credit-cap-lower", "decision-rights", band(10, cap=2500), band(10, cap=2000), ["tightens"]),
    ("credit-band-start", "decision-rights", band(10, above=5), band(10, above=4), ["neutral"]),
    ("banned-removed", "phrases", banned("a", "b"), banned("a"), ["loosens"]),
    ("banned-added", "phrases", banned("a"), banned("a", "b"), ["tightens"]),
    ("banned-reworded-reason", "phrases", banned("a", why="old"), banned("a", why="new"), ["neutral"]),
    ("banned-renamed", "phrases", banned("a"), {"banned": [{"id": "z", "text": "a", "why": "x", "instead": "y"}]},
     ["neutral"]),
    ("approved-removed", "phrases", {"approved": [{"id": "a", "text": "t"}]}, {"approved": []}, ["neutral"]),
    ("step-removed", "roles", role("a", "b"), role("a"), ["loosens"]),
    ("step-added", "roles", role("a"), role("a", "b"), ["tightens"]),
    ("step-deadline-longer", "roles", role("a", within=15), role("a", within=30), ["loosens"]),
    ("step-deadline-dropped", "roles", role("a", within=15), role("a"), ["loosens"]),
    ("responsibility-added", "roles", role("a"), role("a", responsibilities=("New duty",)), ["tightens"]),
    ("responsibility-reworded", "roles", role("a", responsibilities=("Old",)), role("a", responsibilities=("New",)),
     ["neutral"]),
    ("role-removed", "roles", role("a"), {"roles": []}, ["loosens"]),
    ("backup-removed", "routing", {"escalation_types": [{"id": "t", "backup": "r"}]},
     {"escalation_types": [{"id": "t"}]}, ["loosens"]),
    ("dispute-threshold-higher", "routing", {"escalation_types": [{"id": "t", "threshold": USD(1000)}]},
     {"escalation_types": [{"id": "t", "threshold": USD(2000)}]}, ["loosens"]),
    ("also-approver-removed", "decision-rights", {"exceptions": [{"id": "e", "also": ["cfo", "legal"]}]},
     {"exceptions": [{"id": "e", "also": ["legal"]}]}, ["loosens"]),
    ("metric-below-higher", "metrics", target(below={"minutes": 15}), target(below={"minutes": 20}), ["loosens"]),
    ("metric-above-lower", "metrics", target(above={"percent": 95}), target(above={"percent": 90}), ["loosens"]),
    ("metric-above-higher", "metrics", target(above={"percent": 95}), target(above={"percent": 99}), ["tightens"]),
    ("calibration-widened", "metrics", {"calibration": [{"id": "b", "min": {"percent": 5}, "max": {"percent": 10}}]},
     {"calibration": [{"id": "b", "min": {"percent": 4}, "max": {"percent": 12}}]}, ["neutral", "neutral"]),
    ("last-reviewed", "metrics", {"last_reviewed": "2026-10-12"}, {"last_reviewed": "2026-11-01"}, ["neutral"]),
    ("review-interval-longer", "roles", {"review_interval": {"days": 90}}, {"review_interval": {"days": 180}},
     ["loosens"]),
    ("pass-mark-lower", "training", {"scorecard": {"pass_mark": {"percent": 80}}},
     {"scorecard": {"pass_mark": {"percent": 70}}}, ["loosens"]),
    ("recovery-credit-higher", "service-recovery", {"rules": [{"id": "r", "credit": {"percent": 10}}]},
     {"rules": [{"id": "r", "credit": {"percent": 25}}]}, ["neutral"]),
    ("recovery-outage-longer", "service-recovery", {"rules": [{"id": "r", "outage_longer_than": {"hours": 2}}]},
     {"rules": [{"id": "r", "outage_longer_than": {"hours": 3}}]}, ["loosens"]),
    ("entry-threshold-raised", "levels", criterion(leaf("arr", "above", USD(50000))),
     criterion(leaf("arr", "above", USD(75000))), ["loosens"]),
    ("entry-threshold-lowered", "levels", criterion(leaf("arr", "at_least", USD(10000))),
     criterion(leaf("arr", "at_least", USD(5000))), ["tightens"]),
    ("entry-at-most-shortened", "levels", criterion(leaf("termination_notice", "at_most", {"days": 30})),
     criterion(leaf("termination_notice", "at_most", {"days": 14})), ["loosens"]),
    ("entry-one-of-fewer", "levels", criterion(leaf("type", "one_of", ["a", "b"])),
     criterion(leaf("type", "one_of", ["b"])), ["loosens"]),
    ("entry-raised-inside-not", "levels", criterion({"not": leaf("arr", "above", USD(1))}),
     criterion({"not": leaf("arr", "above", USD(2))}), ["tightens"]),
    ("entry-field-swapped", "levels", criterion(leaf("arr", "above", USD(1))),
     criterion(leaf("disputed_amount", "above", USD(1))), ["neutral"]),
    ("entry-children-reordered", "levels", criterion({"all": [leaf("a", "is", True), leaf("b", "is", 1)]}),
     criterion({"all": [leaf("b", "is", 1), leaf("a", "is", True)]}), []),
    ("criterion-added", "levels", {"levels": [{"id": "level-1", "criteria": []}]},
     criterion(leaf("a", "is", True)), ["tightens"]),
    ("unknown-path-is-neutral", "glossary", {"terms": [{"term": "A", "definition": "x"}]},
     {"terms": [{"term": "A", "definition": "y"}]}, ["neutral"]),
]


@pytest.mark.parametrize(("name", "stem", "old", "new", "expected"), CASES, ids=[c[0] for c in CASES])
def test_direction(name: str, stem: str, old: dict, new: dict, expected: list[str]) -> None:
    assert directions(stem, old, new) == expected


def test_condition_of_another_shape_is_neutral() -> None:
    assert condition_direction(leaf("a", "above", 1), {"all": [leaf("a", "above", 2), leaf("b", "is", True)]}) \
        == "neutral"


def test_every_table_row_names_a_known_area_and_a_rule() -> None:
    from macros.playbook import AREAS

    assert len(ROWS) == len(TABLE)
    for area, path, rule in ROWS:
        assert area == "*" or area in AREAS, area
        assert path and all(path), (area, path)
        assert isinstance(rule, Rule)


def test_the_module_docstring_explains_every_rule() -> None:
    import macros.diff.classify as module

    for rule in Rule:
        assert rule.name in (module.__doc__ or ""), rule.name
