"""Staffed minutes between two moments, for a whole export at once, from the one calendar in hours.py.

`macros/hours.py` is the project's one reading of coverage hours (days, local start and end,
zones, holidays). For a million updates a Python call each is too slow, so this module asks it
for each staffed window of every (coverage, region) the export uses, numbers them with the
staffed minutes before each (a running total), and lets DuckDB find the window of any moment
with an ASOF join: S(t) = minutes before t's window + the part of it before t. Staffed minutes
between a and b are S(b) - S(a), which is exactly `StaffedHours.staffed_between(a, b)` (a test
says so on shared vectors). Always-staffed coverage needs no table: it is elapsed time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import duckdb

from ..hours import HoursError, staffed_hours
from ..calibrate.errors import CalibrateError

MARGIN_DAYS = 10  # windows start this long before the first moment, so every moment has one before it


@dataclass(frozen=True)
class Calendar:
    key: str           # 'business-hours@europe'
    coverage: str
    region: str | None
    always: bool
    day_minutes: int


def calendar(org: dict[str, Any], coverage: str, region: str | None) -> Calendar:
    try:
        hours = staffed_hours(org, coverage, region)
    except HoursError as error:
        raise CalibrateError(f"organisation.yml coverage hours: {error}") from None
    key = coverage + (f"@{region}" if region and not hours.always else "")
    return Calendar(key, coverage, region, hours.always, hours.day_minutes)


def load_windows(con: duckdb.DuckDBPyConnection, org: dict[str, Any], calendars: list[Calendar],
                 first: dt.datetime, last: dt.datetime, table: str = "staffed_windows") -> None:
    """Table `table`(key, wstart, wend, before): every staffed window from before `first` to after `last`."""
    rows: list[tuple[str, dt.datetime, dt.datetime, float]] = []
    start_day = first.date() - dt.timedelta(days=MARGIN_DAYS)
    days = (last.date() - start_day).days + MARGIN_DAYS
    for cal in calendars:
        if cal.always:
            continue
        hours = staffed_hours(org, cal.coverage, cal.region)
        before = 0.0
        for offset in range(days):
            window = hours.window(start_day + dt.timedelta(days=offset))
            if window is None:
                continue
            rows.append((cal.key, window[0], window[1], before))
            before += (window[1] - window[0]).total_seconds() / 60
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (key VARCHAR, wstart TIMESTAMPTZ, wend TIMESTAMPTZ, "
                "before DOUBLE)")
    if rows:
        con.executemany(f"INSERT INTO {table} VALUES (?, ?, ?, ?)", rows)


def staffed_sql(moment: str, window: str) -> str:
    """S(moment) given the ASOF-joined window alias: staffed minutes from the table's first window."""
    return (f"({window}.before + greatest(0, epoch(least({moment}, {window}.wend)) - epoch({window}.wstart)) / 60)")
