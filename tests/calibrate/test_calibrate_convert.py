"""How one export value is read, by type: one line per case (text in, canonical value or BAD out)."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import duckdb
import pytest

from calibrate_helpers import CATALOGUE
from macros.calibrate.mapping import ColumnSpec
from macros.calibrate.plan import Plan
from macros.calibrate.query import Query, column_name
from macros.calibrate.reading import open_export
from macros.conditions import Field

BAD, EMPTY = "BAD", None
UTC = dt.timezone.utc
PRIORITY_WORDS = (("Urgent", "p1"), ("High", "p2"), ("-", None))
FIELDS = CATALOGUE | {"complainant": Field("complainant", "enum", "Complainant", ("customer", "journalist"))}

CASES: list[tuple[str, str, Any]] = [
    # (field, text, canonical) - text is written as one CSV cell
    ("vip", "true", True), ("vip", "Yes", True), ("vip", "Y", True), ("vip", "1", True), ("vip", "t", True),
    ("vip", "FALSE", False), ("vip", "no", False), ("vip", "n", False), ("vip", "0", False), ("vip", " yes ", True),
    ("vip", "maybe", BAD), ("vip", "2", BAD), ("vip", "", EMPTY), ("vip", "   ", EMPTY),
    ("accounts", "2", 2), ("accounts", " 2 ", 2), ("accounts", "2.0", 2), ("accounts", "-3", -3),
    ("accounts", "2.5", BAD), ("accounts", "two", BAD), ("accounts", "1e400", BAD), ("accounts", "nan", BAD),
    ("score", "1.5", 1.5), ("score", "-0.25", -0.25), ("score", "1e3", 1000.0), ("score", "nan", BAD),
    ("score", "inf", BAD), ("score", "1,5", BAD),
    ("arr", "50000", 50000.0), ("arr", "50000.00", 50000.0), ("arr", "50,000", 50000.0), ("arr", "$50,000.50", 50000.5),
    ("arr", "USD 1250", 1250.0), ("arr", "1250 USD", 1250.0), ("arr", "-$20", -20.0), ("arr", "$-20", -20.0),
    ("arr", "€50", BAD), ("arr", "12k", BAD), ("arr", "5,00", BAD), ("arr", "n/a", BAD),
    ("notice", "30", 43200.0), ("notice", "1.5", 2160.0), ("notice", "P30D", 43200.0), ("notice", "PT2H30M", 150.0),
    ("notice", "P1W", 10080.0), ("notice", "pt90s", 1.5), ("notice", "2 hours", 120.0), ("notice", "1:30", 90.0),
    ("notice", "1 month", BAD), ("notice", "-1", BAD), ("notice", "P", BAD), ("notice", "soon", BAD),
    ("churn_risk", "12.5", 12.5), ("churn_risk", "12.5%", 12.5), ("churn_risk", "12.5 %", 12.5),
    ("churn_risk", "twelve", BAD),
    ("opened", "2026-01-17T09:00:00Z", dt.datetime(2026, 1, 17, 9, tzinfo=UTC)),
    ("opened", "2026-01-17 09:00:00", dt.datetime(2026, 1, 17, 9, tzinfo=UTC)),
    ("opened", "2026-01-17T11:00:00+02:00", dt.datetime(2026, 1, 17, 9, tzinfo=UTC)),
    ("opened", "2026-01-17", dt.datetime(2026, 1, 17, tzinfo=UTC)),
    ("opened", "17/01/2026", BAD), ("opened", "yesterday", BAD), ("opened", "infinity", BAD),
    ("priority", "p1", "p1"), ("priority", "P1", "p1"), ("priority", "Urgent", "p1"), ("priority", "URGENT", "p1"),
    ("priority", " high ", "p2"), ("priority", "hIgH", "p2"), ("priority", "-", EMPTY), ("priority", "Critical", BAD),
    ("complainant", "Journalist", "journalist"), ("complainant", "JOURNALIST", "journalist"),
    ("complainant", "blogger", BAD),
    ("region", "EU", "EU"), ("region", "  EU ", "EU"), ("region", "eu", "eu"), ("region", "a|b", "a|b"),
]
SPECS = {"notice": ColumnSpec("notice", "notice", "test", unit="days"),
         "priority": ColumnSpec("priority", "priority", "test", values=PRIORITY_WORDS)}


def read_back(tmp: Path, field: str, texts: list[str]) -> list[Any]:
    path = tmp / f"{field}.csv"
    path.write_text("ticket_id,value\n" + "".join(f'{n},"{t}"\n' for n, t in enumerate(texts)), encoding="utf-8")
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    spec = SPECS.get(field, ColumnSpec(field, "value", "test"))
    plan = Plan((), (), (), FIELDS, "USD")
    query = Query(open_export(con, path), {field: ColumnSpec(field, "value", "test", spec.unit, spec.values)}, plan,
                  None)
    rows = con.execute(f"SELECT {column_name(field)}, _b0 FROM ({query.typed(row_numbers=True)}) ORDER BY _row")
    return [BAD if bad else value for value, bad in rows.fetchall()]


@pytest.mark.parametrize("field", sorted({f for f, _t, _v in CASES}))
def test_values_read_as_expected(tmp_path: Path, field: str) -> None:
    cases = [(t, v) for f, t, v in CASES if f == field]
    assert list(zip([t for t, _v in cases], read_back(tmp_path, field, [t for t, _v in cases]))) == cases
