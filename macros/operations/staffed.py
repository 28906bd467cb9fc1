"""Staffed minutes between two moments, for a whole export at once, from the one calendar in hours.py.

`macros/hours.py` is the project's one reading of coverage hours (days, local start and end,
zones, holidays). For a million updates a Python call each is too slow, so this module asks it
for each staffed window of every (coverage, region) the export uses and cuts them into UTC
days: per day, the staffed minutes before it began and the (at most two) pieces of windows
inside it. Any moment then finds its day with a plain equality join, and
S(t) = minutes before t's day + the parts of that day's pieces before t. Staffed minutes
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
from .source import insert_rows

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
                 first: dt.datetime, last: dt.datetime, table: str = "staffed_days") -> None:
    """Table `table`(key, day, base, s1, e1, s2, e2): for every UTC day (days since 1970) from before
    `first` to after `last`, the staffed minutes before it and its window pieces as epoch seconds."""
    rows: list[tuple[str, int, float, float, float, float, float]] = []
    start_day = first.date() - dt.timedelta(days=MARGIN_DAYS)
    days = (last.date() - start_day).days + 2 * MARGIN_DAYS
    epoch0 = dt.datetime(1970, 1, 1, tzinfo=dt.timezone.utc)
    for cal in calendars:
        if cal.always:
            continue
        hours = staffed_hours(org, cal.coverage, cal.region)
        windows = [w for offset in range(-1, days + 1)
                   if (w := hours.window(start_day + dt.timedelta(days=offset))) is not None]
        before, index = 0.0, 0
        for offset in range(days):
            day_start = dt.datetime.combine(start_day + dt.timedelta(days=offset), dt.time(0), tzinfo=dt.timezone.utc)
            day_end = day_start + dt.timedelta(days=1)
            while index < len(windows) and windows[index][1] <= day_start:
                index += 1
            pieces = []
            for w_start, w_end in windows[index:index + 3]:
                begin, finish = max(w_start, day_start), min(w_end, day_end)
                if begin < finish:
                    pieces.append(((begin - epoch0).total_seconds(), (finish - epoch0).total_seconds()))
            base = before
            edge = (day_start - epoch0).total_seconds()
            pieces += [(edge, edge)] * (2 - len(pieces))
            rows.append((cal.key, (day_start - epoch0).days, base, *pieces[0], *pieces[1]))
            before += sum(e - b for b, e in pieces) / 60
    con.execute(f"CREATE OR REPLACE TEMP TABLE {table} (key VARCHAR, day INTEGER, base DOUBLE, s1 DOUBLE, e1 DOUBLE, "
                "s2 DOUBLE, e2 DOUBLE)")
    insert_rows(con, table, ("VARCHAR", "INTEGER") + ("DOUBLE",) * 5, rows)


def day_of(moment: str) -> str:
    """The UTC day number of a TIMESTAMPTZ, the join key into the days table."""
    return f"CAST(floor(epoch({moment}) / 86400) AS INTEGER)"


def staffed_sql(moment: str, day: str) -> str:
    """S(moment), given the days-table row `day` joined on (key, day_of(moment))."""
    t = f"epoch({moment})"
    return (f"({day}.base + (greatest(0, least({t}, {day}.e1) - {day}.s1) + "
            f"greatest(0, least({t}, {day}.e2) - {day}.s2)) / 60)")
