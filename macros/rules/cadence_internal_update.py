"""cadence-internal-update: a level's internal update comes at least as often as the customer-update
cadence of every priority and tier the level admits, unless communication.yml says which governs.

Every customer update carries the update standard (the current status, what we know, the ETA…),
and those facts are gathered at the internal update. A level that updates internally every 4 hours
while its customers must hear from us every 2 hours has customer updates with no fresh facts.
`where_levels_differ: level` keeps the level's internal rhythm (customer updates in between restate
the last confirmed facts); `cadence` makes an internal update due before every customer update.

A level admits the (priority, tier) pairs its entry criteria name: a criterion naming no priority is
not compared; one naming no tier admits every tier.

FAIL: level-1 admits P2 with internal updates every 4 hours; P2 · Enterprise is updated every 2 hours ->
      "level-1 holds an internal update every 4 hours, but P2 · Enterprise customers are updated every
       2 hours; …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..finder.find import priority_tier_fields
from ..problems import Problem
from ..sentences import leaves
from ..units import duration_minutes, duration_text
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def named(condition: dict, field: str | None) -> set[str]:
    found: set[str] = set()
    for leaf in leaves(condition):
        if field and leaf.get("field") == field and leaf.get("op") == "is":
            found.add(leaf["value"])
        elif field and leaf.get("field") == field and leaf.get("op") == "one_of":
            found.update(leaf["value"])
    return found


def admitted(pb: "Playbook", level: dict) -> set[tuple[str, str]]:
    """The (priority, tier) pairs the level's criteria name."""
    priority_field, tier_field = priority_tier_fields(pb)
    pairs: set[tuple[str, str]] = set()
    for criterion in level["criteria"]:
        priorities = named(criterion["condition"], priority_field)
        tiers = named(criterion["condition"], tier_field) or set(pb.tiers)
        pairs.update((p, t) for p in priorities for t in tiers)
    return pairs


def faster_cadences(pb: "Playbook", level: dict) -> list[tuple[float, str, str, dict]]:
    """(minutes, priority, tier, every) of the admitted cadences shorter than the level's internal update."""
    own = duration_minutes(level["internal_update"])
    every = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"]["cadences"]}
    return sorted((duration_minutes(every[pair]), *pair, every[pair]) for pair in admitted(pb, level)
                  if pair in every and duration_minutes(every[pair]) < own)


def check(pb: "Playbook") -> Iterator[Problem]:
    if pb["communication"].get("where_levels_differ"):
        return
    for i, level in enumerate(pb["levels"]["levels"]):
        faster = faster_cadences(pb, level)
        if not faster:
            continue
        _minutes, priority, tier, every = faster[0]
        shown = f"{pb.priorities[priority]['name']} · {pb.tiers[tier]['name']}"
        yield pb.problem("levels", ("levels", i, "internal_update"),
                         f"{level['id']} holds an internal update every {duration_text(level['internal_update'])}, "
                         f"but admits {shown}, whose customers are updated every {duration_text(every)}"
                         + (f" ({len(faster) - 1} more such cadence{'s' if len(faster) > 2 else ''})"
                            if len(faster) > 1 else "")
                         + "; a customer update carries the facts gathered at the internal update: make the internal "
                           "update at least as frequent, or say which governs with where_levels_differ: level or "
                           "cadence in communication.yml", RULE.id)


RULE = Rule("cadence-internal-update", ("levels", "communication", "priorities", "ticket-fields", "organisation"),
            check, "A level's internal update is at least as frequent as the customer cadences it admits.")
