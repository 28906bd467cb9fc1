"""The home page: what an escalation is, levels at a glance, escalate now, a way in per role."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .common import level_link, role_link, template_link
from .levels import levels_at_a_glance
from .markdown import (COMMUNICATION_PAGE, FINDER_PAGE, FIRST_RESPONSE_PAGE, Linker, ROUTING_PAGE, bullets, heading,
                       text)

if TYPE_CHECKING:
    from ..playbook import Playbook


def organisation_line(pb: "Playbook") -> str:
    org = pb["organisation"]
    return (f"**{text(org['name'])}**: {text(org['product'])}. Policy version {text(org['policy_version'])}, "
            f"times in {text(org['time_zone'])}, money in {text(org['currency'])}.")


def coverage_list(pb: "Playbook") -> str:
    hours = pb.by_id("organisation", "coverage_hours")
    items = []
    for tier in pb["organisation"]["tiers"]:
        parts = [f"{', '.join(pb.priorities[p]['name'] for p in block['priorities'])}: {hours[block['hours']]['name']}"
                 for block in tier["coverage"]]
        items.append(f"**{text(tier['name'])}:** {text('; '.join(parts))}")
    return bullets(items)


def first_messages(pb: "Playbook", linker: Linker) -> list[str]:
    """'Level 1, Level 2: Customer acknowledgement': the first phase's templates, levels with the same
    list grouped, lowest level first, so nobody is told to send what their level does not use."""
    phase_id = next(iter(pb.phases))
    groups: dict[tuple[str, ...], list[str]] = {}
    for lid, level in pb.levels.items():
        groups.setdefault(tuple(level.get("templates", {}).get(phase_id, [])), []).append(lid)
    return [", ".join(level_link(pb, linker, lid) for lid in lids) + ": "
            + (", ".join(template_link(pb, linker, t) for t in ids) if ids else "no template")
            for ids, lids in groups.items()]


def escalate_now(pb: "Playbook", linker: Linker) -> str:
    first_phase = next(iter(pb.phases.values()))
    messages = first_messages(pb, linker)
    steps = [
        f"**Pick the level.** Enter the ticket's facts in the {linker.to(FINDER_PAGE, 'level finder')}, or check "
        "the entry criteria, highest level first: "
        + ", ".join(level_link(pb, linker, lid) for lid in reversed(list(pb.levels))) + ".",
        f"**Page the owner.** Find the escalation type in {linker.to(ROUTING_PAGE, 'routing and ownership')} "
        "and page its primary on-call; the backup ladder takes over if nobody answers.",
        f"**Send the first messages of your level** (see {linker.to(FIRST_RESPONSE_PAGE, first_phase['name'])}):\n"
        + "\n".join(f"    - {m}" for m in messages),
        f"**Keep the cadence.** Updates follow the {linker.to(COMMUNICATION_PAGE, 'cadence table', 'cadence')}.",
    ]
    return "\n".join(f"{i}. {s}" for i, s in enumerate(steps, 1))


def role_ways_in(pb: "Playbook", linker: Linker) -> str:
    return bullets([f"{role_link(pb, linker, rid)}: {text(role['purpose'])}" for rid, role in pb.roles.items()])


def home_page(pb: "Playbook", linker: Linker) -> str:
    return "\n\n".join([organisation_line(pb),
                        heading(2, "Escalate now", "escalate-now"), escalate_now(pb, linker),
                        heading(2, "Levels at a glance", "levels"), levels_at_a_glance(pb, linker),
                        heading(2, "Support coverage", "coverage"), coverage_list(pb),
                        heading(2, "Your role", "roles"), role_ways_in(pb, linker)])
