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
from .report import DRIVERS, NOT_ESCALATED, BandResult, Report

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
    """What to look at first to move a band back inside: plain sentences, shared by text and Markdown.
    Only the band's own criteria (its level and those above) are named; what is not shown is counted."""
    shown = band.drivers[:DRIVERS]
    rest = len(band.drivers) - len(shown)
    more = [f"and {rest} more {'criterion' if rest == 1 else 'criteria'} of this band (see --format json)"] \
        if rest > 0 else []
    if band.verdict == "above":
        lines = [f"{band.name} is above its target by {band.points_off:.2f} points: "
                 f"at least {count(band.tickets_off)} tickets too many. Look first at:"]
        lines += [f"{d.criterion}: {count(d.tickets)} tickets reach {band.from_level} or higher only through it "
                  f"({share(d.share_without)} without it)" for d in shown] + more
        if not band.drivers:
            lines.append("no single criterion: every ticket in the band meets at least two; tighten several")
        return lines
    if band.verdict == "below":
        lines = [f"{band.name} is below its target by {band.points_off:.2f} points: "
                 f"at least {count(band.tickets_off)} tickets too few. Its criteria that match fewest tickets:"]
        lines += [f"{d.criterion}: {count(d.tickets)} tickets" for d in shown] + more
        lines += [f"field {e.field} (column '{e.column}') is empty on {share(report.share(e.empty))} of tickets, "
                  f"and a condition on an empty field is false ({', '.join(e.criteria)})"
                  for e in band.empty_fields]
        return lines
    return []


def levels_rows(report: Report) -> list[list[str]]:
    return [[lv.id, lv.name, count(lv.qualify), share(report.share(lv.qualify)), count(lv.would_land_at),
             share(report.share(lv.would_land_at))] for lv in report.levels]


LEVEL_HEADERS = ["Level", "Name", "Qualify", "Share", "Would land at", "Share"]
LEVELS_NOTE = ("Qualify: meets any of its criteria. Would land at: the highest level whose criteria the ticket "
               "meets, where the criteria would send it (not what agents did).")


def criteria_rows(report: Report) -> list[list[str]]:
    return [[c.level, c.id, count(c.matches), share(report.share(c.matches)), count(c.alone)]
            + ([ids(c.examples)] if report.examples else []) for c in report.criteria]


def ids(examples: tuple[str, ...]) -> str:
    return ", ".join(examples) or "-"


def overlap_rows(report: Report) -> list[list[str]]:
    return [[o.first, o.second, count(o.tickets)] + ([ids(o.examples)] if report.examples else [])
            for o in report.overlaps[:OVERLAPS_SHOWN]]


def overlaps_left_out(report: Report) -> list[str]:
    more = len(report.overlaps) - OVERLAPS_SHOWN
    if more <= 0:
        return []
    return [f"and {more} more {'pair' if more == 1 else 'pairs'} with fewer tickets, not shown here "
            "(playbook calibrate --format json lists every pair)"]


def outcome_sections(report: Report) -> list[tuple[str, str, list[str], list[list[str]], set[int]]]:
    """(title, note, headers, rows, right-aligned columns) for the comparison with what really happened."""
    o = report.outcomes
    if o is None:
        return []
    label = {NOT_ESCALATED: "not escalated"}
    matrix = [[label.get(r, r), *(count(n) for n in row), count(sum(row))] for r, row in zip(o.rows, o.matrix)]
    totals = [count(sum(row[c] for row in o.matrix)) for c in range(len(o.columns))]
    matrix.append(["all", *totals, count(sum(sum(row) for row in o.matrix))])
    what = "level it really got" if o.kind == "level" else "whether it was really escalated"
    sections = [("Would land at against what really happened",
                 f"Rows: where the criteria would send a ticket. Columns: the {what} (column '{o.column}').",
                 ["Would land at"] + [label.get(c, c) for c in o.columns] + ["All"], matrix,
                 set(range(1, len(o.columns) + 2)))]
    for title, cells, note in (
            ("Under-escalations", o.under, "The criteria say higher than what was done."),
            ("Over-escalations", o.over, "Done higher than the criteria say.")):
        rows = [[label.get(c.would, c.would), label.get(c.actual, c.actual), count(c.tickets),
                 share(report.share(c.tickets))] + ([ids(c.examples)] if report.examples else []) for c in cells]
        sections.append((title, note, ["Would land at", "Really", "Tickets", "Share"]
                         + (["Examples"] if report.examples else []), rows, {2, 3}))
    rows = [[c.criterion, count(c.matches), pct_of(c.escalated, c.matches)]
            + ([pct_of(c.reached, c.matches)] if c.reached is not None else []) for c in o.criteria]
    sections.append(("Escalation rate per criterion",
                     "Of the tickets each criterion catches, how many were really escalated"
                     + (" (at all, and at its level or higher)." if o.kind == "level" else "."),
                     ["Criterion", "Matches", "Escalated"] + (["At its level or higher"] if o.kind == "level" else []),
                     rows, {1, 2, 3}))
    return sections


