"""Open a ticket export (CSV, JSON Lines, Parquet) as a DuckDB source, reading only mapped columns.

The format comes from the extension (or `--input-format`) and is then checked against the
file's first bytes, so a Parquet file named .csv or an Excel workbook saved as .csv gets a clear
answer instead of a confusing parse. CSV is read with our own header and delimiter and DuckDB's
sniffer switched off: with it on, a ragged file can come back as zero rows without a word.
Every value arrives as text from CSV and JSON Lines; Parquet keeps its types, read by their meaning:
DuckDB's type for each column, except where the file's Arrow schema says more than DuckDB reads
(a pandas timedelta is Arrow `duration[ns]`, which DuckDB sees as a bare BIGINT): such a column's
type is `DURATION(ns)` (or s, ms, us), and convert.py reads it as a length of time, never as a count
in the mapping's unit.

A path holding a glob character (`*`, `?`, `[`) anywhere, folder names included, is read through a
link with a plain name, so the reader never takes it for a pattern that matches other files.
"""
from __future__ import annotations

import atexit
import codecs
import csv
import gzip
import hashlib
import io
import json
import math
import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from ..playbook import display_path
from .errors import CalibrateError

FORMATS = ("csv", "jsonl", "parquet")
EXTENSIONS = {".csv": "csv", ".tsv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
              ".parquet": "parquet", ".pq": "parquet"}
NAMES = {"csv": "CSV", "jsonl": "JSON Lines", "parquet": "Parquet"}
DELIMITERS = (",", ";", "\t", "|")
HEAD_BYTES = 1 << 20
PARQUET_MAGIC = b"PAR1"
GLOB_CHARACTERS = "*?["  # DuckDB reads these as a pattern that may match other files too


@dataclass(frozen=True)
class Export:
    path: Path
    shown: str
    format: str
    columns: tuple[str, ...]                   # as the export names them, in file order
    types: dict[str, str] = field(default_factory=dict)  # DuckDB type by column (text for CSV/JSON Lines)
    delimiter: str = ","
    read_path: Path | None = None  # what the engine opens when `path` holds glob characters (see plain_path)
    # Parquet: (smallest, largest) stored value of a numeric column, from the file's statistics, when every row
    # group has them; a field whose every value is then known to convert needs no per-row check (query.Query)
    bounds: dict[str, tuple[float, float]] = field(default_factory=dict)

    @property
    def location(self) -> Path:
        return self.read_path or self.path

    def row_label(self, index: int) -> str:
        """Where ticket `index` (1-based) is, as the user finds it: a CSV's header is row 1 in a spreadsheet."""
        if self.format == "csv":
            return f"row {index + 1}"
        return f"line {index}" if self.format == "jsonl" else f"row {index}"

    def source(self, wanted: list[str], rejects: str, row_numbers: bool = False, rejects_limit: int = 0) -> str:
        """SQL selecting the `wanted` columns as r0, r1, ... and nothing else; with `row_numbers`, also _row,
        each ticket's 1-based position in the file (only Parquet knows it for free; see query.Query.typed).
        `rejects`: the table listing the CSV rows the reader refuses (empty: none is kept, the first stops the read);
        `rejects_limit`: rows refused beyond it are skipped without being listed (0: all are listed)."""
        path = _sql_string(str(self.location))
        if self.format == "csv":
            # every column is text, unless the caller asked the reader to parse some (query.Query.natively)
            names = ", ".join(f"'c{i}': {_sql_string(self.types.get(c, 'VARCHAR'))}" for i, c in enumerate(self.columns))
            picks = ", ".join(f'"c{self.columns.index(c)}" AS "r{i}"' for i, c in enumerate(wanted))
            listed = (f", store_rejects=true, rejects_table='{rejects}', rejects_scan='{rejects}_scan'"
                      f"{f', rejects_limit={int(rejects_limit)}' if rejects_limit else ''}") if rejects else ""
            return (f"SELECT {picks or '1 AS r'} FROM read_csv({path}, auto_detect=false, header=true, "
                    f"delim={_sql_string(self.delimiter)}, quote='\"', escape='\"', columns={{{names}}}{listed})")
        picks = ", ".join(f'{quote_identifier(c)} AS "r{i}"' for i, c in enumerate(wanted))
        if self.format == "jsonl":
            # each key once: a column may be picked twice (the ticket id field, and the ids --examples lists)
            names = ", ".join(f"{_sql_string(c)}: 'VARCHAR'" for c in dict.fromkeys(wanted)) or "'_': 'VARCHAR'"
            return (f"SELECT {picks or '1 AS r'} FROM read_json({path}, format='newline_delimited', records=true, "
                    f"columns={{{names}}})")
        if row_numbers:
            return (f"SELECT {picks + ', ' if picks else ''}file_row_number + 1 AS _row "
                    f"FROM read_parquet({path}, file_row_number=true)")
        return f"SELECT {picks or '1 AS r'} FROM read_parquet({path})"


    def rows_at(self, column: str, rows: list[int]) -> str:
        """Parquet only: SQL selecting (_row, r0) of `column` at the 1-based positions `rows`; the engine reads
        only the row groups that hold them."""
        wanted = ", ".join(str(int(r) - 1) for r in rows)
        return (f"SELECT file_row_number + 1 AS _row, {quote_identifier(column)} AS r0 FROM read_parquet("
                f"{_sql_string(str(self.location))}, file_row_number=true) WHERE file_row_number IN ({wanted})")


