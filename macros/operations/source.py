"""An export as one converted DuckDB table, through the calibration reading layer.

The mapping comes from `--mapping FILE` (the calibration format, checked at file:line:column),
else from the first preset whose columns are all in the export, else from columns named as the
fields; `--map FIELD=COLUMN` goes on top. Each mapped column is converted by its field's type
(convert.py) in one pass and kept in a temporary table `name`: f_<field> columns (or the report's
own columns over them, a `Shape`) and `_ok`, false for a row whose required value is empty or does
not convert. Only when such rows exist does a second pass number the rows to name the first few (row
number and id, never content).
"""
from __future__ import annotations

import tempfile
from dataclasses import dataclass, field as dataclass_field
from pathlib import Path
from typing import Callable

import duckdb

from ..calibrate.errors import CalibrateError
from ..calibrate.mapping import ColumnSpec, Mapping, apply_options, load_mapping
from ..calibrate.plan import Plan
from ..calibrate.query import Query, column_name
from ..calibrate.reading import Export, complete_keys, open_export
from ..calibrate.run import _field_hint, mapped_column_problems
from ..playbook import display_path
from .fields import Kind

PRESETS = Path(__file__).parent / "presets"
FIRST_ROWS = 5


@dataclass(frozen=True)
class Excluded:
    field: str
    column: str
    problem: str            # 'is empty' or 'is not a date and time (...)'
    rows: int
    first: tuple[str, ...]  # 'row 14 (ACT-12)'
    first_row: int = 0      # for sorting: the problems in file order


@dataclass(frozen=True)
class Check:
    """A rule a converted value must also follow: `bad` is SQL over the f_<field> columns."""

    field: str
    bad: str
    problem: str  # 'is outside 0 to 10, the rubric's maximum'


@dataclass(frozen=True)
class Shape:
    """What the loaded table holds instead of every f_<field> column, so a report reads its own columns
    from the one conversion pass (no second copy): `derived` name -> SQL over the f_<field> columns,
    computed once per row (checks may use the names); `columns`, the table's select list over both."""

    columns: str
    derived: dict[str, str] = dataclass_field(default_factory=dict)

    def over(self, typed: str) -> str:
        """SQL: the typed rows with the derived columns."""
        extra = "".join(f", {sql} AS {name}" for name, sql in self.derived.items())
        return f"SELECT typed.*{extra} FROM ({typed}) AS typed"


@dataclass(frozen=True)
class Loaded:
    export: Export
    table: str
    fields: tuple[str, ...]   # fields the export has, in catalogue order
    total: int
    counted: int
    excluded: tuple[Excluded, ...]
    preset: str | None

    def has(self, field_id: str) -> bool:
        return field_id in self.fields

    def excluded_lines(self) -> list[str]:
        lines = []
        for e in self.excluded:
            more = f" and {e.rows - len(e.first):,} more" if e.rows > len(e.first) else ""
            lines.append(f"{self.export.shown} {', '.join(e.first)}{more}: column '{e.column}' (field {e.field}) "
                         f"{e.problem}; fix the values or the mapping")
        return lines


@dataclass(frozen=True)
class Request:
    path: Path
    mapping_file: Path | None = None
    maps: tuple[str, ...] = ()
    input_format: str | None = None
    preset: str | None = None


MEMORY_LIMIT = "700MB"  # beyond it DuckDB spills to disk: a million-row export stays under 1 GB resident


_DATABASE: list[duckdb.DuckDBPyConnection] = []  # the process's one in-memory database, made on first use


def connect() -> duckdb.DuckDBPyConnection:
    """A connection of a report's own to the process's one in-memory database. Making a database costs about
    20 ms, a connection to it 1 ms; every table a report makes is TEMP, which DuckDB keeps per connection, so
    reports never see each other's tables, and closing the connection drops them."""
    if not _DATABASE:
        database = duckdb.connect()
        spill = Path(tempfile.gettempdir()) / "playbook-duckdb"
        database.execute(f"SET memory_limit = '{MEMORY_LIMIT}'; "
                         f"SET temp_directory = '{str(spill).replace(chr(39), '')}'")
        _DATABASE.append(database)
    con = _DATABASE[0].cursor()
    con.execute("SET TimeZone = 'UTC'")  # naive timestamps are UTC, as in calibrate (a setting per connection)
    return con


