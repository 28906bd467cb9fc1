"""`playbook calibrate`: how many historical tickets each level's entry criteria would take."""
from __future__ import annotations

import sys
from pathlib import Path

import click
import duckdb

from macros.calibrate.errors import USAGE, CalibrateError
from macros.calibrate.mapping import ColumnSpec
from macros.calibrate.warehouse import DIALECTS
from macros.calibrate.progress import Progress
from macros.calibrate.reading import FORMATS
from macros.calibrate.render import RENDERERS
from macros.calibrate.run import Options, calibrate as run_calibration, playbook_problems
from macros.calibrate.svg import calibration_svg
from macros.playbook import load_playbook


@click.command()
@click.argument("tickets", type=click.Path(path_type=Path, dir_okay=False), required=False)
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
@click.option("--examples", type=click.IntRange(0, 100), default=0, metavar="N",
              help="List up to N ticket ids per criterion, overlap and under/over-escalation (ids only, never text).")
@click.option("--emit-sql", "emit_sql", type=click.Choice(sorted(DIALECTS)), metavar="DIALECT",
              help="Write the criteria as one SQL query for your warehouse instead of reading an export: "
                   f"{', '.join(sorted(DIALECTS))}.")
@click.option("--table", default="tickets", show_default=True, metavar="NAME",
              help="With --emit-sql: the table (schema.table allowed) holding the tickets.")
@click.option("--against", metavar="REV",
              help="What-if: replay the criteria of git revision REV too and show the change from REV to the "
                   "working tree (or to --head) per level, band and criterion.")
@click.option("--head", "head_rev", metavar="REV", help="With --against: compare with revision REV instead of "
                                                        "the working tree.")
@click.option("--levels", "levels_file", type=click.Path(path_type=Path, dir_okay=False), metavar="FILE.yml",
              help="What-if: the change from this playbook's levels.yml to a changed levels file FILE.")
@click.option("--fail-outside-bands", is_flag=True, help="Exit 1 when a share is outside its target band.")
@click.option("--strict", is_flag=True, help="Exit 1 when rows were excluded because a value does not convert.")
@click.pass_obj
def calibrate(root: Path, tickets: Path, mapping_file: Path | None, maps: tuple[str, ...], units: tuple[str, ...],
              input_format: str | None, fmt: str, svg_path: Path | None, by: str | None, examples: int,
              emit_sql: str | None, table: str, against: str | None, head_rev: str | None,
              levels_file: Path | None, fail_outside_bands: bool, strict: bool) -> None:
    """Count how many tickets of a help-desk export each level's entry criteria would take.

    Reads TICKETS (CSV, JSON Lines or Parquet), converts each mapped column by the type the
    ticket-field catalogue declares, evaluates every level's conditions exactly as the
    validator reads them, and reports per level (qualify, and would land at: the highest level
    whose criteria a ticket meets), per criterion (matches, alone, overlaps), per calibration
    band (inside, above or below, and which of its criteria to look at first), and each level's
    weekly volume against its staffing capacity (levels.yml). Map `actual_level` (the level a
    ticket really got) or `escalated` (yes/no) to compare with what really happened: the matrix,
    under- and over-escalations and each criterion's escalation rate. Reports hold counts and at
    most ticket ids (--examples), never ticket text.

    Rows whose values do not convert are excluded from the shares and listed by row number
    (in a CSV the header is row 1, as in a spreadsheet). Exit codes: 0 when the report ran,
    1 with --fail-outside-bands and a band outside, with --strict and rows excluded, or when
    the playbook has errors; 2 for a usage error or an input that cannot be read.

    \b
    Example:
      playbook calibrate docs/data/sample-tickets.csv --mapping docs/data/sample-tickets.mapping.yml
      playbook calibrate export.parquet --map arr='ARR (USD)' --by tier --format markdown
      playbook calibrate export.csv --mapping map.yml --svg bands.svg --fail-outside-bands   # in CI
      playbook calibrate export.csv --mapping map.yml --map actual_level='Escalation level' --examples 5
      playbook calibrate --emit-sql snowflake --mapping map.yml --table support.tickets > criteria.sql
      playbook calibrate export.csv --mapping map.yml --against main           # what this branch changes
    """
    if tickets is None and emit_sql is None:
        click.echo("Usage: playbook calibrate TICKETS [OPTIONS]\nError: give the export to read (TICKETS), "
                   "or --emit-sql DIALECT for a query to run in your warehouse", err=True)
        sys.exit(USAGE)
    try:
        pb, problems = load_playbook(root)
        playbook_problems(pb, problems)
        options = Options(mapping_file, maps, units, by, input_format, Progress(sys.stderr), examples)
        if emit_sql is not None:
            click.echo(_emit(pb, options, emit_sql, table), nl=False)
            sys.exit(0)
        if against or levels_file or head_rev:
            click.echo(_what_if(root, pb, tickets, options, against, head_rev, levels_file, fmt), nl=False)
            sys.exit(0)
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


def _emit(pb: object, options: Options, dialect: str, table: str) -> str:
    from macros.calibrate.plan import plan_from
    from macros.calibrate.run import mapping_for
    from macros.calibrate.warehouse import warehouse_sql

    plan = plan_from(pb)  # type: ignore[arg-type]
    mapping = mapping_for(plan, options)
    specs = {f: mapping.get(f) or ColumnSpec(f, f, f"column '{f}'") for f in plan.fields_needed()}
    return warehouse_sql(plan, specs, table, dialect)


def _what_if(root: Path, pb: object, tickets: Path, options: Options, against: str | None, head_rev: str | None,
             levels_file: Path | None, fmt: str) -> str:
    from macros.calibrate import whatif
    from macros.calibrate.plan import plan_from
    from macros.calibrate.run import mapping_for

    if bool(against) == bool(levels_file) or (head_rev and not against):
        raise CalibrateError("what-if: give --against REV (optionally with --head REV), or --levels FILE, not both")
    if levels_file is not None:
        before, after = plan_from(pb), plan_from(whatif.playbook_with_levels(root, levels_file))  # type: ignore[arg-type]
        labels = ("playbook/levels.yml", str(levels_file))
    else:
        before = plan_from(whatif.playbook_at(root, against))  # type: ignore[arg-type]
        after = plan_from(whatif.playbook_at(root, head_rev) if head_rev else pb)  # type: ignore[arg-type]
        labels = (against, head_rev or "the working tree")  # type: ignore[assignment]
    mapping = mapping_for(after, options)
    return whatif.RENDERERS[fmt](whatif.what_if(before, after, tickets, mapping, options, labels))


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CalibrateError(f"--svg {path}: cannot write the chart ({error.strerror or error}); "
                             "check the folder exists and is writable") from None
