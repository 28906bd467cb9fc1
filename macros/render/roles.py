"""A runbook page per role, the roles index, and the first-15-minutes page."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..units import duration_text
from .common import joined, level_link, linked_text, page_meta, role_link, template_link, war_room_name
from .markdown import Linker, bullets, heading, table, tasks, text, cell
from .contacts import contact_markdown, contact_of
from .routing import no_response_rule, rotation_link

if TYPE_CHECKING:
    from ..playbook import Playbook


def step_markdown(pb: "Playbook", linker: Linker, step: dict[str, Any]) -> str:
    extra = []
    if "within" in step:
        extra.append(f"within {text(duration_text(step['within']))}")
    if "template" in step:
        extra.append(f"use {template_link(pb, linker, step['template'])}")
    return linked_text(pb, linker, step["text"]) + (f" ({'; '.join(extra)})" if extra else "")


def role_title(pb: "Playbook", role_id: str) -> str:
    role = pb.roles[role_id]
    return f"{role['name']} ({role['short_name']})" if role.get("short_name") else role["name"]


def levels_owned(pb: "Playbook", role_id: str) -> list[str]:
    return [lid for lid, level in pb.levels.items() if level["owner"] == role_id]


def role_page(pb: "Playbook", linker: Linker, role_id: str) -> str:
    role = pb.roles[role_id]
    out = [heading(1, role_title(pb, role_id)),
           f'!!! abstract "Purpose"\n    {linked_text(pb, linker, role["purpose"])}']
    from .printing import print_page

    out.append(f"{linker.to(print_page(role_id), 'Printable checklist')} of this page, for the incident binder.")
    owned = levels_owned(pb, role_id)
    if owned:
        out.append(f"**Owns:** {joined(level_link(pb, linker, lid) for lid in owned)}")
    reach = how_to_reach(pb, linker, role_id)
    if reach:
        out += [heading(2, "How to reach", "how-to-reach"), reach]
    out += [heading(2, "Responsibilities", "responsibilities"),
            bullets([linked_text(pb, linker, r) for r in role["responsibilities"]]),
            heading(2, "Checklist", "checklist")]
    for phase_id, steps in role["checklist"].items():
        phase = pb.phases[phase_id]
        out.append(heading(3, phase["name"], f"phase-{phase_id}"))
        out.append(f"*{text(phase['description'])}*")
        out.append(tasks([step_markdown(pb, linker, s) for s in steps]))
    if role["templates"]:
        out.append(heading(2, "Templates", "templates"))
        out.append(bullets([template_link(pb, linker, t) for t in role["templates"]]))
    else:
        out.append("This role sends no messages of its own; the other roles' checklists say who does.")
    out.append(heading(2, "Handoff", "handoff"))
    out.append(linked_text(pb, linker, role["handoff"]))
    out.append(page_meta(pb, ["roles"]))
    return "\n\n".join(out)


def how_to_reach(pb: "Playbook", linker: Linker, role_id: str) -> str:
    """The role's own contact, then each rotation that staffs it, then its approver contact."""
    items = []
    own = contact_markdown(contact_of(pb, "roles", role_id))
    if own:
        items.append(f"**{text(pb.roles[role_id]['name'])}:** {own}")
    for rid, rotation in pb.rotations.items():
        reach = contact_markdown(contact_of(pb, "rotations", rid))
        if rotation.get("role") == role_id and reach:
            items.append(f"{rotation_link(pb, linker, rid)}: {reach}")
    approver = pb.approvers.get(role_id)
    reach = contact_markdown(contact_of(pb, "approvers", role_id))
    if approver and reach:
        items.append(f"**For approvals ({text(approver['name'])}):** {reach}")
    return bullets(items) if items else ""


def roles_index(pb: "Playbook", linker: Linker) -> str:
    rows = [[role_link(pb, linker, rid), cell(role.get("short_name", "")), "core team" if role["core"] else "as needed",
             cell(role["purpose"])] for rid, role in pb.roles.items()]
    return table(["Role", "Short name", "When", "Purpose"], rows)


def first_steps(pb: "Playbook", linker: Linker, phase_id: str) -> str:
    """Every role's steps for one phase, grouped by role: the 'what do I do now' view."""
    out = []
    for rid, role in pb.roles.items():
        steps = role["checklist"].get(phase_id)
        if not steps:
            continue
        out.append(heading(3, role_title(pb, rid), f"{phase_id}-{rid}"))
        out.append(f"{role_link(pb, linker, rid)} · full runbook")
        out.append(tasks([step_markdown(pb, linker, s) for s in steps]))
    return "\n\n".join(out)


def applies_to(pb: "Playbook", linker: Linker) -> str:
    """Which levels this page is for: the levels the full incident team runs (from the level the first
    core role owns, upwards); below it, the owner alone sends the level's first messages."""
    from .home import first_messages
    from .printing import incident_level

    rank = pb.levels[incident_level(pb)]["rank"]
    team = [lid for lid, level in pb.levels.items() if level["rank"] >= rank]
    alone = [lid for lid in pb.levels if lid not in team]
    paragraphs = [f"**This page applies to** {joined(level_link(pb, linker, lid) for lid in team)}: the whole "
                  f"team assembles in the {text(war_room_name(pb))}."]
    if alone:
        paragraphs.append(f"At {joined(level_link(pb, linker, lid) for lid in alone)} the level's owner handles the "
                          "first minutes and sends the level's first messages within its acknowledgement target.")
    paragraphs.append("First messages by level:\n\n" + "\n".join(f"- {m}" for m in first_messages(pb, linker)))
    body = "\n\n".join(paragraphs).replace("\n", "\n    ").replace("\n    \n", "\n\n")
    return f'!!! info "Which levels"\n    {body}'


def first_response_page(pb: "Playbook", linker: Linker) -> str:
    phase_id = next(iter(pb.phases))
    phase = pb.phases[phase_id]
    war_room = pb["organisation"]["war_room"]
    brief = pb["communication"]["war_room_brief"]
    out = [heading(1, phase["name"]), f"*{text(phase['description'])}*",
           applies_to(pb, linker),
           heading(2, war_room_name(pb, capital=True), "war-room"),
           bullets([f"**Tool:** {text(war_room['tool'])}",
                    f"**Channel name:** <code>{text(war_room['channel_pattern'])}</code>, for example "
                    f"<code>{text(war_room['example'])}</code>",
                    text(war_room["rule"])]),
           heading(2, f"The {len(brief)}-line brief", "brief"),
           f"Post this in the {text(war_room_name(pb))} as soon as it opens, and again whenever it changes:",
           table(["Line", "What to write"], [[f"**{cell(b['label'])}**", cell(b["prompt"])] for b in brief]),
           heading(2, "Who does what", "who-does-what"),
           first_steps(pb, linker, phase_id),
           no_response_rule(pb)]
    return "\n\n".join(out)
