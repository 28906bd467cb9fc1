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
import re
from pathlib import Path

import duckdb

from click.testing import CliRunner

from operations_helpers import ROOT, run
from scripts.cli import cli
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


def test_an_update_list_value_that_is_no_date_leaves_its_row_out_by_row_and_id(in_cases: Path) -> None:
    result = run("outcomes", "outcomes-bad-update.csv", "--map", "escalation_id=id", "--as-of", "2026-11-30")
    assert result.exit_code == 0, result.output
    assert result.stdout.split("Rows left out\n")[1] == (
        "  outcomes-bad-update.csv row 4 (E3): column 'updates' (field updates) is a list with a value that is not a "
        "date and time (list them as ISO 8601, separated by ; or |); fix the values or the mapping\n")
    assert "soon" not in result.stdout


def _sample_exports(tmp_path: Path) -> tuple[Path, Path, Path, list[dict]]:
    """The seeded sample three ways: escalations with an updates export, and one file with the updates as a list
    column, its times shuffled and separated by ; or | with stray whitespace and blank pieces."""
    import random

    from macros.operations import sample

    pb, _ = load_playbook(ROOT)
    cadences = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"]["cadences"]}
    args = (pb["organisation"], cadences, list(pb.levels), list(pb.priorities))
    columns, tickets, event_columns, events = sample.escalations(*args)
    listed_columns, listed, _c, _e = sample.escalations(*args, list_column=True)
    rng = random.Random(5)
    for ticket in listed:
        times = [t for t in (ticket.get("Updates") or "").split("; ") if t]
        rng.shuffle(times)
        ticket["Updates"] = "".join(t + rng.choice(["; ", " | ", ";\t", "|", " ;  ; "]) for t in times)
    paths = tmp_path / "esc.csv", tmp_path / "upd.csv", tmp_path / "listed.csv"
    sample.write(paths[0], columns, tickets)
    sample.write(paths[1], event_columns, events)
    sample.write(paths[2], listed_columns, listed)
    return (*paths, listed)


def _compliance_by_month(stdout: str) -> dict[str, tuple]:
    months = json.loads(stdout)["months"]
    cells = {m["month"]: next(x for x in m["metrics"] if x["id"] == "update-compliance") for m in months}
    return {month: (c["measured"], c["within"], c["open"]) for month, c in cells.items() if c.get("measured")}


def test_update_compliance_equals_a_python_reference_from_both_update_sources(tmp_path: Path) -> None:
    """The SQL pipeline against the definition worked in Python with hours.py, per escalation and update, on the
    seeded sample; the updates export and the list column (shuffled, mixed separators) give the same figures."""
    from macros.operations.sample import priority_words
    from macros.units import duration_minutes, duration_unit

    esc, upd, listed, tickets = _sample_exports(tmp_path)
    from_export = run("outcomes", str(esc), "--updates", str(upd), "--as-of", "2026-11-30", "--format", "json")
    from_list = run("outcomes", str(listed), "--map", "updates=Updates", "--as-of", "2026-11-30", "--format", "json")
    assert from_export.exit_code == 0 and from_list.exit_code == 0, from_export.output + from_list.output

    pb, _ = load_playbook(ROOT)
    org = pb["organisation"]
    words = {w: p for p, w in priority_words(list(pb.priorities)).items()}
    coverage = {(t["id"], p): b["hours"] for t in org["tiers"] for b in t["coverage"] for p in b["priorities"]}
    every = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"]["cadences"]}
    stop = dt.datetime(2026, 12, 1, tzinfo=dt.timezone.utc)
    moment = lambda text: dt.datetime.fromisoformat(text.replace("Z", "+00:00")) if text else None  # noqa: E731
    want: dict[str, list[int]] = {}
    for t in tickets:
        pri, tier, region = words[t["Priority"]], t["Plan"], t["Region"] or None
        hours = staffed_hours(org, coverage[(tier, pri)], region)
        unit, amount = duration_unit(every[(pri, tier)])
        cadence = amount * hours.day_minutes if unit == "business_days" else duration_minutes(every[(pri, tier)])
        declared = moment(t["Created at"])
        anchor = moment(t["Acknowledged at"]) or declared
        finish = min(moment(t["Solved at"]) or stop, stop)
        sent = sorted(m for m in map(moment, re.split(r"\s*[;|]\s*", t["Updates"].strip())) if m and anchor <= m <= stop)
        counts = want.setdefault(declared.strftime("%Y-%m"), [0, 0, 0])
        judged = [(prev, upto, False) for prev, upto in zip([anchor] + sent, sent)]
        last = sent[-1] if sent else anchor
        judged += [(last, finish, True)] if finish > last else []  # the update due after the last one, unsent
        for prev, upto, missed in judged:
            on_time = hours.staffed_between(prev, upto).total_seconds() / 60 <= cadence
            if missed and on_time:
                continue  # a tail still inside its cadence is no update at all
            counts[0] += 1
            counts[1] += on_time
            counts[2] += missed
    expected = {m: tuple(c) for m, c in want.items() if c[0]}
    assert len(expected) >= 3 and sum(c[2] for c in expected.values()) > 0, expected
    assert _compliance_by_month(from_export.stdout) == expected
    assert _compliance_by_month(from_list.stdout) == expected


def test_each_compliance_metric_is_judged_against_its_own_target(in_cases: Path, tmp_path: Path) -> None:
    """The update pairs are judged once per report; a second compliance metric with another target gets the same
    figures and its own verdicts (a report made once per metric would give the same, slower)."""
    import shutil

    for folder in ("playbook", "schemas", "docs/data"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    metrics_file = tmp_path / "playbook" / "metrics.yml"
    text = metrics_file.read_text(encoding="utf-8")
    block = re.search(r"(?m)^  - id: (?P<id>[\w-]+)\n(?:    .*\n)*?    measure: \{update_compliance: true\}\n", text)
    assert block, "the example has an update-compliance metric"
    added = re.sub(r"target: \{above: \{percent: [\d.]+\}\}", "target: {above: {percent: 50}}",
                   block.group(0).replace(f"id: {block['id']}", "id: update-compliance-floor", 1)
                   .replace("name: ", "name: Floor of ", 1))
    metrics_file.write_text(text.replace(block.group(0), block.group(0) + added, 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(tmp_path), *ARGS, "--format", "json"], prog_name="playbook")
    assert result.exit_code == 0, result.output
    metrics = _metrics(json.loads(result.stdout))
    strict, floor = metrics[block["id"]], metrics["update-compliance-floor"]
    assert (strict["value"], strict["measured"], strict["within"], strict["verdict"]) == (62.5, 8, 5, "fail")
    assert (floor["value"], floor["measured"], floor["within"], floor["verdict"]) == (62.5, 8, 5, "pass")
    assert strict["by_priority"]["p2"]["verdict"] == "fail" and floor["by_priority"]["p2"]["verdict"] == "pass"
