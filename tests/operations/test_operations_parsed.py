"""A CSV export whose numbers the reader parses itself (calibrate's Query.natively, the fast path of the load)
gives exactly the report the text path gives: the same figures, messages and row numbers, whether the reader
takes every value or stops at one it refuses (the text path then reads the whole file)."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

from operations_helpers import run
from macros.calibrate.query import Query
from macros.operations import source
from macros.operations.sample import actions

SCORE = "Custom field (Prevent-repeat score)"
# row index (0-based, past the reader's sampled head unless said) -> score text
CASES = {
    "clean": {},
    "refused past the head": {1500: "n/a", 1700: " 5 ", 1800: "1,000"},
    "NaN and infinity past the head": {1500: "nan", 1600: "inf", 1700: "-0", 1800: "1e1"},
    "outside the rubric past the head": {1500: "11", 1600: "-1"},
    "refused in the head": {3: "n/a"},
    "every score empty": {n: "" for n in range(2100)},
}


def export(tmp_path: Path, changes: dict[int, str]) -> Path:
    columns, rows = actions(limit=2100)
    for index, text in changes.items():
        rows[index][SCORE] = text
    path = tmp_path / "actions.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, columns)
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_reader_parsed_load_reports_what_the_text_path_reports(tmp_path: Path, case: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = export(tmp_path, CASES[case])
    taken: list[bool] = []
    parsed = source._parsed
    monkeypatch.setattr(source, "_parsed", lambda *a: taken.append(parsed(*a)) or taken[-1])
    fast = [run("actions", str(path), "--as-of", "2026-11-30", *fmt) for fmt in ([], ["--format", "json"])]
    taken_fast = taken[:]
    monkeypatch.setattr(Query, "natively", lambda self: None)
    text = [run("actions", str(path), "--as-of", "2026-11-30", *fmt) for fmt in ([], ["--format", "json"])]
    assert [(r.exit_code, r.stdout, r.stderr) for r in fast] == [(r.exit_code, r.stdout, r.stderr) for r in text]
    assert all(r.exit_code == 0 for r in fast), fast[0].output
    # the reader parsed the scores unless it met text it refuses (a head with such text goes the text path at once)
    assert taken_fast == [case in ("clean", "NaN and infinity past the head", "outside the rubric past the head",
                              "every score empty")] * 2


def test_a_refused_score_is_named_as_the_text_path_names_it(tmp_path: Path) -> None:
    path = export(tmp_path, {1500: "n/a"})
    result = run("actions", str(path), "--as-of", "2026-11-30")
    assert result.exit_code == 0, result.output
    assert result.stdout.split("Rows left out\n")[1] == (
        f"  {path} row 1502 (PER-2500): column '{SCORE}' (field score) is not a number; fix the values or the mapping\n")


def test_a_short_row_past_the_head_is_reported_as_before(tmp_path: Path) -> None:
    path = export(tmp_path, {})
    with open(path, "a", encoding="utf-8", newline="") as handle:
        handle.write("PER-9,a short row\r\n")
    result = run("actions", str(path), "--as-of", "2026-11-30")
    assert result.exit_code == 2
    assert result.stderr == f"{path} row 2102: 2 fields where the header has 9; check the delimiter and quoting\n"


def test_reports_share_one_database_but_never_each_others_tables() -> None:
    """source.connect gives each report its own connection to one in-memory database (a database costs 20 ms,
    a connection 1 ms). What the reports rely on: TEMP tables and the time zone belong to the connection."""
    from macros.operations.source import connect

    first, second = connect(), connect()
    try:
        first.execute("CREATE TEMP TABLE e AS SELECT 1 AS x")
        second.execute("CREATE TEMP TABLE e AS SELECT 2 AS x")
        first.execute("SET TimeZone = 'America/New_York'")
        assert first.execute("SELECT x FROM e").fetchall() == [(1,)]
        assert second.execute("SELECT x FROM e").fetchall() == [(2,)]
        assert second.execute("SELECT current_setting('TimeZone')").fetchone()[0] == "UTC"
    finally:
        first.close()
    third = connect()
    try:
        assert third.execute("SELECT count(*) FROM duckdb_tables() WHERE temporary").fetchone()[0] == 0
        assert third.execute("SELECT current_setting('TimeZone')").fetchone()[0] == "UTC"
    finally:
        third.close()
        second.close()
