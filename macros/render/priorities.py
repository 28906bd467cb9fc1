"""The Priorities page: what each priority means, with examples, and how it combines with the
customer's tier (coverage hours, update cadence) and with the levels whose criteria test it."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import conditions
from ..finder.find import priority_tier_fields
from ..units import duration_text
from .common import axis_labels, level_link
from .markdown import Linker, bullets, cell, heading, table, text

if TYPE_CHECKING:
    from ..playbook import Playbook


def priority_title(priority: dict[str, Any]) -> str:
    return f"{priority['name']}: {priority['title']}" if priority.get("title") else priority["name"]


def criteria_testing(pb: "Playbook", field_id: str | None, value: str) -> list[tuple[str, str]]:
    """(level id, criterion sentence) for every criterion with a leaf that asks for this value."""
    found = []
    for level in pb["levels"]["levels"]:
        for criterion in level["criteria"]:
            for _path, leaf in conditions.leaves(criterion["condition"]):
                wanted = leaf.get("value") if leaf["op"] == "one_of" else [leaf.get("value")]
                if leaf["field"] == field_id and leaf["op"] in ("is", "one_of") and value in (wanted or []):
                    found.append((level["id"], criterion["text"]))
                    break
    return found


def combination_table(pb: "Playbook") -> str:
    hours = pb.by_id("organisation", "coverage_hours")
    cadence = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"].get("cadences", [])}
    rows = []
    for pid, priority in pb.priorities.items():
        row = [f"**{cell(priority['name'])}**"]
        for tier in pb["organisation"]["tiers"]:
            block = next((b for b in tier.get("coverage", []) if pid in b.get("priorities", [])), None)
            staffed = hours[block["hours"]]["name"] if block and block.get("hours") in hours else "not covered"
            every = duration_text(cadence[(pid, tier["id"])]) if (pid, tier["id"]) in cadence else "no cadence"
            row.append(cell(f"update every {every}; {staffed}"))
        rows.append(row)
    return table([cell(axis_labels(pb)[0])] + [cell(t["name"]) for t in pb["organisation"]["tiers"]], rows)


def priorities_page(pb: "Playbook", linker: Linker) -> str:
    priority_field, _tier_field = priority_tier_fields(pb)
    out = [table([cell(axis_labels(pb)[0]), "Means"], [[f"[{cell(priority_title(p))}](#{pid})", cell(p["definition"])]
                                         for pid, p in pb.priorities.items()])]
    for pid, priority in pb.priorities.items():
        out.append(heading(2, priority_title(priority), pid))
        out.append(text(priority["definition"]))
        if priority.get("examples"):
            out.append("**For example:**")
            out.append(bullets([text(e) for e in priority["examples"]]))
        levels = criteria_testing(pb, priority_field, pid)
        if levels:
            out.append(f"**Entry criteria that ask for {text(priority['name'])}:**")
            out.append(bullets([f"{level_link(pb, linker, lid)}: {text(sentence)}" for lid, sentence in levels]))
        else:
            out.append(f"No entry criterion asks for {text(priority['name'])}; other facts on the ticket can still "
                       f"make it an escalation (see {linker.to('levels.md', 'levels')}).")
    # The heading names the tiers, so that a reader scanning (or searching) for "P1 Enterprise" lands here.
    tiers = ", ".join(tier["name"] for tier in pb.tiers.values())
    out.append(heading(2, f"Priority, tier ({tiers}) and level together", "with-tier-and-level"))
    out.append("The priority says how bad the technical impact is. The customer's tier sets how often "
               "they hear from us and when support is staffed. The escalation level (from the entry criteria) "
               "says how we organise around the ticket; it can be higher than the priority alone suggests.")
    out.append(combination_table(pb))
    return "\n\n".join(out)
