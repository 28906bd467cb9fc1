"""The action tracker as text, Markdown (ready to paste) and JSON. Owners go through `name`
(the pseudonymiser when asked); action and escalation ids are shown, summaries never are."""
from __future__ import annotations

import json
from typing import Callable

from ..render.markdown import table, text as md
from .actions import Action, ActionsReport

Namer = Callable[[str], str]


def _who(rule_people: tuple[str, ...]) -> str:
    return ", ".join(rule_people)


def _header(r: ActionsReport) -> list[str]:
    lines = [f"Action tracker: {r.export} ({r.source}), as of {r.as_of.isoformat()}",
             f"{r.counted:,} actions from {r.escalations_count:,} escalations: {r.open:,} open, {r.done:,} done; "
             f"{r.overdue_count:,} overdue, {r.escalated_count:,} escalated to leadership"
             + (f", {r.due_soon_count:,} due within {r.due_soon_days} days" if r.due_soon_days is not None else "")]
    if r.total > r.counted:
        lines.append(f"{r.total - r.counted:,} rows left out because a value is empty or does not convert "
                     "(listed at the end)")
    return lines


def _more(shown: int, count: int) -> list[str]:
    return [f"  and {count - shown:,} more (see --format json)"] if count > shown else []


def text_report(r: ActionsReport, name: Namer) -> str:
    lines = _header(r)
    lines += ["", "Escalated to leadership (tell them now)"]
    lines += [f"  {a.id}  {_days(a.days_overdue)} overdue (due {a.due})  owner {name(a.owner)}  escalation "
              f"{a.escalation}  -> {_who(a.rule.escalate_to)}" for a in r.escalated if a.rule] or ["  none"]
    lines += _more(len(r.escalated), r.escalated_count)
    lines += ["", "Overdue"]
    lines += [f"  {a.id}  {_days(a.days_overdue)} overdue (due {a.due})  owner {name(a.owner)}  escalation "
              f"{a.escalation}" + (f"  rule: over {a.rule.overdue_by}" if a.rule else "") for a in r.overdue] or ["  none"]
    lines += _more(len(r.overdue), r.overdue_count)
    if r.due_soon_days is not None:
        lines += ["", f"Due within {r.due_soon_days} days"]
        lines += [f"  {a.id}  due {a.due}  owner {name(a.owner)}  escalation {a.escalation}" for a in r.due_soon] \
            or ["  none"]
        lines += _more(len(r.due_soon), r.due_soon_count)
    lines += ["", "Open actions by owner"]
    lines += [f"  {name(o.owner)}: {o.open} open, {o.due_soon} due soon, {o.overdue} overdue, {o.escalated} escalated"
              for o in r.by_owner] or ["  none"]
    lines += ["", "Open actions by escalation"]
    lines += [f"  {e.escalation}: {e.open} open of {e.actions}, {e.overdue} overdue" for e in r.by_escalation] or ["  none"]
    if r.has_scores:
        lines += ["", f"{r.score_name} per month (out of {r.max_points})"]
        lines += [f"  {s.month}: {_score(s.mean)} mean, lowest {_score(s.lowest)}, {s.scored} of {s.escalations} "
                  "escalations scored" for s in r.scores]
    if r.excluded_lines:
        lines += ["", "Rows left out"] + [f"  {t}" for t in r.excluded_lines]
    return "\n".join(lines) + "\n"


def _days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def _score(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f}"


