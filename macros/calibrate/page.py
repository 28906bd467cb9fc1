"""The site's calibration page body: the chart, the bands, levels, criteria and a weekly trend.

Called by the site's macro with a configured export and mapping. It renders the same Report
the CLI prints, so the page and `playbook calibrate --format markdown` never disagree.
An export or mapping that does not work raises CalibrateError, which fails the strict build.
"""
from __future__ import annotations

from pathlib import Path

from ..playbook import Playbook, display_path
from .render import markdown_report, md
from .run import Options, calibrate
from .svg import calibration_svg


def calibration_page(playbook: Playbook, export_path: Path | str, mapping_path: Path | str | None,
                     by: str | None = "week", examples: int = 0) -> str:
    """`examples`: ticket ids per criterion, overlap and outcome cell; 0 (the default) shows none, since a
    published page may reach people who should not look tickets up. The configuration decides."""
    options = Options(mapping_file=Path(mapping_path) if mapping_path else None, by=by, examples=examples)
    report = calibrate(playbook, Path(export_path), options)
    command = f"playbook calibrate {display_path(Path(export_path))}"
    if mapping_path:
        command += f" --mapping {display_path(Path(mapping_path))}"
    if by:
        command += f" --by {by}"
    if examples:
        command += f" --examples {examples}"
    intro = (f"Computed from a help-desk export with <code>{md(command)}</code>: every level's criteria "
             "evaluated on every ticket, exactly as the playbook defines them. The target bands come from "
             "the calibration section of the metrics file.")
    return "\n".join([intro, "", f'<div class="calibration-chart" markdown="0">', calibration_svg(report).rstrip(),
                      "</div>", "", markdown_report(report, heading="###")])

