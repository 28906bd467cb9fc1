"""A Report as text for people, Markdown for pages and pull requests, JSON for tools.

The three read the same Report and say the same things; escaping for Markdown happens in
one place (`md`), since column names, ticket ids and breakdown values come from users.
"""
from __future__ import annotations

from ..render.markdown import cell

import html
import json
from typing import Callable

from ..units import number
from .report import BandResult, Report

NO_SHARE = "n/a"
OVERLAPS_SHOWN = 10


def count(n: int) -> str:
    return f"{n:,}"


def share(value: float | None) -> str:
    return NO_SHARE if value is None else f"{value:.2f} %"


def target(band: BandResult) -> str:
    return f"{number(band.min)} % to {number(band.max)} %"


def verdict(band: BandResult) -> str:
    if band.verdict in ("inside", "no tickets"):
        return band.verdict
    return f"{band.verdict} by {band.points_off:.2f} points"


def headline(report: Report) -> list[str]:
    lines = [f"Calibration of {report.export}: {count(report.total)} tickets"]
    if report.excluded:
        lines.append(f"{count(report.excluded)} tickets excluded because a value does not convert or is outside its "
                     f"plausible range (listed under Excluded rows); shares are of the other {count(report.counted)}.")
    return lines


def advice(report: Report, band: BandResult) -> list[str]:
    """What to look at first to move a band back inside: plain sentences, shared by text and Markdown."""
    if band.verdict == "above":
        lines = [f"{band.name} is above its target by {band.points_off:.2f} points: "
                 f"at least {count(band.tickets_off)} tickets too many. Look first at:"]
        lines += [f"{d.criterion}: {count(d.tickets)} tickets reach {band.from_level} or higher only through it "
                  f"({share(d.share_without)} without it)" for d in band.drivers]
        if not band.drivers:
            lines.append("no single criterion: every ticket in the band meets at least two; tighten several")
        return lines
    if band.verdict == "below":
        lines = [f"{band.name} is below its target by {band.points_off:.2f} points: "
                 f"at least {count(band.tickets_off)} tickets too few. Criteria that match fewest tickets:"]
        lines += [f"{d.criterion}: {count(d.tickets)} tickets" for d in band.drivers]
        lines += [f"field {e.field} (column '{e.column}') is empty on {share(report.share(e.empty))} of tickets, "
                  f"and a condition on an empty field is false ({', '.join(e.criteria)})"
                  for e in report.empty_fields]
        return lines
    return []


# ---------------------------------------------------------------- text

def table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    widths = [max(len(str(r[i])) for r in [headers] + rows) for i in range(len(headers))]
    out = []
    for row in [headers] + rows:
        cells = [str(c).rjust(w) if i in right else str(c).ljust(w) for i, (c, w) in enumerate(zip(row, widths))]
        out.append("  " + "  ".join(cells).rstrip())
    return out


def text_report(report: Report) -> str:
    lines = headline(report) + ["", "Bands"]
    lines += table(["Band", "From", "Share", "Target", "Verdict"],
                   [[b.name, b.from_level, share(b.share), target(b), verdict(b)] for b in report.bands], {2})
    for band in report.bands:
        tips = advice(report, band)
        if tips:
            lines += ["", "  " + tips[0]] + [f"    - {t}" for t in tips[1:]]
    lines += ["", "Levels (qualify: meets any of its criteria; assigned: the highest level met)"]
    lines += table(["Level", "Name", "Qualify", "", "Assigned", ""],
                   [[lv.id, lv.name, count(lv.qualify), share(report.share(lv.qualify)), count(lv.assigned),
                     share(report.share(lv.assigned))] for lv in report.levels], {2, 3, 4, 5})
    lines += ["", "Criteria (alone: tickets at its level that no other criterion of that level matches)"]
    lines += table(["Level", "Criterion", "Matches", "", "Alone"],
                   [[c.level, c.id, count(c.matches), share(report.share(c.matches)), count(c.alone)]
                    for c in report.criteria], {2, 3, 4})
    lines += ["", "Overlaps (tickets that two criteria both match)"]
    lines += table(["Criterion", "And", "Tickets"],
                   [[o.first, o.second, count(o.tickets)] for o in report.overlaps[:OVERLAPS_SHOWN]], {2}) \
        if report.overlaps else ["  none"]
    if len(report.overlaps) > OVERLAPS_SHOWN:
        more = len(report.overlaps) - OVERLAPS_SHOWN
        lines.append(f"  and {more} more {'pair' if more == 1 else 'pairs'} (see --format json)")
    if report.breakdown:
        lines += ["", f"Breakdown by {report.breakdown.by}"] + table(*_breakdown_table(report))
    if report.excluded_columns:
        lines += ["", "Excluded rows"] + [f"  {t}" for t in excluded_lines(report)]
    return "\n".join(lines) + "\n"


def excluded_lines(report: Report) -> list[str]:
    lines = []
    for e in report.excluded_columns:
        where = ", ".join(f"{r} ({i})" if i else r for r, i in zip(e.rows, e.ids + (None,) * len(e.rows)))
        more = f" and {count(e.tickets - len(e.rows))} more" if e.tickets > len(e.rows) else ""
        lines.append(f"{report.export} {where}{more}: column '{e.column}' (field {e.field}) is {e.expected}; "
                     "fix the values or the mapping")
    return lines


