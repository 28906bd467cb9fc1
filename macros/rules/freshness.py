"""review-due (warning): a file whose last review is older than its review interval.
Set PLAYBOOK_TODAY=YYYY-MM-DD to check against another day.

WARN: last_reviewed 2025-01-01 with review_interval {days: 90} ->
      "last reviewed 2025-01-01, due every 90 days: overdue since 2025-04-01; review it and update last_reviewed"
"""
from __future__ import annotations

import datetime as dt
import os
from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..units import duration_minutes, duration_text
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def today() -> dt.date:
    override = os.environ.get("PLAYBOOK_TODAY")
    return dt.date.fromisoformat(override) if override else dt.date.today()


def overdue_since(data: dict, now: dt.date | None = None) -> dt.date | None:
    """The day a file's review fell due, when that is before ``now`` (default: today); else None."""
    try:
        reviewed = dt.date.fromisoformat(data["last_reviewed"])
        due = reviewed + dt.timedelta(minutes=duration_minutes(data["review_interval"]))
    except (ValueError, OverflowError, KeyError, TypeError):  # an unreal date is its own problem; year 9999: not due
        return None
    return due if due < (now or today()) else None


def check(pb: "Playbook") -> Iterator[Problem]:
    now = today()
    for stem in sorted(pb.clean):
        data = pb[stem]
        try:
            reviewed = dt.date.fromisoformat(data["last_reviewed"])
        except ValueError as error:
            yield pb.problem(stem, ("last_reviewed",), f"'{data['last_reviewed']}' is not a real date ({error}); "
                                                       "write the day of the last review as YYYY-MM-DD", "date")
            continue
        due = overdue_since(data, now)
        if due is not None:
            yield pb.problem(stem, ("last_reviewed",),
                             f"last reviewed {reviewed.isoformat()}, due every {duration_text(data['review_interval'])}: "
                             f"overdue since {due.isoformat()}; review it and update last_reviewed", RULE.id, "warning")


RULE = Rule("review-due", (), check, "Files are reviewed within their interval.")
