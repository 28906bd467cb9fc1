"""Levels and entry criteria, intake, and the levels-at-a-glance table."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import conditions
from ..units import duration_text
from .. import sentences
from .common import joined, level_link, level_title, role_link, specialist_label, template_link
from .markdown import Linker, ROUTING_PAGE, bullets, cell, heading, level_anchor, table, text

if TYPE_CHECKING:
    from ..playbook import Playbook


def _queue_name(pb: "Playbook", queue_id: str) -> str:
    return pb.by_id("routing", "queues")[queue_id]["name"]


def levels_at_a_glance(pb: "Playbook", linker: Linker) -> str:
    rows = []
    for level in pb["levels"]["levels"]:
        rows.append([
            level_link(pb, linker, level["id"]),
            cell(level["summary"]),
            role_link(pb, linker, level["owner"]),
            cell(duration_text(level["response"]["acknowledge"])),
            cell(duration_text(level["response"]["engage_sme"])),
        ])
    return table(["Level", "When", "Owner", "Acknowledge within", text(specialist_label(pb))], rows)


def condition_markdown(condition: dict[str, Any], catalogue: dict[str, conditions.Field], depth: int = 0) -> str:
    """A condition as a nested list a person can read: 'All of: …', 'Any of: …', 'Not: …'."""
    pad = "    " * depth
    if "all" in condition or "any" in condition:
        key = "all" if "all" in condition else "any"
        head = "**All of:**" if key == "all" else "**Any of:**"
        children = "\n".join(condition_markdown(c, catalogue, depth + 1) for c in condition[key])
        return f"{pad}- {head}\n{children}"
    if "not" in condition:
        return f"{pad}- **Not:**\n{condition_markdown(condition['not'], catalogue, depth + 1)}"
    return f"{pad}- {text(conditions.describe_leaf(condition, catalogue))}"


def levels_page(pb: "Playbook", linker: Linker) -> str:
    catalogue = conditions.catalogue_from(pb["ticket-fields"])
    queues = pb.by_id("routing", "queues")
    phases = pb.phases
    out = [levels_at_a_glance(pb, linker),
           "A ticket belongs to the **highest** level whose entry criteria it meets. "
           "A criterion on a field that is empty on the ticket does not match."]
    for level in pb["levels"]["levels"]:
        out.append(heading(2, level_title(pb, level["id"]), level_anchor(level["id"])))
        out.append(text(level["summary"]))
        out.append(bullets([
            f"**Owner:** {role_link(pb, linker, level['owner'])}",
            f"**Routes to:** {linker.to(ROUTING_PAGE, queues[level['routes_to']]['name'], 'queues')}",
            f"**Acknowledge within:** {text(duration_text(level['response']['acknowledge']))}",
            f"**{text(specialist_label(pb))}:** {text(duration_text(level['response']['engage_sme']))}",
            f"**Internal update every:** {text(duration_text(level['internal_update']))}",
        ]))
        out.append("**Entry criteria** (any one is enough):")
        for criterion in level["criteria"]:
            out.append(f'<div class="pb-criterion" markdown>\n**{text(sentences.fill(criterion, "text"))}**\n\n'
                       f'{condition_markdown(criterion["condition"], catalogue)}\n\n</div>')
        out.append("**Templates by phase:**")
        out.append(bullets([f"{text(phases[phase]['name'])}: {joined(template_link(pb, linker, t) for t in ids)}"
                            for phase, ids in level["templates"].items()]))
        out.append("**Examples:**")
        out.append(bullets([text(e) for e in level["examples"]]))
    out.append(heading(2, "Ticket fields the criteria use", "ticket-fields"))
    out.append(table(["Field", "Type", "Meaning", "Allowed values"], [
        [cell(f["label"]) + f" <code>{text(f['id'])}</code>", cell(f["type"]), cell(f["description"]),
         cell(", ".join(f.get("values", [])) or "any")] for f in pb["ticket-fields"]["fields"]]))
    return "\n\n".join(out)


def intake_page(pb: "Playbook", linker: Linker) -> str:
    facts = pb["intake"]["facts"]
    required = {r["level"]: set(r["facts"]) for r in pb["intake"]["requirements"]}
    level_ids = list(pb.levels)
    headers = ["Fact", "What to ask", "Example"] + [text(f"L{pb.levels[lid]['rank']}") for lid in level_ids]
    rows = [[f"**{cell(f['name'])}**", cell(f["ask"]), cell(f["example"])] +
            ["required" if f["id"] in required.get(lid, set()) else "" for lid in level_ids] for f in facts]
    legend = bullets([f"L{pb.levels[lid]['rank']}: {level_link(pb, linker, lid)}" for lid in level_ids])
    return "\n\n".join([table(headers, rows), legend])
