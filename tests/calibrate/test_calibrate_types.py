"""Typed exports are read by what each stored type means, never by its bits.

A pandas export stores a timedelta as Arrow `duration[ns]`, which DuckDB alone reads as a bare
count: read in the mapping's unit, one second would count as a billion days. Each Arrow type is
written here with known answers, the same tickets are written as CSV text and JSON Lines, and all
formats must agree ticket by ticket. A stored type that cannot mean its field is an error naming
the column and its type.
"""
from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from calibrate_helpers import CATALOGUE, ROOT, SAMPLE, SAMPLE_MAPPING, per_ticket, plan_of
from macros.calibrate.errors import CalibrateError
from macros.calibrate.mapping import ColumnSpec
from macros.calibrate.run import calibrate_plan
from scripts.cli import cli

UTC = dt.timezone.utc
PARIS = dt.timezone(dt.timedelta(hours=1))  # January in Paris
USD = lambda n: {"amount": n, "currency": "USD"}  # noqa: E731
MAPPING = {"notice": ColumnSpec("notice", "notice", "test", unit="days")}  # a plain number would count days

# id, notice (timedelta), opened (aware), arr (decimal), priority (dictionary), vip, score (NaN = empty)
ROWS: list[tuple[Any, ...]] = [
    ("D1", dt.timedelta(seconds=1), dt.datetime(2026, 1, 17, 10, 0, 1, tzinfo=PARIS), decimal.Decimal("1000.50"),
     "p1", True, 1.5),
    ("D2", dt.timedelta(days=7), dt.datetime(2026, 1, 17, 9, 59, 59, tzinfo=PARIS), decimal.Decimal("1000.00"),
     "p2", False, float("nan")),
    ("D3", dt.timedelta(hours=2), dt.datetime(2026, 1, 17, 9, 0, 0, tzinfo=UTC), decimal.Decimal("-3.25"),
     None, None, None),
    ("D4", dt.timedelta(days=31), None, None, "p1", True, 0.0),
    ("D5", None, dt.datetime(2026, 1, 18, tzinfo=UTC), decimal.Decimal("25000.01"), "p4", False, -2.0),
]
CRITERIA = [
    ("two-hours", {"field": "notice", "op": "at_least", "value": {"hours": 2}}, {"D2", "D3", "D4"}),
    ("within-30-days", {"field": "notice", "op": "at_most", "value": {"days": 30}}, {"D1", "D2", "D3"}),
    ("after-nine", {"field": "opened", "op": "above", "value": "2026-01-17T09:00:00Z"}, {"D1", "D5"}),
    ("arr-above-1000", {"field": "arr", "op": "above", "value": USD(1000)}, {"D1", "D5"}),
    ("p1", {"field": "priority", "op": "is", "value": "p1"}, {"D1", "D4"}),
    ("vip", {"field": "vip", "op": "is", "value": True}, {"D1", "D4"}),
    ("no-score", {"field": "score", "op": "absent"}, {"D2", "D3"}),  # NaN is how pandas writes empty
    ("not-vip", {"not": {"field": "vip", "op": "is", "value": True}}, {"D2", "D3", "D5"}),
]
PLAN = plan_of([[(cid, condition) for cid, condition, _ in CRITERIA]])
EXPECTED = {tid: {cid for cid, _c, hits in CRITERIA if tid in hits} for tid, *_ in ROWS}


def column(index: int) -> list[Any]:
    return [row[index] for row in ROWS]


def write_parquet(path: Path, unit: str = "ns", naive: bool = False) -> Path:
    opened = column(2)
    if naive:  # a timestamp without zone is UTC, as conditions.parse_timestamp reads one
        opened = [None if t is None else t.astimezone(UTC).replace(tzinfo=None) for t in opened]
    table = pa.table({
        "ticket_id": pa.array(column(0)),
        "notice": pa.array(column(1), pa.duration(unit)),
        "opened": pa.array(opened, pa.timestamp("us") if naive else pa.timestamp("ms", tz="Europe/Paris")),
        "arr": pa.array(column(3), pa.decimal128(12, 2)),
        "priority": pa.array(column(4)).dictionary_encode(),
        "vip": pa.array(column(5), pa.bool_()),
        "score": pa.array(column(6), pa.float64()),
    })
    pq.write_table(table, path)
    return path


def text_of(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, dt.timedelta):
        return repr(value.total_seconds() / 86400)  # the mapping says days
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, bool):
        return "Yes" if value else "No"
    return str(value)