def quote_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def format_for(path: Path, override: str | None) -> str:
    if override:
        return override
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    fmt = EXTENSIONS.get(suffixes[-1] if suffixes else "")
    if fmt is None:
        raise CalibrateError(f"{display_path(path)}: cannot tell the format from the extension "
                             f"'{''.join(path.suffixes) or '(none)'}'; name the file .csv, .jsonl or .parquet, "
                             "or pass --input-format")
    return fmt


def open_export(con: duckdb.DuckDBPyConnection, path: Path, override: str | None = None) -> Export:
    path = Path(path)
    shown = display_path(path)
    if not path.is_file():
        raise CalibrateError(f"{shown}: no such file; check the path")
    fmt = format_for(path, override)
    head = _head(path, shown, len(PARQUET_MAGIC)) if fmt == "parquet" else b""
    if head != PARQUET_MAGIC:  # a Parquet file needs no more than its magic bytes; anything else is looked at
        head = _head(path, shown)
    _check_kind(head, fmt, shown, path)
    read = plain_path(path, shown)
    if fmt == "csv":
        return _csv(path, shown, head, read)
    if fmt == "jsonl":
        return _jsonl(con, path, shown, read)
    return _parquet(con, path, shown, read)


_LINKS: list[str] = []


def plain_path(path: Path, shown: str) -> Path | None:
    """None when the engine can open `path` as it is; else a link to it whose path holds no glob character.
    The links live in one private folder, removed when the process ends."""
    if not any(ch in str(path.absolute()) for ch in GLOB_CHARACTERS):
        return None
    if not _LINKS:
        _LINKS.append(tempfile.mkdtemp(prefix="playbook-calibrate-"))
        atexit.register(shutil.rmtree, _LINKS[0], True)
    suffixes = "".join(s for s in path.suffixes[-2:] if not any(ch in s for ch in GLOB_CHARACTERS))
    link = Path(_LINKS[0]) / (hashlib.sha256(str(path.absolute()).encode()).hexdigest()[:16] + suffixes)
    try:
        if not link.exists():
            os.symlink(path.absolute(), link)
    except OSError as error:
        raise CalibrateError(f"{shown}: the path holds one of {' '.join(GLOB_CHARACTERS)}, which the reader takes "
                             f"for a pattern, and no plain link to it could be made ({error.strerror or error}); "
                             "move or rename the file") from None
    return link