def pct_of(part: int, whole: int) -> str:
    return NO_SHARE if not whole else f"{count(part)} ({100.0 * part / whole:.1f} %)"


def staffing_rows(report: Report) -> list[list[str]]:
    return [[s.level, s.written, f"{s.median:g}", f"{s.p90:.1f}", f"{count(s.peak)} ({s.peak_week})",
             f"{len(s.over)} of {s.weeks}", s.verdict + (f": {', '.join(s.over)}" if s.over else "")]
            for s in report.staffing]


STAFFING_HEADERS = ["Level", "Capacity", "Median week", "p90 week", "Peak week", "Weeks over", "Verdict"]
STAFFING_NOTE = ("Tickets that would land at each level per complete week, against what its owning team can take "
                 "(levels.yml capacity). If volume exceeds staffing, tighten the criteria.")


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
    lines += ["", "Levels", f"  {LEVELS_NOTE}"]
    lines += table(LEVEL_HEADERS[:4] + [LEVEL_HEADERS[4], ""], levels_rows(report), {2, 3, 4, 5})
    lines += ["", "Criteria (alone: tickets at its level that no other criterion of that level matches)"]
    lines += table(["Level", "Criterion", "Matches", "", "Alone"] + (["Examples"] if report.examples else []),
                   criteria_rows(report), {2, 3, 4})
    lines += ["", "Overlaps (tickets that two criteria both match)"]
    lines += table(["Criterion", "And", "Tickets"] + (["Examples"] if report.examples else []),
                   overlap_rows(report), {2}) if report.overlaps else ["  none"]
    lines += [f"  {t}" for t in overlaps_left_out(report)]
    for title, note, headers, rows, right in outcome_sections(report):
        lines += ["", title, f"  {note}"] + (table(headers, rows, right) if rows else ["  none"])
    if report.staffing:
        lines += ["", "Staffing", f"  {STAFFING_NOTE}"] + table(STAFFING_HEADERS, staffing_rows(report), {2, 3, 4})
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
    headers = [report.breakdown.by, "Tickets"] + [f"{lv.id} (would land at)" for lv in report.levels] + \
        [b.name for b in report.bands]
    rows = []
    for row in report.breakdown.rows:
        bands = [f"{share(s)} {v}" for s, v in zip(row.band_shares, row.band_verdicts)]
        rows.append([row.key, count(row.tickets)] + [count(n) for n in row.would_land_at] + bands)
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
    lines = "\n\n".join(md(line) for line in headline(report)).split("\n")  # one paragraph each
    lines += ["", f"{heading} Bands", ""]
    lines += md_table(["Band", "From", "Share", "Target", "Verdict"],
                      [[b.name, b.from_level, share(b.share), target(b), verdict(b)] for b in report.bands], {2})
    for band in report.bands:
        tips = advice(report, band)
        if tips:
            lines += ["", md(tips[0]), ""] + [f"- {md(t)}" for t in tips[1:]]
    lines += ["", f"{heading} Levels", "", md(LEVELS_NOTE), ""]
    lines += md_table(LEVEL_HEADERS, levels_rows(report), {2, 3, 4, 5})
    lines += ["", f"{heading} Criteria", "",
              "Alone: tickets at its level that no other criterion of that level matches.", ""]
    lines += md_table(["Level", "Criterion", "Matches", "Share", "Alone"] + (["Examples"] if report.examples else []),
                      criteria_rows(report), {2, 3, 4})
    lines += ["", f"{heading} Overlaps", ""]
    lines += md_table(["Criterion", "And", "Tickets"] + (["Examples"] if report.examples else []),
                      overlap_rows(report), {2}) if report.overlaps else ["No two criteria match the same ticket."]
    lines += ["", *(md(t) for t in overlaps_left_out(report))] if overlaps_left_out(report) else []
    for title, note, headers, rows, right in outcome_sections(report):
        lines += ["", f"{heading} {title}", "", md(note), ""] + (md_table(headers, rows, right) if rows else ["None."])
    if report.staffing:
        lines += ["", f"{heading} Staffing", "", md(STAFFING_NOTE), ""]
        lines += md_table(STAFFING_HEADERS, staffing_rows(report), {2, 3, 4})
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
                                     for d in b.drivers],
                   "empty_fields": [{"field": e.field, "column": e.column, "empty": e.empty,
                                     "criteria": list(e.criteria)} for e in b.empty_fields]} for b in report.bands],
        "levels": [{"id": lv.id, "name": lv.name, "rank": lv.rank, "qualify": lv.qualify,
                    "qualify_share": pct(lv.qualify), "would_land_at": lv.would_land_at,
                    "would_land_at_share": pct(lv.would_land_at)} for lv in report.levels],
        "criteria": [{"level": c.level, "id": c.id, "matches": c.matches, "share": pct(c.matches), "alone": c.alone}
                     | ({"examples": list(c.examples)} if report.examples else {}) for c in report.criteria],
        "overlaps": [{"first": o.first, "second": o.second, "tickets": o.tickets}
                     | ({"examples": list(o.examples)} if report.examples else {}) for o in report.overlaps],
        "excluded": [{"column": e.column, "field": e.field, "problem": e.expected, "tickets": e.tickets,
                      "first_rows": list(e.rows), "ticket_ids": [i for i in e.ids if i],
                      "rows_not_listed": e.tickets - len(e.rows)}
                     for e in report.excluded_columns],
        "empty_fields": [{"field": e.field, "column": e.column, "empty": e.empty, "criteria": list(e.criteria)}
                         for e in report.empty_fields],
    }
    if report.outcomes:
        o = report.outcomes

        def cells(items):  # noqa: ANN001, ANN202
            return [{"would_land_at": c.would, "really": c.actual, "tickets": c.tickets}
                    | ({"examples": list(c.examples)} if report.examples else {}) for c in items]

        data["outcomes"] = {
            "kind": o.kind, "column": o.column,
            "matrix": {r: dict(zip(o.columns, row)) for r, row in zip(o.rows, o.matrix)},
            "under_escalations": cells(o.under), "over_escalations": cells(o.over),
            "criteria": [{"criterion": c.criterion, "matches": c.matches, "escalated": c.escalated}
                         | ({"at_level_or_higher": c.reached} if c.reached is not None else {}) for c in o.criteria]}
    if report.staffing:
        data["staffing"] = [{"level": s.level, "capacity_per_week": round(s.capacity, 4), "capacity": s.written,
                             "weeks": s.weeks, "median": s.median, "p90": round(s.p90, 4), "peak": s.peak,
                             "peak_week": s.peak_week, "weeks_over": list(s.over), "verdict": s.verdict}
                            for s in report.staffing]
    if report.breakdown:
        data["breakdown"] = {"by": report.breakdown.by, "rows": [
            {"key": r.key, "tickets": r.tickets,
             "would_land_at": {lv.id: n for lv, n in zip(report.levels, r.would_land_at)},
             "bands": {b.id: {"share": None if s is None else round(s, 4), "verdict": v}
                       for b, s, v in zip(report.bands, r.band_shares, r.band_verdicts)}}
            for r in report.breakdown.rows]}
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


RENDERERS: dict[str, Callable[[Report], str]] = {
    "text": text_report,
    "markdown": markdown_report,
    "json": json_report,
}