def markdown_report(r: ActionsReport, name: Namer, heading: str = "##") -> str:
    out = [md(line) for line in _header(r)[:1]] + [""] + [md(line) for line in _header(r)[1:]] + [""]
    out += [f"{heading} Escalated to leadership", ""]
    if r.escalated:
        out.append(table(["Action", "Days overdue", "Due", "Owner", "Escalation", "Must hear about it"],
                         [[md(a.id), str(a.days_overdue), a.due.isoformat(), md(name(a.owner)), md(a.escalation),
                           md(_who(a.rule.escalate_to))] for a in r.escalated if a.rule]))
    else:
        out.append("No action is overdue past a leadership threshold.")
    out += _md_more(len(r.escalated), r.escalated_count)
    out += ["", f"{heading} Overdue", ""]
    out.append(table(["Action", "Days overdue", "Due", "Owner", "Escalation", "Rule"],
                     [[md(a.id), str(a.days_overdue), a.due.isoformat(), md(name(a.owner)), md(a.escalation),
                       md(a.rule.text) if a.rule else ""] for a in r.overdue]) if r.overdue else "No overdue actions.")
    out += _md_more(len(r.overdue), r.overdue_count)
    if r.due_soon_days is not None:
        out += ["", f"{heading} Due within {r.due_soon_days} days", ""]
        out.append(table(["Action", "Due", "Owner", "Escalation"],
                         [[md(a.id), a.due.isoformat(), md(name(a.owner)), md(a.escalation)] for a in r.due_soon])
                   if r.due_soon else "Nothing is due soon.")
        out += _md_more(len(r.due_soon), r.due_soon_count)
    out += ["", f"{heading} Open actions by owner", ""]
    out.append(table(["Owner", "Open", "Due soon", "Overdue", "Escalated"],
                     [[md(name(o.owner)), str(o.open), str(o.due_soon), str(o.overdue), str(o.escalated)]
                      for o in r.by_owner]) if r.by_owner else "No open actions.")
    out += ["", f"{heading} Open actions by escalation", ""]
    out.append(table(["Escalation", "Actions", "Open", "Overdue"],
                     [[md(e.escalation), str(e.actions), str(e.open), str(e.overdue)] for e in r.by_escalation])
               if r.by_escalation else "No open actions.")
    if r.has_scores:
        out += ["", f"{heading} {md(r.score_name)} per month", ""]
        out.append(table(["Month", f"Mean (of {r.max_points})", "Lowest", "Escalations scored"],
                         [[s.month, _score(s.mean), _score(s.lowest), f"{s.scored} of {s.escalations}"]
                          for s in r.scores]))
    if r.excluded_lines:
        out += ["", f"{heading} Rows left out", ""] + [f"- {md(t)}" for t in r.excluded_lines]
    return "\n".join(out) + "\n"


def _md_more(shown: int, count: int) -> list[str]:
    return ["", f"And {count - shown:,} more (see `--format json`)."] if count > shown else []


def _action(a: Action, name: Namer) -> dict:
    return {"id": a.id, "escalation": a.escalation, "owner": name(a.owner), "created": a.created.isoformat(),
            "due": a.due.isoformat(), "days_overdue": max(a.days_overdue, 0),
            "rule": a.rule.overdue_by if a.rule else None,
            "escalate_to": list(a.rule.escalate_to) if a.rule else []}


def json_report(r: ActionsReport, name: Namer) -> str:
    data = {
        "export": r.export, "as_of": r.as_of.isoformat(),
        "actions": {"total": r.total, "counted": r.counted, "excluded": r.total - r.counted, "open": r.open,
                    "done": r.done, "overdue": r.overdue_count, "escalated": r.escalated_count,
                    "due_soon": r.due_soon_count},
        "escalated": [_action(a, name) for a in r.escalated],
        "overdue": [_action(a, name) for a in r.overdue],
        "due_soon": [_action(a, name) for a in r.due_soon],
        "by_owner": [{"owner": name(o.owner), "open": o.open, "due_soon": o.due_soon, "overdue": o.overdue,
                      "escalated": o.escalated} for o in r.by_owner],
        "by_escalation": [{"escalation": e.escalation, "actions": e.actions, "open": e.open, "overdue": e.overdue}
                          for e in r.by_escalation],
        "scores": [{"month": s.month, "escalations": s.escalations, "scored": s.scored,
                    "mean": None if s.mean is None else round(s.mean, 2), "lowest": s.lowest,
                    "max_points": r.max_points} for s in r.scores] if r.has_scores else [],
        "excluded": [{"field": e.field, "column": e.column, "problem": e.problem, "rows": e.rows,
                      "first": list(e.first)} for e in r.excluded],
        "listed_at_most": 200,
    }
    return json.dumps(data, indent=2) + "\n"


RENDERERS = {"text": text_report, "markdown": markdown_report, "json": json_report}
