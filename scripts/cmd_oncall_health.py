"""`playbook oncall-health`: the weekly on-call health report from a paging export."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from macros.calibrate.errors import CalibrateError
from macros.calibrate.reading import FORMATS
from scripts.operations_cli import fail, playbook_ready, write


@click.command("oncall-health")
@click.argument("export", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.yml",
              help="YAML file tying the page fields to the export's columns (default: the PagerDuty, JSM or "
                   "Opsgenie preset whose columns are there, else columns named as the fields).")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN", help="Tie one field to a column; repeatable.")
@click.option("--preset", help="Use this preset's column names (pagerduty-incidents, pagerduty-log-entries, "
                               "jsm-alerts, opsgenie-alerts).")
@click.option("--input-format", type=click.Choice(FORMATS), help="Read the file as this format whatever its extension.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for people, markdown for the Monday report, json for tools.")
@click.option("--svg", "svg_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.svg",
              help="Also write the charts: pages per person per week and the after-hours share trend.")
@click.option("--pseudonymise", is_flag=True, help="Replace people's names with stable short hashes.")
@click.option("--fail-on-flags", is_flag=True, help="Exit 1 when a burnout flag fires (for a scheduled job).")
@click.pass_obj
def oncall_health(root: Path, export: Path, mapping_file: Path | None, maps: tuple[str, ...], preset: str | None,
                  input_format: str | None, fmt: str, svg_path: Path | None, pseudonymise: bool,
                  fail_on_flags: bool) -> None:
    """Report pages per person and week, after-hours and night pages, and burnout flags.

    Reads EXPORT (CSV, JSON Lines or Parquet): PagerDuty's incident or log-entry export,
    Jira Service Management or Opsgenie alerts as they are, anything else with a mapping of
    person, rotation, paged_at and optionally acknowledged_at, resolved_at, urgency and
    time_zone. Rotations are matched to on-call.yml by id or name; working hours, the sleep
    window, the thresholds and every burnout flag's rule come from on-call.yml.

    Exit codes: 0 report written, 1 with --fail-on-flags when a flag fires, 2 for a usage
    error or an unreadable export.

    \b
    Example:
      playbook oncall-health docs/data/sample-pages.csv
      playbook oncall-health pagerduty.csv --format markdown --pseudonymise > monday.md
      playbook oncall-health alerts.csv --preset opsgenie-alerts --svg load.svg --fail-on-flags
    """
    from macros.operations.charts import oncall_svg
    from macros.operations.oncall import health
    from macros.operations.privacy import namer
    from macros.operations.render_oncall import RENDERERS
    from macros.operations.source import Request

    name = namer(pseudonymise)
    try:
        pb = playbook_ready(root, ("on-call", "organisation"))
        report = health(pb, Request(export, mapping_file, maps, input_format, preset))
        if svg_path is not None:
            write("--svg", svg_path, oncall_svg(report, name))
        text = RENDERERS[fmt](report, name)
    except CalibrateError as error:
        fail(error)
    if fmt == "json":
        for line in report.excluded_lines:
            click.echo(line, err=True)
    click.echo(text, nl=False)
    sys.exit(1 if fail_on_flags and report.flagged else 0)
