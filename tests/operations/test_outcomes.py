"""`playbook outcomes`: every metric worked by hand on a five-escalation export, and the sample's planted month.

outcomes-known.csv, period ending 2026-12-01 00:00 UTC (--as-of 2026-11-30); europe is Europe/London
(GMT in November), business hours Monday to Friday 08:00-18:00:

- Time to acknowledge (P1 only, p90): E1 5, E2 10, E3 20 min; E5 (P1, still open, declared 23:00)
  counts with 60 elapsed minutes, past the target. p90 of [5, 10, 20, 60] = 20 + 0.7 x 40 = 48.
  Within 15: E1, E2 -> 2 of 4. Fail.
- Time to engage an SME (p90): P1 [20, 40, 25] and E5 60 (open) -> 40 + 0.7 x 20 = 54; E4 was resolved
  without an SME and is not counted. Within 30: 20, 25 -> 2 of 4. Fail.
- Update compliance: E1 (P1 enterprise, 24/7, every 45 min from the acknowledgement at 10:05):
  10:50 is exactly on time, 11:36 one minute late. E2 10:55 on time. E3 (P1 business: business hours,
  every 60 staffed min from 10:20): 11:20 on time. E4 (P2 business, every 240 staffed min, acknowledged
  Friday 17:30): Monday 10:30 is 30 + 150 = 180 staffed min later, on time across the weekend; 13:31 is
  181 min later, on time; then nothing until resolution Tuesday 09:00, 269 + 60 staffed min: one missed.
  E5 (open, no acknowledgement): 60 min from 23:00 to the period's end passes 45: one missed.
  On time 5 of 8 = 62.5 %. Fail.
- Repeat escalation rate: E2 repeats E1 (Acme Corp, database, a day apart), E4 repeats E3 (Bolt Ltd,
  network): 2 of 5 = 40 %. Fail.
"""
from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb

from operations_helpers import ROOT, run
from macros.hours import staffed_hours
from macros.operations.sample import CUSTOMERS, LATE_MONTH
from macros.operations.staffed import calendar, day_of, load_windows, staffed_sql
from macros.playbook import load_playbook

ARGS = ["outcomes", "outcomes-known.csv", "--map", "escalation_id=id", "--as-of", "2026-11-30"]


def _metrics(data: dict) -> dict[str, dict]:
    return {m["id"]: m for m in data["months"][0]["metrics"]}


def test_every_metric_worked_by_hand(in_cases: Path) -> None:
    result = run(*ARGS, "--format", "json")
    assert result.exit_code == 0, result.output
    metrics = _metrics(json.loads(result.stdout))
    ack, sme = metrics["time-to-acknowledge"], metrics["time-to-sme"]
    assert (round(ack["value"], 3), ack["measured"], ack["within"], ack["open"], ack["verdict"]) == (48, 4, 2, 1, "fail")
    assert list(ack["by_priority"]) == ["p1"]
    assert (round(sme["value"], 3), sme["measured"], sme["within"], sme["open"], sme["verdict"]) == (54, 4, 2, 1, "fail")
    comp = metrics["update-compliance"]
    assert (comp["value"], comp["measured"], comp["within"], comp["open"], comp["verdict"]) == (62.5, 8, 5, 2, "fail")
    assert comp["by_priority"]["p2"] == {"value": 66.667, "measured": 3, "within": 2, "open": 1, "verdict": "fail"}
    rep = metrics["repeat-escalation-rate"]
    assert (rep["value"], rep["measured"], rep["verdict"]) == (40.0, 5, "fail")


def test_exactly_on_time_passes_and_one_minute_late_fails(in_cases: Path, tmp_path: Path) -> None:
    """E1 alone: the update at exactly 45 minutes is on time, the one 46 minutes later is not."""
    lines = (in_cases / "outcomes-known.csv").read_text().splitlines()
    one = tmp_path / "one.csv"
    one.write_text("\n".join(lines[:2]) + "\n")
    comp = _metrics(json.loads(run("outcomes", str(one), "--map", "escalation_id=id", "--as-of", "2026-11-30",
                                   "--format", "json").stdout))["update-compliance"]
    assert (comp["within"], comp["measured"], comp["open"]) == (1, 2, 0)


def test_text_report_and_owners(in_cases: Path) -> None:
    out = run(*ARGS).stdout
    assert out.splitlines()[0] == ("Outcome metrics: outcomes-known.csv (columns named as the fields), "
                                   "period ending 2026-12-01 00:00 UTC")
    assert "  FAIL  Update compliance: 62.5 %, 5 of 8 on time (2 missed)  (target above 95 %)" in out
    assert ("  Ben Ode: 2 escalations; Time to acknowledge (P1): p90 10.0 min, 1 of 1 within; "
            "Update compliance: 75.0 %, 3 of 4 on time (1 missed)") in out
    assert "Acme" not in out and "Bolt" not in out


