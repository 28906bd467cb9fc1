"""`playbook timeline`: every deadline the policy sets for one escalation, in order."""
from __future__ import annotations

import re
import sys
from datetime import datetime, timedelta
from pathlib import Path

import click

from macros.playbook import load_playbook
from macros.problems import errors
from macros.reporting import REPORTERS

_SPAN = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)\s*$", re.I)
_UNIT_MINUTES = {"m": 1, "h": 60, "d": 1440, "w": 10080}


def parse_span(text: str) -> timedelta:
    found = _SPAN.match(text)
    if not found:
        raise click.BadParameter(f"'{text}' is not a length of time; write it like 90m, 12h, 3d or 2w", param_hint="--for")
    return timedelta(minutes=float(found[1]) * _UNIT_MINUTES[found[2][0].lower()])


def parse_moment(text: str, option: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        moment = None
    if moment is None or moment.tzinfo is None:
        raise click.BadParameter(f"'{text}' is not a date and time with its offset; write it like "
                                 "2026-03-27T16:40:00+00:00", param_hint=option)
    return moment


@click.command()
@click.option("--level", required=True, metavar="ID", help="The escalation level (levels.yml), e.g. level-3.")
@click.option("--priority", required=True, metavar="ID", help="The ticket priority (priorities.yml), e.g. p1.")
@click.option("--tier", required=True, metavar="ID", help="The customer's support tier (organisation.yml).")
@click.option("--start", "start", required=True, metavar="WHEN",
              help="When the escalation opened, ISO 8601 with offset: 2026-03-27T16:40:00+00:00.")
@click.option("--for", "span", default="1d", show_default=True, metavar="LENGTH",
              help="How long to lay the open escalation out: 90m, 12h, 3d, 2w (at most 90 days).")
@click.option("--region", metavar="ID", help="The customer's contracted region (organisation.yml regions): "
                                              "its time zone and public holidays count business hours.")
@click.option("--resolved", metavar="WHEN", help="When service was restored: recurring deadlines stop there "
                                                  "and the review deadlines follow from it.")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "ics"]), default="text", show_default=True,
              help="text for people, json for tools, ics for a calendar (Outlook, Google, Apple).")
@click.pass_obj
def timeline(root: Path, level: str, priority: str, tier: str, start: str, span: str, region: str | None,
             resolved: str | None, fmt: str) -> None:
    """Lay out every deadline the policy sets for one escalation: acknowledgement, SME engagement,
    customer and internal updates, the paging ladder, service-recovery thresholds, the executive
    daily summary and, after --resolved, the review. Each line says when (in the customer's region's
    time zone, or the organisation's), what, who and the playbook entry it comes from.

    Exit codes: 0 printed, 1 the playbook has errors, 2 usage error (unknown id, bad time).

    \b
    Example:
      playbook timeline --level level-3 --priority p1 --tier enterprise --start 2026-03-27T16:40:00+00:00
      playbook timeline --level level-2 --priority p2 --tier business --region europe \\
          --start 2026-03-27T17:30:00+00:00 --for 3d --format ics > escalation.ics
    """
    from macros.hours import zone
    from macros.timeline.engine import Request, TimelineError, compute, timeline_data, zone_for
    from macros.timeline.render import as_ics, as_json, as_text

    try:
        request = Request(level, priority, tier, parse_moment(start, "--start"), parse_span(span), region,
                          parse_moment(resolved, "--resolved") if resolved else None)
    except click.BadParameter as error:
        raise click.UsageError(error.format_message()) from error
    pb, problems = load_playbook(root)
    if errors(problems):
        click.echo(REPORTERS["text"](problems), nl=False, err=True)
        click.echo("the playbook has errors; fix them (playbook validate) before laying out a timeline", err=True)
        sys.exit(1)
    data = timeline_data(pb)
    try:
        events = compute(data, request)
    except TimelineError as error:
        raise click.UsageError(str(error)) from error
    tz = zone(zone_for(data, region))
    if fmt == "ics":
        sys.stdout.buffer.write(as_ics(events, f"{pb['organisation']['name']} escalation {level} {priority}"))
    elif fmt == "json":
        click.echo(as_json(events, tz), nl=False)
    else:
        click.echo(as_text(events, tz), nl=False)