def _breakdown_table(report: Report) -> tuple[list[str], list[list[str]], set[int]]:
    assert report.breakdown is not None
    headers = [report.breakdown.by, "Tickets"] + [lv.id for lv in report.levels] + [b.name for b in report.bands]
    rows = []
    for row in report.breakdown.rows:
        bands = [f"{share(s)} {v}" for s, v in zip(row.band_shares, row.band_verdicts)]
        rows.append([row.key, count(row.tickets)] + [count(n) for n in row.assigned] + bands)
    return headers, rows, set(range(1, 2 + len(report.levels)))


# ---------------------------------------------------------------- Markdown

def md(text: object) -> str:
    """Safe inside a Markdown table cell and in HTML: the project's one escaper (no markup, no links)."""
    return cell(str(text).replace("\r", " ").replace("\n", " "))


def md_table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:  # type: ignore[assignment]
    align = ["---:" if i in right else "---" for i in range(len(headers))]
    return ["| " + " | ".join(md(h) for h in headers) + " |", "| " + " | ".join(align) + " |"] + \
        ["| " + " | ".join(md(c) for c in row) + " |" for row in rows]


def markdown_report(report: Report, heading: str = "###") -> str:
    lines = [md(line) for line in headline(report)]
    lines += ["", f"{heading} Bands", ""]
    lines += md_table(["Band", "From", "Share", "Target", "Verdict"],
                      [[b.name, b.from_level, share(b.share), target(b), verdict(b)] for b in report.bands], {2})
    for band in report.bands:
        tips = advice(report, band)
        if tips:
            lines += ["", md(tips[0]), ""] + [f"- {md(t)}" for t in tips[1:]]
    lines += ["", f"{heading} Levels", "", "Qualify: meets any of its criteria. Assigned: the highest level met.", ""]
    lines += md_table(["Level", "Name", "Qualify", "Share", "Assigned", "Share"],
                      [[lv.id, lv.name, count(lv.qualify), share(report.share(lv.qualify)), count(lv.assigned),
                        share(report.share(lv.assigned))] for lv in report.levels], {2, 3, 4, 5})
    lines += ["", f"{heading} Criteria", "",
              "Alone: tickets at its level that no other criterion of that level matches.", ""]
    lines += md_table(["Level", "Criterion", "Matches", "Share", "Alone"],
                      [[c.level, c.id, count(c.matches), share(report.share(c.matches)), count(c.alone)]
                       for c in report.criteria], {2, 3, 4})
    lines += ["", f"{heading} Overlaps", ""]
    lines += md_table(["Criterion", "And", "Tickets"],
                      [[o.first, o.second, count(o.tickets)] for o in report.overlaps[:OVERLAPS_SHOWN]], {2}) \
        if report.overlaps else ["No two criteria match the same ticket."]
    if report.breakdown:
        lines += ["", f"{heading} Breakdown by {md(report.breakdown.by)}", ""] + md_table(*_breakdown_table(report))
    if report.excluded_columns:
        lines += ["", f"{heading} Excluded rows", ""] + [f"- {md(t)}" for t in excluded_lines(report)]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------- JSON

def json_report(report: Report) -> str:
    def pct(n: int) -> float | None:
        value = report.share(n)
        return None if value is None else round(value, 4)

    data = {
        "export": report.export, "format": report.format,
        "tickets": {"total": report.total, "counted": report.counted, "excluded": report.excluded},
        "bands": [{"id": b.id, "name": b.name, "from_level": b.from_level, "min": b.min, "max": b.max,
                   "tickets": b.tickets, "share": None if b.share is None else round(b.share, 4),
                   "verdict": b.verdict, "points_off": round(b.points_off, 4), "tickets_off": b.tickets_off,
                   "look_first_at": [{"criterion": d.criterion, "tickets": d.tickets,
                                      "share_without": None if d.share_without is None else round(d.share_without, 4)}
                                     for d in b.drivers]} for b in report.bands],
        "levels": [{"id": lv.id, "name": lv.name, "rank": lv.rank, "qualify": lv.qualify,
                    "qualify_share": pct(lv.qualify), "assigned": lv.assigned, "assigned_share": pct(lv.assigned)}
                   for lv in report.levels],
        "criteria": [{"level": c.level, "id": c.id, "matches": c.matches, "share": pct(c.matches), "alone": c.alone}
                     for c in report.criteria],
        "overlaps": [{"first": o.first, "second": o.second, "tickets": o.tickets} for o in report.overlaps],
        "excluded": [{"column": e.column, "field": e.field, "problem": e.expected, "tickets": e.tickets,
                      "first_rows": list(e.rows), "ticket_ids": [i for i in e.ids if i]}
                     for e in report.excluded_columns],
        "empty_fields": [{"field": e.field, "column": e.column, "empty": e.empty, "criteria": list(e.criteria)}
                         for e in report.empty_fields],
    }
    if report.breakdown:
        data["breakdown"] = {"by": report.breakdown.by, "rows": [
            {"key": r.key, "tickets": r.tickets,
             "assigned": {lv.id: n for lv, n in zip(report.levels, r.assigned)},
             "bands": {b.id: {"share": None if s is None else round(s, 4), "verdict": v}
                       for b, s, v in zip(report.bands, r.band_shares, r.band_verdicts)}}
            for r in report.breakdown.rows]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": text_report,
    "markdown": markdown_report,
    "json": json_report,
}
