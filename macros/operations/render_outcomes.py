"""Outcome metrics as text, Markdown and JSON: the latest month first, each metric with its verdict.
Customers are never shown; owners only in the per-owner table (pseudonymised on request)."""
from __future__ import annotations

import json
from typing import Callable

from ..render.markdown import table, text as md
from .outcomes import Cell, Metric, OutcomesReport, value_text

Namer = Callable[[str], str]


def _cell(metric: Metric, cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return "n/a"
    extra = ""
    if metric.kind == "duration":
        extra = f", {cell.within} of {cell.measured} within" + (f", {cell.open} still open" if cell.open else "")
    elif metric.kind == "update-compliance":
        extra = f", {cell.within} of {cell.measured} on time" + (f" ({cell.open} missed)" if cell.open else "")
    elif metric.kind == "pages-per-engineer":
        extra = f", {cell.measured} pages, {cell.within} engineers"
    else:
        extra = f", {cell.measured - cell.within} of {cell.measured} repeat"
    stat = f"{metric.statistic} " if metric.statistic else ""
    return f"{stat}{value_text(metric, cell.value)}{extra}"


def _header(r: OutcomesReport) -> list[str]:
    lines = [f"Outcome metrics: {r.export} ({r.source}), period ending {r.period_end.strftime('%Y-%m-%d %H:%M')} UTC",
             f"{r.counted:,} escalations" + (f", {r.updates:,} customer updates" if r.updates else "")
             + (f" ({r.updates_unmatched:,} for escalations not in the export, left out)" if r.updates_unmatched else "")]
    if r.total > r.counted:
        lines.append(f"{r.total - r.counted:,} rows left out because a value is empty or does not convert "
                     "(listed at the end)")
    return lines


def text_report(r: OutcomesReport, name: Namer) -> str:
    lines = _header(r)
    for month in r.months:
        lines += ["", f"{month.month}: {month.escalations} escalations"]
        for metric in r.metrics:
            result = metric.month(month.month)
            if metric.missing:
                lines.append(f"  {metric.name}: not measured ({metric.missing})")
                continue
            if result is None:
                continue
            verdict = (result.total.verdict or "n/a").upper()
            lines.append(f"  {verdict:4}  {metric.name}: {_cell(metric, result.total)}  (target {metric.target_text})")
            if len(result.by_priority) > 1 or metric.kind == "duration":
                for key, cell in result.by_priority:
                    lines.append(f"          {key}: {_cell(metric, cell)}")
    owners = [o for o in r.owners if o.month == (r.months[0].month if r.months else None)]
    if owners:
        lines += ["", f"By owner, {owners[0].month}"]
        ack = next((m for m in r.metrics if m.kind == "duration" and m.to == "acknowledged_at"), None)
        comp = next((m for m in r.metrics if m.kind == "update-compliance"), None)
        for o in owners:
            parts = [f"{o.escalations} escalations"]
            if ack and o.acknowledge:
                parts.append(f"{ack.name}: {_cell(ack, o.acknowledge)}")
            if comp and o.compliance:
                parts.append(f"{comp.name}: {_cell(comp, o.compliance)}")
            lines.append(f"  {name(o.owner)}: " + "; ".join(parts))
    if r.excluded_lines:
        lines += ["", "Rows left out"] + [f"  {t}" for t in r.excluded_lines]
    return "\n".join(lines) + "\n"


def markdown_report(r: OutcomesReport, name: Namer, heading: str = "##") -> str:
    out = [md(line) for line in _header(r)]
    out = [out[0], ""] + out[1:]
    ack = next((m for m in r.metrics if m.kind == "duration" and m.to == "acknowledged_at"), None)
    comp = next((m for m in r.metrics if m.kind == "update-compliance"), None)
    for month in r.months:
        out += ["", f"{heading} {month.month}", "", f"{month.escalations} escalations.", ""]
        rows = []
        for metric in r.metrics:
            result = metric.month(month.month)
            if metric.missing:
                rows.append([md(metric.name), md(f"not measured: {metric.missing}"), md(metric.target_text), ""])
            elif result is not None:
                rows.append([md(metric.name), md(_cell(metric, result.total)), md(metric.target_text),
                             f"**{result.total.verdict}**" if result.total.verdict else "n/a"])
        out.append(table(["Metric", "Result", "Target", "Verdict"], rows))
        owners = [o for o in r.owners if o.month == month.month]
        if owners and (ack or comp):
            out += ["", f"By owner:", ""]
            out.append(table(["Owner", "Escalations"] + ([md(ack.name)] if ack else []) + ([md(comp.name)] if comp else []),
                             [[md(name(o.owner)), str(o.escalations)] + ([md(_cell(ack, o.acknowledge))] if ack else [])
                              + ([md(_cell(comp, o.compliance))] if comp else []) for o in owners]))
    if r.excluded_lines:
        out += ["", f"{heading} Rows left out", ""] + [f"- {md(t)}" for t in r.excluded_lines]
    return "\n".join(out) + "\n"


def _json_cell(cell: Cell | None) -> dict | None:
    if cell is None:
        return None
    return {"value": None if cell.value is None else round(cell.value, 3), "measured": cell.measured,
            "within": cell.within, "open": cell.open, "verdict": cell.verdict}


def json_report(r: OutcomesReport, name: Namer) -> str:
    data = {
        "export": r.export, "period_end": r.period_end.isoformat(),
        "escalations": {"total": r.total, "counted": r.counted, "excluded": r.total - r.counted},
        "updates": {"counted": r.updates, "unmatched": r.updates_unmatched},
        "months": [{
            "month": m.month, "escalations": m.escalations, "by_level": dict(m.by_level),
            "metrics": [{"id": metric.id, "name": metric.name, "unit": metric.unit, "statistic": metric.statistic,
                         "target": metric.target_text, "missing": metric.missing,
                         **({} if metric.month(m.month) is None else {
                             **_json_cell(metric.month(m.month).total),  # type: ignore[union-attr]
                             "by_priority": {k: _json_cell(c) for k, c in metric.month(m.month).by_priority}})}
                        for metric in r.metrics],
            "owners": [{"owner": name(o.owner), "escalations": o.escalations, "acknowledge": _json_cell(o.acknowledge),
                        "update_compliance": _json_cell(o.compliance)} for o in r.owners if o.month == m.month],
            "repeat_causes": dict(r.repeat_causes(m.month)),
        } for m in r.months],
        "excluded": [{"field": e.field, "column": e.column, "problem": e.problem, "rows": e.rows, "first": list(e.first)}
                     for e in r.excluded],
    }
    return json.dumps(data, indent=2) + "\n"


RENDERERS = {"text": text_report, "markdown": markdown_report, "json": json_report}
