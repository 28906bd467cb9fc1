"""Levels and entry criteria, intake, and the levels-at-a-glance table."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import conditions
from ..units import duration_text, range_text
from .. import sentences
from .common import (criterion_anchor, criterion_name, joined, level_link, level_title, role_link, specialist_label,
                     template_link)
from .markdown import FINDER_PAGE, Linker, ROUTING_PAGE, bullets, cell, heading, level_anchor, table, text

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
            cell(duration_text(level["response"]["acknowledge"])) + governing_targets(pb, linker, level["id"], "acknowledge"),
            cell(duration_text(level["response"]["engage_sme"])) + governing_targets(pb, linker, level["id"], "engage_sme"),
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


def collapsed(kind: str, title: str, body: str, css: str = "") -> str:
    """A pymdownx.details block, closed until opened: for what only some readers need."""
    indented = "\n".join(("    " + line) if line else "" for line in body.splitlines())
    return f'??? {kind}{" " + css if css else ""} "{title}"\n{indented}'


def when_unsure_note(pb: "Playbook") -> str:
    rule = pb["levels"].get("when_unsure")
    return f'!!! tip "When unsure"\n    {text(rule)}' if rule else ""


def allowed_values(field: dict[str, Any]) -> str:
    """What a field may hold, in words: its listed values, its plausible range, or any value."""
    if field.get("values"):
        return ", ".join(field["values"])
    return range_text(field.get("range") or {}) or "any"


def fields_table(pb: "Playbook") -> str:
    return table(["Field", "Id", "Type", "Meaning", "Allowed values"], [
        [cell(f["label"]), f"<code>{text(f['id'])}</code>", cell(f["type"]), cell(f["description"]),
         cell(allowed_values(f))] for f in pb["ticket-fields"]["fields"]])


def governing_targets(pb: "Playbook", linker: Linker, level_id: str, response: str) -> str:
    """' (15 minutes for P1, as the metrics require)' where a metric's target governs some of the
    level's cases; empty where the level's own target holds."""
    from ..governing import target_exceptions

    return "".join(f" ({text(value)} for {text(', '.join(names))}, as {linker.to('metrics.md', 'the metrics', 'outcomes')} "
                   "require)" for value, names in target_exceptions(pb, level_id, response).items())


def other_owners(pb: "Playbook", linker: Linker, level_id: str) -> str:
    """'; Public complaint cases: Comms Lead' where routing gives a criterion's cases to another owner."""
    from ..governing import owner_claims

    names = {c["id"]: criterion_name(c) for c in pb.levels[level_id]["criteria"]}
    parts = [f"{text(names[cid])} cases: {role_link(pb, linker, claim.role)}"
             for cid, claims in owner_claims(pb, level_id).items() for claim in claims
             if claim.role != pb.levels[level_id]["owner"]]
    return "; " + "; ".join(parts) if parts else ""


def levels_page(pb: "Playbook", linker: Linker) -> str:
    catalogue = conditions.catalogue_from(pb["ticket-fields"])
    queues = pb.by_id("routing", "queues")
    phases = pb.phases
    out = [levels_at_a_glance(pb, linker),
           "A ticket belongs to the **highest** level whose entry criteria it meets. "
           f"Enter the ticket's facts in the {linker.to(FINDER_PAGE, 'level finder')} to get the level and the "
           "next steps at once.",
           when_unsure_note(pb)]
    for level in pb["levels"]["levels"]:
        out.append(heading(2, level_title(pb, level["id"]), level_anchor(level["id"])))
        out.append(text(level["summary"]))
        out.append("**Entry criteria** (any one is enough):")
        for c in level["criteria"]:  # a heading each, in the words staff use, so that search finds the case
            out.append(heading(3, criterion_name(c), criterion_anchor(level["id"], c["id"])))
            if c.get("name"):
                out.append(text(sentences.fill(c, "text")))
        trees = [f"**{text(sentences.fill(c, 'text'))}**\n\n{condition_markdown(c['condition'], catalogue)}" for c in level["criteria"]]
        out.append(collapsed("abstract", "Exactly how tools read these criteria", "\n\n".join(trees)))
        out.append(heading(3, "Who and how fast", f"{level['id']}-who"))
        out.append(bullets([
            f"**Owner:** {role_link(pb, linker, level['owner'])}{other_owners(pb, linker, level['id'])}",
            f"**Routes to:** {linker.to(ROUTING_PAGE, queues[level['routes_to']]['name'], 'queues')}",
            f"**Acknowledge within:** {text(duration_text(level['response']['acknowledge']))}"
            f"{governing_targets(pb, linker, level['id'], 'acknowledge')}",
            f"**{text(specialist_label(pb))}:** {text(duration_text(level['response']['engage_sme']))}"
            f"{governing_targets(pb, linker, level['id'], 'engage_sme')}",
            f"**Internal update every:** {text(duration_text(level['internal_update']))}",
        ]))
        out.append(heading(3, "Templates by phase", f"{level['id']}-templates"))
        out.append(bullets([f"{text(phases[phase]['name'])}: {joined(template_link(pb, linker, t) for t in ids)}"
                            for phase, ids in level["templates"].items()]))
        out.append(heading(3, "Examples", f"{level['id']}-examples"))
        out.append(bullets([text(e) for e in level["examples"]]))
    out.append(heading(2, "For maintainers", "maintainers"))
    out.append(collapsed("info", "Ticket fields the criteria use", fields_table(pb)))
    return "\n\n".join(part for part in out if part)


def intake_page(pb: "Playbook", linker: Linker) -> str:
    facts = pb["intake"]["facts"]
    required = {r["level"]: set(r["facts"]) for r in pb["intake"]["requirements"]}
    level_ids = list(pb.levels)
    headers = ["Fact", "What to ask", "Example"] + [text(f"L{pb.levels[lid]['rank']}") for lid in level_ids]
    rows = [[f"**{cell(f['name'])}**", cell(f["ask"]), cell(f["example"])] +
            ["required" if f["id"] in required.get(lid, set()) else "" for lid in level_ids] for f in facts]
    legend = bullets([f"L{pb.levels[lid]['rank']}: {level_link(pb, linker, lid)}" for lid in level_ids])
    return "\n\n".join([table(headers, rows), legend])
