"""Which level a ticket is at (the highest whose criteria it meets) and that level's next steps.

Every answer is read from the data: the owner and its contact, who to page (the escalation types
routed to the level's queue, primary then backup, or else the rotations that staff the owner
role), the acknowledgement target, the first phase's templates, the customer cadence for the
ticket's priority and tier (found as the catalogue's enumerations of priority and tier ids).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import conditions
from ..sentences import fill
from ..units import duration_minutes, duration_text

if TYPE_CHECKING:
    from ..playbook import Playbook


@dataclass(frozen=True)
class Finding:
    level: str | None
    criteria: list[str]                       # 'level-id/criterion-id', every criterion met, in data order
    sentences: dict[str, str]                 # criterion key -> its sentence
    steps: dict[str, Any] = field(default_factory=dict)  # the level's next steps; empty when no level


def catalogue(pb: "Playbook") -> dict[str, conditions.Field]:
    return conditions.catalogue_from(pb["ticket-fields"])


def criteria_met(pb: "Playbook", ticket: dict[str, Any]) -> list[str]:
    cat = catalogue(pb)
    return [f"{level['id']}/{c['id']}" for level in pb["levels"]["levels"] for c in level["criteria"]
            if conditions.evaluate(c["condition"], ticket, cat)]


def highest(pb: "Playbook", met: list[str]) -> str | None:
    ranked = {lid: pb.levels[lid]["rank"] for lid in {key.split("/", 1)[0] for key in met}}
    return max(ranked, key=lambda lid: ranked[lid]) if ranked else None


def find_level(pb: "Playbook", ticket: dict[str, Any]) -> Finding:
    """`ticket` holds canonical values (see conditions.evaluate); a missing field is empty."""
    met = criteria_met(pb, ticket)
    sentences = {f"{lid}/{c['id']}": fill(c, "text") for lid, level in pb.levels.items() for c in level["criteria"]}
    level = highest(pb, met)
    steps = next_steps(pb, level, ticket) if level else {}
    return Finding(level, met, {key: sentences[key] for key in met}, steps)


def enum_field_for(pb: "Playbook", ids: set[str]) -> str | None:
    """The catalogue's enumeration whose values are these ids (the priority field, the tier field)."""
    for f in catalogue(pb).values():
        if f.type == "enum" and f.values and set(f.values) <= ids:
            return f.id
    return None


def priority_tier_fields(pb: "Playbook") -> tuple[str | None, str | None]:
    return enum_field_for(pb, set(pb.priorities)), enum_field_for(pb, set(pb.tiers))


def contact(pb: "Playbook", group: str, entry_id: str) -> dict[str, Any]:
    from ..render.contacts import CONTACT_KINDS, contact_of, safe_link

    found = contact_of(pb, group, entry_id) or {}
    return {kind: {"name": found[kind]["name"], "link": safe_link(found[kind].get("link"))}
            for kind in CONTACT_KINDS if kind in found}


def who_to_page(pb: "Playbook", level: dict[str, Any]) -> list[dict[str, Any]]:
    pages: list[dict[str, Any]] = []
    seen: set[str] = set()

    def add(rotation_id: str, why: str) -> None:
        if rotation_id in seen or rotation_id not in pb.rotations:
            return
        seen.add(rotation_id)
        pages.append({"rotation": rotation_id, "name": pb.rotations[rotation_id]["name"], "why": why,
                      "contact": contact(pb, "rotations", rotation_id)})

    for kind in pb["routing"]["escalation_types"]:
        if kind["queue"] == level["routes_to"]:
            add(kind["primary"], f"primary on-call for {kind['name']}")
    for kind in pb["routing"]["escalation_types"]:
        if kind["queue"] == level["routes_to"]:
            add(kind["backup"], f"backup for {kind['name']}, if the primary does not answer")
    if not pages:
        for rid, rotation in pb.rotations.items():
            if rotation["role"] == level["owner"]:
                add(rid, f"staffs the {pb.roles[level['owner']]['name']} role")
    return pages


def cadence_for(pb: "Playbook", ticket: dict[str, Any]) -> dict[str, Any] | None:
    priority_field, tier_field = priority_tier_fields(pb)
    priority, tier = ticket.get(priority_field or ""), ticket.get(tier_field or "")
    for entry in pb["communication"].get("cadences", []):
        if entry.get("priority") == priority and entry.get("tier") == tier:
            return {"priority": priority, "tier": tier, "every": duration_text(entry["every"]),
                    "label": f"{pb.priorities[priority]['name']}, {pb.tiers[tier]['name']}"}
    return None


def first_phase(pb: "Playbook") -> dict[str, Any]:
    return next(iter(pb.phases.values()))


def level_steps(pb: "Playbook", level_id: str) -> dict[str, Any]:
    """Everything about a level that does not depend on the ticket: exported once per level for the page."""
    level = pb.levels[level_id]
    owner = pb.roles[level["owner"]]
    phase = first_phase(pb)
    templates = [{"id": t, "name": pb.templates[t]["name"], "body": pb.templates[t]["body"].rstrip("\n")}
                 for t in level.get("templates", {}).get(phase["id"], []) if t in pb.templates]
    response = level["response"]
    return {
        "level": level_id,
        "title": f"Level {level['rank']}: {level['name']}",
        "summary": level["summary"],
        "owner": {"role": level["owner"], "name": owner["name"], "contact": contact(pb, "roles", level["owner"])},
        "page": who_to_page(pb, level),
        "acknowledge_within_minutes": duration_minutes(response["acknowledge"]),
        "acknowledge_within": duration_text(response["acknowledge"]),
        "engage_sme_within": duration_text(response["engage_sme"]),
        "internal_update_every": duration_text(level["internal_update"]),
        "first_phase": phase["name"],
        "templates": templates,
    }


def next_steps(pb: "Playbook", level_id: str, ticket: dict[str, Any]) -> dict[str, Any]:
    steps = level_steps(pb, level_id)
    steps["customer_update"] = cadence_for(pb, ticket)
    return steps


def when_unsure(pb: "Playbook") -> str | None:
    return pb["levels"].get("when_unsure")
