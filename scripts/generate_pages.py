"""Write a seeded PagerDuty log-entry export of pages (see macros/operations/sample.py).

\b
Example:
  python scripts/generate_pages.py docs/data/sample-pages.csv
  python scripts/generate_pages.py /tmp/million-pages.parquet --rows 1000000
"""
from __future__ import annotations

import sys
from pathlib import Path

import click

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a plain script from any folder

from macros.operations.sample import DAYS, pages, paging_rotations, write  # noqa: E402
from macros.playbook import load_playbook  # noqa: E402


@click.command(help=__doc__, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--root", type=click.Path(path_type=Path, file_okay=False), default=Path("."), show_default=True,
              help="The project whose rotations (on-call.yml, routing.yml) and name shape the data.")
@click.option("--seed", type=int, default=17, show_default=True, help="Same seed, same file.")
@click.option("--days", type=click.IntRange(30, 3660), default=DAYS, show_default=True, help="Days ending 2026-11-30.")
@click.option("--rows", type=click.IntRange(1), help="At most this many rows (scales the volume up to reach it).")
def main(output: Path, root: Path, seed: int, days: int, rows: int | None) -> None:
    pb, _problems = load_playbook(root)
    columns, data = pages(paging_rotations(pb), seed, days, rows)
    try:
        written = write(output, columns, data)
    except OSError as error:
        raise click.ClickException(f"{output}: cannot write ({error.strerror or error}); check the folder") from None
    click.echo(f"wrote {written:,} pages to {output}")


if __name__ == "__main__":
    main()
