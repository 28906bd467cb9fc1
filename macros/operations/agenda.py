"""The monthly review agenda: review.yml's `monthly_agenda`, each item filled from that month's data.

An item's `fill` names what goes under it; an item without one gets room for notes. Metric
verdicts and repeat escalations come from the outcomes report when an escalation export is given.
"""
from __future__ import annotations

from typing import Any, Callable

from ..playbook import Playbook
from ..render.markdown import table, text as md
from ..units import duration_text
from .actions import ActionsReport

Namer = Callable[[str], str]
NOTES = "- _Notes:_"


def agenda_markdown(pb: Playbook, r: ActionsReport, name: Namer, outcomes: Any | None = None) -> str:
    month = r.month or ""
    out = [f"# {md(pb['review']['meeting']['name'])}: {month}", "",
           f"Prepared from {md(r.export)} on {r.as_of.isoformat()}."]
    for number, item in enumerate(pb["review"]["monthly_agenda"], start=1):
        out += ["", f"## {number}. {md(item['item'])} ({md(duration_text(item['duration']))})", ""]
        out += FILLERS.get(item.get("fill", ""), _notes)(pb, r, name, outcomes)
    return "\n".join(out) + "\n"


def _notes(_pb: Playbook, _r: ActionsReport, _name: Namer, _outcomes: Any) -> list[str]:
    return [NOTES]


def _escalations(_pb: Playbook, r: ActionsReport, _name: Namer, outcomes: Any) -> list[str]:
    lines = []
    if outcomes is not None:
        month = outcomes.month_row(r.month)
        if month is not None:
            lines.append(f"{month.escalations} escalations declared in {r.month}"
                         + (": " + ", ".join(f"{md(k)} {v}" for k, v in month.by_level) if month.by_level else "") + ".")
            lines.append("")
    if r.month_escalations:
        lines.append(f"{len(r.month_escalations)} escalations reviewed with actions opened in {r.month}:")
        lines.append("")
        lines.append(table(["Escalation", "Actions", "Open", "Overdue", f"{md(r.score_name)} (of {r.max_points})"],
                           [[md(e.escalation), str(e.actions), str(e.open), str(e.overdue),
                             "n/a" if e.score is None else f"{e.score:g}"] for e in r.month_escalations]))
    else:
        lines.append(f"No review actions were opened in {r.month}.")
    return lines + ["", NOTES]


def _verdicts(_pb: Playbook, r: ActionsReport, _name: Namer, outcomes: Any) -> list[str]:
    if outcomes is None:
        return ["_Run with `--escalations EXPORT` to fill in the month's metric verdicts._", "", NOTES]
    rows = outcomes.verdict_rows(r.month)
    if not rows:
        return [f"No escalations in {r.month} to measure.", "", NOTES]
    return [table(["Metric", "Result", "Target", "Verdict"], [[md(c) for c in row] for row in rows]), "", NOTES]


def _repeats(_pb: Playbook, r: ActionsReport, _name: Namer, outcomes: Any) -> list[str]:
    if outcomes is None:
        return ["_Run with `--escalations EXPORT` to fill in the month's repeat escalations._", "", NOTES]
    causes = outcomes.repeat_causes(r.month)
    if not causes:
        return [f"No repeat escalations in {r.month}.", "", NOTES]
    return [table(["Root cause", "Repeat escalations"], [[md(c), str(n)] for c, n in causes]), "", NOTES]


def _overdue(_pb: Playbook, r: ActionsReport, name: Namer, _outcomes: Any) -> list[str]:
    if not r.overdue:
        return ["No overdue actions.", "", NOTES]
    rows = [[md(a.id), str(a.days_overdue), md(name(a.owner)), md(a.escalation),
             md(", ".join(a.rule.escalate_to)) if a.rule and a.rule.escalate_to else ""]
            for a in sorted(r.overdue, key=lambda a: (not (a.rule and a.rule.escalate_to), -a.days_overdue, a.id))]
    more = ["", f"And {r.overdue_count - len(r.overdue):,} more."] if r.overdue_count > len(r.overdue) else []
    return [table(["Action", "Days overdue", "Owner", "Escalation", "Escalated to"], rows)] + more + ["", NOTES]


def _due(_pb: Playbook, r: ActionsReport, name: Namer, _outcomes: Any) -> list[str]:
    if not r.due_soon:
        return ["Nothing is due soon.", "", NOTES]
    return [table(["Action", "Due", "Owner"], [[md(a.id), a.due.isoformat(), md(name(a.owner))] for a in r.due_soon]),
            "", NOTES]


def _scores(_pb: Playbook, r: ActionsReport, _name: Namer, _outcomes: Any) -> list[str]:
    row = next((s for s in r.scores if s.month == r.month), None)
    if row is None or row.mean is None:
        return [f"No prevent-repeat scores for {r.month}.", "", NOTES]
    return [f"Mean {row.mean:.1f} of {r.max_points}, lowest {row.lowest:g}, {row.scored} of {row.escalations} "
            "escalations scored.", "", NOTES]


FILLERS: dict[str, Callable[[Playbook, ActionsReport, Namer, Any], list[str]]] = {
    "escalations": _escalations,
    "metric-verdicts": _verdicts,
    "repeat-escalations": _repeats,
    "overdue-actions": _overdue,
    "actions-due": _due,
    "prevent-repeat-scores": _scores,
}
