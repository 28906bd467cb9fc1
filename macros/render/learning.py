"""Post-escalation review, metrics, training and QA, glossary."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import sentences
from ..units import duration_text, number, percent_text, quantity_text
from .common import level_link, role_link, joined
from .markdown import Linker, bullets, cell, heading, table, text

if TYPE_CHECKING:
    from ..playbook import Playbook


def review_page(pb: "Playbook", linker: Linker) -> str:
    data = pb["review"]
    rubric = data["rubric"]
    return "\n\n".join([
        bullets([f"**Required for:** {joined(level_link(pb, linker, l) for l in data['required_for'])}",
                 f"**Due within:** {text(duration_text(data['due_within']))} of resolution",
                 f"**Facilitator:** {role_link(pb, linker, data['facilitator'])}"]),
        heading(2, "Review template", "template"),
        table(["Section", "What to write"], [[f"**{cell(s['name'])}**", cell(s["prompt"])] for s in data["sections"]]),
        "Every preventive action records: " + ", ".join(f"**{text(f['name'])}**" for f in data["action_fields"]) + ".",
        heading(2, rubric["name"], "rubric"),
        table(["Criterion", "Points"], [[cell(c["text"]), text(number(c["points"]))] for c in rubric["criteria"]] +
              [["**Maximum**", f"**{text(number(rubric['max_points']))}**"]]),
        heading(2, "Overdue actions", "overdue"),
        *([f"An open action is **due soon** when its due date is at most {text(duration_text(data['due_soon']))} "
           "ahead."] if data.get("due_soon") else []),
        table(["Overdue by", "What happens"],
              [[cell(duration_text(r["overdue_by"])), cell(r["action"])] for r in data["overdue_rules"]]),
        heading(2, f"{data['meeting']['name']} agenda", "monthly-agenda"),
        f"Held {text(quantity_text(data['meeting']['every']))}.",
        table(["Item", "Time"], [[cell(a["item"]), cell(duration_text(a["duration"]))] for a in data["monthly_agenda"]]),
    ])


def target_text(target: dict) -> str:
    ((direction, value),) = target.items()
    return f"{direction} {quantity_text(value)}"


def targets_that_differ(pb: "Playbook", linker: Linker) -> str:
    """Said once: which target governs where a level's own response target differs from a metric's."""
    from ..governing import GOVERNS, target_conflicts

    items = []
    for outcome in pb["metrics"]["outcomes"]:
        rule = outcome.get("where_levels_differ")
        found = list(target_conflicts(pb, outcome)) if rule else []
        if found:
            levels = "; ".join(f"{level_link(pb, linker, lid)} allows {text(duration_text(own))} for {text(names)}"
                               for lid, names, own in found)
            items.append(f"**{cell(outcome['name'])}:** where a level's target differs ({levels}), {GOVERNS[rule]}.")
    return ("**Where a level's target differs:**\n\n" + bullets(items)) if items else ""


def metrics_page(pb: "Playbook", linker: Linker) -> str:
    data = pb["metrics"]
    outcomes = [[f"**{cell(m['name'])}**", cell(sentences.fill(m, "definition")), cell(target_text(m["target"])),
                 cell(m.get("period", ""))] for m in data["outcomes"]]
    bands = [[f"**{cell(b['name'])}**", level_link(pb, linker, b["from_level"]) + " or higher",
              cell(f"{percent_text(b['min'])} to {percent_text(b['max'])} of all tickets")] for b in data["calibration"]]
    return "\n\n".join([heading(2, "Outcome metrics", "outcomes"),
                        table(["Metric", "Definition", "Target", "Period"], outcomes),
                        targets_that_differ(pb, linker),
                        heading(2, "Calibration targets", "calibration"),
                        "How much volume the entry criteria should produce:",
                        table(["Band", "Counts tickets at", "Target"], bands)])


def training_page(pb: "Playbook", linker: Linker) -> str:
    data = pb["training"]
    modules = pb.by_id("training", "modules")
    cert = data["certification"]
    card = data["scorecard"]
    return "\n\n".join([
        heading(2, "Modules", "modules"),
        table(["Module", "Length", "For", "Covers"],
              [[f"**{cell(m['name'])}**", cell(duration_text(m["duration"])),
                joined(role_link(pb, linker, r) for r in m["audience"]), cell(m["covers"])] for m in data["modules"]]),
        heading(2, "Certification", "certification"),
        bullets([f"**Required for:** {joined(role_link(pb, linker, r) for r in cert['required_for'])}",
                 f"**Modules:** {text(', '.join(modules[m]['name'] for m in cert['modules']))}",
                 f"**Pass mark:** {text(percent_text(cert['pass_mark']))}",
                 f"**Renew every:** {text(duration_text(cert['renew_every']))}"]),
        heading(2, "QA scorecard", "scorecard"),
        f"Pass mark: **{text(percent_text(card['pass_mark']))}**",
        table(["Criterion", "Weight", "Checks the step"], [_criterion_row(pb, linker, c) for c in card["criteria"]]),
    ])


def _criterion_row(pb: "Playbook", linker: Linker, criterion: dict) -> list[str]:
    role_id, step_id = criterion["checks"].split(".", 1)
    steps = {s["id"]: (phase, s) for phase, items in pb.roles[role_id]["checklist"].items() for s in items}
    phase, step = steps[step_id]
    link = linker.to(f"roles/{role_id}.md", f"{pb.roles[role_id]['name']}: {step['text']}", f"phase-{phase}")
    return [f"**{cell(criterion['name'])}**", cell(percent_text(criterion["weight"])), link]


def glossary_page(pb: "Playbook", linker: Linker) -> str:
    terms = sorted(pb["glossary"]["terms"], key=lambda t: t["term"].casefold())
    return table(["Term", "Meaning"], [[f"**{cell(t['term'])}**", cell(t["definition"])] for t in terms])
