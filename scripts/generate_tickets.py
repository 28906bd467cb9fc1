"""Write a seeded, realistic help-desk export for the example company (see macros/calibrate/sample.py).

\b
Example:
  python scripts/generate_tickets.py docs/data/sample-tickets.csv
  python scripts/generate_tickets.py /tmp/busy.parquet --profile out-of-band
  python scripts/generate_tickets.py /tmp/million.parquet --tickets 1000000
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script from any folder

from macros.calibrate.sample import PROFILES, START, WRITERS, generate  # noqa: E402

BASE_PER_DAY = PROFILES["in-band"].per_day
TICKETS_PER_BASE_RUN = 7_400  # about what 90 days at the base volume give; used to scale --tickets


@click.command(help=__doc__, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--profile", type=click.Choice(sorted(PROFILES)), default="in-band", show_default=True,
              help="in-band lands the example playbook inside its bands; out-of-band above them.")
@click.option("--days", type=click.IntRange(1, 3660), default=90, show_default=True,
              help=f"Days of tickets from {START.isoformat()}.")
@click.option("--seed", type=int, default=7, show_default=True, help="Same seed, same file.")
@click.option("--tickets", type=click.IntRange(1), help="Exactly this many tickets (scales the daily volume).")
@click.option("--format", "fmt", type=click.Choice(sorted(WRITERS)), help="Default: from the file extension.")
def main(output: Path, profile: str, days: int, seed: int, tickets: int | None, fmt: str | None) -> None:
    per_day = None
    if tickets is not None:  # a little more volume than needed, then cut at exactly `tickets`
        per_day = BASE_PER_DAY * tickets / TICKETS_PER_BASE_RUN * 90 / days * 1.05
    try:
        written = generate(output, days=days, seed=seed, profile=profile, per_day=per_day, fmt=fmt, limit=tickets)
    except OSError as error:
        raise click.ClickException(f"{output}: cannot write ({error.strerror or error}); check the folder") from None
    click.echo(f"wrote {written:,} tickets to {output}")


if __name__ == "__main__":
    main()
