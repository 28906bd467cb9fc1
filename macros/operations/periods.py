"""Weeks, months and dates as the reports name them (ISO weeks '2026-W47', months '2026-11')."""
from __future__ import annotations

import datetime as dt
import re

from ..calibrate.errors import CalibrateError
from ..rules.freshness import today

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")


def as_of(text: str | None) -> dt.date:
    """--as-of YYYY-MM-DD, else today (PLAYBOOK_TODAY when set, as validation reads it)."""
    if text is None:
        return today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CalibrateError(f"--as-of {text}: not a date; write YYYY-MM-DD") from None


def month(text: str, option: str = "--month") -> str:
    if not MONTH.match(text):
        raise CalibrateError(f"{option} {text}: not a month; write YYYY-MM, e.g. 2026-11")
    return text


def week_of(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def month_of(day: dt.date) -> str:
    return f"{day.year}-{day.month:02d}"
