"""Staffed hours: when a coverage pattern of organisation.yml has people on duty.

`staffed_hours(org, coverage_id, region)` turns the structured coverage hours (days, local start
and end, the time-zone rule, public holidays) into `StaffedHours`, which answers "is this moment
staffed?", "when does staffing next start?" and "what time is it after N staffed minutes or N
business days?". All arithmetic is done in UTC; local wall-clock times only mark the edges of
each staffed day, so daylight-saving changes move the edges, never the counting.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from typing import Any, Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC = timezone.utc
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# How far a search for the next staffed moment may look before the data is judged to staff nothing.
_SEARCH_DAYS = 800


class HoursError(ValueError):
    """The coverage cannot be resolved for this escalation (an unknown region, a missing region)."""


@lru_cache(maxsize=64)
def zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as error:
        raise HoursError(f"unknown time zone '{name}'; use an IANA name such as Europe/London or UTC") from error


def is_zone(name: str) -> bool:
    try:
        zone(name)
    except HoursError:
        return False
    return True


def clock_minutes(text: str) -> int:
    """'08:30' -> 510; '24:00' -> 1440."""
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


@dataclass(frozen=True)
class StaffedHours:
    """One coverage pattern resolved for one customer region."""
    coverage: str
    always: bool
    days: frozenset[int] = frozenset()          # 0 = Monday
    start: int = 0                              # local minutes after midnight
    end: int = 1440
    zone_name: str = "UTC"
    holidays: frozenset[str] = frozenset()      # ISO dates, local

    @property
    def tz(self) -> ZoneInfo:
        return zone(self.zone_name)

    def is_business_day(self, day: date) -> bool:
        return self.always or (day.weekday() in self.days and day.isoformat() not in self.holidays)

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The staffed stretch of one local day, in UTC, or None when the day is not staffed."""
        if self.always:
            return (_local(day, 0, self.tz), _local(day + timedelta(days=1), 0, self.tz))
        if not self.is_business_day(day):
            return None
        return (_local(day, self.start, self.tz), _local(day, self.end, self.tz))

    def windows(self, at: datetime) -> Iterator[tuple[datetime, datetime]]:
        """Staffed stretches that end after `at`, in order."""
        day = at.astimezone(self.tz).date() - timedelta(days=1)
        for offset in range(_SEARCH_DAYS):
            stretch = self.window(day + timedelta(days=offset))
            if stretch and stretch[1] > at:
                yield stretch
        raise HoursError(f"coverage '{self.coverage}' staffs no hour in {_SEARCH_DAYS} days; check its days")

    def is_staffed(self, at: datetime) -> bool:
        at = at.astimezone(UTC)
        if self.always:
            return True
        stretch = self.window(at.astimezone(self.tz).date())
        return bool(stretch and stretch[0] <= at < stretch[1])

    def next_staffed(self, at: datetime) -> datetime:
        """`at` itself when staffed, else the start of the next staffed stretch."""
        at = at.astimezone(UTC)
        if self.always:
            return at
        start, _ = next(self.windows(at))
        return max(start, at)

    def add_staffed(self, at: datetime, minutes: float) -> datetime:
        """The moment when `minutes` staffed minutes have passed since `at`."""
        at = at.astimezone(UTC)
        if self.always:
            return at + timedelta(minutes=minutes)
        left = timedelta(minutes=minutes)
        for start, end in self.windows(at):
            begin = max(start, at)
            if begin + left <= end:
                return begin + left
            left -= end - begin
        raise AssertionError("unreachable: windows() raises when it runs out")

    def staffed_between(self, start: datetime, end: datetime) -> timedelta:
        """Staffed time inside [start, end)."""
        start, end = start.astimezone(UTC), end.astimezone(UTC)
        if self.always or end <= start:
            return max(end - start, timedelta(0))
        total = timedelta(0)
        for begin, finish in self.windows(start):
            if begin >= end:
                break
            total += min(finish, end) - max(begin, start)
        return total

    @property
    def day_minutes(self) -> int:
        return 1440 if self.always else self.end - self.start

    def add_business_days(self, at: datetime, count: float) -> datetime:
        """The same local clock time `count` business days later (a fraction counts staffed time)."""
        at = at.astimezone(UTC)
        if not self.always:
            return self.add_staffed(at, count * self.day_minutes)
        whole = int(count)
        local = at.astimezone(self.tz)
        day, found = local.date(), 0
        while found < whole:
            day += timedelta(days=1)
            found += self.is_business_day(day)
        moment = datetime.combine(day, local.time(), tzinfo=self.tz).astimezone(UTC)
        return moment + timedelta(minutes=(count - whole) * 1440)

    def end_of_business_day(self, day: date) -> datetime:
        stretch = self.window(day)
        return stretch[1] if stretch else _local(day + timedelta(days=1), 0, self.tz)