def insert_rows(con: duckdb.DuckDBPyConnection, table: str, types: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT `rows` into `table` (columns of these SQL types, in order) as one statement: each column is bound
    as one list and unnested, where executemany costs a statement per row (0.4 s for 1,300 rows, against 14 ms)."""
    if not rows:
        return
    columns = ", ".join(f"unnest(${n}::{kind}[])" for n, kind in enumerate(types, 1))
    con.execute(f"INSERT INTO {table} SELECT {columns}", [list(column) for column in zip(*rows)])


def preset_names() -> list[str]:
    return sorted(p.stem for p in PRESETS.glob("*.yml"))


def load(con: duckdb.DuckDBPyConnection, kind: Kind, request: Request, table: str, currency: str = "USD",
         required: tuple[str, ...] | None = None, checks: tuple[Check, ...] = (),
         fields: tuple[str, ...] | None = None, shape: Callable[[tuple[str, ...]], Shape] | None = None) -> Loaded:
    """`fields`: what the report reads (default: every field the export has); the rest is not converted,
    and the id is read only to name rows that are left out. `shape`: given the fields the export has,
    the table's own columns (default: every f_<field> column)."""
    catalogue = kind.catalogue
    required = kind.required if required is None else required
    export = open_export(con, request.path, request.input_format)
    mapping, preset = _mapping(kind, request, export)
    export = complete_keys(con, export, [s.column for s in mapping.values()] + list(catalogue))
    specs = _resolve(kind, export, mapping, preset is not None, required)
    ids = specs.get(kind.id_field)
    if fields is not None:
        specs = {f: s for f, s in specs.items() if f in fields or f in required}
    plan = Plan((), (), (), catalogue, currency)
    query = Query(export, specs, plan, None, ids)
    fields = tuple(specs)
    checks = tuple(c for c in checks if c.field in specs)
    blank = " OR ".join([f"{column_name(f)} IS NULL" for f in required] +
                        [f"COALESCE({c.bad}, FALSE)" for c in checks]) or "FALSE"
    shaped = shape(fields) if shape is not None else Shape(", ".join(column_name(f) for f in fields))

    def create(typed: str) -> None:
        con.execute(f"CREATE OR REPLACE TEMP TABLE {table} AS SELECT {shaped.columns}, (_b0 = 0 AND NOT ({blank})) "
                    f"AS _ok, _b0 FROM ({shaped.over(typed)}) AS shaped")

    if not _parsed(con, query, create):
        try:
            create(query.typed())
        except duckdb.Error as error:
            raise query._read_error(con, error) from None
        query._check_rejects(con)
    total, counted, bad = con.execute(f"SELECT count(*), count_if(_ok), bit_or(_b0) FROM {table}").fetchone()
    if total == 0:
        raise CalibrateError(f"{export.shown}: the export holds no {kind.noun} rows; export a period that has some")
    if counted < total:
        named = specs if ids is None or kind.id_field in specs else {**specs, kind.id_field: ids}  # id bit comes last
        excluded = _excluded(con, Query(export, named, plan, None, ids), kind, named, required, checks, bad or 0,
                             shaped)
    else:
        excluded = ()
    return Loaded(export, table, fields, total, counted, excluded, preset)


def _parsed(con: duckdb.DuckDBPyConnection, query: Query, create: Callable[[str], object]) -> bool:
    """A CSV export loaded with the reader parsing numbers and booleans itself (calibrate's Query.natively: each
    value it takes is the value the text path takes). Whether that worked: False when no column qualifies, or
    the reader stops at a value it refuses or at a row it cannot split; the text path then reads the whole
    file, and says what is wrong, exactly as without this pass."""
    native = query.natively()
    if native is None:
        return False
    native.rejects = ""  # no reject list: the first refusal stops the pass
    try:
        create(native.typed())
    except duckdb.Error:
        return False
    return True


def _mapping(kind: Kind, request: Request, export: Export) -> tuple[Mapping, str | None]:
    catalogue = kind.catalogue
    if request.mapping_file is not None:
        mapping = load_mapping(request.mapping_file, catalogue, kind.fields_from)
        return apply_options(mapping, request.maps, (), catalogue, kind.fields_from), None
    preset = request.preset or _matching_preset(kind, export)
    if preset is None:
        return apply_options({}, request.maps, (), catalogue, kind.fields_from), None
    if preset not in kind.presets:
        raise CalibrateError(f"--preset {preset}: not a preset for {kind.name}; use one of: {', '.join(kind.presets)}")
    from_preset = load_mapping(PRESETS / f"{preset}.yml", catalogue, kind.fields_from)
    mapping = apply_options(from_preset, request.maps, (), catalogue, kind.fields_from)
    missing = [f for f, s in mapping.items() if s is from_preset.get(f) and s.column not in export.columns]
    lacking = [f for f in missing if f in kind.required]
    if lacking:
        raise CalibrateError([f"{export.shown}: no column '{mapping[f].column}' for {f} ({catalogue[f].label}), "
                              f"which the {preset} preset reads it from; add `{f}: COLUMN` under columns: in a "
                              f"mapping file (--mapping) or pass --map {f}=COLUMN" for f in lacking])
    return {f: s for f, s in mapping.items() if f not in missing}, preset


def _matching_preset(kind: Kind, export: Export) -> str | None:
    """The preset with the most of its required columns in the export (at least half), first in order on a tie;
    a column it lacks is then reported with the preset's name for it."""
    best, found = None, 0
    for stem in kind.presets:
        mapping = load_mapping(PRESETS / f"{stem}.yml", kind.catalogue, kind.fields_from)
        have = sum(1 for f in kind.required if f in mapping and mapping[f].column in export.columns)
        if have > found and have * 2 >= len(kind.required):
            best, found = stem, have
    return best


def _resolve(kind: Kind, export: Export, mapping: Mapping, from_preset: bool,
             required: tuple[str, ...]) -> dict[str, ColumnSpec]:
    """Every field with a column; a missing required one stops the run with the mapping key to add."""
    catalogue = kind.catalogue
    messages = mapped_column_problems(mapping, export)
    specs: dict[str, ColumnSpec] = {}
    for field in catalogue.values():
        spec = mapping.get(field.id)
        if spec is None and field.id in export.columns:
            spec = ColumnSpec(field.id, field.id, f"column '{field.id}'")
        if spec is not None:
            specs[field.id] = spec
        elif field.id in required:
            messages.append(f"{export.shown}: no column for {field.id} ({field.label}), which the {kind.name} report "
                            f"needs{_field_hint(field.id, field.label, export.columns)}; add `{field.id}: COLUMN` "
                            f"under columns: in the mapping file (--mapping) or pass --map {field.id}=COLUMN")
    if messages:
        raise CalibrateError(messages)
    return specs


def _excluded(con: duckdb.DuckDBPyConnection, query: Query, kind: Kind, specs: dict[str, ColumnSpec],
              required: tuple[str, ...], checks: tuple[Check, ...], bad: int, shaped: Shape) -> tuple[Excluded, ...]:
    """The second pass: rows numbered in file order, the first few named per field by row and id."""
    fields = list(specs)
    ident = column_name(kind.id_field) if kind.id_field in specs else "NULL"
    tests = []
    for i, f in enumerate(fields):
        if bad >> i & 1:
            tests.append((f, query.conversions[i].expected, f"(_b0 >> {i}) & 1 = 1"))
    for f in required:
        i = fields.index(f)
        tests.append((f, "is empty", f"(_b0 >> {i}) & 1 = 0 AND {column_name(f)} IS NULL"))
    for c in checks:
        tests.append((c.field, c.problem, f"_b0 = 0 AND COALESCE({c.bad}, FALSE)"))
    parts = [f"count(*) FILTER (WHERE {t}), min(_row, {FIRST_ROWS}) FILTER (WHERE {t}), "
             f"arg_min(CAST({ident} AS VARCHAR), _row, {FIRST_ROWS}) FILTER (WHERE {t})" for _f, _e, t in tests]
    try:
        row = con.execute(f"SELECT {', '.join(parts)} FROM ({shaped.over(query.typed(row_numbers=True))}) AS t").fetchone()
    except duckdb.Error as error:
        raise query._read_error(con, error) from None
    result = []
    for n, (field, expected, _t) in enumerate(tests):
        count, first, ids = row[3 * n: 3 * n + 3]
        if not count:
            continue
        problem = expected if expected.startswith("is ") else f"is {expected}"
        named = tuple(query.export.row_label(r) + (f" ({i})" if i and field != kind.id_field else "")
                      for r, i in zip(first, list(ids or ()) + [None] * len(first)))
        result.append(Excluded(field, specs[field].column, problem, count, named, min(first)))
    return tuple(sorted(result, key=lambda e: (e.first_row, e.field)))


def describe_mapping(loaded: Loaded, request: Request) -> str:
    """How the columns were found, for the report's header."""
    if request.mapping_file is not None:
        return f"mapping {display_path(request.mapping_file)}"
    if loaded.preset:
        return f"preset {loaded.preset}"
    return "columns named as the fields"
