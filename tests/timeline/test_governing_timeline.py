"""The timeline lays out what governs, as the finder and the Levels page answer (macros/governing.py):
a level's acknowledgement and SME targets give way to a metric's where metrics.yml says so, and the
internal update follows the customer cadence where communication.yml says `where_levels_differ: cadence`."""
from __future__ import annotations

import pathlib
from datetime import datetime, timedelta

from macros.governing import internal_update_for, response_target
from macros.playbook import load_playbook
from macros.timeline.engine import Request, compute, timeline_data
from macros.units import duration_minutes, duration_text
from timeline_kit import CASES, PB, events_json

REPO = pathlib.Path(__file__).resolve().parents[2]


def _minutes_after_start(events: list, kind: str) -> list[float]:
    start = datetime.fromisoformat(events[0]["at"])
    return [(datetime.fromisoformat(e["at"]) - start) / timedelta(minutes=1) for e in events if e["kind"] == kind]


def test_the_acknowledgement_due_is_the_governing_target_not_only_the_levels_own() -> None:
    case = CASES["p1-enterprise-level-2-governing-targets"]
    governing = response_target(PB, case["level"], "acknowledge", case["priority"])
    own = PB.levels[case["level"]]["response"]["acknowledge"]
    assert governing.minutes != duration_minutes(own), "the case must be one where the two differ"
    events = events_json(case)
    assert _minutes_after_start(events, "acknowledge") == [governing.minutes]
    sme = response_target(PB, case["level"], "engage_sme", case["priority"])
    assert _minutes_after_start(events, "engage-sme") == [sme.minutes]


def test_where_the_cadence_governs_an_internal_update_comes_before_every_customer_update() -> None:
    pb, problems = load_playbook(REPO / "examples" / "quillmate")
    assert not [p for p in problems if p.severity == "error"]
    assert pb["communication"]["where_levels_differ"] == "cadence"
    found = [(lid, p, t) for lid, level in pb.levels.items() for p in pb.priorities for t in pb.tiers
             if level.get("internal_update") and internal_update_for(pb, lid, p, t) != level["internal_update"]]
    assert found, "the second organisation has a level whose internal rhythm is slower than a cadence it meets"
    level_id, priority, tier = found[0]
    every = internal_update_for(pb, level_id, priority, tier)
    request = Request(level_id, priority, tier, datetime.fromisoformat("2026-03-25T10:00:00+00:00"),
                      timedelta(hours=4), None, None)
    events = compute(timeline_data(pb), request)
    internal = [e for e in events if e.kind == "internal-update"]
    customer = [e.at for e in events if e.kind == "customer-update"]
    assert customer and len(internal) >= len(customer)
    assert internal[0].at <= customer[0]
    assert all(f"(every {duration_text(every)})" in e.what for e in internal)
