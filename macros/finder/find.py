"""Which level a ticket is at (the highest whose criteria it meets) and that level's next steps.

Every answer is read from the data: the owner that governs and its contact (macros.governing),
who to page (the escalation types whose `criteria` the ticket meets, primary then backup; when none
lists them, the types routed to the level's queue, or else the rotations that staff the owner
role), the acknowledgement and specialist targets that govern for the ticket's priority, the first
phase's templates, the customer cadence for the ticket's priority and tier (found as the
catalogue's enumerations of priority and tier ids).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .. import conditions
from ..governing import case_owner_of, response_target
from ..playbook import per_playbook
from ..sentences import fill
from ..units import duration_text

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
    steps = next_steps(pb, level, ticket, met) if level else {}
    return Finding(level, met, {key: sentences[key] for key in met}, steps)


def enum_field_for(pb: "Playbook", ids: set[str]) -> str | None:
    """The catalogue's enumeration whose values are these ids (the priority field, the tier field)."""
    for f in catalogue(pb).values():
        if f.type == "enum" and f.values and set(f.values) <= ids:
            return f.id
    return None


@per_playbook
def priority_tier_fields(pb: "Playbook") -> tuple[str | None, str | None]:
    return enum_field_for(pb, set(pb.priorities)), enum_field_for(pb, set(pb.tiers))


def contact(pb: "Playbook", group: str, entry_id: str) -> dict[str, Any]:
    from ..render.contacts import CONTACT_KINDS, contact_of, safe_link

    found = contact_of(pb, group, entry_id) or {}
    return {kind: {"name": found[kind]["name"], "link": safe_link(found[kind].get("link"))}
            for kind in CONTACT_KINDS if kind in found}


def page_entry(pb: "Playbook", rotation_id: str, why: str) -> dict[str, Any]:
    return {"rotation": rotation_id, "name": pb.rotations[rotation_id]["name"], "why": why,
            "contact": contact(pb, "rotations", rotation_id)}


def type_pages(pb: "Playbook", kind: dict[str, Any]) -> list[dict[str, Any]]:
    """An escalation type's primary and backup as page entries (a rotation id the data lacks is left out)."""
    return [page_entry(pb, kind[key], why) for key, why in
            (("primary", f"primary on-call for {kind['name']}"),
             ("backup", f"backup for {kind['name']}, if the primary does not answer")) if kind.get(key) in pb.rotations]


def paged(entries: list[list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Every type's primary, then every type's backup, each rotation once (the first reason kept)."""
    pages: list[dict[str, Any]] = []
    for position in (0, 1):
        for pair in entries:
            if len(pair) > position and pair[position]["rotation"] not in {p["rotation"] for p in pages}:
                pages.append(pair[position])
    return pages


BY_CRITERIA = "for the criteria met, by the escalation types that handle them"


def fallback_pages(pb: "Playbook", level_id: str) -> dict[str, Any]:
    """Who to page when no escalation type lists a criterion the case meets: the types routed to the
    level's queue, else the rotations that staff the level owner's role."""
    level = pb.levels[level_id]
    queue = pb.by_id("routing", "queues").get(level["routes_to"], {}).get("name", level["routes_to"])
    pages = paged([type_pages(pb, kind) for kind in pb["routing"]["escalation_types"]
                   if kind["queue"] == level["routes_to"]])
    if pages:
        return {"by": "queue", "basis": f"no escalation type lists the criteria met, so the types routed to the level's queue, {queue}",
                "pages": pages}
    owner = pb.roles[level["owner"]]["name"]
    pages = [page_entry(pb, rid, f"staffs the {owner} role") for rid, rotation in pb.rotations.items()
             if rotation["role"] == level["owner"]]
    return {"by": "owner", "basis": f"no escalation type covers this case, so the rotations that staff the level's owner, {owner}",
            "pages": pages}


def routed_types(pb: "Playbook", met: list[str]) -> list[dict[str, Any]]:
    """The escalation types whose `criteria` list a criterion the case meets, in routing.yml order."""
    ids = {key.split("/", 1)[1] for key in met}
    return [kind for kind in pb["routing"]["escalation_types"] if ids & set(kind.get("criteria") or [])]


def who_to_page(pb: "Playbook", level_id: str, met: list[str]) -> dict[str, Any]:
    """{'by': 'criteria' | 'queue' | 'owner', 'basis': a sentence saying which, 'pages': [...]}.
    docs/assets/finder.js `whoToPage` is a port of this, proven equal by the shared vectors."""
    pages = paged([type_pages(pb, kind) for kind in routed_types(pb, met)])
    if pages:
        return {"by": "criteria", "basis": BY_CRITERIA, "pages": pages}
    return fallback_pages(pb, level_id)


def level_queue_pages(pb: "Playbook", level_id: str) -> list[dict[str, Any]]:
    """Who to page for the level as a whole, without a ticket (the printed sheets): the types routed to
    its queue, else the rotations of its owner. A ticket's answer is `who_to_page`, by the criteria met."""
    return fallback_pages(pb, level_id)["pages"]


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


def owner_entry(pb: "Playbook", role_id: str) -> dict[str, Any]:
    return {"role": role_id, "name": pb.roles[role_id]["name"], "contact": contact(pb, "roles", role_id)}


def level_steps(pb: "Playbook", level_id: str) -> dict[str, Any]:
    """Everything about a level that does not depend on the ticket: exported once per level for the page."""
    level = pb.levels[level_id]
    phase = first_phase(pb)
    templates = [{"id": t, "name": pb.templates[t]["name"], "body": pb.templates[t]["body"].rstrip("\n")}
                 for t in level.get("templates", {}).get(phase["id"], []) if t in pb.templates]
    return {
        "level": level_id,
        "title": f"Level {level['rank']}: {level['name']}",
        "summary": level["summary"],
        "internal_update_every": duration_text(level["internal_update"]),
        "first_phase": phase["name"],
        "templates": templates,
    }


def targets(pb: "Playbook", level_id: str, priority: str | None) -> dict[str, Any]:
    """The acknowledgement and specialist targets that govern a case at this level with this priority."""
    ack = response_target(pb, level_id, "acknowledge", priority)
    sme = response_target(pb, level_id, "engage_sme", priority)
    return {"acknowledge_within_minutes": ack.minutes, "acknowledge_within": ack.text, "acknowledge_why": ack.reasons,
            "engage_sme_within": sme.text, "engage_sme_why": sme.reasons}


def next_steps(pb: "Playbook", level_id: str, ticket: dict[str, Any], met: list[str]) -> dict[str, Any]:
    priority_field, _tier = priority_tier_fields(pb)
    owner, owner_why = case_owner_of(pb, level_id, met)
    page = who_to_page(pb, level_id, met)
    return {**level_steps(pb, level_id),
            "owner": owner_entry(pb, owner), "owner_why": owner_why,
            "page": page["pages"], "page_by": page["by"], "page_basis": page["basis"],
            **targets(pb, level_id, ticket.get(priority_field or "")),
            "customer_update": cadence_for(pb, ticket)}


def when_unsure(pb: "Playbook") -> str | None:
    return pb["levels"].get("when_unsure")