def write_csv(path: Path) -> Path:
    lines = ["ticket_id,notice,opened,arr,priority,vip,score"]
    lines += [",".join(text_of(v) for v in row) for row in ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_jsonl(path: Path) -> Path:
    names = ("ticket_id", "notice", "opened", "arr", "priority", "vip", "score")
    with open(path, "w", encoding="utf-8") as out:
        for row in ROWS:
            values = [row[0], None if row[1] is None else row[1].total_seconds() / 86400,
                      None if row[2] is None else row[2].isoformat(), None if row[3] is None else float(row[3]),
                      row[4], row[5], None if row[6] is None or row[6] != row[6] else row[6]]
            out.write(json.dumps(dict(zip(names, values))) + "\n")
    return path


@pytest.mark.parametrize("unit", ["s", "ms", "us", "ns"])
def test_arrow_durations_are_lengths_of_time_in_every_unit(tmp_path: Path, unit: str) -> None:
    assert per_ticket(PLAN, write_parquet(tmp_path / "t.parquet", unit), MAPPING) == EXPECTED


def test_timestamps_without_zone_are_utc(tmp_path: Path) -> None:
    assert per_ticket(PLAN, write_parquet(tmp_path / "t.parquet", naive=True), MAPPING) == EXPECTED


def test_the_same_tickets_give_the_same_answers_in_csv_json_lines_and_parquet(tmp_path: Path) -> None:
    assert per_ticket(PLAN, write_csv(tmp_path / "t.csv"), MAPPING) == EXPECTED
    assert per_ticket(PLAN, write_jsonl(tmp_path / "t.jsonl"), MAPPING) == EXPECTED
    assert per_ticket(PLAN, write_parquet(tmp_path / "t.parquet"), MAPPING) == EXPECTED


def test_nan_is_empty_but_infinity_does_not_convert(tmp_path: Path) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"ticket_id": ["A", "B", "C"], "score": [float("nan"), float("inf"), 2.0]}), path)
    plan = plan_of([[("no-score", {"field": "score", "op": "absent"})]])
    assert per_ticket(plan, path) == {"A": {"no-score"}, "B": "BAD", "C": set()}


@pytest.mark.parametrize(("arrow", "field", "stored"), [
    (pa.array([{"a": 1}]), "arr", "STRUCT(a BIGINT)"),
    (pa.array([[1]]), "priority", "BIGINT[]"),
    (pa.array([True]), "notice", "BOOLEAN"),
    (pa.array([dt.datetime(2026, 1, 1)], pa.timestamp("us")), "notice", "TIMESTAMP"),
    (pa.array([dt.timedelta(hours=1)], pa.duration("s")), "opened", "DURATION(s)"),
    (pa.array([dt.time(2, 30)]), "notice", "TIME"),
    (pa.array([b"x"]), "region", "BLOB"),
    (pa.array([1.5]), "vip", "DOUBLE"),
])
def test_a_stored_type_that_cannot_mean_its_field_is_an_error(tmp_path: Path, arrow: pa.Array, field: str,
                                                              stored: str) -> None:
    path = tmp_path / "t.parquet"
    pq.write_table(pa.table({"ticket_id": ["A"], "c": arrow}), path)
    plan = plan_of([[("x", {"field": field, "op": "present"})]])
    with pytest.raises(CalibrateError) as raised:
        calibrate_plan(plan, path, {field: ColumnSpec(field, "c", "test")})
    kind = CATALOGUE[field].type
    assert raised.value.messages == [
        f"{path}: column 'c' is stored as {stored}, which cannot be read as {kind} field '{field}'; export it as "
        + {"money": "a number or text", "enum": "text", "duration": "a duration (timedelta), a number of the "
           "mapping's unit, or text", "timestamp": "a timestamp, a date, or ISO 8601 text", "string": "text",
           "boolean": "true/false or text"}[kind] + ", or map another column"]


def test_an_unreadable_column_is_named_on_the_command_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import pyarrow.csv as pa_csv

    monkeypatch.chdir(tmp_path)
    table = pa_csv.read_csv(SAMPLE).slice(0, 50)
    table = table.set_column(table.schema.get_field_index("Created"), "Created", pa.array([True] * 50))
    pq.write_table(table, tmp_path / "t.parquet")
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "calibrate", "t.parquet", "--mapping", str(SAMPLE_MAPPING),
                                      "--by", "week"])
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        "t.parquet: column 'Created' is stored as BOOLEAN, which cannot be read as timestamp field 'created_at'; "
        "export it as a timestamp, a date, or ISO 8601 text, or map another column"]
