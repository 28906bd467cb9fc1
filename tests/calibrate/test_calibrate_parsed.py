"""A CSV export's numbers and booleans parsed by the reader itself (the fast path, query.Query.natively) give
exactly what the text path gives: value by value, and report by report with bad rows of every kind."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

import duckdb
import pytest

from calibrate_helpers import CATALOGUE, ROOT, SAMPLE, SAMPLE_MAPPING
from macros.calibrate import query as query_module
from macros.calibrate.mapping import ColumnSpec
from macros.calibrate.plan import Plan, plan_from
from macros.calibrate.query import NATIVE, NATIVE_REJECTS, Query, column_name
from macros.calibrate.reading import open_export
from macros.calibrate.render import json_report, text_report
from macros.calibrate.run import Options, calibrate, mapping_for
from macros.playbook import load_playbook

# Text the reader may parse as a number or a boolean, besides ordinary values: NaN and infinity (text the text
# path refuses, while NaN in a Parquet float column is empty), exponents, underscores, signs, bare points.
ZOO = ["1", "0", "-0", "2", "2.0", "2.5", "-3", "1e3", "1E3", "1e999", "-1e999", "1_000", ".5", "5.", "+5", "0x10",
       "nan", "NaN", "-nan", "inf", "-inf", "Infinity", "9007199254740993", "1,000", "$1,250.50", " 7 ", "", "   ",
       "true", "TRUE", "t", "T", "yes", "Yes", "y", "Y", "false", "No", "n", "F", "maybe", "P1D", "12.5%", "1:30"]
# what the reader must take as it is (so the comparison is not empty): refused text goes the text path anyway
PARSED = {"score": ["nan", "inf", "1e999", "1_000", "-0", ".5"], "accounts": ["2.5", "nan", "9007199254740993"],
          "notice": ["-3", "inf"], "vip": ["Yes", "T", "0", "n"], "arr": ["-3", "Infinity"], "churn_risk": ["-nan"]}
SPECS = {"notice": ColumnSpec("notice", "value", "test", unit="days")}


def rows(query: Query, con: duckdb.DuckDBPyConnection, field: str) -> dict[str, tuple[Any, int]]:
    """ticket id -> (canonical value, bad mask), for the rows the reader kept."""
    sql = f"SELECT {column_name('region')}, {column_name(field)}, _b0 FROM ({query.typed()}) AS t"
    return {key: (value, bad) for key, value, bad in con.execute(sql).fetchall()}


@pytest.mark.parametrize("field", sorted(PARSED))
def test_the_reader_parses_a_value_as_the_text_path_reads_it(tmp_path: Path, field: str) -> None:
    path = tmp_path / "zoo.csv"
    path.write_text("id,value\n" + "".join(f'{n},"{t}"\n' for n, t in enumerate(ZOO)), encoding="utf-8")
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    export = open_export(con, path)
    specs = {field: SPECS.get(field, ColumnSpec(field, "value", "test")), "region": ColumnSpec("region", "id", "test")}
    plan = Plan((), (), (), CATALOGUE, "USD")
    text = rows(Query(export, specs, plan, None), con, field)
    parsed_query = Query(replace(export, types={**export.types, "value": NATIVE[CATALOGUE[field].type]}), specs,
                         plan, None)
    parsed_query.rejects = NATIVE_REJECTS
    parsed = rows(parsed_query, con, field)
    refused = {r[0] for r in con.execute(f"SELECT line FROM {NATIVE_REJECTS}").fetchall()}
    assert {ZOO.index(t) for t in PARSED[field]} <= {int(k) for k in parsed}
    assert {int(k) for k in parsed} | {line - 2 for line in refused} == set(range(len(ZOO)))
    assert {k: (ZOO[int(k)], v) for k, v in parsed.items()} == {k: (ZOO[int(k)], text[k]) for k in parsed}


def sample_with(tmp_path: Path, changes: dict[int, dict[str, str]], copies: int = 1) -> Path:
    """The sample export (repeated `copies` times with fresh ticket ids), with cells changed by row index."""
    import csv

    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        names, body = reader.fieldnames, list(reader)
    out = []
    for copy in range(copies):
        for row in body:
            out.append({**row, "Ticket ID": f"{row['Ticket ID']}-{copy}"})
    for index, cells in changes.items():
        out[index].update(cells)
    path = tmp_path / "tickets.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, names)  # type: ignore[arg-type]
        writer.writeheader()
        writer.writerows(out)
    return path


CHANGES = {
    "clean": ({}, 1, True),
    "unknown words": ({3: {"Priority": "Critical"}, 40: {"Plan": "Trial"}, 41: {"Plan": "Enterprise Plus"}}, 1, True),
    "NaN, infinity, negative and fractional numbers": (
        {5: {"ARR (USD)": "nan"}, 6: {"ARR (USD)": "-5"}, 7: {"Accounts affected": "2.5"},
         8: {"Hours without workaround": "inf"}, 9: {"Days to termination": "-1"}, 10: {"Disputed amount (USD)": "1e999"}},
        1, True),
    "thousands in the head: that column is text": ({2: {"Accounts affected": "1,000"}}, 1, True),
    # refused by the reader, so read again by the text path on their own; positions given back as the file's
    "a word in a count column after the head": ({9000: {"Accounts affected": "ten"}}, 2, True),
    "money written with a symbol after the head": ({8000: {"ARR (USD)": "$12,500.00"}}, 2, True),
    "refused rows between values on two lines": (
        {3000: {"Subject": "two\nlines"}, 7500: {"Legal threat": " yes ", "Priority": "Critical"},
         7501: {"Subject": "and\nmore", "ARR (USD)": "ten thousand"}, 7502: {"Priority": "Critical"},
         **{9000 + i: {"Disputed amount (USD)": "$1,000"} for i in range(8)}}, 2, True),
}
BLANK_LINE = "a blank line, then a refused row: the text path reads it all"
LAYOUTS = {  # the file's lines (ending in CR LF, as csv writes them) rewritten: (how, whether the parsing counts)
    BLANK_LINE: (lambda lines: lines[:100] + ["\r\n"] + lines[100:], False),
    "a refused row, then a blank line": (lambda lines: lines[:9500] + ["\r\n"] + lines[9500:], True),
    "Unix line ends and a refused row": (lambda lines: [line.replace("\r\n", "\n") for line in lines], True),
    "Unix line ends, a blank line, a refused row": (
        lambda lines: [line.replace("\r\n", "\n") for line in lines[:50]] + ["\n"] +
        [line.replace("\r\n", "\n") for line in lines[50:]], False),
}


def calibrate_watched(pb: Any, path: Path, options: Options, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, bool]:
    """The report, and whether the pass whose reader parses numbers and booleans is what counted."""
    used: list[bool] = []
    scan = query_module.Query._scan

    def spy(self: Query, con: duckdb.DuckDBPyConnection, parsed: bool = False) -> Any:
        found = scan(self, con, parsed)
        used.append(parsed and found is not None)
        return found

    with monkeypatch.context() as patched:
        patched.setattr(query_module.Query, "_scan", spy)
        return calibrate(pb, path, options), any(used)


# A blank line matters only before a position the report names: a refused row that does not convert, or any
# refused row when a row the reader kept does not convert (its position counts the refused rows before it).
# (changes, blank line before this line of the file, whether the parsing counts)
BLANK_BEFORE = {
    "a blank line, then a refused value that converts": ({8000: {"ARR (USD)": "$12,500.00"}}, 100, True),
    "a refused row that does not convert, a blank line, a refused value that converts": (
        {5000: {"Accounts affected": "ten"}, 9000: {"ARR (USD)": "$12,500.00"}}, 7000, True),
    "a blank line, a refused value that converts, a kept row that does not convert": (
        {8000: {"ARR (USD)": "$12,500.00"}, 8500: {"Priority": "Critical"}}, 100, False),
    "a kept row that does not convert, a blank line, a refused value that converts": (
        {3000: {"Priority": "Critical"}, 8000: {"ARR (USD)": "$12,500.00"}}, 5000, False),
}


def mended(copies: int) -> dict[int, dict[str, str]]:
    """Changes that give each sample row whose priority or plan does not convert a word that does."""
    import csv

    plan = plan_from(load_playbook(ROOT)[0])
    priorities = {w for w, _t in mapping_for(plan, Options(mapping_file=SAMPLE_MAPPING))["priority"].values}
    plans = set(plan.catalogue["tier"].values)
    with open(SAMPLE, encoding="utf-8", newline="") as handle:
        body = list(csv.DictReader(handle))
    fixes = {}
    for index, row in enumerate(body):
        if row["Priority"] not in priorities:
            fixes[index] = {"Priority": sorted(priorities)[0]}
        if row["Plan"].lower() not in plans:
            fixes[index] = {**fixes.get(index, {}), "Plan": sorted(plans)[0]}
    assert fixes  # the sample keeps a few rows that do not convert; these cases need them mended
    return {index + copy * len(body): cells for copy in range(copies) for index, cells in fixes.items()}


@pytest.mark.parametrize("case", sorted(CHANGES) + sorted(LAYOUTS) + sorted(BLANK_BEFORE))
def test_calibrate_reports_the_same_through_either_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                        case: str) -> None:
    if case in BLANK_BEFORE:  # on the sample with its rows that do not convert mended: only the case's remain
        changes, line, parsed = BLANK_BEFORE[case]
        copies, layout = 2, (lambda lines: lines[:line] + ["\r\n"] + lines[line:])
        changes = {**mended(copies), **changes}
    elif case in LAYOUTS:
        changes, copies, (layout, parsed) = {9000: {"Accounts affected": "ten"}}, 2, LAYOUTS[case]
    else:
        (changes, copies, parsed), layout = CHANGES[case], None
    path = sample_with(tmp_path, changes, copies)
    if layout is not None:
        lines = path.read_bytes().decode("utf-8").splitlines(keepends=True)
        path.write_bytes("".join(layout(lines)).encode("utf-8"))
    pb, _problems = load_playbook(ROOT)
    options = Options(mapping_file=SAMPLE_MAPPING, examples=3)
    fast, used = calibrate_watched(pb, path, options, monkeypatch)
    assert used == parsed  # the reader's own parsing was (or, after a refused value, was not) what counted
    monkeypatch.setattr(query_module.Query, "natively", lambda self: None)
    slow = calibrate(pb, path, options)
    assert text_report(fast) == text_report(slow)
    assert json_report(fast) == json_report(slow)
    assert fast == slow


# Parquet: a column whose statistics (every row group's smallest and largest value) prove that every value
# converts and lies inside its field's range is not checked row by row; the report must not change.
PARQUET_CHANGES = {
    "clean": {},
    "a negative amount in one row group": {"ARR (USD)": ("AF-100040", "-5")},
    "infinity and NaN": {"Disputed amount (USD)": ("AF-100041", "'inf'::DOUBLE"),
                         "Hours without workaround": ("AF-100042", "'nan'::DOUBLE")},
    "a count outside its range": {"Accounts affected": ("AF-100043", "0")},
    "a duration beyond its range in days": {"Days to termination": ("AF-100044", "99999")},
}


def parquet_sample(tmp_path: Path, changes: dict[str, tuple[str, str]], statistics: bool) -> Path:
    """The sample export as Parquet (row groups of 1,000 tickets), with or without statistics, at one path."""
    import pyarrow.parquet as pq

    con = duckdb.connect()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv('{SAMPLE}')")
    for column, (ticket, value) in changes.items():
        con.execute(f'UPDATE t SET "{column}" = {value} WHERE "Ticket ID" = \'{ticket}\'')
    table = con.sql('SELECT * FROM t ORDER BY "Ticket ID"').to_arrow_table()
    path = tmp_path / "tickets.parquet"
    pq.write_table(table, path, row_group_size=1000, write_statistics=statistics)
    return path


@pytest.mark.parametrize("case", sorted(PARQUET_CHANGES))
def test_parquet_statistics_spare_checks_without_changing_the_report(tmp_path: Path, case: str) -> None:
    pb, _problems = load_playbook(ROOT)
    options = Options(mapping_file=SAMPLE_MAPPING, examples=3)
    con = duckdb.connect()
    clean = calibrate(pb, parquet_sample(tmp_path, {}, False), options)
    path = parquet_sample(tmp_path, PARQUET_CHANGES[case], False)
    assert open_export(con, path).bounds == {}
    slow = calibrate(pb, path, options)
    parquet_sample(tmp_path, PARQUET_CHANGES[case], True)
    bounds = open_export(con, path).bounds
    assert "ARR (USD)" in bounds and "Accounts affected" in bounds  # a negative amount is a bound like any other
    assert ("Disputed amount (USD)" in bounds) == (case != "infinity and NaN")  # infinity: no bounds
    fast = calibrate(pb, path, options)
    assert text_report(fast) == text_report(slow)
    assert fast == slow
    assert fast.excluded == clean.excluded + (case != "clean")  # NaN is empty; every other change is excluded


def test_more_refused_rows_than_listed_send_the_whole_file_to_the_text_path(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """The reader lists at most REREAD_MOST refusals and skips the rest unlisted: reaching it, nothing is guessed."""
    changes, copies, _parsed = CHANGES["refused rows between values on two lines"]
    path = sample_with(tmp_path, changes, copies)
    pb, _problems = load_playbook(ROOT)
    options = Options(mapping_file=SAMPLE_MAPPING, examples=3)
    slow_report = None
    for most, parsed in ((5, False), (50, True)):
        monkeypatch.setattr(query_module, "REREAD_MOST", most)
        report, used = calibrate_watched(pb, path, options, monkeypatch)
        assert used == parsed
        assert slow_report is None or text_report(report) == slow_report
        slow_report = text_report(report)


# Text whose ends are whitespace, control characters, or characters a byte test could mistake for them: a string
# field keeps the text between the whitespace (space, tab, newline, carriage return) at its ends, nothing else.
STRINGS = ["EU", " EU", "EU ", "\tEU", "EU\r", "EU\r\n", "\nEU\n", "", " ", " \t ", "\x01EU", "EU\x01", "\x7f",
           "\u00a0EU", "EU\u00a0", "e\u0301", " \u0301x", "x\u0301 ", "!", "Zoë", "\U0001F600", "\x1f", "a b"]


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_a_string_field_keeps_the_text_between_its_whitespace(tmp_path: Path, fmt: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    ids = [str(n) for n in range(len(STRINGS))]
    path = tmp_path / f"strings.{fmt}"
    if fmt == "csv":
        path.write_text("id,value\n" + "".join(f'{n},"{t}"\n' for n, t in zip(ids, STRINGS)), encoding="utf-8",
                        newline="")
    else:
        pq.write_table(pa.table({"id": ids, "value": STRINGS}), path)
    con = duckdb.connect()
    export = open_export(con, path)
    specs = {"ticket_id": ColumnSpec("ticket_id", "id", "test"), "region": ColumnSpec("region", "value", "test")}
    query = Query(export, specs, Plan((), (), (), CATALOGUE, "USD"), None)
    got = dict(con.execute(f"SELECT {column_name('ticket_id')}, {column_name('region')} FROM ({query.typed()}) AS t "
                           "WHERE _b0 = 0").fetchall())
    assert got == {n: t.strip(" \t\n\r") or None for n, t in zip(ids, STRINGS)}
