"""Staffed hours from the structured coverage of organisation.yml, worked by hand.

The example's business hours are Monday to Friday 08:00-18:00 in the customer's region
(Europe: Europe/London; North America: America/New_York), public holidays of that region off.
"""
from __future__ import annotations

import pathlib
from datetime import datetime

import pytest

from macros.hours import HoursError, always_staffed, business_calendar, staffed_hours, tier_coverage
from macros.playbook import load_playbook

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def org() -> dict:
    playbook, problems = load_playbook(REPO)
    assert not [p for p in problems if p.severity == "error"]
    return playbook["organisation"]


def utc(text: str) -> datetime:
    return datetime.fromisoformat(text)


def test_always_staffed_is_a_property_of_the_coverage(org: dict) -> None:
    assert always_staffed(org, "around-the-clock") and not always_staffed(org, "business-hours")
    assert tier_coverage(org, "enterprise", "p1") == "around-the-clock"
    assert tier_coverage(org, "enterprise", "p2") == "business-hours"


def test_friday_evening_into_the_european_daylight_saving_change(org: dict) -> None:
    hours = staffed_hours(org, "business-hours", "europe")
    # Friday 27 March 2026 17:30 GMT: 30 staffed minutes left that day; Monday 30 March opens at
    # 08:00 BST (07:00 UTC, the clocks went forward on Sunday 29 March), 90 more minutes -> 08:30 UTC.
    assert hours.add_staffed(utc("2026-03-27T17:30:00+00:00"), 120) == utc("2026-03-30T08:30:00+00:00")
    assert not hours.is_staffed(utc("2026-03-28T12:00:00+00:00"))
    assert hours.next_staffed(utc("2026-03-28T12:00:00+00:00")) == utc("2026-03-30T07:00:00+00:00")


def test_easter_holidays_are_not_staffed_in_europe(org: dict) -> None:
    hours = staffed_hours(org, "business-hours", "europe")
    # Thursday 2 April 17:00 BST: 1 h that day; Good Friday, the weekend and Easter Monday are off;
    # Tuesday 7 April 08:00 BST + 3 h = 11:00 BST = 10:00 UTC.
    assert hours.add_staffed(utc("2026-04-02T16:00:00+00:00"), 240) == utc("2026-04-07T10:00:00+00:00")
    assert not hours.is_staffed(utc("2026-04-06T10:00:00+00:00"))


def test_the_same_hours_follow_north_american_time_and_holidays(org: dict) -> None:
    hours = staffed_hours(org, "business-hours", "north-america")
    # Friday 30 October 17:00 EDT (21:00 UTC): 1 h; US clocks go back on Sunday 1 November, so Monday
    # opens at 08:00 EST = 13:00 UTC; 1 more hour -> 14:00 UTC.
    assert hours.add_staffed(utc("2026-10-30T21:00:00+00:00"), 120) == utc("2026-11-02T14:00:00+00:00")
    # Good Friday is not a holiday there: 3 April 2026 09:00 EDT is staffed.
    assert hours.is_staffed(utc("2026-04-03T13:00:00+00:00"))


def test_business_days_skip_weekends_and_christmas(org: dict) -> None:
    calendar = business_calendar(org, "europe")
    # Wednesday 23 December 12:00 GMT + 5 business days: Thu 24, (Fri 25, Mon 28 off), Tue 29,
    # Wed 30, Thu 31, (Fri 1 January off), Mon 4 January -> 12:00 GMT.
    assert calendar.add_business_days(utc("2026-12-23T12:00:00+00:00"), 5) == utc("2027-01-04T12:00:00+00:00")


def test_staffed_time_between_two_moments(org: dict) -> None:
    hours = staffed_hours(org, "business-hours", "europe")
    # Friday 27 March 17:00 GMT to Monday 30 March 09:00 BST (08:00 UTC): 1 h + 1 h.
    assert hours.staffed_between(utc("2026-03-27T17:00:00+00:00"), utc("2026-03-30T08:00:00+00:00")).seconds == 7200


def test_always_staffed_counts_the_wall_clock(org: dict) -> None:
    hours = staffed_hours(org, "around-the-clock")
    assert hours.add_staffed(utc("2026-03-28T23:30:00+00:00"), 45) == utc("2026-03-29T00:15:00+00:00")


@pytest.mark.parametrize(("region", "message"), [
    (None, "coverage 'business-hours' follows the customer's contracted region; name the region "
           "(one of north-america, europe)"),
    ("eu", "unknown region 'eu'; use one of north-america, europe"),
])
def test_a_region_is_needed_and_must_exist(org: dict, region: str | None, message: str) -> None:
    with pytest.raises(HoursError) as error:
        staffed_hours(org, "business-hours", region)
    assert str(error.value) == message
