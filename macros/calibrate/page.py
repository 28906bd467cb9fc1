"""The site's calibration page body: the chart, the bands, levels, criteria and a weekly trend.

Called by the site's macro with a configured export and mapping. It renders the same Report
the CLI prints, so the page and `playbook calibrate --format markdown` never disagree.
An export or mapping that does not work raises CalibrateError, which fails the strict build.
"""
from __future__ import annotations

import os

from pathlib import Path

from ..playbook import Playbook, display_path
from .render import markdown_report, md
from .run import Options, calibrate
from .svg import calibration_svg


def calibration_page(playbook: Playbook, export_path: Path | str, mapping_path: Path | str | None,
                     by: str | None = "week") -> str:
    options = Options(mapping_file=Path(mapping_path) if mapping_path else None, by=by)
    report = calibrate(playbook, Path(export_path), options)
    command = f"playbook calibrate {display_path(Path(export_path))}"
    if mapping_path:
        command += f" --mapping {display_path(Path(mapping_path))}"
    if by:
        command += f" --by {by}"
    intro = (f"Computed from a help-desk export with <code>{md(command)}</code>: every level's criteria "
             "evaluated on every ticket, exactly as the playbook defines them. The target bands come from "
             "the calibration section of the metrics file.")
    return "\n".join([intro, "", f'<div class="calibration-chart" markdown="0">', calibration_svg(report).rstrip(),
                      "</div>", "", markdown_report(report, heading="###")])


NOT_CONFIGURED = ("No ticket export is configured. Set <code>extra.calibration.export</code> (and "
                  "<code>mapping</code>) in <code>mkdocs.yml</code> to show how the entry criteria "
                  "perform on your tickets.")


def configured_calibration_page(playbook: Playbook, root: Path, settings: dict) -> str:
    """The site's page for the export named in mkdocs.yml (extra.calibration: export, mapping, by).
    Cached on disk by everything it depends on, so an unchanged export costs no DuckDB run."""
    from ..cache import cached_bytes, code_digest

    if not settings.get("export"):
        return NOT_CONFIGURED
    export = root / settings["export"]
    mapping = root / settings["mapping"] if settings.get("mapping") else None
    by = settings.get("by", "week")
    parts = ["calibration", code_digest(["calibrate/*.py", "conditions.py", "units.py", "loading.py",
                                         "render/markdown.py"]), os.getcwd(), str(export), _bytes(export),
             str(mapping), _bytes(mapping), str(by),
             *(f"{stem}:{doc.digest}" for stem, doc in sorted(playbook.documents.items()))]
    return cached_bytes(root, "calibration", parts,
                        lambda: calibration_page(playbook, export, mapping, by).encode()).decode()


def _bytes(path: Path | None) -> bytes:
    return path.read_bytes() if path is not None and path.is_file() else b""
