"""One vectorised pass over the export: convert, evaluate every criterion, count.

Each ticket gets a match mask (bit i: criterion i matches) and a bad mask (bit j: mapped
field j did not convert). The query groups tickets by (masks, breakdown value) and counts,
so a million tickets come back as a few dozen rows; every figure in the report is computed
from those counts. Only when values fail to convert does a second pass find their rows.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
import mmap
import os
import re
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

import duckdb

from .compile import match_sql
from .convert import (ENUM_EMPTY, WHITESPACE, Conversion, UnreadableType, conversion, enum_words, range_sql,
                      range_text, sql_string, within)
from .errors import CalibrateError
from .mapping import ColumnSpec
from .plan import Plan
from .reading import Export, head_text, json_error, safe_reason

CHUNK = 60           # bits per BIGINT mask column
FIRST_ROWS = 5       # rows named per unconvertible column
REJECTS = "calibrate_rejects"
NATIVE_REJECTS = "calibrate_parsed_rejects"  # the CSV pass whose reader parses numbers and booleans (Query.natively)
REREAD_REJECTS = "calibrate_reread_rejects"  # the text path over the rows that reader refused
REREAD_MOST = 50_000  # refusals listed at most (a row may have several); reaching it: the text path reads it all
# what the CSV reader parses for a field type: exactly the type the text path's fast reading casts to
# (convert.py), so a value the reader takes is the value the text path takes
NATIVE = {"boolean": "BOOLEAN", "integer": "DOUBLE", "number": "DOUBLE", "money": "DOUBLE", "percent": "DOUBLE",
          "duration": "DOUBLE"}
SAMPLED_ROWS = 1000  # rows of the export's head that decide whether the reader may parse a column
ROWS = "calibrate_rows"  # the main pass's tickets in file order, for text files (see Query.counting)


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
        self.rejects, self.rejects_limit = REJECTS, 0
        self.actual, self.daily, self.examples = actual, daily, examples if ids is not None else 0
        self.fields = tuple(specs)
        self.specs = specs
        self.conversions: list[Conversion] = []
        unreadable = []
        for i, f in enumerate(self.fields):
            try:
                self.conversions.append(conversion(plan.catalogue[f], specs[f],
                                                   export.types.get(specs[f].column, "VARCHAR"), plan.currency,
                                                   f'"r{i}"', f'"x{i}"', f'"q{i}"', export.bounds.get(specs[f].column),
                                                   nan_empty=export.format != "csv"))
            except UnreadableType as problem:
                unreadable.append(f"{export.shown}: {problem}")
        if unreadable:
            raise CalibrateError(unreadable)
        # a range the stored values are known to keep (Parquet statistics) needs no per-row check
        self.ranges = [None if within(plan.catalogue[f], c.bounds) else range_sql(plan.catalogue[f], f'"u{i}"')
                       for (i, f), c in zip(enumerate(self.fields), self.conversions)]
        self.conversions = [replace(c, can_fail=True) if r else c for c, r in zip(self.conversions, self.ranges)]

    def typed(self, row_numbers: bool = False, located: bool = False) -> str:
        """Canonical columns f_<field> and the bad mask(s) _b<k>, in four steps: read, prepare, fast, value.

        `row_numbers`: also _row (each ticket's 1-based position in file order; counted by a window for text
        files) and o<n> (the value is outside its field's range). `located` (the main pass): bit n of the bad
        mask says field n did not convert and bit F+n (F fields) that it is outside its range, and _id carries
        the ticket id (NULL unless the row is bad) and, for Parquet, _row, so the main pass names bad rows."""
        conv = self.conversions
        carried = self.carried(located)
        free = (row_numbers or located) and self.export.format == "parquet"
        ident = "_id" in carried
        columns = [self.specs[f].column for f in self.fields] + ([self.ids.column] if ident else [])  # type: ignore
        source = self.export.source(columns, self.rejects, free, self.rejects_limit)
        carried = ([", _row"] if row_numbers or free else []) + ([', "_id"'] if ident else [])
        keep = "".join(carried)
        # text files have no row numbers: count in file order (DuckDB preserves insertion order by default)
        rows = (", _row" if free else ", row_number() OVER () AS _row") if row_numbers else (", _row" if free else "")
        rows += f', "r{len(self.fields)}" AS "_id"' if ident else ""
        prepared = _list([f'{c.prepare} AS "x{i}"' for i, c in enumerate(conv)])
        fast = _list([f'"x{i}", {c.fast} AS "q{i}"' for i, c in enumerate(conv)])
        valued = _list([f'"x{i}", {c.value} AS "{"u" if self.ranges[i] else "v"}{i}"' for i, c in enumerate(conv)])
        canon = _list([f"{self._canonical(i)} AS {column_name(f)}" for i, f in enumerate(self.fields)])
        bads = self._bad_masks(located)
        inner = (f"SELECT {valued}{keep} FROM (SELECT {fast}{keep} FROM "
                 f"(SELECT {prepared}{rows} FROM ({source}) AS src) AS prepared) AS fast")
        if any(self.ranges):
            # a value outside the field's plausible range is no value: reported like one that does not convert
            ranged = _list([f'"x{i}", ' + (f'"u{i}", (CASE WHEN {r} THEN "u{i}" END) AS "v{i}"' if r else f'"v{i}"')
                            for i, r in enumerate(self.ranges)])
            inner = f"SELECT {ranged}{keep} FROM ({inner}) AS unranged"
        outside = "".join(f', ("u{i}" IS NOT NULL AND "v{i}" IS NULL) AS "o{i}"' for i, r in enumerate(self.ranges)
                          if r and row_numbers)
        if ident:  # the id only where a row is left out: named in the report, never grouped by
            keep = keep.replace(', "_id"', "") + (f', (CASE WHEN {self._any_bad()} THEN '
                                                  f'NULLIF(trim(CAST("_id" AS VARCHAR), {WHITESPACE}), \'\') END) AS "_id"')
        return f"SELECT {canon}, {bads}{keep}{outside} FROM ({inner}) AS valued"

    def _bad_masks(self, located: bool = False) -> str:
        """_b<k>: which fields did not convert. Most rows have none, so a cheap test of every field at once
        (present, yet no value) guards the exact per-field mask, which also asks whether the text was blank.
        `located`: bits F+n say field n is outside its range (and bit n is then clear)."""
        conv = self.conversions
        exact = [f'(CASE WHEN "v{i}" IS NOT NULL OR "x{i}" IS NULL THEN FALSE ELSE {c.filled} END)'
                 if c.can_fail else "" for i, c in enumerate(conv)]
        if located:
            exact = [f'("u{i}" IS NULL AND {e})' if e and self.ranges[i] else e for i, e in enumerate(exact)] + \
                [f'("u{i}" IS NOT NULL AND "v{i}" IS NULL)' if r else "" for i, r in enumerate(self.ranges)]
        guard = self._any_bad()
        return _bit_sums(exact, "_b", guard) if guard else _bit_sums(exact, "_b")

    def _any_bad(self) -> str | None:
        """SQL: the row may hold a value that did not convert (present, yet no value); None when none can."""
        suspects = [i for i, c in enumerate(self.conversions) if c.can_fail]
        return " OR ".join(f'("v{i}" IS NULL AND "x{i}" IS NOT NULL)' for i in suspects) or None

    def _canonical(self, i: int) -> str:
        value, field = f'"v{i}"', self.plan.catalogue[self.fields[i]]
        # an export word mapped to empty reads as ENUM_EMPTY, then as NULL; without such a word there is none
        empties = field.type == "enum" and ENUM_EMPTY in enum_words(field, self.specs[self.fields[i]]).values()
        return f"NULLIF({value}, {sql_string(ENUM_EMPTY)})" if empties else value

    def counting(self) -> tuple[str, str]:
        """The main pass: one row per ticket (criteria mask, bad mask, group keys, and for a bad row its id and,
        for Parquet, its position), and the grouped counts over it with each bad group's first rows and ids.
        Text files number rows by their position in a table the per-row query fills in file order."""
        plan = self.plan
        bits, matches = _bit_columns([match_sql(c.condition, plan.catalogue, column_name) for c in plan.criteria],
                                     "_m")
        group = self.grouping.sql(column_name) if self.grouping else "NULL"
        masks = [f"_m{k}" for k in range(_chunks(len(plan.criteria)))]
        bads = [f"_b{k}" for k in range(self._bad_chunks())]
        extra, names = [], []
        if self.actual:
            extra.append(f"CAST({column_name(self.actual)} AS VARCHAR) AS _a")
            names.append("_a")
        if self.daily:
            extra.append(f"CAST({column_name(self.daily)} AS DATE) AS _d")
            names.append("_d")
        if self.examples:
            extra.append(f"CAST({column_name(self.ids.field)} AS VARCHAR) AS _i")  # type: ignore[union-attr]
        typed, carried = self.typed(located=True), self.carried(True)
        # without a breakdown the key is a constant, kept out of the per-row columns (a text column costs)
        per_row = (f"SELECT {matches}, {', '.join(bads)}{', CAST(' + group + ' AS VARCHAR) AS _g' if self.grouping else ''}"
                   f"{''.join(', ' + e for e in extra)}{''.join(', ' + c for c in carried)} FROM "
                   f"(SELECT *{bits} FROM ({typed}) AS typed) AS typed")
        keys = ", ".join(masks + bads + (["_g"] if self.grouping else []) + names)
        picked = ", ".join(masks + bads + ["_g" if self.grouping else "CAST(NULL AS VARCHAR)"] + names)
        ids = f", min(_i, {int(self.examples)}) FILTER (WHERE _i IS NOT NULL)" if self.examples else ""
        row = "_row" if "_row" in carried else "(rowid + 1)"
        bad = " OR ".join(f"{b} <> 0" for b in bads)
        where = (f", min({row}, {FIRST_ROWS}) FILTER (WHERE {bad})"
                 + (f", arg_min({{'r': {row}, 'i': _id}}, {row}, {FIRST_ROWS}) FILTER (WHERE {bad})"
                    if "_id" in carried else ", NULL"))
        source = "t" if row == "_row" else ROWS
        grouped = (f"SELECT {picked}, count(*){ids}{where} FROM "
                   f"{'(' + per_row + ') AS t' if source == 't' else source} GROUP BY {keys}")
        return per_row, grouped

    def carried(self, located: bool) -> list[str]:
        """What the main pass carries besides the masks: Parquet's free row number, and a bad row's id."""
        if not located:
            return []
        if self.export.format == "parquet":  # its ids are looked up by row number, only when rows are bad
            return ["_row"]
        return ["_id"] if self.ids is not None and self._any_bad() is not None else []

    def _bad_chunks(self) -> int:
        """BIGINT columns of the main pass's bad mask: a bit per field, and one more per field with a range."""
        return _chunks(len(self.fields) + (len(self.fields) if any(self.ranges) else 0))

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
        """The main pass. A CSV export is first read with the reader parsing numbers and booleans itself (as a
        hand-written query would); when it refuses any value, the text path reads the whole file again."""
        native = self.natively()
        if native is not None:
            found = native._scan(con, parsed=True)
            if found is not None:
                return found
        scan = self._scan(con)
        assert scan is not None
        return scan

    def natively(self) -> Query | None:
        """CSV: this query with the reader parsing the columns of boolean and numeric fields (NATIVE), or None
        when no column qualifies. A column qualifies when only such fields read it, all of one type, and every
        value in the export's first rows is one the reader parses: a column written '$1,250.50' or '1,000' goes
        the text path at once rather than through a refused pass."""
        if self.export.format != "csv":
            return None
        wanted: dict[str, set[str | None]] = {}
        for field_id, spec in self.specs.items():
            wanted.setdefault(spec.column, set()).add(NATIVE.get(self.plan.catalogue[field_id].type))
        if self.ids is not None:
            wanted.setdefault(self.ids.column, set()).add(None)
        chosen = {c: next(iter(t)) for c, t in wanted.items() if len(t) == 1 and None not in t}
        chosen = parsed_in_head(self.export, chosen)
        if not chosen:
            return None
        export = replace(self.export, types={**self.export.types, **chosen})
        native = Query(export, self.specs, self.plan, self.grouping, self.ids, self.actual, self.daily, self.examples)
        native.rejects, native.rejects_limit = NATIVE_REJECTS, REREAD_MOST  # more: the text path reads it all
        return native

    def _scan(self, con: duckdb.DuckDBPyConnection, parsed: bool = False) -> Scan | None:
        """`parsed` (the reader parses some columns): the rows it refused are read again by the text path, alone;
        None when that cannot be done (a row the reader cannot split, too many refused rows): read it all as text."""
        rows = self._grouped(con, parsed)
        if rows is None:
            return None
        m_count, b_count = _chunks(len(self.plan.criteria)), self._bad_chunks()
        found: list[tuple[Group, list[int], list[dict]]] | None = [self._group(r, m_count, b_count) for r in rows]
        if parsed:
            found = self._with_refused(con, found)  # type: ignore[arg-type]
            if found is None:
                return None
        if self.export.format == "parquet" and self.ids is not None:
            found = self._parquet_ids(con, found)  # type: ignore[arg-type]
        return Scan(self.fields, tuple(g for g, _rows, _ids in found), self._located(found))  # type: ignore[union-attr]

    def _grouped(self, con: duckdb.DuckDBPyConnection, parsed: bool = False) -> list[tuple] | None:
        """The main pass's grouped rows; `parsed`: None on an engine error (the text path will say what it is),
        and the reader's refusals are left in its rejects table for the caller."""
        per_row, grouped = self.counting()
        table = f"FROM {ROWS} GROUP BY" in grouped  # text files: the rows in file order (see counting)
        try:
            if table:
                con.execute(f"CREATE OR REPLACE TEMP TABLE {ROWS} AS {per_row}")
            rows = con.execute(grouped).fetchall()
        except duckdb.Error as error:
            if parsed:
                return None
            raise self._read_error(con, error) from None
        finally:
            if table:
                con.execute(f"DROP TABLE IF EXISTS {ROWS}")
        if not parsed:
            self._check_rejects(con)
        return rows

    def _with_refused(self, con: duckdb.DuckDBPyConnection, found: list[tuple[Group, list[int], list[dict]]]
                      ) -> list[tuple[Group, list[int], list[dict]]] | None:
        """The groups of the parsed pass with the rows its reader refused ('$1,250', ' yes ', 'ten'), read again
        from their own lines with the refused columns as text (the reader lists every refused value of a row);
        row positions given back as the file's. None: read it all as text."""
        refused, listed, columns = _refusals(con, self.rejects)
        if not refused:
            return found
        if listed >= self.rejects_limit or not all(cast for _line, cast, _text, _at in refused):
            return None
        skipped = [line - 1 for line, _cast, _text, _at in refused]  # each refused ticket's position in the file
        columns = {self.export.columns[int(c[1:])] for c in columns if re.fullmatch(r"c[0-9]+", c)
                   and int(c[1:]) < len(self.export.columns)}
        handle, name = tempfile.mkstemp(suffix=".csv", prefix="playbook-calibrate-")
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(self.export.delimiter.join(f"c{i}" for i in range(len(self.export.columns))) + "\n")
                out.writelines(text + "\n" for _line, _cast, text, _at in refused)
            text_export = replace(self.export, path=Path(name), read_path=None,
                                  types={**self.export.types, **{c: "VARCHAR" for c in columns}})
            again = Query(text_export, self.specs, self.plan, self.grouping, self.ids, self.actual, self.daily,
                          self.examples)
            again.rejects = REREAD_REJECTS
            rows = again._grouped(con, parsed=True)
            if rows is None or _refusals(con, again.rejects)[0]:  # not expected: the text path decides
                return None
        finally:
            os.unlink(name)
        m_count, b_count = _chunks(len(self.plan.criteria)), self._bad_chunks()
        groups = [again._group(r, m_count, b_count) for r in rows]
        # A blank line counts in the reader's line numbers but holds no ticket, so the positions above are right
        # only if none comes before them. Only the positions the report names matter: a refused row's own when it
        # is among its bad group's first rows, and every refused row's when rows the reader kept are named too
        # (their positions count the refused rows before them). The file is searched up to the last of those.
        named = [at for _line, _cast, _text, at in refused] if any(g.bad for g, _f, _n in found) else \
            [refused[k - 1][3] for g, first, ids in groups if g.bad for k in first + [n["r"] for n in ids]]
        if named and _blank_lines(self.export.location, max(named) + 16):
            return None  # positions unknown: the text path reads it all
        kept = [_moved(g, first, ids, lambda p: _kept_position(p, skipped)) for g, first, ids in found]
        reread = [_moved(g, first, ids, lambda k: skipped[k - 1]) for g, first, ids in groups]
        return _merged(kept + reread, self.examples)

    def _parquet_ids(self, con: duckdb.DuckDBPyConnection, found: list[tuple[Group, list[int], list[dict]]]
                     ) -> list[tuple[Group, list[int], list[dict]]]:
        """The ids of the bad rows the main pass found, read by row number from the id column alone."""
        wanted = sorted({r for _g, rows, _n in found for r in rows})
        if not wanted:
            return found
        source = self.export.rows_at(self.ids.column, wanted)  # type: ignore[union-attr]
        try:
            named = dict(con.execute(f"SELECT _row, NULLIF(trim(CAST(r0 AS VARCHAR), {WHITESPACE}), '') FROM "
                                     f"({source}) AS src").fetchall())
        except duckdb.Error as error:
            raise self._read_error(con, error) from None
        return [(g, rows, [{"r": r, "i": named.get(r)} for r in rows]) for g, rows, _n in found]

    def _group(self, row: tuple, m_count: int, b_count: int) -> tuple[Group, list[int], list[dict]]:
        at = m_count + b_count
        key, rest = row[at], list(row[at + 1:])
        actual = rest.pop(0) if self.actual else None
        day = rest.pop(0) if self.daily else None
        tickets = rest.pop(0)
        ids = tuple(rest.pop(0) or ()) if self.examples else ()
        first, named = rest.pop(0) or [], rest.pop(0) or []
        return Group(_join(row[:m_count]), _join(row[m_count:at]), key, tickets, actual, day, ids), first, named

    def _located(self, found: list[tuple[Group, list[int], list[dict]]]) -> tuple[BadColumn, ...]:
        """Per field, the rows that did not convert and those outside its range: counted, and the first few
        named by position and id, from the groups of the main pass (no second pass over the export)."""
        width = len(self.fields)
        result = []
        for i, field in enumerate(self.fields):
            for outside in ((False, True) if self.ranges[i] else (False,)):
                bit = width + i if outside else i
                hits = [(g, first, named) for g, first, named in found if g.bad >> bit & 1]
                if not hits:
                    continue
                first = sorted(r for _g, rows, _n in hits for r in rows)[:FIRST_ROWS]
                named = sorted((n["r"], n["i"]) for _g, _r, ns in hits for n in ns)[:FIRST_ROWS]
                spec = self.specs[field]
                expected = range_text(self.plan.catalogue[field], spec, self.plan.currency) if outside \
                    else self.conversions[i].expected
                result.append(BadColumn(field, spec.column, expected, sum(g.tickets for g, _r, _n in hits),
                                        tuple(first), tuple(i for _r, i in named)))
        return tuple(result)

    def _check_rejects(self, con: duckdb.DuckDBPyConnection) -> None:
        if self.export.format != "csv":
            return
        rows = con.execute(f"SELECT line, error_type, error_message FROM {self.rejects} "
                           "ORDER BY line, column_idx NULLS FIRST").fetchall()
        if rows:
            raise CalibrateError(csv_problems(self.export, rows))

    def _read_error(self, con: duckdb.DuckDBPyConnection, error: duckdb.Error) -> CalibrateError:
        if self.export.format == "jsonl":
            return json_error(self.export.path, self.export.shown, error)
        name = {"csv": "CSV", "parquet": "Parquet"}[self.export.format]
        return CalibrateError(f"{self.export.shown}: cannot be read as {name} ({safe_reason(error)}); "
                              "export the tickets again")


def _refusals(con: duckdb.DuckDBPyConnection, table: str) -> tuple[list[tuple[int, bool, str, int]], int, set[str]]:
    """The rows a reader refused: (line, every refusal a value it could not parse, the row's text, the byte where
    the row starts); how many refusals the table lists (a row may have several); the columns (as Export.source
    names them, c<i>) of the values refused. The table is dropped once read."""
    rows = con.execute(f"SELECT line, bool_and(error_type = 'CAST'), any_value(csv_line), "
                       f"min(line_byte_position) FROM {table} GROUP BY line ORDER BY line").fetchall()
    listed, names = con.execute(f"SELECT count(*), list(DISTINCT column_name) FILTER (WHERE error_type = 'CAST') "
                                f"FROM {table}").fetchone()  # type: ignore[misc]
    con.execute(f"DROP TABLE IF EXISTS {table}")
    con.execute(f"DROP TABLE IF EXISTS {table}_scan")
    return rows, listed, set(names or ())


BLANK_AFTER_NEWLINE = re.compile(rb"\n[\n\r]")  # a line feed ending an empty line (LF or CR LF files)


def _blank_lines(path: Path, upto: int) -> bool:
    """Whether the file's first `upto` bytes may hold a blank line (or the file is compressed, so that cannot
    be told cheaply). A blank line inside a quoted value says yes too: the answer only decides whether the text
    path reads the whole file. One search of those bytes ('\n\n' or '\n\r'; a regular expression, measured 2.5
    times faster than bytes.find for a two-byte needle), two where a carriage return appears ('\r\r')."""
    if path.suffix.lower() == ".gz":
        return True
    with open(path, "rb") as data:
        if os.fstat(data.fileno()).st_size == 0:
            return False
        with mmap.mmap(data.fileno(), 0, access=mmap.ACCESS_READ) as mapped:
            upto = min(upto, len(mapped))
            if mapped[:1] in (b"\n", b"\r"):  # a blank first line
                return True
            if BLANK_AFTER_NEWLINE.search(mapped, 0, upto) is not None:
                return True
            return mapped.find(b"\r", 0, upto) >= 0 and mapped.find(b"\r\r", 0, upto) >= 0


def _kept_position(position: int, skipped: list[int]) -> int:
    """The file position of the `position`-th row a reader kept, given the sorted positions it skipped."""
    for gap in skipped:
        if gap <= position:
            position += 1
        else:
            break
    return position


def _moved(group: Group, first: list[int], named: list[dict], where: Callable[[int], int]
           ) -> tuple[Group, list[int], list[dict]]:
    return group, [where(r) for r in first], [{**n, "r": where(n["r"])} for n in named]


def _merged(found: list[tuple[Group, list[int], list[dict]]], examples: int) -> list[tuple[Group, list[int], list[dict]]]:
    """Groups of two passes with the same keys as one: counts added, first rows, ids and examples kept as the
    engine keeps them (the smallest)."""
    merged: dict[tuple, tuple[Group, list[int], list[dict]]] = {}
    for group, first, named in found:
        key = (group.mask, group.bad, group.key, group.actual, group.day)
        if key not in merged:
            merged[key] = (group, first, named)
            continue
        seen, seen_first, seen_named = merged[key]
        ids = tuple(sorted(seen.ids + group.ids)[:examples])
        merged[key] = (replace(seen, tickets=seen.tickets + group.tickets, ids=ids),
                       sorted(seen_first + first)[:FIRST_ROWS],
                       sorted(seen_named + named, key=lambda n: n["r"])[:FIRST_ROWS])
    return list(merged.values())


def parsed_in_head(export: Export, chosen: dict[str, str]) -> dict[str, str]:
    """The columns of `chosen` whose every non-empty value in the export's first rows the CSV reader parses as
    its type (a heuristic for speed only: a value the reader refuses later is read again by the text path)."""
    if not chosen:
        return chosen
    try:
        text = head_text(export.path, export.shown)
    except CalibrateError:
        return {}
    reader = csv.reader(io.StringIO(text), delimiter=export.delimiter)  # a row cut short at the end only slows
    try:
        rows = list(itertools.islice(reader, SAMPLED_ROWS + 1))[1:]
    except csv.Error:
        return {}
    kept = {}
    for column, native in chosen.items():
        at = export.columns.index(column)
        values = {row[at] for row in rows if at < len(row)}
        if all(_parses(v, native) for v in values if v):
            kept[column] = native
    return kept


BOOLEAN_TEXT = {"true", "false", "t", "f", "yes", "no", "y", "n", "1", "0"}


def _parses(value: str, native: str) -> bool:
    """Whether DuckDB's CSV reader is likely to parse `value` as `native` (it takes no surrounding spaces)."""
    if value != value.strip():
        return False
    if native == "BOOLEAN":
        return value.lower() in BOOLEAN_TEXT
    try:
        float(value)
    except ValueError:
        return False
    return True


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


def _bit_columns(tests: list[str], prefix: str) -> tuple[str, str]:
    """As _bit_sums without a guard, in two steps: ', (CASE ...) AS _c<i>' for each test, to select next to the
    columns the tests read, and the sums of those columns, prefix0, prefix1, ... The same work per row, but DuckDB
    plans the criteria mask of the example playbook with about a twelfth fewer instructions (measured: 64.6 M ->
    59.6 M for the whole query), and a run of 1,000,000 tickets with 2 % fewer."""
    bits = "".join(f", (CASE WHEN {t} THEN {1 << (i % CHUNK)} ELSE 0 END) AS _c{i}" for i, t in enumerate(tests))
    sums = [" + ".join(f"_c{i}" for i in range(k * CHUNK, min(len(tests), (k + 1) * CHUNK))) or "0"
            for k in range(_chunks(len(tests)))]
    return bits, ", ".join(f"CAST({terms} AS BIGINT) AS {prefix}{k}" for k, terms in enumerate(sums))


def _join(chunks: tuple) -> int:
    return sum(int(c) << (CHUNK * k) for k, c in enumerate(chunks))
