"""The timeline page in Chromium lists the same events as `playbook timeline` on the golden
cases (through its pure function and through its form), marks "now" on the day the escalation
opened, and downloads a calendar that icalendar parses back with one event per row."""
from __future__ import annotations

import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_kit import browser, serve

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "timeline"))
from timeline_kit import CASES, DATA, events_json  # noqa: E402

from macros.hours import zone  # noqa: E402
from macros.timeline.engine import zone_for  # noqa: E402
from scripts.cmd_timeline import parse_span  # noqa: E402

pytestmark = pytest.mark.browser


def ms(text: str) -> int:
    return int(datetime.fromisoformat(text).timestamp() * 1000)


def local_input(text: str, region: str | None) -> str:
    return datetime.fromisoformat(text).astimezone(zone(zone_for(DATA, region))).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture(scope="module")
def timeline_page(example_site: Path) -> Iterator[Any]:
    with serve(example_site) as base, browser() as chromium:
        page = chromium.new_page(accept_downloads=True)
        errors: list[str] = []
        outside: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        page.goto(f"{base}/timeline/", wait_until="networkidle")
        yield page
        assert errors == [] and outside == []


def fill(page: Any, case: dict[str, Any]) -> None:
    page.select_option("#timeline-level", case["level"])
    page.select_option("#timeline-priority", case["priority"])
    page.select_option("#timeline-tier", case["tier"])
    page.select_option("#timeline-region", case.get("region") or "")
    page.fill("#timeline-start", local_input(case["start"], case.get("region")))
    page.fill("#timeline-for", case["for"])
    page.fill("#timeline-resolved", local_input(case["resolved"], case.get("region")) if case.get("resolved") else "")


@pytest.mark.parametrize("name", sorted(CASES))
def test_golden_case_agrees_with_the_cli(timeline_page: Any, name: str) -> None:
    case = CASES[name]
    want = events_json(case)
    request = {"level": case["level"], "priority": case["priority"], "tier": case["tier"], "start": ms(case["start"]),
               "span": parse_span(case["for"]).total_seconds() / 60, "region": case.get("region"),
               "resolved": ms(case["resolved"]) if case.get("resolved") else None}
    assert timeline_page.evaluate("(r) => window.PlaybookTimeline.compute(r)", request) == want
    fill(timeline_page, case)
    if timeline_page.locator("#timeline-more").is_visible():  # a long list is drawn 50 rows at a time
        assert timeline_page.locator("#timeline-events tbody tr[data-kind]").count() == 50
        timeline_page.click("#timeline-more")
    rows = timeline_page.eval_on_selector_all("#timeline-events tbody tr[data-kind]",
                                              "rows => rows.map(r => [r.dataset.at, r.dataset.kind])")
    assert rows == [[e["at"], e["kind"]] for e in want]


def test_now_marker_on_the_day_it_opened_and_the_calendar_download(timeline_page: Any, tmp_path: Path) -> None:
    from icalendar import Calendar

    now = datetime.now(timezone.utc)
    case = {"level": "level-3", "priority": "p1", "tier": "enterprise", "region": "europe", "for": "6h",
            "start": now.replace(hour=0, minute=30, second=0, microsecond=0).isoformat()}
    fill(timeline_page, case)
    assert timeline_page.locator("#timeline-events tr.pb-now").count() == 1
    rows = timeline_page.locator("#timeline-events tbody tr[data-kind]:not(.pb-now)").count()
    with timeline_page.expect_download() as download:
        timeline_page.click("#timeline-ics")
    saved = tmp_path / "t.ics"
    download.value.save_as(saved)
    calendar = Calendar.from_ical(saved.read_bytes())
    assert len(calendar.walk("VEVENT")) == rows  # every event row (the "now" marker is not one)
    assert all(e.walk("VALARM") for e in calendar.walk("VEVENT"))


def test_a_missing_region_is_explained(timeline_page: Any) -> None:
    fill(timeline_page, {"level": "level-1", "priority": "p2", "tier": "business", "region": None, "for": "1d",
                         "start": "2026-03-27T17:30:00+00:00"})
    assert timeline_page.locator("#timeline-status").inner_text() == (
        "coverage 'business-hours' follows the customer's contracted region; name the region "
        "(one of north-america, europe)")
