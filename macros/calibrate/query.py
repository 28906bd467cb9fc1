"""One vectorised pass over the export: convert, evaluate every criterion, count.

Each ticket gets a match mask (bit i: criterion i matches) and a bad mask (bit j: mapped
field j did not convert). The query groups tickets by (masks, breakdown value) and counts,
so a million tickets come back as a few dozen rows; every figure in the report is computed
from those counts. Only when values fail to convert does a second pass find their rows.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, replace
from typing import Callable

import duckdb

from .compile import match_sql
from .convert import ENUM_EMPTY, Conversion, UnreadableType, conversion, range_sql, range_text, sql_string
from .errors import CalibrateError
from .mapping import ColumnSpec
from .plan import Plan
from .reading import Export, json_error, safe_reason

CHUNK = 60           # bits per BIGINT mask column
FIRST_ROWS = 5       # rows named per unconvertible column
REJECTS = "calibrate_rejects"


@dataclass(frozen=True)
class Grouping:
    """A breakdown: an SQL expression over canonical columns, from `column(field_id)`."""

    name: str
    sql: Callable[[Callable[[str], str]], str]


@dataclass(frozen=True)
class Group:
    mask: int               # criteria that match
    bad: int                # mapped fields that did not convert
    key: str | None         # breakdown value, None when empty or no breakdown
    tickets: int
    actual: str | None = None        # what really happened (Query.actual), None when empty or not asked
    day: dt.date | None = None       # the day created (Query.daily), when asked
    ids: tuple[str, ...] = ()        # the group's first ticket ids in text order (Query.examples)


@dataclass(frozen=True)
class BadColumn:
    field: str
    column: str
    expected: str
    tickets: int
    first_rows: tuple[int, ...]      # 1-based ticket positions in file order
    first_ids: tuple[str | None, ...]


@dataclass(frozen=True)
class Scan:
    fields: tuple[str, ...]  # mapped fields, in mask bit order
    groups: tuple[Group, ...]
    bad_columns: tuple[BadColumn, ...]


def column_name(field_id: str) -> str:
    return '"f_' + field_id.replace('"', '""') + '"'


class Query:
    """The SQL for one export, mapping and plan; `scan` runs it."""

    def __init__(self, export: Export, specs: dict[str, ColumnSpec], plan: Plan, grouping: Grouping | None,
                 ids: ColumnSpec | None = None, actual: str | None = None, daily: str | None = None,
                 examples: int = 0):
        """`actual`: a field in `specs` whose value is also a group key (what really happened); `daily`: a
        timestamp field whose day is a group key; `examples`: ticket ids kept per group (needs `ids`)."""
        self.export, self.plan, self.grouping, self.ids = export, plan, grouping, ids
        self.actual, self.daily, self.examples = actual, daily, examples if ids is not None else 0
        self.fields = tuple(specs)
        self.specs = specs
        self.conversions: list[Conversion] = []
        unreadable = []
        for i, f in enumerate(self.fields):
            try:
                self.conversions.append(conversion(plan.catalogue[f], specs[f],
                                                   export.types.get(specs[f].column, "VARCHAR"), plan.currency,
                                                   f'"r{i}"', f'"x{i}"', f'"q{i}"'))
            except UnreadableType as problem:
                unreadable.append(f"{export.shown}: {problem}")
        if unreadable:
            raise CalibrateError(unreadable)
        self.ranges = [range_sql(plan.catalogue[f], f'"u{i}"') for i, f in enumerate(self.fields)]
        self.conversions = [replace(c, can_fail=True) if r else c for c, r in zip(self.conversions, self.ranges)]

    def typed(self, row_numbers: bool = False) -> str:
        """Canonical columns f_<field> and the bad mask(s) _b<k>, in four steps: read, prepare, fast, value."""
        conv = self.conversions
        free = row_numbers and self.export.format == "parquet"
        source = self.export.source([self.specs[f].column for f in self.fields], REJECTS, free)
        keep = ", _row" if row_numbers else ""
        # text files have no row numbers: count in file order (DuckDB preserves insertion order by default)
        rows = (", _row" if free else ", row_number() OVER () AS _row") if row_numbers else ""
        prepared = _list([f'{c.prepare} AS "x{i}"' for i, c in enumerate(conv)])
        fast = _list([f'"x{i}", {c.fast} AS "q{i}"' for i, c in enumerate(conv)])
        valued = _list([f'"x{i}", {c.value} AS "{"u" if self.ranges[i] else "v"}{i}"' for i, c in enumerate(conv)])
        canon = _list([f"{self._canonical(i)} AS {column_name(f)}" for i, f in enumerate(self.fields)])
        bads = self._bad_masks()
        inner = (f"SELECT {valued}{keep} FROM (SELECT {fast}{keep} FROM "
                 f"(SELECT {prepared}{rows} FROM ({source}) AS src) AS prepared) AS fast")
        if any(self.ranges):
            # a value outside the field's plausible range is no value: reported like one that does not convert
            ranged = _list([f'"x{i}", ' + (f'"u{i}", (CASE WHEN {r} THEN "u{i}" END) AS "v{i}"' if r else f'"v{i}"')
                            for i, r in enumerate(self.ranges)])
            inner = f"SELECT {ranged}{keep} FROM ({inner}) AS unranged"
        outside = "".join(f', ("u{i}" IS NOT NULL AND "v{i}" IS NULL) AS "o{i}"' for i, r in enumerate(self.ranges)
                          if r and row_numbers)
        return f"SELECT {canon}, {bads}{keep}{outside} FROM ({inner}) AS valued"

    def _bad_masks(self) -> str:
        """_b<k>: which fields did not convert. Most rows have none, so a cheap test of every field at once
        (present, yet no value) guards the exact per-field mask, which also asks whether the text was blank."""
        conv = self.conversions
        suspects = [i for i, c in enumerate(conv) if c.can_fail]
        exact = [f'(CASE WHEN "v{i}" IS NOT NULL OR "x{i}" IS NULL THEN FALSE ELSE {c.filled} END)'
                 if c.can_fail else "" for i, c in enumerate(conv)]
        if not suspects:
            return _bit_sums(exact, "_b")
        guard = " OR ".join(f'("v{i}" IS NULL AND "x{i}" IS NOT NULL)' for i in suspects)
        return _bit_sums(exact, "_b", guard)

    def _canonical(self, i: int) -> str:
        value = f'"v{i}"'
        return f"NULLIF({value}, {sql_string(ENUM_EMPTY)})" if self.plan.catalogue[self.fields[i]].type == "enum" \
            else value

    def counting(self) -> str:
        plan = self.plan
        matches = _bit_sums([match_sql(c.condition, plan.catalogue, column_name) for c in plan.criteria], "_m")
        group = self.grouping.sql(column_name) if self.grouping else "NULL"
        masks = [f"_m{k}" for k in range(_chunks(len(plan.criteria)))]
        bads = [f"_b{k}" for k in range(_chunks(len(self.fields)))]
        extra, names = [], []
        if self.actual:
            extra.append(f"CAST({column_name(self.actual)} AS VARCHAR) AS _a")
            names.append("_a")
        if self.daily:
            extra.append(f"CAST({column_name(self.daily)} AS DATE) AS _d")
            names.append("_d")
        if self.examples:
            extra.append(f"CAST({column_name(self.ids.field)} AS VARCHAR) AS _i")  # type: ignore[union-attr]
        keys = ", ".join(masks + bads + ["_g"] + names)
        ids = f", min(_i, {int(self.examples)}) FILTER (WHERE _i IS NOT NULL)" if self.examples else ""
        return (f"SELECT {keys}, count(*){ids} FROM (SELECT {matches}, {', '.join(bads)}, "
                f"CAST({group} AS VARCHAR) AS _g{''.join(', ' + e for e in extra)} FROM ({self.typed()}) AS typed) "
                f"AS t GROUP BY {keys}")

    def empties(self, con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        """Per field, tickets that converted but left it empty: asked only when a band is below its minimum."""
        counts = ", ".join(f"count_if({column_name(f)} IS NULL)" for f in self.fields)
        bad = " OR ".join(f"_b{k} <> 0" for k in range(_chunks(len(self.fields))))
        try:
            row = con.execute(f"SELECT {counts} FROM ({self.typed()}) AS t WHERE NOT ({bad})").fetchone()
        except duckdb.Error as error:
            raise self._read_error(con, error) from None
        return dict(zip(self.fields, row))

    def scan(self, con: duckdb.DuckDBPyConnection) -> Scan:
        try:
            rows = con.execute(self.counting()).fetchall()
        except duckdb.Error as error:
            raise self._read_error(con, error) from None
        self._check_rejects(con)
        m_count, b_count = _chunks(len(self.plan.criteria)), _chunks(len(self.fields))
        groups = tuple(self._group(r, m_count, b_count) for r in rows)
        bad = [i for i in range(len(self.fields)) if any(g.bad >> i & 1 for g in groups)]
        return Scan(self.fields, groups, self._bad_columns(con, bad) if bad else ())

    def _group(self, row: tuple, m_count: int, b_count: int) -> Group:
        at = m_count + b_count
        key, rest = row[at], list(row[at + 1:])
        actual = rest.pop(0) if self.actual else None
        day = rest.pop(0) if self.daily else None
        tickets = rest.pop(0)
        ids = tuple(rest.pop(0) or ()) if self.examples else ()
        return Group(_join(row[:m_count]), _join(row[m_count:at]), key, tickets, actual, day, ids)

    def _bad_columns(self, con: duckdb.DuckDBPyConnection, fields: list[int]) -> tuple[BadColumn, ...]:
        """The second pass, only when something did not convert: it reads only those columns (and the
        ticket id) and numbers the rows in file order to name the first few."""
        specs = {self.fields[i]: self.specs[self.fields[i]] for i in fields}
        id_field = self.ids.field if self.ids is not None else "ticket_id"  # other catalogues name their id
        if self.ids is not None:
            specs.setdefault(id_field, self.ids)
        again = Query(self.export, specs, self.plan, None)
        ident = column_name(id_field) if id_field in specs else "NULL"
        parts, kinds = [], []
        for n, i in enumerate(fields):
            bad = f"(_b{n // CHUNK} >> {n % CHUNK}) & 1 = 1"
            tests = [(bad, False)] if not again.ranges[n] else [(f'{bad} AND NOT "o{n}"', False), (f'"o{n}"', True)]
            for test, outside in tests:
                kinds.append((i, outside))
                parts.append(f"count(*) FILTER (WHERE {test}), min(_row, {FIRST_ROWS}) FILTER (WHERE {test}), "
                             f"arg_min(CAST({ident} AS VARCHAR), _row, {FIRST_ROWS}) FILTER (WHERE {test})")
        try:
            row = con.execute(f"SELECT {', '.join(parts)} FROM ({again.typed(row_numbers=True)}) AS t").fetchone()
        except duckdb.Error as error:
            raise self._read_error(con, error) from None
        result = []
        for n, (i, outside) in enumerate(kinds):
            count, first, ids = row[3 * n: 3 * n + 3]
            if not count:
                continue
            field = self.fields[i]
            spec = self.specs[field]
            expected = range_text(self.plan.catalogue[field], spec, self.plan.currency) if outside \
                else self.conversions[i].expected
            result.append(BadColumn(field, spec.column, expected, count, tuple(first or ()), tuple(ids or ())))
        return tuple(result)

    def _check_rejects(self, con: duckdb.DuckDBPyConnection) -> None:
        if self.export.format != "csv":
            return
        rows = con.execute(f"SELECT line, error_type, error_message FROM {REJECTS} "
                           "ORDER BY line, column_idx NULLS FIRST").fetchall()
        if rows:
            raise CalibrateError(csv_problems(self.export, rows))

    def _read_error(self, con: duckdb.DuckDBPyConnection, error: duckdb.Error) -> CalibrateError:
        if self.export.format == "jsonl":
            return json_error(self.export.path, self.export.shown, error)
        name = {"csv": "CSV", "parquet": "Parquet"}[self.export.format]
        return CalibrateError(f"{self.export.shown}: cannot be read as {name} ({safe_reason(error)}); "
                              "export the tickets again")


def csv_problems(export: Export, rows: list[tuple]) -> list[str]:
    """DuckDB's reject list, without the rejected text (it may hold ticket contents). DuckDB lists a short row
    once per missing field; the first entry of each line is the one that counts the row's fields."""
    firsts: dict[int, tuple] = {}
    for row in rows:
        firsts.setdefault(row[0], row)
    rows = [firsts[line] for line in sorted(firsts)]
    messages = []
    for line, kind, detail in rows[:FIRST_ROWS]:
        numbers = re.findall(r"\d+", detail or "")
        if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS") and len(numbers) >= 2:
            what = f"{numbers[1]} fields where the header has {numbers[0]}; check the delimiter and quoting"
        elif kind == "UNQUOTED VALUE":
            what = "a quote is not closed, or a value holds a stray quote; quote the value and double inner quotes"
        elif "ENCODING" in (kind or "") or "UNICODE" in (kind or ""):
            what = "not UTF-8 text; save the export as UTF-8"
        else:
            what = f"cannot be read ({(kind or 'unknown error').lower()})"
        messages.append(f"{export.shown} row {line}: {what}")
    if len(rows) > FIRST_ROWS:
        messages.append(f"{export.shown}: {len(rows) - FIRST_ROWS} more rows cannot be read as CSV; "
                        "fix the file and run again")
    return messages


def _list(items: list[str]) -> str:
    return ", ".join(items) or "1 AS _none"


def _chunks(bits: int) -> int:
    return max(1, -(-bits // CHUNK))


def _bit_sums(tests: list[str], prefix: str, guard: str | None = None) -> str:
    """BIGINT columns prefix0, prefix1, ...: bit i of column i // CHUNK is set when tests[i] is TRUE
    (and, with a guard, only on rows where the guard holds; elsewhere every bit is 0).
    CASE WHEN takes NULL for false, as a condition on an empty field is; an empty test never holds.
    (Measured: CASE beats casting booleans to integers and shifting.)"""
    columns = []
    for k in range(_chunks(len(tests))):
        part = tests[k * CHUNK:(k + 1) * CHUNK]
        terms = " + ".join(f"(CASE WHEN {t} THEN {1 << j} ELSE 0 END)" for j, t in enumerate(part) if t) or "0"
        if guard:
            terms = f"CASE WHEN {guard} THEN {terms} ELSE 0 END"
        columns.append(f"CAST({terms} AS BIGINT) AS {prefix}{k}")
    return ", ".join(columns)


def _join(chunks: tuple) -> int:
    return sum(int(c) << (CHUNK * k) for k, c in enumerate(chunks))