def _local(day: date, minutes: int, tz: ZoneInfo) -> datetime:
    """A local wall-clock moment as UTC; 24:00 is the next midnight. A wall time skipped by a
    daylight-saving change resolves as zoneinfo does (fold=0: the offset before the change)."""
    extra, minutes = divmod(minutes, 1440)
    return datetime.combine(day + timedelta(days=extra), time(minutes // 60, minutes % 60), tzinfo=tz).astimezone(UTC)


# --- resolving the data --------------------------------------------------------------------

def coverage_entries(org: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in org.get("coverage_hours", [])}


def regions(org: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {entry["id"]: entry for entry in org.get("regions", [])}


def always_staffed(org: dict[str, Any], coverage_id: str) -> bool:
    """True when the coverage hours have someone on duty every hour of every day."""
    entry = coverage_entries(org).get(coverage_id)
    return bool(entry and entry.get("always_staffed"))


def needs_region(org: dict[str, Any], coverage_id: str) -> bool:
    entry = coverage_entries(org).get(coverage_id, {})
    return bool(entry.get("time_zone", {}).get("customer_region") or entry.get("public_holidays", {}).get("customer_region"))


def tier_coverage(org: dict[str, Any], tier: str, priority: str) -> str:
    """The coverage id a tier's contract gives a priority."""
    for entry in org.get("tiers", []):
        if entry["id"] == tier:
            for block in entry["coverage"]:
                if priority in block["priorities"]:
                    return block["hours"]
            raise HoursError(f"tier {tier} has no coverage hours for priority {priority}")
    known = ", ".join(t["id"] for t in org.get("tiers", []))
    raise HoursError(f"unknown tier '{tier}'; use one of {known}")


def _region(org: dict[str, Any], region: str | None, coverage_id: str) -> dict[str, Any]:
    known = regions(org)
    names = ", ".join(known) or "none defined in organisation.yml regions"
    if region is None:
        raise HoursError(f"coverage '{coverage_id}' follows the customer's contracted region; "
                         f"name the region (one of {names})")
    if region not in known:
        raise HoursError(f"unknown region '{region}'; use one of {names}")
    return known[region]


def staffed_hours(org: dict[str, Any], coverage_id: str, region: str | None = None) -> StaffedHours:
    entry = coverage_entries(org).get(coverage_id)
    if entry is None:
        raise HoursError(f"unknown coverage hours '{coverage_id}'")
    if entry.get("always_staffed"):
        zone_name = _region(org, region, coverage_id)["time_zone"] if region else org.get("time_zone", "UTC")
        zone(zone_name)
        return StaffedHours(coverage_id, True, zone_name=zone_name)
    rule = entry["time_zone"]
    zone_name = _region(org, region, coverage_id)["time_zone"] if rule.get("customer_region") else rule["fixed"]
    zone(zone_name)
    holidays_rule = entry.get("public_holidays") or {}
    if holidays_rule.get("customer_region"):
        holidays = _region(org, region, coverage_id)["public_holidays"]
    elif "region" in holidays_rule:
        holidays = _region(org, holidays_rule["region"], coverage_id)["public_holidays"]
    else:
        holidays = []
    return StaffedHours(coverage_id, False, frozenset(WEEKDAYS.index(d) for d in entry["days"]),
                        clock_minutes(entry["start"]), clock_minutes(entry["end"]), zone_name,
                        frozenset(h["date"] for h in holidays))


def business_calendar(org: dict[str, Any], region: str | None = None) -> StaffedHours:
    """What a business day is: the days and holidays of the coverage named by `business_days`
    in organisation.yml (its local hours end each business day)."""
    coverage_id = org.get("business_days")
    if coverage_id is None:
        raise HoursError("organisation.yml names no business_days coverage; add business_days: <coverage id> "
                         "so business days can be counted")
    return staffed_hours(org, coverage_id, region)