def test_staffed_minutes_in_sql_equal_hours_py() -> None:
    """The days-table arithmetic against StaffedHours.staffed_between on shared moments (DST, weekend, holiday)."""
    pb, _ = load_playbook(ROOT)
    org = pb["organisation"]
    moments = [dt.datetime(2026, 10, 23, 17, 30, tzinfo=dt.timezone.utc), dt.datetime(2026, 10, 26, 9, 0, tzinfo=dt.timezone.utc),
               dt.datetime(2026, 11, 6, 17, 30, tzinfo=dt.timezone.utc), dt.datetime(2026, 11, 9, 10, 30, tzinfo=dt.timezone.utc),
               dt.datetime(2026, 11, 25, 20, 0, tzinfo=dt.timezone.utc), dt.datetime(2026, 11, 27, 14, 0, tzinfo=dt.timezone.utc),
               dt.datetime(2026, 12, 24, 12, 0, tzinfo=dt.timezone.utc), dt.datetime(2026, 12, 29, 3, 0, tzinfo=dt.timezone.utc)]
    pairs = [(a, b) for a in moments for b in moments if b >= a]
    for region in [r["id"] for r in org["regions"]]:
        cal = calendar(org, "business-hours", region)
        hours = staffed_hours(org, "business-hours", region)
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        load_windows(con, org, [cal], moments[0], moments[-1])
        con.execute("CREATE TABLE p (a TIMESTAMPTZ, b TIMESTAMPTZ, key VARCHAR)")
        con.executemany("INSERT INTO p VALUES (?, ?, ?)", [(a, b, cal.key) for a, b in pairs])
        got = con.execute(f"SELECT {staffed_sql('p.b', 'db')} - {staffed_sql('p.a', 'da')} FROM p "
                          f"JOIN staffed_days db ON p.key = db.key AND db.day = {day_of('p.b')} "
                          f"JOIN staffed_days da ON p.key = da.key AND da.day = {day_of('p.a')} "
                          "ORDER BY p.a, p.b").fetchall()
        want = [hours.staffed_between(a, b).total_seconds() / 60 for a, b in sorted(pairs)]
        assert [round(g[0], 6) for g in got] == [round(w, 6) for w in want], region


def test_the_sample_plants_a_month_under_the_compliance_target() -> None:
    result = run("outcomes", str(ROOT / "docs/data/sample-escalations.csv"), "--updates",
                 str(ROOT / "docs/data/sample-updates.csv"), "--as-of", "2026-11-30", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    verdicts = {m["month"]: _verdict(m, "update-compliance") for m in data["months"]}
    assert verdicts[LATE_MONTH] == "fail"
    assert [v for month, v in verdicts.items() if month != LATE_MONTH] == ["pass", "pass"]
    for fmt in ("text", "markdown", "json"):
        out = run("outcomes", str(ROOT / "docs/data/sample-escalations.csv"), "--updates",
                  str(ROOT / "docs/data/sample-updates.csv"), "--as-of", "2026-11-30", "--format", fmt).stdout
        assert not any(c in out for c in CUSTOMERS)


def _verdict(month: dict, metric: str) -> str:
    return next(m["verdict"] for m in month["metrics"] if m["id"] == metric)


def test_a_missing_required_column_names_the_mapping_key(in_cases: Path) -> None:
    result = run("outcomes", "outcomes-known.csv")
    assert result.exit_code == 2
    assert result.stderr == ("outcomes-known.csv: no column for escalation_id (Escalation id), which the outcomes "
                             "report needs; add `escalation_id: COLUMN` under columns: "
                             "in the mapping file (--mapping) or pass --map escalation_id=COLUMN\n")


def test_svg_chart_has_a_target_line_per_metric(in_cases: Path, tmp_path: Path) -> None:
    svg = tmp_path / "o.svg"
    assert run(*ARGS, "--svg", str(svg)).exit_code == 0
    text = svg.read_text()
    assert text.startswith("<svg ") and text.count('stroke-dasharray="5 4"') == 4 and "\n\n" not in text
    assert "target below 15 minutes" in text


def test_pages_per_engineer_come_from_the_paging_export(in_cases: Path) -> None:
    """metrics.yml on-call-pages measures pages_per_engineer on the rotations whose role is engineering-on-call:
    engineering-primary and engineering-secondary, 8 members each = 16 engineers. pages-known.csv holds 7 pages on
    them (P1-P7; P8 and P10 are the support duty lead's, P9's rotation is unknown and left out), all in 2026-11.
    The paging export's span runs from its first page's day (2026-11-16) to the period's end (--as-of 2026-11-30):
    15 days = 15/7 weeks. 7 pages / 16 engineers / (15/7) weeks = 49/240 = 0.204 pages per engineer per week,
    below the target of 6 per week: pass. Without --pages the metric is not measured, and the report says why."""
    args = ("outcomes", "outcomes-known.csv", "--map", "escalation_id=id", "--as-of", "2026-11-30")
    result = run(*args, "--pages", "pages-known.csv", "--format", "json")
    assert result.exit_code == 0, result.output
    month = json.loads(result.stdout)["months"][0]
    pages = next(m for m in month["metrics"] if m["id"] == "on-call-pages")
    assert (pages["value"], pages["measured"], pages["within"], pages["verdict"]) == (0.204, 7, 16, "pass")
    text = run(*args, "--pages", "pages-known.csv").stdout
    assert "PASS  On-call pages per engineer: 0.20 pages per engineer per week, 7 pages, 16 engineers" in text
    assert ("pages-known.csv row 10 (P9): column 'escalation_policy_name' (field rotation) is not a rotation id or "
            "name of on-call.yml; fix the values or the mapping") in text
    without = run(*args).stdout
    assert ("On-call pages per engineer: not measured (pages come from the paging export: give --pages EXPORT "
            "(as for playbook oncall-health))") in without
