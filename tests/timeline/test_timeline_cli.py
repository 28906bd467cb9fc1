"""`playbook timeline` as the user sees it: JSON shape, a calendar that parses back, usage errors."""
from __future__ import annotations

import json
from datetime import datetime, timezone

ARGS = ("timeline", "--level", "level-3", "--priority", "p1", "--tier", "enterprise",
        "--start", "2026-03-27T16:40:00+00:00", "--for", "3h")


def test_json_events(project, run_cli) -> None:
    result = run_cli(*ARGS, "--format", "json")
    assert result.exit_code == 0, result.output
    events = json.loads(result.output)["events"]
    assert set(events[0]) == {"at", "kind", "what", "who", "source"}
    assert events[0] == {"at": "2026-03-27T16:40:00+00:00", "kind": "start", "what": "Escalation opened: Major incident",
                         "who": "Incident Commander", "source": "playbook/levels.yml:levels[2]"}
    ack = next(e for e in events if e["kind"] == "acknowledge")
    assert ack == {"at": "2026-03-27T16:55:00+00:00", "kind": "acknowledge",
                   "what": "Acknowledgement due (15 minutes target)", "who": "Incident Commander",
                   "source": "playbook/levels.yml:levels[2].response.acknowledge"}


def test_text_table(project, run_cli) -> None:
    result = run_cli(*ARGS)
    lines = result.output.splitlines()
    assert lines[0].split() [:5] == ["When", "Kind", "What", "Who", "From"]
    assert lines[5].startswith("Fri 2026-03-27 16:55 UTC  acknowledge")
    assert lines[-1] == f"{len(lines) - 2} event(s), times in UTC"


def test_ics_parses_back_with_one_event_and_alarm_per_deadline(project, run_cli) -> None:
    from icalendar import Calendar

    result = run_cli(*ARGS, "--format", "ics")
    assert result.exit_code == 0
    calendar = Calendar.from_ical(result.stdout_bytes)
    events = [c for c in calendar.walk("VEVENT")]
    listed = json.loads(run_cli(*ARGS, "--format", "json").output)["events"]
    assert len(events) == len(listed)
    first_update = next(e for e in events if "customer-update" in e.get("categories").cats)
    assert first_update.decoded("dtstart") == datetime(2026, 3, 27, 17, 25, tzinfo=timezone.utc)
    assert str(first_update["summary"]) == "Customer update 1 due (every 45 minutes) (Customer Liaison)"
    assert [a["action"] for a in first_update.walk("VALARM")] == ["DISPLAY"]
    assert len({str(e["uid"]) for e in events}) == len(events)
    assert calendar["version"] == "2.0" and str(calendar["prodid"]).startswith("-//Escalation Playbook")


def test_usage_errors_exit_2_with_what_to_do(project, run_cli) -> None:
    base = ["timeline", "--priority", "p2", "--tier", "business", "--start", "2026-03-27T17:30:00+00:00"]
    cases = [
        (["--level", "level-9"], "Error: unknown level 'level-9'; use one of level-1, level-2, level-3, level-4"),
        (["--level", "level-1"], "Error: coverage 'business-hours' follows the customer's contracted region; "
                                 "name the region (one of north-america, europe)"),
        (["--level", "level-1", "--region", "emea"], "Error: unknown region 'emea'; use one of north-america, europe"),
        (["--level", "level-1", "--region", "europe", "--for", "soon"],
         "Error: Invalid value for --for: 'soon' is not a length of time; write it like 90m, 12h, 3d or 2w"),
        (["--level", "level-1", "--region", "europe", "--resolved", "2026-03-27"],
         "Error: Invalid value for --resolved: '2026-03-27' is not a date and time with its offset; write it like "
         "2026-03-27T16:40:00+00:00"),
        (["--level", "level-1", "--region", "europe", "--resolved", "2026-03-26T10:00:00+00:00"],
         "Error: --resolved is before --start; give the time service was restored"),
    ]
    for extra, message in cases:
        result = run_cli(*base, *extra)
        assert result.exit_code == 2, result.output
        assert result.output.splitlines()[-1] == message
