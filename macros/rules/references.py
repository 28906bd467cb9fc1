"""unknown-reference: every id one area uses must be defined where it belongs.

PASS: levels[0].owner: support-lead    (roles.yml defines support-lead)
FAIL: levels[0].owner: incident-comander
      -> unknown role 'incident-comander' (did you mean 'incident-commander'?)
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Callable, Iterator

from ..problems import Problem
from ..suggest import did_you_mean
from . import Rule
from .walk import find

if TYPE_CHECKING:
    from ..playbook import Playbook

# kind -> (the file that defines it, the list of id'd entries in it). One table for every tool
# that follows references (the policy diff labels references with it too).
ID_LISTS: dict[str, tuple[str, str]] = {
    "role": ("roles", "roles"),
    "level": ("levels", "levels"),
    "phase": ("roles", "phases"),
    "template": ("communication", "templates"),
    "priority": ("priorities", "priorities"),
    "tier": ("organisation", "tiers"),
    "coverage hours": ("organisation", "coverage_hours"),
    "region": ("organisation", "regions"),
    "queue": ("routing", "queues"),
    "rotation": ("on-call", "rotations"),
    "channel": ("communication", "channels"),
    "update element": ("communication", "update_elements"),
    "intake fact": ("intake", "facts"),
    "approver": ("decision-rights", "approvers"),
    "training module": ("training", "modules"),
}


def _steps(pb: "Playbook") -> set[str]:
    return {f"{r}.{s['id']}" for r, role in pb.roles.items() for steps in role["checklist"].values() for s in steps}


# kind -> (the file that defines it, how to list the ids, where to add one)
TARGETS: dict[str, tuple[str, Callable[["Playbook"], set[str]], str]] = {
    **{kind: (stem, (lambda pb, stem=stem, key=key: set(pb.by_id(stem, key))), f"{stem}.yml {key}")
       for kind, (stem, key) in ID_LISTS.items()},
    "checklist step": ("roles", _steps, "a role's checklist in roles.yml"),
    "entry criterion": ("levels", lambda pb: {c["id"] for lv in pb.levels.values() for c in lv["criteria"]},
                        "a level's criteria in levels.yml"),
}

# (file, path pattern, kind)
REFERENCES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("organisation", ("tiers", "*", "coverage", "*", "priorities", "*"), "priority"),
    ("organisation", ("tiers", "*", "coverage", "*", "hours"), "coverage hours"),
    ("organisation", ("coverage_hours", "*", "public_holidays", "region"), "region"),
    ("organisation", ("business_days",), "coverage hours"),
    ("levels", ("levels", "*", "owner"), "role"),
    ("levels", ("levels", "*", "routes_to"), "queue"),
    ("levels", ("levels", "*", "templates", "@key"), "phase"),
    ("levels", ("levels", "*", "templates", "*", "*"), "template"),
    ("levels", ("specialist_role",), "role"),
    ("levels", ("required_phases", "*"), "phase"),
    ("intake", ("requirements", "*", "level"), "level"),
    ("intake", ("requirements", "*", "facts", "*"), "intake fact"),
    ("roles", ("roles", "*", "checklist", "@key"), "phase"),
    ("roles", ("roles", "*", "checklist", "*", "*", "template"), "template"),
    ("roles", ("roles", "*", "templates", "*"), "template"),
    ("routing", ("escalation_types", "*", "owner"), "role"),
    ("routing", ("escalation_types", "*", "queue"), "queue"),
    ("routing", ("escalation_types", "*", "primary"), "rotation"),
    ("routing", ("escalation_types", "*", "backup"), "rotation"),
    ("routing", ("escalation_types", "*", "criteria", "*"), "entry criterion"),
    ("on-call", ("rotations", "*", "role"), "role"),
    ("on-call", ("rotations", "*", "hours"), "coverage hours"),
    ("on-call", ("contacts", "rotations", "@key"), "rotation"),
    ("on-call", ("contacts", "roles", "@key"), "role"),
    ("on-call", ("contacts", "approvers", "@key"), "approver"),
    ("on-call", ("health", "working_hours"), "coverage hours"),
    ("communication", ("cadences", "*", "priority"), "priority"),
    ("communication", ("cadences", "*", "tier"), "tier"),
    ("communication", ("templates", "*", "channel"), "channel"),
    ("communication", ("templates", "*", "elements", "*"), "update element"),
    ("decision-rights", ("credits", "bands", "*", "approver"), "approver"),
    ("decision-rights", ("refunds", "bands", "*", "approver"), "approver"),
    ("decision-rights", ("exceptions", "*", "approver"), "approver"),
    ("decision-rights", ("exceptions", "*", "also", "*"), "approver"),
    ("service-recovery", ("applies_to", "*"), "tier"),
    ("service-recovery", ("rules", "*", "priority"), "priority"),
    ("service-recovery", ("rules", "*", "approver"), "approver"),
    ("executive-brief", ("chat_template",), "template"),
    ("executive-brief", ("daily_summary", "template"), "template"),
    ("review", ("required_for", "*"), "level"),
    ("review", ("facilitator",), "role"),
    ("metrics", ("calibration", "*", "from_level"), "level"),
    ("metrics", ("outcomes", "*", "measure", "priorities", "*"), "priority"),
    ("metrics", ("outcomes", "*", "measure", "pages_per_engineer", "roles", "*"), "role"),
    ("on-call", ("ladder", "*", "role"), "role"),
    ("training", ("modules", "*", "audience", "*"), "role"),
    ("training", ("certification", "required_for", "*"), "role"),
    ("training", ("certification", "modules", "*"), "training module"),
    ("training", ("scorecard", "criteria", "*", "checks"), "checklist step"),
)


def check(pb: "Playbook") -> Iterator[Problem]:
    known: dict[str, set[str]] = {}
    for stem, pattern, kind in REFERENCES:
        target_stem, ids_of, where = TARGETS[kind]
        if stem not in pb.clean or target_stem not in pb.clean:
            continue
        ids = known.setdefault(kind, ids_of(pb))
        for path, value in find(pb[stem], pattern):
            if value not in ids:
                problem = pb.problem(stem, path, f"unknown {kind} '{value}'{did_you_mean(value, ids)}; "
                                                 f"use an id defined in {where}", RULE.id)
                key = pb.documents[stem].keys.get(path) if pattern[-1] == "@key" else None
                # An id written as a mapping key: point at the key, not at the value under it.
                yield replace(problem, line=key.line, column=key.column) if key else problem


RULE = Rule("unknown-reference", (), check, "Every referenced id is defined.")
