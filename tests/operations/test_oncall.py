"""`playbook oncall-health`: measures worked by hand, the JSON shape, flags from the data, the sample's plants.

pages-known.csv (preset pagerduty-log-entries). on-call.yml: working hours = business-hours (Monday to
Friday 08:00-18:00 in the person's zone), sleep window 22:00-07:00, threshold 6 pages per engineer.

- Ana Diaz (Europe/London, GMT in November), 2026-W47: P1 Monday 09:30 in hours; P2 Monday 23:30 night
  of the 16th; P3 Wednesday 02:00 night of the 17th; P4 Thursday 03:00 night of the 18th: 4 pages, 3
  after hours, 3 at night, 3 nights in a row -> consecutive-nights (at least 3).
- Ben Ode (America/New_York, UTC-5): P5 Saturday 09:00 local, 180 min to resolution; P6 Sunday 10:00
  local, 90 min: 2 weekend pages, 270 min > 4 hours -> weekend-load; both after hours (a weekend),
  none at night. P7 Tuesday 08:00 local (W48) in hours, 20 min: W48 is his second week in a row with
  pages -> back-to-back (at least 2).
- Cy Lam (no zone: organisation.yml's UTC): P8 Tuesday 12:00 in hours, W48. P9's rotation is not in
  on-call.yml and P10's zone is not a zone: both rows left out, named by row and id.
- Rotations W47: engineering-primary 4 pages / 8 members = 0.5; engineering-secondary 2 / 8 = 0.25.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pytest

from operations_helpers import ROOT, run
from macros.hours import StaffedHours, WEEKDAYS, clock_minutes, coverage_entries
from macros.operations.privacy import pseudonym
from macros.operations.sample import BUSY_WEEK, CUSTOMERS, NIGHT_WEEK
from macros.playbook import load_playbook

EXPECTED_JSON = {"weeks": [
    {"week": "2026-W48",
     "people": [{"person": "Ben Ode", "pages": 1, "after_hours": 0, "flags": ["back-to-back"]},
                {"person": "Cy Lam", "pages": 1, "after_hours": 0, "flags": []}],
     "rotations": [{"rotation": "engineering-secondary", "pages": 1, "pages_per_engineer": 0.125, "threshold": 6.0,
                    "verdict": "pass"},
                   {"rotation": "support-duty-lead", "pages": 1, "pages_per_engineer": 0.167, "threshold": 6.0,
                    "verdict": "pass"}]},
    {"week": "2026-W47",
     "people": [{"person": "Ana Diaz", "pages": 4, "after_hours": 3, "flags": ["consecutive-nights"]},
                {"person": "Ben Ode", "pages": 2, "after_hours": 2, "flags": ["weekend-load"]}],
     "rotations": [{"rotation": "engineering-primary", "pages": 4, "pages_per_engineer": 0.5, "threshold": 6.0,
                    "verdict": "pass"},
                   {"rotation": "engineering-secondary", "pages": 2, "pages_per_engineer": 0.25, "threshold": 6.0,
                    "verdict": "pass"}]}]}


def test_json_is_exactly_the_weekly_shape_worked_by_hand(in_cases: Path) -> None:
    result = run("oncall-health", "pages-known.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == EXPECTED_JSON
    assert result.stderr == (
        "pages-known.csv row 10 (P9): column 'escalation_policy_name' (field rotation) is not a rotation id or name "
        "of on-call.yml; fix the values or the mapping\n"
        "pages-known.csv row 11 (P10): column 'user_time_zone' (field time_zone) is not a time zone (an IANA name "
        "such as Europe/London); fix the values or the mapping\n")


def test_text_report_lists_every_measure(in_cases: Path) -> None:
    out = run("oncall-health", "pages-known.csv").stdout
    assert ("  Ana Diaz: 4 pages, 3 after hours, 3 at night, 3 nights in a row, 0.0 h weekend work, 1 weeks in a row"
            "  FLAGS: consecutive-nights\n") in out
    assert "  Ben Ode: 2 pages, 2 after hours, 0 at night, 0 nights in a row, 4.5 h weekend work" in out
    assert "2026-W47: after-hours share 83.3 %  ABOVE THRESHOLD" in out
    assert "Nobody" not in out and "Mars" not in out


def test_fail_on_flags_and_pseudonymise(in_cases: Path) -> None:
    assert run("oncall-health", "pages-known.csv", "--fail-on-flags").exit_code == 1
    for fmt in ("text", "markdown", "json"):
        out = run("oncall-health", "pages-known.csv", "--pseudonymise", "--format", fmt).stdout
        assert "Ana Diaz" not in out and "Ben Ode" not in out and "Cy Lam" not in out
        assert pseudonym("Ana Diaz") in out.replace("\\-", "-")
    assert pseudonym("Ana Diaz") == pseudonym(" ana  diaz ")


def test_a_flag_is_data(in_cases: Path, tmp_path: Path) -> None:
    """An organisation adds its own flag without code: two or more pages at night in a week."""
    import shutil

    project = tmp_path / "project"
    shutil.copytree(ROOT / "playbook", project / "playbook")
    shutil.copytree(ROOT / "schemas", project / "schemas")
    shutil.copytree(ROOT / "docs" / "data", project / "docs" / "data")  # the files organisation.yml names
    on_call = project / "playbook/on-call.yml"
    on_call.write_text(on_call.read_text().replace(
        "  burnout_flags:\n",
        "  burnout_flags:\n    - id: broken-sleep\n      text: Woken twice in one week.\n"
        "      when: {measure: sleep_interruptions, at_least: 2}\n"))
    from click.testing import CliRunner

    from scripts.cli import cli

    result = CliRunner().invoke(cli, ["--root", str(project), "oncall-health", "pages-known.csv", "--format", "json"])
    ana = json.loads(result.stdout)["weeks"][1]["people"][0]
    assert ana["flags"] == ["broken-sleep", "consecutive-nights"]


def test_after_hours_in_sql_agrees_with_hours_py() -> None:
    """The working-hours test the report compiles to SQL, against StaffedHours.is_staffed, hour by hour
    for a fortnight across the end of summer time, in two zones."""
    pb, _ = load_playbook(ROOT)
    entry = coverage_entries(pb["organisation"])[pb["on-call"]["health"]["working_hours"]]
    days = frozenset(WEEKDAYS.index(d) for d in entry["days"])
    start, end = clock_minutes(entry["start"]), clock_minutes(entry["end"])
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    for zone in ("Europe/London", "America/New_York"):
        hours = StaffedHours("w", False, days, start, end, zone)
        moments = [dt.datetime(2026, 10, 20, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=30 * i) for i in range(672)]
        got = [r[0] for r in con.execute(
            f"SELECT NOT ((isodow(l) - 1) IN ({', '.join(map(str, sorted(days)))}) AND hour(l) * 60 + minute(l) >= {start} "
            f"AND hour(l) * 60 + minute(l) < {end}) FROM (SELECT timezone('{zone}', m) AS l FROM "
            "unnest(?::TIMESTAMPTZ[]) AS t(m))", [moments]).fetchall()]
        assert got == [not hours.is_staffed(m) for m in moments], zone


def test_the_sample_plants_one_engineer_over_the_threshold_and_a_week_of_nights() -> None:
    result = run("oncall-health", str(ROOT / "docs/data/sample-pages.csv"), "--format", "json")
    assert result.exit_code == 0, result.output
    flagged = [(w["week"], f) for w in json.loads(result.stdout)["weeks"] for p in w["people"] for f in p["flags"]]
    assert sorted(flagged) == sorted([(BUSY_WEEK, "over-page-threshold"), (NIGHT_WEEK, "consecutive-nights")])
    for fmt in ("text", "markdown", "json"):
        out = run("oncall-health", str(ROOT / "docs/data/sample-pages.csv"), "--format", fmt).stdout
        assert not any(c in out for c in CUSTOMERS)


def test_svg_charts(in_cases: Path, tmp_path: Path) -> None:
    svg = tmp_path / "o.svg"
    assert run("oncall-health", "pages-known.csv", "--svg", str(svg), "--pseudonymise").exit_code == 0
    text = svg.read_text()
    assert text.startswith("<svg ") and "\n\n" not in text and "Ana Diaz" not in text
    assert "threshold 30 %" in text and 'stroke="#c62828"' in text


@pytest.mark.parametrize("args, says", [
    (["pages-known.csv", "--preset", "jira-actions"],
     "--preset jira-actions: not a preset for oncall-health; use one of: pagerduty-log-entries, pagerduty-incidents, "
     "jsm-alerts, opsgenie-alerts\n"),
    (["pages-known.csv", "--map", "sleeper=id"],
     "--map sleeper=id: unknown field 'sleeper'; use one of the oncall-health fields: page_id, person, rotation, "
     "paged_at, acknowledged_at, resolved_at, urgency, time_zone\n"),
])
def test_usage_errors_exit_2(in_cases: Path, args: list[str], says: str) -> None:
    result = run("oncall-health", *args)
    assert result.exit_code == 2
    assert result.stderr == says


def test_pages_on_public_holidays_are_after_hours(in_cases: Path) -> None:
    """pages-holidays.csv, every page at a weekday hour inside the working hours. The working hours' holidays
    follow the customer's region, so each engineer gets the holidays of the region with their time zone:
    - H1 Dee Park (America/New_York) Thursday 2026-11-26 11:00 local: Thanksgiving in North America -> after hours.
    - H2 Eli Roy (Europe/London) the same Thursday 11:00 local: no holiday in Europe -> in hours.
    - H3 Eli Roy Friday 2026-12-25 10:00 local: Christmas Day in Europe -> after hours.
    - H4 Dee Park Monday 2026-12-28 10:00 local: a holiday in Europe only -> in hours.
    - H5 Fay Kim (no zone: organisation.yml's UTC, which no region has) Friday 2026-12-25 12:00: no holidays
      known for her -> in hours."""
    result = run("oncall-health", "pages-holidays.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    got = {(w["week"], p["person"]): (p["pages"], p["after_hours"])
           for w in json.loads(result.stdout)["weeks"] for p in w["people"]}
    assert got == {("2026-W48", "Dee Park"): (1, 1), ("2026-W48", "Eli Roy"): (1, 0),
                   ("2026-W52", "Eli Roy"): (1, 1), ("2026-W52", "Fay Kim"): (1, 0),
                   ("2026-W53", "Dee Park"): (1, 0)}


def test_after_hours_with_holidays_agrees_with_hours_py() -> None:
    """The report's after-hours SQL (holidays included) against hours.py's StaffedHours of each region, every
    half hour over three weeks of December holidays, in each region's own zone."""
    from macros.hours import staffed_hours
    from macros.operations.oncall import after_hours_sql

    pb, _ = load_playbook(ROOT)
    org = pb["organisation"]
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    moments = [dt.datetime(2026, 12, 14, tzinfo=dt.timezone.utc) + dt.timedelta(minutes=30 * i) for i in range(1008)]
    checked = 0
    for region in org["regions"]:
        hours = staffed_hours(org, pb["on-call"]["health"]["working_hours"], region["id"])
        zone = "'" + region["time_zone"] + "'"
        got = [r[0] for r in con.execute(
            f"SELECT {after_hours_sql(pb, 'l', zone)} FROM (SELECT timezone({zone}, m) AS l FROM "
            "unnest(?::TIMESTAMPTZ[]) AS t(m))", [moments]).fetchall()]
        assert got == [not hours.is_staffed(m) for m in moments], region["id"]
        checked += sum(1 for m in moments if m.astimezone(hours.tz).date().isoformat() in hours.holidays)
    assert checked > 0  # the fortnight holds holidays of at least one region
