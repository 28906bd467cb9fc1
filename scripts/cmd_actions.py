"""`playbook actions`: post-escalation review actions, overdue and escalated, and the monthly agenda."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from macros.calibrate.errors import CalibrateError
from macros.calibrate.reading import FORMATS
from macros.playbook import load_playbook
from scripts.operations_cli import fail, playbook_ready, write


@click.command()
@click.argument("export", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.yml",
              help="YAML file tying the action fields to the export's columns (default: the Jira preset when "
                   "its columns are there, else columns named as the fields).")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN", help="Tie one field to a column; repeatable.")
@click.option("--preset", help="Use this preset's column names (jira-actions).")
@click.option("--input-format", type=click.Choice(FORMATS), help="Read the file as this format whatever its extension.")
@click.option("--as-of", metavar="YYYY-MM-DD", help="The day overdue is counted from (default: today).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True,
              help="text for people, markdown to paste, json for tools.")
@click.option("--agenda", "agenda_month", metavar="YYYY-MM",
              help="Write the monthly review agenda for this month (Markdown) instead of the tracker.")
@click.option("--escalations", "escalations", type=click.Path(path_type=Path, dir_okay=False), metavar="EXPORT",
              help="With --agenda: an escalation export (as for `playbook outcomes`) to fill in metric verdicts.")
@click.option("--escalations-mapping", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.yml",
              help="Mapping file for --escalations.")
@click.option("--escalation-updates", type=click.Path(path_type=Path, dir_okay=False), metavar="EXPORT",
              help="With --escalations: the customer updates (as `playbook outcomes --updates`).")
@click.option("--pseudonymise", is_flag=True, help="Replace owners' names with stable short hashes.")
@click.option("--fail-on-escalations", is_flag=True,
              help="Exit 1 when an open action is overdue past a leadership threshold (for a scheduled job).")
@click.pass_obj
def actions(root: Path, export: Path, mapping_file: Path | None, maps: tuple[str, ...], preset: str | None,
            input_format: str | None, as_of: str | None, fmt: str, agenda_month: str | None,
            escalations: Path | None, escalations_mapping: Path | None, escalation_updates: Path | None,
            pseudonymise: bool,
            fail_on_escalations: bool) -> None:
    """List open, due-soon, overdue and escalated review actions by owner and escalation.

    Reads EXPORT (CSV, JSON Lines or Parquet): Jira's CSV export works as it is (preset
    jira-actions), anything else with a mapping of action_id, escalation_id, owner, status,
    created_at, due_at and optionally score. The overdue rules, who must hear about an action
    and the prevent-repeat rubric come from review.yml. Action summaries are never printed.

    Rows with an empty or unconvertible value are left out and named by row number and id.
    Exit codes: 0 report written, 1 with --fail-on-escalations when an action crossed a
    leadership threshold, 2 for a usage error or an unreadable export.

    \b
    Example:
      playbook actions jira-export.csv --as-of 2026-11-30
      playbook actions docs/data/sample-actions.csv --format markdown --pseudonymise
      playbook actions actions.parquet --mapping map.yml --agenda 2026-11 --escalations esc.csv \\
        --escalation-updates metric_events.csv
      playbook actions jira-export.csv --fail-on-escalations   # in a scheduled job
    """
    from macros.operations.actions import track
    from macros.operations.agenda import agenda_markdown
    from macros.operations.periods import as_of as parse_as_of, month
    from macros.operations.privacy import namer
    from macros.operations.render_actions import RENDERERS
    from macros.operations.source import Request

    try:
        if escalations is not None and agenda_month is None:
            raise CalibrateError("--escalations fills the agenda; add --agenda YYYY-MM")
        if escalation_updates is not None and escalations is None:
            raise CalibrateError("--escalation-updates goes with --escalations EXPORT")
        pb = playbook_ready(root, ("review", "organisation", "metrics"))
        request = Request(export, mapping_file, maps, input_format, preset)
        day = parse_as_of(as_of)
        report = track(pb, request, day, month(agenda_month, "--agenda") if agenda_month else None)
        name = namer(pseudonymise)
        if agenda_month:
            outcomes = None
            if escalations is not None:
                from macros.operations.outcomes import measure
                outcomes = measure(pb, Request(escalations, escalations_mapping),
                                   Request(escalation_updates) if escalation_updates else None, day)
            text = agenda_markdown(pb, report, name, outcomes)
        else:
            text = RENDERERS[fmt](report, name)
    except CalibrateError as error:
        fail(error)
    click.echo(text, nl=False)
    sys.exit(1 if fail_on_escalations and report.escalated_count else 0)
