"""SVG charts of the operations reports, in the calibration chart's manner: self-contained, accessible
(title, description, text labels), no script, no blank line inside, every text escaped."""
from __future__ import annotations

from html import escape

from .outcomes import Metric, OutcomesReport, value_text

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
