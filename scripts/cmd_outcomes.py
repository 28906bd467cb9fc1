"""`playbook outcomes`: the outcome metrics of metrics.yml measured on an escalation export."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from macros.calibrate.errors import CalibrateError
from macros.calibrate.reading import FORMATS
from scripts.operations_cli import fail, playbook_ready, write


@click.command()
@click.argument("export", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.yml",
              help="YAML file tying the escalation fields to the export's columns (default: the Zendesk preset "
                   "when its columns are there, else columns named as the fields).")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN", help="Tie one field to a column; repeatable.")
@click.option("--updates", type=click.Path(path_type=Path, dir_okay=False), metavar="EXPORT",
              help="A second export of customer updates (escalation id, sent at), e.g. Zendesk ticket metric events.")
@click.option("--updates-mapping", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.yml",
              help="Mapping file for --updates.")
@click.option("--pages", type=click.Path(path_type=Path, dir_okay=False), metavar="EXPORT",
              help="The paging export (as for `playbook oncall-health`), for pages per engineer.")
@click.option("--pages-mapping", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.yml",
              help="Mapping file for --pages.")
@click.option("--input-format", type=click.Choice(FORMATS), help="Read EXPORT as this format whatever its extension.")
@click.option("--as-of", metavar="YYYY-MM-DD", help="The period ends at the end of this day (default: the latest "
                                                   "moment in the export).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for people, markdown for pages, json for tools.")
@click.option("--svg", "svg_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.svg",
              help="Also write a chart of each metric's monthly trend against its target line.")
@click.option("--pseudonymise", is_flag=True, help="Replace owners' names with stable short hashes.")
@click.option("--fail-on-targets", is_flag=True, help="Exit 1 when a metric misses its target in the latest month.")
@click.pass_obj
def outcomes(root: Path, export: Path, mapping_file: Path | None, maps: tuple[str, ...], updates: Path | None,
             updates_mapping: Path | None, pages: Path | None, pages_mapping: Path | None,
             input_format: str | None, as_of: str | None, fmt: str,
             svg_path: Path | None, pseudonymise: bool, fail_on_targets: bool) -> None:
    """Measure the outcome metrics of metrics.yml per month and owner, each with a pass/fail verdict.

    Reads EXPORT (CSV, JSON Lines or Parquet) with the declared, acknowledged, SME-joined and
    resolved times, customer, owner, level, priority, tier, region and root cause of each
    escalation, and the customer updates from --updates (or a list column `updates`). How each
    metric is computed is in metrics.yml (`measure`); update cadences come from
    communication.yml and count staffed hours only where the coverage is business hours.
    Customer names are compared (repeat escalations), never printed. Pages per engineer come
    from the paging export given with --pages.

    Exit codes: 0 report written, 1 with --fail-on-targets when the latest month misses a
    target, 2 for a usage error or an unreadable export.

    \b
    Example:
      playbook outcomes docs/data/sample-escalations.csv --updates docs/data/sample-updates.csv
      playbook outcomes tickets.csv --updates metric_events.csv --format markdown --svg trend.svg
      playbook outcomes escalations.parquet --mapping map.yml --as-of 2026-11-30
      playbook outcomes docs/data/sample-escalations.csv --pages docs/data/sample-pages.csv
    """
    from macros.operations.charts import outcomes_svg
    from macros.operations.outcomes import measure
    from macros.operations.periods import as_of as parse_as_of
    from macros.operations.privacy import namer
    from macros.operations.render_outcomes import RENDERERS
    from macros.operations.source import Request

    try:
        if updates_mapping is not None and updates is None:
            raise CalibrateError("--updates-mapping needs --updates EXPORT")
        if pages_mapping is not None and pages is None:
            raise CalibrateError("--pages-mapping needs --pages EXPORT")
        pb = playbook_ready(root, ("metrics", "communication", "organisation", "priorities", "levels")
                            + (("on-call",) if pages else ()))
        report = measure(pb, Request(export, mapping_file, maps, input_format),
                         Request(updates, updates_mapping) if updates else None,
                         parse_as_of(as_of) if as_of else None, Request(pages, pages_mapping) if pages else None)
        if svg_path is not None:
            write("--svg", svg_path, outcomes_svg(report))
        text = RENDERERS[fmt](report, namer(pseudonymise))
    except CalibrateError as error:
        fail(error)
    click.echo(text, nl=False)
    sys.exit(1 if fail_on_targets and report.failing else 0)
