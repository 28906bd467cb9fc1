"""The timeline page's time-zone data (macros/timeline/export.py): the changes read from the zone file's list
are the same as those found by scanning every day, zone by zone. A sample of zones runs by default; every
zone the system knows runs with the slow tests."""
from __future__ import annotations

import zoneinfo
from datetime import datetime

import pytest

from macros.timeline import export
from macros.timeline.export import UTC, YEARS, scanned, transitions

ZONES = sorted(zoneinfo.available_timezones())
SAMPLE = sorted(set(ZONES[::23]) | {"UTC", "Europe/London", "America/New_York", "Australia/Lord_Howe",
                                     "Africa/Casablanca", "America/Sao_Paulo", "Asia/Kolkata"} & set(ZONES))


def _scanned_whole(name: str) -> dict:
    start, stop = datetime(YEARS[0], 1, 1, tzinfo=UTC), datetime(YEARS[1], 1, 1, tzinfo=UTC)
    initial = export._offset(name, start)
    return {"initial": initial, "changes": scanned(name, start, stop, initial)}


@pytest.mark.parametrize("name", SAMPLE)
def test_the_listed_changes_equal_a_scan_of_every_day(name: str) -> None:
    assert transitions(name) == _scanned_whole(name)


@pytest.mark.slow
def test_every_zone_gives_the_same_changes_both_ways() -> None:
    differ = [name for name in ZONES if transitions(name) != _scanned_whole(name)]
    assert differ == []


def test_without_the_list_every_day_is_scanned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Another Python whose zoneinfo internals differ gets the scan, with the same answer."""
    monkeypatch.setattr(export, "_listed", lambda name: None)
    for name in ("Europe/London", "Africa/Casablanca"):
        assert transitions(name) == _scanned_whole(name) and transitions(name)["changes"]
