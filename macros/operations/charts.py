"""SVG charts of the operations reports, in the calibration chart's manner: self-contained, accessible
(title, description, text labels), no script, no blank line inside, every text escaped."""
from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING, Callable

from .outcomes import Metric, OutcomesReport, value_text

if TYPE_CHECKING:
    from .oncall import OncallReport

WIDTH, PANEL, LEFT, RIGHT, TOP = 720, 150, 70, 150, 50
PASS, FAIL, TARGET = "#2e7d32", "#c62828", "#555"


def outcomes_svg(report: OutcomesReport) -> str:
    """One panel per measured metric: its monthly value (oldest to newest) against the target line."""
    metrics = [m for m in report.metrics if m.months and not m.missing]
    months = sorted({r.month for m in metrics for r in m.months})
    height = TOP + PANEL * max(len(metrics), 1) + 10
    title = "Outcome metrics per month against their targets"
    desc = "; ".join(f"{m.name}: " + ", ".join(f"{r.month} {value_text(m, r.total.value)} {r.total.verdict or ''}"
                                               for r in reversed(m.months)) + f" (target {m.target_text})"
                     for m in metrics) or "No metric could be measured."
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
           'role="img" aria-labelledby="out-title out-desc" class="outcomes-chart" '
           'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="12">',
           f'<title id="out-title">{escape(title)}</title>', f'<desc id="out-desc">{escape(desc)}</desc>',
           f'<text x="16" y="22" font-weight="600" font-size="13">{escape(title)}</text>',
           f'<text x="16" y="38" fill="#555">Dashed line: the target. Green: met; red: missed.</text>']
    for i, metric in enumerate(metrics):
        out += _panel(metric, months, TOP + i * PANEL)
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _panel(metric: Metric, months: list[str], top: int) -> list[str]:
    values = {r.month: r.total for r in metric.months}
    highest = max([c.value or 0 for c in values.values()] + [metric.target]) * 1.15 or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, PANEL - 50
    base = top + 20 + plot_h

    def x(index: int) -> float:
        return LEFT + (plot_w * (index + 0.5) / max(len(months), 1))

    def y(value: float) -> float:
        return base - plot_h * min(value, highest) / highest

    out = [f'<text x="{LEFT}" y="{top + 12}" font-weight="600">{escape(metric.name)}</text>',
           f'<line x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}" stroke="#bbb"/>',
           f'<line x1="{LEFT}" y1="{y(metric.target):.1f}" x2="{LEFT + plot_w}" y2="{y(metric.target):.1f}" '
           f'stroke="{TARGET}" stroke-dasharray="5 4"/>',
           f'<text x="{LEFT + plot_w + 6}" y="{y(metric.target) + 4:.1f}" fill="{TARGET}">target '
           f'{escape(metric.target_text)}</text>']
    points = [(x(i), y(values[m].value)) for i, m in enumerate(months) if m in values and values[m].value is not None]
    if len(points) > 1:
        out.append('<polyline fill="none" stroke="#3f51b5" stroke-width="2" points="'
                   + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>')
    for i, month in enumerate(months):
        out.append(f'<text x="{x(i):.1f}" y="{base + 16}" text-anchor="middle" fill="#555">{escape(month)}</text>')
        cell = values.get(month)
        if cell is None or cell.value is None:
            continue
        colour = PASS if cell.verdict == "pass" else FAIL
        out.append(f'<circle cx="{x(i):.1f}" cy="{y(cell.value):.1f}" r="5" fill="{colour}"><title>{escape(month)}: '
                   f'{escape(value_text(metric, cell.value))}, {escape(cell.verdict or "")}</title></circle>')
        out.append(f'<text x="{x(i):.1f}" y="{y(cell.value) - 9:.1f}" text-anchor="middle" fill="{colour}">'
                   f'{escape(value_text(metric, cell.value))}</text>')
    return out


def oncall_svg(report: OncallReport, name: Callable[[str], str]) -> str:
    """Pages per person per week (a grid, darker = more, flagged cells outlined) and the after-hours
    share per week against its threshold."""
    weeks = list(reversed(report.weeks))[-13:]
    people = sorted({p.person for p in report.people if p.week in weeks})
    cell_w = min(44, (WIDTH - 200) / max(len(weeks), 1))
    row_h = 20
    grid_top = TOP + 20
    trend_top = grid_top + row_h * len(people) + 60
    height = trend_top + PANEL + 20
    cells = {(p.week, p.person): p for p in report.people}
    title = "Pages per person per week, and the after-hours share"
    desc = "; ".join(f"{w}: after-hours share {report.after_hours_share(w) or 0:.1f} %" for w in weeks)
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
           f'height="{height:.0f}" role="img" aria-labelledby="oc-title oc-desc" class="oncall-chart" '
           'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="11">',
           f'<title id="oc-title">{escape(title)}</title>', f'<desc id="oc-desc">{escape(desc)}</desc>',
           f'<text x="16" y="22" font-weight="600" font-size="13">{escape(title)}</text>',
           f'<text x="16" y="38" fill="#555">Pages per person (red outline: a burnout flag); threshold '
           f'{report.threshold:g} per week.</text>']
    for i, week in enumerate(weeks):
        out.append(f'<text x="{190 + i * cell_w + cell_w / 2:.1f}" y="{grid_top - 4}" text-anchor="middle" '
                   f'fill="#555" font-size="9">{escape(week[-3:])}</text>')
    for j, person in enumerate(people):
        y = grid_top + j * row_h
        out.append(f'<text x="184" y="{y + 14}" text-anchor="end">{escape(name(person))}</text>')
        for i, week in enumerate(weeks):
            row = cells.get((week, person))
            pages = row.pages if row else 0
            level = min(pages / max(report.threshold, 1), 1.5) / 1.5
            fill = f"rgb({255 - int(160 * level)},{255 - int(200 * level)},{255 - int(90 * level)})"
            stroke = ' stroke="#c62828" stroke-width="2"' if row and row.flags else ' stroke="#eee"'
            tip = f"{name(person)} {week}: {pages} pages" + (f", flags: {', '.join(row.flags)}" if row and row.flags else "")
            out.append(f'<rect x="{190 + i * cell_w:.1f}" y="{y}" width="{cell_w - 2:.1f}" height="{row_h - 2}" '
                       f'fill="{fill}"{stroke}><title>{escape(tip)}</title></rect>')
            if pages:
                out.append(f'<text x="{190 + i * cell_w + cell_w / 2 - 1:.1f}" y="{y + 13}" text-anchor="middle">'
                           f'{pages}</text>')
    shares = [(w, report.after_hours_share(w)) for w in weeks]
    limit = report.after_hours_threshold
    top_value = max([s or 0 for _w, s in shares] + [limit or 0, 1]) * 1.15
    plot_h, plot_w = PANEL - 40, WIDTH - LEFT - RIGHT
    base = trend_top + 20 + plot_h

    def x(i: int) -> float:
        return LEFT + plot_w * (i + 0.5) / max(len(weeks), 1)

    def y(v: float) -> float:
        return base - plot_h * v / top_value

    out.append(f'<text x="{LEFT}" y="{trend_top + 8}" font-weight="600">After-hours share per week</text>')
    out.append(f'<line x1="{LEFT}" y1="{base}" x2="{LEFT + plot_w}" y2="{base}" stroke="#bbb"/>')
    if limit is not None:
        out.append(f'<line x1="{LEFT}" y1="{y(limit):.1f}" x2="{LEFT + plot_w}" y2="{y(limit):.1f}" stroke="{TARGET}" '
                   f'stroke-dasharray="5 4"/>')
        out.append(f'<text x="{LEFT + plot_w + 6}" y="{y(limit) + 4:.1f}" fill="{TARGET}">threshold {limit:g} %</text>')
    points = [(x(i), y(s)) for i, (_w, s) in enumerate(shares) if s is not None]
    if len(points) > 1:
        out.append('<polyline fill="none" stroke="#3f51b5" stroke-width="2" points="'
                   + " ".join(f"{px:.1f},{py:.1f}" for px, py in points) + '"/>')
    for i, (week, share) in enumerate(shares):
        out.append(f'<text x="{x(i):.1f}" y="{base + 14}" text-anchor="middle" fill="#555" font-size="9">'
                   f'{escape(week[-3:])}</text>')
        if share is not None:
            colour = FAIL if limit is not None and share > limit else PASS
            out.append(f'<circle cx="{x(i):.1f}" cy="{y(share):.1f}" r="4" fill="{colour}"><title>{escape(week)}: '
                       f'{share:.1f} %</title></circle>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
