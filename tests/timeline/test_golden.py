"""Golden timelines worked by hand from the example data (organisation.yml coverage and regions,
levels.yml targets, communication.yml cadences, on-call.yml ladder, service-recovery.yml,
executive-brief.yml daily summary, review.yml). Times are local to the customer's region.
Europe: Europe/London, clocks forward Sunday 29 March 2026, back Sunday 25 October 2026;
Good Friday 3 April and Easter Monday 6 April 2026 are holidays. North America: America/New_York,
clocks back Sunday 1 November 2026; Juneteenth (Friday 19 June 2026) is a holiday."""
from __future__ import annotations

from datetime import datetime

import pytest

from timeline_kit import CASES, events_json


def local(case: str, *kinds: str) -> list[tuple[str, str]]:
    """(local time 'YYYY-MM-DDTHH:MM+HH:MM', kind) of the case's events of these kinds."""
    return [(e["at"][:16] + e["at"][19:], e["kind"]) for e in events_json(CASES[case]) if e["kind"] in kinds]


def test_p1_enterprise_is_24_7_updates_every_45_minutes_from_the_start() -> None:
    # Level 3: acknowledge 15 min, SME 30 min; P1 Enterprise every 45 min on the wall clock;
    # the ladder pages at 0, +10 and +13 minutes; 2 h and 6 h service-recovery thresholds.
    assert local("p1-enterprise-24-7", "acknowledge", "engage-sme", "page", "service-recovery")[:6] == [
        ("2026-03-27T16:40+00:00", "page"), ("2026-03-27T16:50+00:00", "page"), ("2026-03-27T16:53+00:00", "page"),
        ("2026-03-27T16:55+00:00", "acknowledge"), ("2026-03-27T17:10+00:00", "engage-sme"),
        ("2026-03-27T18:40+00:00", "service-recovery")]
    updates = [at for at, _ in local("p1-enterprise-24-7", "customer-update")]
    assert updates == ["2026-03-27T17:25+00:00", "2026-03-27T18:10+00:00", "2026-03-27T18:55+00:00",
                       "2026-03-27T19:40+00:00", "2026-03-27T20:25+00:00", "2026-03-27T21:10+00:00",
                       "2026-03-27T21:55+00:00", "2026-03-27T22:40+00:00", "2026-03-27T23:25+00:00"]


def test_crossing_the_2_and_6_hour_service_recovery_thresholds() -> None:
    events = [e for e in events_json(CASES["p1-enterprise-24-7"]) if e["kind"] == "service-recovery"]
    assert [(e["at"], e["who"], e["source"]) for e in events] == [
        ("2026-03-27T18:40:00+00:00", "Customer Success Manager (CSM)", "playbook/service-recovery.yml:rules[0]"),
        ("2026-03-27T22:40:00+00:00", "Director of Support", "playbook/service-recovery.yml:rules[1]")]
    assert "10 %" in events[0]["what"] and "25 %" in events[1]["what"]


def test_business_hours_p2_from_friday_evening_waits_for_monday_after_the_clocks_change() -> None:
    # Business tier P2: every 4 staffed hours. Friday 17:30 GMT leaves 30 minutes; Monday 30 March
    # opens at 08:00 BST: 3 h 30 more -> 11:30 BST; then 15:30; then 2 h 30 on Monday and 1 h 30
    # on Tuesday -> 09:30. Acknowledge (30 min) at 18:00 on Friday; SME (1 h) at 08:30 on Monday.
    assert local("p2-business-friday-evening", "acknowledge", "engage-sme", "customer-update") == [
        ("2026-03-27T18:00+00:00", "acknowledge"), ("2026-03-30T08:30+01:00", "engage-sme"),
        ("2026-03-30T11:30+01:00", "customer-update"), ("2026-03-30T15:30+01:00", "customer-update"),
        ("2026-03-31T09:30+01:00", "customer-update"), ("2026-03-31T13:30+01:00", "customer-update"),
        ("2026-03-31T17:30+01:00", "customer-update")]
    # The pager does not wait for business hours.
    assert local("p2-business-friday-evening", "page")[1] == ("2026-03-27T17:40+00:00", "page")


def test_october_clock_change_in_europe() -> None:
    # Enterprise P2 every 2 staffed hours from Friday 23 October 16:00 BST: 18:00 BST, then Monday
    # 26 October (GMT since Sunday) 08:00 + 2 h = 10:00 GMT.
    assert [at for at, _ in local("p2-enterprise-october-dst", "customer-update")][:3] == [
        "2026-10-23T18:00+01:00", "2026-10-26T10:00+00:00", "2026-10-26T12:00+00:00"]


def test_easter_public_holidays_stop_the_clock() -> None:
    # Thursday 2 April 16:00 BST: 2 staffed hours that day; Good Friday, the weekend and Easter
    # Monday are off; Tuesday 7 April 08:00 + 2 h -> 10:00. SME (8 h): 2 h + 6 h -> Tuesday 14:00.
    assert local("p2-business-easter", "engage-sme", "customer-update")[:3] == [
        ("2026-04-07T10:00+01:00", "customer-update"), ("2026-04-07T14:00+01:00", "engage-sme"),
        ("2026-04-07T14:00+01:00", "customer-update")]


def test_north_american_hours_and_clock_change() -> None:
    # Friday 30 October 17:00 EDT: 1 h left; Monday 2 November 08:00 EST + 1 h -> 09:00 (acknowledge, 2 h).
    assert local("p2-business-north-america-dst", "acknowledge") == [("2026-11-02T09:00-05:00", "acknowledge")]


def test_business_day_cadence_skips_juneteenth() -> None:
    # Starter P3: every 2 business days from Thursday 18 June 12:00 EDT; Friday 19 June is a holiday.
    assert [at for at, _ in local("p3-starter-business-days", "customer-update")][:2] == [
        "2026-06-23T12:00-04:00", "2026-06-25T12:00-04:00"]


def test_three_day_escalation_daily_summaries_and_reviews_after_resolution() -> None:
    # Opened Thursday 26 March; the summary goes out at 17:00 local from day 2 on business days:
    # Friday 27 (GMT), not the weekend, Monday 30 (BST). Resolved Tuesday 31 March 13:00 BST: the
    # post-escalation review and the 6-hour rule's review are due 5 business days later, Easter
    # off: Tue 5 h, Wed, Thu, Tue 7, Wed 8 (45 h), Thu 9 April 13:00.
    assert local("p1-three-days-summaries", "daily-summary", "resolved", "review") == [
        ("2026-03-27T17:00+00:00", "daily-summary"), ("2026-03-30T17:00+01:00", "daily-summary"),
        ("2026-03-31T13:00+01:00", "resolved"), ("2026-04-09T13:00+01:00", "review"),
        ("2026-04-09T13:00+01:00", "review")]


def test_review_after_a_christmas_resolution() -> None:
    # Resolved Wednesday 23 December 16:00 GMT: Wed 2 h, Thu 24, Tue 29, Wed 30, Thu 31 (42 h),
    # Christmas, Boxing Day substitute and New Year's Day off -> Monday 4 January 16:00.
    assert local("p1-resolved-after-6h", "review")[-1] == ("2027-01-04T16:00+00:00", "review")


@pytest.mark.parametrize("name", sorted(CASES))
def test_events_are_in_order_and_name_their_source(name: str) -> None:
    events = events_json(CASES[name])
    moments = [datetime.fromisoformat(e["at"]) for e in events]
    assert moments == sorted(moments)
    assert all(e["source"].startswith("playbook/") and ".yml:" in e["source"] for e in events)
