"""Write a seeded Zendesk-like escalation export and its ticket metric events (see macros/operations/sample.py).

\b
Example:
  python scripts/generate_escalations.py docs/data/sample-escalations.csv docs/data/sample-updates.csv
  python scripts/generate_escalations.py /tmp/esc.parquet /tmp/upd.parquet --rows 1000000
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script from any folder

from macros.operations.sample import DAYS, escalations, write  # noqa: E402
from macros.playbook import load_playbook  # noqa: E402


@click.command(help=__doc__, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@click.argument("updates", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True,
              help="The project whose organisation (tiers, regions, coverage) and cadences shape the data.")
@click.option("--seed", type=int, default=13, show_default=True, help="Same seed, same files.")
@click.option("--days", type=click.IntRange(30, 3660), default=DAYS, show_default=True, help="Days ending 2026-11-30.")
@click.option("--rows", type=click.IntRange(1), help="At most this many escalations (scales the volume up to reach it).")
def main(output: Path, updates: Path, root: Path, seed: int, days: int, rows: int | None) -> None:
    pb, _problems = load_playbook(root)
    cadences = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"]["cadences"]}
    columns, tickets, event_columns, events = escalations(pb["organisation"], cadences, list(pb.levels), list(pb.priorities),
                                                          seed, days, rows)
    try:
        write(output, columns, tickets)
        write(updates, event_columns, events)
    except OSError as error:
        raise click.ClickException(f"{output}: cannot write ({error.strerror or error}); check the folder") from None
    click.echo(f"wrote {len(tickets):,} escalations to {output} and {len(events):,} metric events to {updates}")


if __name__ == "__main__":
    main()
