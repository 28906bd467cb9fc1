"""Routing and ownership, on-call and paging."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import sentences
from ..units import duration_text, number, percent_text, quantity_text
from .common import role_link
from .contacts import contact_markdown, contact_of
from .markdown import Linker, ONCALL_PAGE, ROUTING_PAGE, bullets, cell, heading, table, text

if TYPE_CHECKING:
    from ..playbook import Playbook


def rotation_link(pb: "Playbook", linker: Linker, rotation_id: str) -> str:
    return linker.to(ONCALL_PAGE, pb.rotations[rotation_id]["name"], f"rotation-{rotation_id}")


def rotation_with_contact(pb: "Playbook", linker: Linker, rotation_id: str) -> str:
    """The rotation's link and, under it, how to reach it (a table cell)."""
    reach = contact_markdown(contact_of(pb, "rotations", rotation_id), "<br>")
    return rotation_link(pb, linker, rotation_id) + (f"<br>{reach}" if reach else "")


def no_response_rule(pb: "Playbook") -> str:
    rule = pb["routing"]["no_response"]
    return f"**No response in {text(duration_text(rule['after']))}:** {text(sentences.fill(rule, 'action'))}"


def owners_that_differ(pb: "Playbook", linker: Linker) -> str:
    """Said once: which owner governs where a type's cases reach a level with another owner."""
    from ..governing import case_owner, owner_conflicts

    items = []
    for kind in pb["routing"]["escalation_types"]:
        rule = kind.get("when_owners_differ")
        others = sorted({level_id for _j, _c, level_id in owner_conflicts(pb, kind)}, key=lambda lid: pb.levels[lid]["rank"])
        if not rule or not others:
            continue
        cases = "; ".join(f"Level {pb.levels[lid]['rank']}: {role_link(pb, linker, pb.levels[lid]['owner'])}"
                          for lid in others)
        governs = ("the owner of the level it reaches owns it" if case_owner(pb, kind, others[0]) != kind["owner"]
                   else f"{role_link(pb, linker, kind['owner'])} owns it")
        items.append(f"**{text(kind['name'])}:** where a case reaches a level with another owner ({cases}), {governs}.")
    return ("**Where the owners differ:**\n\n" + bullets(items)) if items else ""


def routing_page(pb: "Playbook", linker: Linker) -> str:
    queues = pb.by_id("routing", "queues")
    rows = []
    for kind in pb["routing"]["escalation_types"]:
        name = cell(kind["name"])
        if "threshold" in kind:
            name += f" (above {text(quantity_text(kind['threshold']))})"
        rows.append([f"**{name}**", role_link(pb, linker, kind["owner"]), cell(queues[kind["queue"]]["name"]),
                     rotation_with_contact(pb, linker, kind["primary"]),
                     rotation_with_contact(pb, linker, kind["backup"])])
    out = [heading(2, "Who owns it and who to page", "who-to-page"),
           table(["Escalation type", "Owner", "Specialist queue", "Primary on-call", "Backup"], rows),
           owners_that_differ(pb, linker),
           heading(2, "No response from the on-call", "no-response"),
           no_response_rule(pb),
           heading(2, "Queues", "queues"),
           table(["Queue", "Who works it"], [[f"**{cell(q['name'])}**", cell(q["description"])] for q in queues.values()])]
    return "\n\n".join(out)


def ladder_table(pb: "Playbook") -> str:
    rows, elapsed = [], 0.0
    from ..units import duration_minutes
    for step in pb["on-call"]["ladder"]:
        rows.append([text(step["step"]), cell(step["who"]), text(f"after {number(elapsed)} min"),
                     cell(duration_text(step["wait"]))])
        elapsed += duration_minutes(step["wait"])
    return table(["Step", "Who is paged", "Paged", "Wait for acknowledgement"], rows)


def on_call_page(pb: "Playbook", linker: Linker) -> str:
    data = pb["on-call"]
    hours = pb.by_id("organisation", "coverage_hours")
    rotations = []
    for r in data["rotations"]:
        rotations.append([f'<span id="rotation-{r["id"]}"></span>**{cell(r["name"])}**', role_link(pb, linker, r["role"]),
                          cell(hours[r["hours"]]["name"]), cell(r["handover"]), text(number(r["members"])),
                          contact_markdown(contact_of(pb, "rotations", r["id"]), "<br>") or "not given"])
    health = data["health"]
    out = [heading(2, "Rotations", "rotations"),
           table(["Rotation", "Role", "Hours", "Handover", "People", "How to reach"], rotations),
           heading(2, "Paging policy", "paging-policy"),
           f"Paging tool: **{text(data['paging']['tool'])}**",
           bullets([text(rule) for rule in data["paging"]["rules"]]),
           heading(2, "Backup ladder", "backup-ladder"),
           ladder_table(pb),
           no_response_rule(pb),
           heading(2, "Health thresholds", "health"),
           bullets([f"**Pages per engineer:** at most {text(quantity_text(health['pages_per_engineer_per_week']))}",
                    f"**After-hours share of pages:** at most {text(percent_text(health['after_hours_share']))}"]),
           "**Burnout flags:**",
           bullets([text(sentences.fill(flag, "text")) for flag in health["burnout_flags"]]),
           text(health["report"])]
    return "\n\n".join(out)
