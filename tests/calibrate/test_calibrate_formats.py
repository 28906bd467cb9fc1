"""The same tickets give the same answer whatever the export format: CSV, JSON Lines, Parquet."""
from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from calibrate_helpers import ROOT, SAMPLE_MAPPING, per_ticket
from macros.calibrate.run import Options, calibrate
from macros.calibrate.sample import generate
from macros.playbook import load_playbook
from test_calibrate_known_answers import COLUMNS, MAPPING, PLAN, TICKETS, write_export

ARROW = {"opened": pa.timestamp("us", tz="UTC"), "vip": pa.bool_(), "accounts": pa.int64(), "score": pa.float64(),
         "arr": pa.float64(), "notice": pa.float64(), "churn_risk": pa.float64()}


def canonical_rows() -> list[dict[str, Any]]:
    rows = []
    for tid, values in TICKETS.items():
        row = {"ticket_id": tid} | {c: v for c, (_text, v) in zip(COLUMNS[1:], values)}
        row["notice"] = None if row["notice"] is None else row["notice"] / 1440  # the mapping says days
        rows.append(row)
    return rows


def write_jsonl(path: Path) -> Path:
    """JSON's own types where it has them: true/false, numbers; text and times as strings."""
    with open(path, "w", encoding="utf-8") as out:
        for row in canonical_rows():
            row["opened"] = row["opened"].isoformat() if row["opened"] else None
            out.write(json.dumps(row) + "\n")
    return path


def write_parquet(path: Path) -> Path:
    rows = canonical_rows()
    schema = pa.schema([(c, ARROW.get(c, pa.string())) for c in COLUMNS])
    pq.write_table(pa.table({c: [r[c] for r in rows] for c in COLUMNS}, schema=schema), path)
    return path


def test_hand_made_tickets_give_the_same_answer_in_every_format(tmp_path: Path) -> None:
    csv_answers = per_ticket(PLAN, write_export(tmp_path / "t.csv", bad=False), MAPPING)
    assert per_ticket(PLAN, write_jsonl(tmp_path / "t.jsonl"), MAPPING) == csv_answers
    assert per_ticket(PLAN, write_parquet(tmp_path / "t.parquet"), MAPPING) == csv_answers


@pytest.fixture(scope="module")
def sample_reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("formats")
    pb = load_playbook(ROOT)[0]
    reports = {}
    for fmt in ("csv", "jsonl", "parquet"):
        path = folder / f"tickets.{fmt}"
        generate(path, days=21, seed=11)
        report = calibrate(pb, path, Options(mapping_file=SAMPLE_MAPPING, by="week", examples=3))
        # rows are named as each format shows them (CSV row 756 is JSON Lines line 755); ticket ids stay
        excluded = tuple(dataclasses.replace(e, rows=()) for e in report.excluded_columns)
        reports[fmt] = dataclasses.replace(report, export="", format="", excluded_columns=excluded)
    return reports


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_a_generated_export_gives_the_same_report_in_every_format(sample_reports: dict[str, Any], fmt: str) -> None:
    assert sample_reports[fmt] == sample_reports["csv"]
    assert sample_reports["csv"].excluded_columns  # the generator's badly typed rows are found in every format
    assert any(c.examples for c in sample_reports["csv"].criteria)  # --examples' ids (JSON Lines: the id read once)