def _head(path: Path, shown: str, size: int = HEAD_BYTES) -> bytes:
    try:
        with open(path, "rb") as raw:
            start = raw.read(2)
            raw.seek(0)
            if start == b"\x1f\x8b" and path.suffix.lower() == ".gz":
                with gzip.open(raw) as unzipped:
                    return unzipped.read(size)
            return raw.read(size)
    except (OSError, EOFError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise CalibrateError(f"{shown}: cannot read the file ({reason}); check the path and permissions") from None


def _check_kind(head: bytes, fmt: str, shown: str, path: Path) -> None:
    """Refuse a file that is not what its extension (or --input-format) says, before any parsing."""
    name = NAMES[fmt]
    if not head.strip():
        raise CalibrateError(f"{shown}: the file is empty; export the tickets again (with a header row for CSV)")
    if head.startswith(PARQUET_MAGIC):
        if fmt != "parquet":
            raise CalibrateError(f"{shown}: this is a Parquet file, not {name}; rename it to .parquet "
                                 "or pass --input-format parquet")
        return
    if fmt == "parquet":
        guess = _text_guess(head)
        hint = f"; it looks like {NAMES[guess]}, so rename it to .{guess}" if guess else ""
        raise CalibrateError(f"{shown}: not a Parquet file (it does not start with PAR1){hint}")
    if head.startswith(b"PK\x03\x04"):
        raise CalibrateError(f"{shown}: this is a zip archive or an Excel workbook, not {name}; "
                             "save the sheet as CSV UTF-8")
    if head.startswith(b"\x1f\x8b"):
        raise CalibrateError(f"{shown}: this file is gzip-compressed; name it {path.name}.gz")
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CalibrateError(f"{shown}: the file is UTF-16 text; save it as UTF-8")
    if b"\x00" in head:
        raise CalibrateError(f"{shown}: this is a binary file, not {name} text; export the tickets as {name}")
    text = _decode(head, shown)
    first = text.lstrip()[:1]
    if fmt == "jsonl" and first != "{":
        if first == "[":
            raise CalibrateError(f"{shown}: the file holds one JSON array, not JSON Lines; "
                                 "write one JSON object per line")
        guess = _text_guess(head)
        hint = " (it looks like CSV, so rename it to .csv)" if guess == "csv" else ""
        raise CalibrateError(f"{shown}: not JSON Lines: the first line does not start with '{{'{hint}; "
                             "write one JSON object per line")
    if fmt == "csv" and first in ("{", "["):
        raise CalibrateError(f"{shown}: this looks like JSON, not CSV; rename it to .jsonl "
                             "or pass --input-format jsonl")


def head_text(path: Path, shown: str) -> str:
    """The export's first HEAD_BYTES as text, cut at the last whole line."""
    return _decode(_head(path, shown), shown)


def _text_guess(head: bytes) -> str | None:
    try:
        text = head.decode("utf-8-sig", errors="strict").lstrip()
    except UnicodeDecodeError:
        return None
    if text.startswith("{"):
        return "jsonl"
    first_line = text.split("\n", 1)[0]
    return "csv" if any(d in first_line for d in DELIMITERS) else None


def _decode(head: bytes, shown: str) -> str:
    cut = head if len(head) < HEAD_BYTES else head[: head.rfind(b"\n") + 1] or head
    try:
        return cut.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = cut[: error.start].count(b"\n") + 1
        raise CalibrateError(f"{shown}: line {line} is not UTF-8 text (byte 0x{cut[error.start]:02x}); "
                             "save the export as UTF-8") from None


def _csv(path: Path, shown: str, head: bytes, read: Path | None = None) -> Export:
    text = _decode(head, shown)
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if ".tsv" in [s.lower() for s in path.suffixes] else \
        max(DELIMITERS, key=lambda d: (first_line.count(d), d == ","))
    try:
        header = next(csv.reader(io.StringIO(text), delimiter=delimiter))
    except (csv.Error, StopIteration):
        raise CalibrateError(f"{shown}: the header row cannot be read as CSV; check the quoting "
                             "of the first line") from None
    columns = tuple(name.strip() for name in header)
    return Export(path, shown, "csv", columns, {c: "VARCHAR" for c in columns}, delimiter, read)


def _jsonl(con: duckdb.DuckDBPyConnection, path: Path, shown: str, read: Path | None = None) -> Export:
    """Keys from DuckDB's sample of the first records; `complete_keys` scans the rest when a key is missing."""
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM read_json({_sql_string(str(read or path))}, "
                           "format='newline_delimited', records=true)").fetchall()
    except duckdb.Error as error:
        raise json_error(path, shown, error) from None
    columns = tuple(r[0] for r in rows)
    return Export(path, shown, "jsonl", columns, {c: "VARCHAR" for c in columns}, read_path=read)


def complete_keys(con: duckdb.DuckDBPyConnection, export: Export, wanted: list[str]) -> Export:
    """A key that appears only after the sampled records is still a column of the export."""
    if export.format != "jsonl" or all(w in export.columns for w in wanted):
        return export
    try:
        rows = con.execute(f"SELECT DISTINCT unnest(json_keys(json)) FROM read_json_objects("
                           f"{_sql_string(str(export.location))}, format='newline_delimited')").fetchall()
    except duckdb.Error as error:
        raise json_error(export.path, export.shown, error) from None
    extra = tuple(sorted(r[0] for r in rows if r[0] not in export.columns))
    columns = export.columns + extra
    return Export(export.path, export.shown, "jsonl", columns, {c: "VARCHAR" for c in columns},
                  read_path=export.read_path)


def json_error(path: Path, shown: str, error: Exception) -> CalibrateError:
    """DuckDB's JSON errors quote the offending text; find the line ourselves and say only where."""
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    try:
        with opener(path, "rt", encoding="utf-8-sig") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    value = json.loads(line)
                except json.JSONDecodeError as bad:
                    return CalibrateError(f"{shown}: line {number}: not valid JSON ({bad.msg.lower()} at column "
                                          f"{bad.colno}); each line must hold one JSON object")
                if not isinstance(value, dict):
                    kind = {list: "an array", str: "a string", bool: "true or false"}.get(type(value), "a number")
                    if value is None:
                        kind = "null"
                    return CalibrateError(f"{shown}: line {number}: holds {kind}, not a JSON object; "
                                          "each line must hold one JSON object")
    except UnicodeDecodeError:
        return CalibrateError(f"{shown}: the file is not UTF-8 text; save the export as UTF-8")
    except OSError as failure:
        return CalibrateError(f"{shown}: cannot read the file ({failure.strerror or failure}); check the path")
    return CalibrateError(f"{shown}: cannot be read as JSON Lines ({safe_reason(error)}); "
                          "write one JSON object per line")


def _parquet(con: duckdb.DuckDBPyConnection, path: Path, shown: str, read: Path | None = None) -> Export:
    try:
        rows = con.execute(f"DESCRIBE SELECT * FROM read_parquet({_sql_string(str(read or path))})").fetchall()
    except duckdb.Error as error:
        raise CalibrateError(f"{shown}: cannot be read as Parquet ({safe_reason(error)}); "
                             "the file may be damaged or cut short, so export it again") from None
    types = {r[0]: r[1] for r in rows}
    columns = tuple(r[0] for r in rows)
    durations, bounds = arrow_facts(path, columns, types)
    types.update(durations)
    return Export(path, shown, "parquet", columns, types, read_path=read, bounds=bounds)


ARROW_UNITS = ("s", "ms", "us", "ns")
NUMERIC_STORED = re.compile(r"^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|UTINYINT|USMALLINT|UINTEGER|UBIGINT|UHUGEINT|"
                            r"FLOAT|DOUBLE|REAL|DECIMAL(\(.*\))?)$")


def arrow_facts(path: Path, columns: tuple[str, ...], types: dict[str, str]
                ) -> tuple[dict[str, str], dict[str, tuple[float, float]]]:
    """From the file's footer (no data): the columns its Arrow schema declares as durations, as 'DURATION(unit)'
    (DuckDB reads them as BIGINT counts of that unit), and statistics_bounds."""
    import pyarrow.parquet as pq  # lazily: only Parquet needs it

    try:
        footer = pq.ParquetFile(path)
        schema = footer.schema_arrow
    except Exception:  # noqa: BLE001 - DuckDB already read the file; a footer pyarrow cannot read adds nothing
        return {}, {}
    import pyarrow as pa

    durations = {f.name: f"DURATION({f.type.unit})" for f in schema
                 if pa.types.is_duration(f.type) and f.type.unit in ARROW_UNITS}
    return durations, statistics_bounds(footer.metadata, columns, {**types, **durations})


def statistics_bounds(metadata: object, columns: tuple[str, ...], types: dict[str, str]
                      ) -> dict[str, tuple[float, float]]:
    """Per numeric column, the smallest and largest value the Parquet statistics record over every row group. A
    column is left out unless every row group has statistics for it (or holds only nulls there) and both ends
    are finite numbers; files with nested columns are left out entirely. NaN never enters the statistics, and
    the readers treat it as empty anyway (convert.conversion). A query need not check per row what these prove."""
    numeric = [i for i, c in enumerate(columns) if NUMERIC_STORED.match(types.get(c, "").upper())]
    if not numeric or getattr(metadata, "num_columns", None) != len(columns):
        return {}
    bounds: dict[str, tuple[float, float]] = {}
    for i in numeric:
        low, high, seen = math.inf, -math.inf, False
        for group in range(metadata.num_row_groups):  # type: ignore[attr-defined]
            chunk = metadata.row_group(group).column(i)  # type: ignore[attr-defined]
            stats = chunk.statistics
            if stats is not None and stats.has_null_count and stats.null_count == chunk.num_values:
                continue  # only nulls here: nothing to bound
            try:
                ends = (float(stats.min), float(stats.max)) if stats is not None and stats.has_min_max else None
            except (TypeError, ValueError, OverflowError):
                ends = None
            if ends is None or not all(math.isfinite(e) for e in ends):
                break
            low, high, seen = min(low, ends[0]), max(high, ends[1]), True
        else:
            if seen:
                bounds[columns[i]] = (low, high)
    return bounds


def safe_reason(error: Exception) -> str:
    """The first line of an engine error, with quoted text removed: it may hold ticket contents."""
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    first = re.sub(r"^[A-Za-z ]*Error: ", "", first)
    first = re.sub(r"\"[^\"]*\"|'[^']*'", "…", first)
    return first[:160]
