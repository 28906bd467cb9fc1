"""`playbook level`: which escalation level a ticket is at, and what to do first."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from macros.finder.render import RENDERERS
from macros.playbook import load_playbook
from macros.problems import errors
from macros.reporting import REPORTERS


@click.command()
@click.option("--set", "settings", multiple=True, metavar="FIELD=VALUE",
              help="A ticket field and its value; repeatable. Durations take units (40min, 2h, 3 days), "
                   "money a plain amount or $250,000, booleans yes/no. FIELD= leaves the field empty.")
@click.option("--ticket", "ticket_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE",
              help="A JSON or YAML file mapping ticket fields to values; --set values override it.")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True,
              help="text for people, json for tools.")
@click.pass_obj
def level(root: Path, settings: tuple[str, ...], ticket_file: Path | None, fmt: str) -> None:
    """Say which escalation level a ticket is at: the highest level whose criteria it meets.

    Prints every criterion met with its sentence and, for that level, the owner, who to page
    for the criteria met (with contacts), the acknowledgement and specialist targets, the
    update cadences and the first messages to send. Where the policy gives two answers (an
    escalation type's owner, a metric's target), it prints the one that governs and why. Fields are those of playbook/ticket-fields.yml; a field left out is empty.
    Exit codes: 0 when the answer was printed (a level or none), 1 when the playbook has
    errors, 2 for an unknown field or a value that does not fit its type.

    \b
    Example:
      playbook level --set priority=p1 --set customers_affected=3
      playbook level --set arr=250000 --set termination_notice=14d --format json
      playbook level --ticket ticket.yml --set time_without_workaround=40min
    """
    from macros.finder import FinderError, find_level
    from macros.finder.find import catalogue
    from macros.finder.ticket import from_file, from_settings

    pb, problems = load_playbook(root)
    if errors(problems):
        click.echo(REPORTERS["text"](problems), nl=False, err=True)
        click.echo("the playbook has errors; fix them (playbook validate) before asking for a level", err=True)
        sys.exit(1)
    fields, currency = catalogue(pb), pb["organisation"]["currency"]
    try:
        ticket = from_file(ticket_file, fields, currency) if ticket_file else {}
        ticket.update(from_settings(settings, fields, currency))
    except FinderError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(2)
    click.echo(RENDERERS[fmt](pb, find_level(pb, ticket)), nl=False)
