"""`playbook calibrate`: how many historical tickets each level's entry criteria would take."""
from __future__ import annotations

import sys
from pathlib import Path

import click
import duckdb

from macros.calibrate.errors import USAGE, CalibrateError
from macros.calibrate.progress import Progress
from macros.calibrate.reading import FORMATS
from macros.calibrate.render import RENDERERS
from macros.calibrate.run import Options, calibrate as run_calibration, playbook_problems
from macros.calibrate.svg import calibration_svg
from macros.playbook import load_playbook


@click.command()
@click.argument("tickets", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--mapping", "mapping_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.yml",
              help="YAML file tying ticket fields to the export's columns (see docs/data/sample-tickets.mapping.yml).")
@click.option("--map", "maps", multiple=True, metavar="FIELD=COLUMN",
              help="Tie one ticket field to a column; repeatable; overrides the mapping file.")
@click.option("--unit", "units", multiple=True, metavar="FIELD=UNIT",
              help="What a plain number in a duration column counts: minutes (default), hours, days or weeks.")
@click.option("--input-format", type=click.Choice(FORMATS),
              help="Read the file as this format whatever its extension says.")
@click.option("--format", "fmt", type=click.Choice(sorted(RENDERERS)), default="text", show_default=True,
              help="text for people, markdown for pages and pull requests, json for tools.")
@click.option("--svg", "svg_path", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.svg",
              help="Also write a chart of the share per level against the target bands.")
@click.option("--by", metavar="FIELD|week|month|day",
              help="Break the shares down by an enumeration or yes/no field (tier, priority) or by time.")
@click.option("--fail-outside-bands", is_flag=True, help="Exit 1 when a share is outside its target band.")
@click.option("--strict", is_flag=True, help="Exit 1 when rows were excluded because a value does not convert.")
@click.pass_obj
def calibrate(root: Path, tickets: Path, mapping_file: Path | None, maps: tuple[str, ...], units: tuple[str, ...],
              input_format: str | None, fmt: str, svg_path: Path | None, by: str | None, fail_outside_bands: bool,
              strict: bool) -> None:
    """Count how many tickets of a help-desk export each level's entry criteria would take.

    Reads TICKETS (CSV, JSON Lines or Parquet), converts each mapped column by the type the
    ticket-field catalogue declares, evaluates every level's conditions exactly as the
    validator reads them, and reports per level (qualify and assigned), per criterion
    (matches, alone, overlaps) and per calibration band (inside, above or below, and which
    criteria to look at first). Reports hold counts and at most ticket ids, never ticket text.

    Rows whose values do not convert are excluded from the shares and listed by row number
    (in a CSV the header is row 1, as in a spreadsheet). Exit codes: 0 when the report ran,
    1 with --fail-outside-bands and a band outside, with --strict and rows excluded, or when
    the playbook has errors; 2 for a usage error or an input that cannot be read.

    \b
    Example:
      playbook calibrate docs/data/sample-tickets.csv --mapping docs/data/sample-tickets.mapping.yml
      playbook calibrate export.parquet --map arr='ARR (USD)' --by tier --format markdown
      playbook calibrate export.csv --mapping map.yml --svg bands.svg --fail-outside-bands   # in CI
    """
    try:
        pb, problems = load_playbook(root)
        playbook_problems(pb, problems)
        options = Options(mapping_file, maps, units, by, input_format, Progress(sys.stderr))
        report = run_calibration(pb, tickets, options)
        if svg_path is not None:
            _write(svg_path, calibration_svg(report))
    except CalibrateError as error:
        for message in error.messages:
            click.echo(message, err=True)
        sys.exit(error.exit_code)
    except duckdb.Error as error:  # the core maps every known failure; this is the last guard against a traceback
        click.echo(f"{tickets}: the query engine failed ({str(error).splitlines()[0][:200]}); "
                   "please report this with the command you ran", err=True)
        sys.exit(USAGE)
    click.echo(RENDERERS[fmt](report), nl=False)
    failing = (fail_outside_bands and report.outside) or (strict and report.excluded > 0)
    sys.exit(1 if failing else 0)


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CalibrateError(f"--svg {path}: cannot write the chart ({error.strerror or error}); "
                             "check the folder exists and is writable") from None
