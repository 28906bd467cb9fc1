"""The share of tickets at each level or higher, against the playbook's target bands, as an SVG chart.

A self-contained, accessible figure (title, description, text labels, no script) with no blank
line inside, so it can sit in a Markdown page as a raw HTML block. Every text is escaped.
"""
from __future__ import annotations

from html import escape

from .report import Report

WIDTH, LABEL, RIGHT, ROW, TOP = 720, 230, 110, 44, 56
COLOURS = {"inside": "#2e7d32", "above": "#c62828", "below": "#ef6c00", "no tickets": "#607d8b", None: "#607d8b"}
BAND_FILL = "#c8e6c9"
STEPS = (0.1, 0.2, 0.25, 0.5, 1, 2, 2.5, 5, 10, 20, 25, 50)


def cumulative_shares(report: Report) -> list[float | None]:
    """Per level, the share of counted tickets that would land at it or at a higher level."""
    shares = []
    for i in range(len(report.levels)):
        shares.append(report.share(sum(lv.would_land_at for lv in report.levels[i:])))
    return shares


def _step(top: float) -> float:
    return next((s for s in STEPS if top / s <= 6), 100.0)


def calibration_svg(report: Report) -> str:
    shares = cumulative_shares(report)
    bands = {b.from_level: b for b in report.bands}
    top = max([s or 0 for s in shares] + [b.max for b in report.bands] + [1.0]) * 1.08
    step = _step(top)
    top = step * -(-top // step)
    plot = WIDTH - LABEL - RIGHT
    height = TOP + ROW * len(report.levels) + 40

    def x(value: float) -> float:
        return LABEL + plot * min(value, top) / top

    title = "Share of tickets at each level or higher, against the target bands"
    desc = "; ".join(
        f"{lv.id} {lv.name}: {_pct(s)}" + (f", target {_num(bands[lv.id].min)} to {_num(bands[lv.id].max)} %, "
                                           f"{bands[lv.id].verdict}" if lv.id in bands else "")
        for lv, s in zip(report.levels, shares))
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" '
           f'height="{height}" role="img" aria-labelledby="cal-title cal-desc" class="calibration-chart" '
           'font-family="system-ui, -apple-system, Segoe UI, Roboto, sans-serif" font-size="13">',
           f'<title id="cal-title">{escape(title)}</title>',
           f'<desc id="cal-desc">{escape(desc)}</desc>',
           f'<text x="16" y="22" font-weight="600">{escape(title)}</text>',
           f'<text x="16" y="40" fill="#555" font-size="12">{escape(_legend(report))}</text>']
    tick = 0.0
    while tick <= top + 1e-9:
        out.append(f'<line x1="{x(tick):.1f}" y1="{TOP - 4}" x2="{x(tick):.1f}" y2="{height - 32}" stroke="#e0e0e0"/>')
        out.append(f'<text x="{x(tick):.1f}" y="{height - 16}" text-anchor="middle" fill="#555" '
                   f'font-size="11">{escape(_num(tick))} %</text>')
        tick = round(tick + step, 6)
    for i, (level, value) in enumerate(zip(report.levels, shares)):
        y = TOP + i * ROW
        band = bands.get(level.id)
        out.append(f'<text x="{LABEL - 10}" y="{y + 17}" text-anchor="end" font-weight="600">'
                   f'{escape(level.id)}</text>')
        out.append(f'<text x="{LABEL - 10}" y="{y + 32}" text-anchor="end" fill="#555" font-size="11">'
                   f'{escape(_short(level.name))}</text>')
        if band is not None:
            out.append(f'<rect x="{x(band.min):.1f}" y="{y + 2}" width="{max(x(band.max) - x(band.min), 1):.1f}" '
                       f'height="{ROW - 10}" fill="{BAND_FILL}"><title>{escape(band.name)}: target '
                       f'{escape(_num(band.min))} to {escape(_num(band.max))} %</title></rect>')
        colour = COLOURS[band.verdict if band else None]
        width = max(x(value or 0) - LABEL, 0)
        out.append(f'<rect x="{LABEL}" y="{y + 10}" width="{width:.1f}" height="{ROW - 26}" fill="{colour}"/>')
        label = _pct(value) + (f"  {band.verdict}" if band else "")
        out.append(f'<text x="{LABEL + width + 6:.1f}" y="{y + 23}" fill="{colour}">{escape(label)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _legend(report: Report) -> str:
    note = f"{report.counted:,} tickets" + (f", {report.excluded:,} excluded" if report.excluded else "")
    return f"{note}. Green area: the playbook's target band for that level and higher."


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} %"


def _num(value: float) -> str:
    return f"{value:g}"
