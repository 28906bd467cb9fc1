"""The weekly on-call health report as text, Markdown (the Monday report) and JSON (the shape the
issue fixes: weeks -> people and rotations). People's names go through `name` (--pseudonymise)."""
from __future__ import annotations

import json
from typing import Callable

from ..render.markdown import table, text as md
from .oncall import OncallReport

Namer = Callable[[str], str]


def _header(r: OncallReport) -> list[str]:
    lines = [f"On-call health: {r.export} ({r.source})",
             f"{r.counted:,} pages over {len(r.weeks)} weeks; threshold {r.threshold:g} pages per engineer per week"
             + (f", after-hours share {r.after_hours_threshold:g} %" if r.after_hours_threshold is not None else "")]
    if r.total > r.counted:
        lines.append(f"{r.total - r.counted:,} rows left out because a value is empty or does not convert "
                     "(listed at the end)")
    return lines


def _share(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1f} %"


def text_report(r: OncallReport, name: Namer) -> str:
    lines = _header(r)
    for week in r.weeks:
        share = r.after_hours_share(week)
        over = "" if r.after_hours_threshold is None or share is None or share <= r.after_hours_threshold \
            else "  ABOVE THRESHOLD"
        lines += ["", f"{week}: after-hours share {_share(share)}{over}"]
        for p in r.people_in(week):
            lines.append(f"  {name(p.person)}: {p.pages} pages, {p.after_hours} after hours, {p.sleep_interruptions} "
                         f"at night, {p.nights_in_a_row} nights in a row, {p.weekend_minutes / 60:.1f} h weekend work, "
                         f"{p.weeks_in_a_row} weeks in a row" + (f"  FLAGS: {', '.join(p.flags)}" if p.flags else ""))
        for rot in r.rotations_in(week):
            lines.append(f"  rotation {rot.rotation}: {rot.pages} pages, {rot.per_engineer:.2f} per engineer "
                         f"({rot.members} members)  {rot.verdict.upper()}")
    lines += ["", "Burnout flags"] + [f"  {f.id}: {f.text}" + (f" ({f.measure} {f.limit_text})" if f.measure
                                                                  else " (no `when` in on-call.yml: not evaluated)")
                                      for f in r.flags]
    if r.excluded_lines:
        lines += ["", "Rows left out"] + [f"  {t}" for t in r.excluded_lines]
    return "\n".join(lines) + "\n"


def markdown_report(r: OncallReport, name: Namer, heading: str = "##") -> str:
    head = [md(line) for line in _header(r)]
    out = [head[0], ""] + head[1:]
    texts = {f.id: f.text for f in r.flags}
    for week in r.weeks:
        share = r.after_hours_share(week)
        out += ["", f"{heading} {week}", "", f"After-hours share: {_share(share)}"
                + (f" (threshold {r.after_hours_threshold:g} %)" if r.after_hours_threshold is not None else ""), ""]
        out.append(table(["Person", "Pages", "After hours", "At night", "Nights in a row", "Weekend work",
                          "Weeks in a row", "Flags"],
                         [[md(name(p.person)), str(p.pages), str(p.after_hours), str(p.sleep_interruptions),
                           str(p.nights_in_a_row), f"{p.weekend_minutes / 60:.1f} h", str(p.weeks_in_a_row),
                           md(", ".join(p.flags))] for p in r.people_in(week)]))
        out += ["", table(["Rotation", "Pages", "Members", "Per engineer", f"Verdict (threshold {r.threshold:g})"],
                          [[md(rot.name), str(rot.pages), str(rot.members), f"{rot.per_engineer:.2f}",
                            f"**{rot.verdict}**"] for rot in r.rotations_in(week)])]
        flagged = [p for p in r.people_in(week) if p.flags]
        if flagged:
            out += ["", "Flags this week:", ""]
            out += [f"- {md(name(p.person))}: " + "; ".join(md(texts[f]) for f in p.flags) for p in flagged]
    if r.excluded_lines:
        out += ["", f"{heading} Rows left out", ""] + [f"- {md(t)}" for t in r.excluded_lines]
    return "\n".join(out) + "\n"


def json_report(r: OncallReport, name: Namer) -> str:
    data = {"weeks": [{
        "week": week,
        "people": [{"person": name(p.person), "pages": p.pages, "after_hours": p.after_hours, "flags": list(p.flags)}
                   for p in r.people_in(week)],
        "rotations": [{"rotation": rot.rotation, "pages": rot.pages, "pages_per_engineer": round(rot.per_engineer, 3),
                       "threshold": r.threshold, "verdict": rot.verdict} for rot in r.rotations_in(week)],
    } for week in r.weeks]}
    return json.dumps(data, indent=2) + "\n"


RENDERERS = {"text": text_report, "markdown": markdown_report, "json": json_report}
