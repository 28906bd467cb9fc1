"""The site's calibration page body: the chart, the bands, levels, criteria and a weekly trend.

Called by the site's macro with a configured export and mapping. It renders the same Report
the CLI prints, so the page and `playbook calibrate --format markdown` never disagree, except
that the page names levels and criteria as staff know them ("Level 2", "Legal threat") where
the CLI prints ids; the ids and the command sit in a collapsed block for maintainers.
An export or mapping that does not work raises CalibrateError, which fails the strict build.
"""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from ..playbook import Playbook, display_path
from ..render.common import criterion_name
from .render import markdown_report, md, md_table
from .report import Report
from .run import Options, calibrate
from .svg import calibration_svg


class Names:
    """Level ids -> 'Level 2', criterion keys ('level-2/large-dispute') -> their short names."""

    def __init__(self, playbook: Playbook) -> None:
        self.levels = {lid: f"Level {level['rank']}" for lid, level in playbook.levels.items()}
        self.criteria = {f"{lid}/{c['id']}": criterion_name(c) for lid, level in playbook.levels.items()
                         for c in level["criteria"]}
        self.fields = {f["id"]: f.get("label", f["id"]) for f in playbook["ticket-fields"]["fields"]}

    def level(self, level_id: str) -> str:
        return self.levels.get(level_id, level_id)

    def criterion(self, key: str) -> str:
        return self.criteria.get(key, key)


def named(report: Report, names: Names) -> Report:
    """The same report with every level and criterion id replaced by its name (counts untouched)."""
    lv, cr = names.level, names.criterion
    out = replace(
        report,
        levels=tuple(replace(x, id=lv(x.id)) for x in report.levels),
        criteria=tuple(replace(x, level=lv(x.level), id=cr(f"{x.level}/{x.id}")) for x in report.criteria),
        overlaps=tuple(replace(x, first=cr(x.first), second=cr(x.second)) for x in report.overlaps),
        bands=tuple(replace(b, from_level=lv(b.from_level),
                            drivers=tuple(replace(d, criterion=cr(d.criterion)) for d in b.drivers),
                            empty_fields=tuple(replace(e, field=names.fields.get(e.field, e.field),
                                                       criteria=tuple(cr(c) for c in e.criteria))
                                               for e in b.empty_fields)) for b in report.bands),
        empty_fields=tuple(replace(e, field=names.fields.get(e.field, e.field), criteria=tuple(cr(c) for c in e.criteria))
                           for e in report.empty_fields),
        staffing=tuple(replace(s, level=lv(s.level)) for s in report.staffing))
    if report.outcomes is not None:
        o = report.outcomes
        out = replace(out, outcomes=replace(
            o, rows=tuple(lv(r) for r in o.rows), columns=tuple(lv(c) for c in o.columns),
            under=tuple(replace(c, would=lv(c.would), actual=lv(c.actual)) for c in o.under),
            over=tuple(replace(c, would=lv(c.would), actual=lv(c.actual)) for c in o.over),
            criteria=tuple(replace(c, criterion=cr(c.criterion)) for c in o.criteria)))
    return out


def maintainers(playbook: Playbook, command: str) -> str:
    """Collapsed: the command that made the page, and the ids the CLI and JSON use for each name."""
    rows = [[f"Level {level['rank']}: {level['name']}", lid, criterion_name(c), c["id"]]
            for lid, level in playbook.levels.items() for c in level["criteria"]]
    return "\n".join(['<details class="pb-maintainers" markdown="1">', "<summary>For maintainers</summary>", "",
                      f"Computed with <code>{md(command)}</code>. Run it on your own export with "
                      "<code>--mapping MAP.yml</code> (<code>--help</code> lists the options); the command line "
                      "and its JSON name levels and criteria by these ids.", "",
                      *md_table(["Level", "Level id", "Criterion", "Criterion id"], rows), "", "</details>"])


def calibration_page(playbook: Playbook, export_path: Path | str, mapping_path: Path | str | None,
                     by: str | None = "week", examples: int = 0) -> str:
    """`examples`: ticket ids per criterion, overlap and outcome cell; 0 (the default) shows none, since a
    published page may reach people who should not look tickets up. The configuration decides."""
    options = Options(mapping_file=Path(mapping_path) if mapping_path else None, by=by, examples=examples)
    report = named(calibrate(playbook, Path(export_path), options), Names(playbook))
    command = f"playbook calibrate {display_path(Path(export_path))}"
    if mapping_path:
        command += f" --mapping {display_path(Path(mapping_path))}"
    if by:
        command += f" --by {by}"
    if examples:
        command += f" --examples {examples}"
    intro = ("Computed from a help-desk export: every level's criteria evaluated on every ticket, exactly as the "
             "playbook defines them. The target bands come from the calibration section of the metrics file.")
    return "\n".join([intro, "", f'<div class="calibration-chart" markdown="0">', calibration_svg(report).rstrip(),
                      "</div>", "", markdown_report(report, heading="###"), "", maintainers(playbook, command)])
