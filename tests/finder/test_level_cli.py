"""`playbook level`: the level a ticket is at and what to do first, from --set values or a ticket file.
Bad input is a usage error (exit 2) with a message that names the field and what fits."""
from __future__ import annotations

import json
import pathlib

import pytest

HERE = pathlib.Path(__file__).parent
REPO = HERE.parents[1]
BAD_TICKETS = sorted((HERE / "tickets").glob("bad-*"))
FIELDS = ("ticket_id, created_at, priority, tier, production_impact, customers_affected, workaround_available, "
          "time_without_workaround, data_integrity_risk, security_indicators, regulatory_or_safety, disputed_amount, "
          "arr, termination_notice, escalation_requested, public_complaint, complainant_type, legal_threat")


def level_json(run_cli, *args: str) -> dict:
    result = run_cli("--root", str(REPO), "level", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("settings, level, criteria", [
    ([], None, []),
    (["priority=p1", "customers_affected=3"], "level-3", ["level-3/multi-customer-p1"]),
    (["priority=p1", "customers_affected=1"], "level-2", ["level-2/single-customer-p1"]),
    (["priority=P2", "production_impact=yes"], "level-1", ["level-1/p2-production"]),
    (["priority=p2", "tier=enterprise", "production_impact=true", "customers_affected=1",
      "workaround_available=no", "time_without_workaround=2h"], "level-2",
     ["level-1/p2-production", "level-2/enterprise-p2-no-workaround"]),
    (["priority=p2", "tier=enterprise", "production_impact=true", "customers_affected=1",
      "workaround_available=no", "time_without_workaround=119min"], "level-1", ["level-1/p2-production"]),
    (["disputed_amount=1000"], None, []),
    (["disputed_amount=$1,000.01"], "level-1", ["level-1/billing-dispute"]),
    (["arr=250000", "termination_notice=30 days"], "level-4", ["level-4/churn-threat"]),
    (["arr=250000", "termination_notice=PT721H"], None, []),
    (["arr=50000", "termination_notice=1d"], None, []),
    (["escalation_requested=y", "arr=10000 USD"], "level-1", ["level-1/requested-escalation"]),
    (["public_complaint=yes", "complainant_type=Journalist", "legal_threat=1"], "level-4",
     ["level-4/public-complaint", "level-4/legal-threat"]),
    (["priority=p1", "customers_affected=", "security_indicators=no"], None, []),
])
def test_the_highest_level_met_and_every_criterion(run_cli, settings: list[str], level: str | None,
                                                    criteria: list[str]) -> None:
    found = level_json(run_cli, *[a for s in settings for a in ("--set", s)])
    assert (found["level"], found["criteria"]) == (level, criteria)


def test_json_carries_the_next_steps_of_the_level(run_cli) -> None:
    found = level_json(run_cli, "--set", "priority=p1", "--set", "customers_affected=2", "--set", "tier=business")
    assert found["owner"]["role"] == "incident-commander"
    assert found["owner"]["contact"]["paging"]["link"].startswith("https://")
    assert [p["rotation"] for p in found["page"]][:1] == ["engineering-primary"]
    assert found["acknowledge_within_minutes"] == 15
    assert [t["id"] for t in found["templates"]] == ["acknowledgement", "war-room-brief"]
    assert found["customer_update"]["every"] == "60 minutes"
    assert "take the higher level" in found["when_unsure"]


def test_text_names_the_level_the_criteria_and_what_to_send(run_cli) -> None:
    result = run_cli("--root", str(REPO), "level", "--set", "legal_threat=yes")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "Level 4: Executive escalation"
    assert "  - Level 4: A legal threat. (level-4/legal-threat)" in lines
    assert "Acknowledge within: 15 minutes" in lines
    assert "Send first (First 15 minutes): Customer acknowledgement, War-room 4-line brief" in lines
    assert "Customer update every: set the ticket's priority and tier to see the cadence" in lines


def test_no_level_says_what_that_means_and_exits_0(run_cli) -> None:
    result = run_cli("--root", str(REPO), "level", "--set", "priority=p4")
    assert result.exit_code == 0
    assert result.stdout.startswith("No escalation level is met: handle the ticket in the normal support queue")
    assert level_json(run_cli, "--set", "priority=p4")["level"] is None


@pytest.mark.parametrize("setting, message", [
    ("arrr=1", f"--set arrr=1: unknown ticket field 'arrr' (did you mean 'arr'?); fields: {FIELDS}"),
    ("priority=pp1", "--set priority=pp1: enum field 'priority' takes one of: p1, p2, p3, p4; 'pp1' is not one "
                    "(did you mean 'p1'?)"),
    ("customers_affected=2.5", "--set customers_affected=2.5: integer field 'customers_affected' takes a whole "
                               "number; '2.5' is not one"),
    ("time_without_workaround=40 fortnights", "--set time_without_workaround=40 fortnights: duration field "
     "'time_without_workaround' takes a duration, such as 40min, 2h, 3 days, 1:30 or PT2H (a plain number counts "
     "minutes); '40 fortnights' is not one"),
    ("time_without_workaround=-5min", "--set time_without_workaround=-5min: duration field 'time_without_workaround' "
     "takes a duration, such as 40min, 2h, 3 days, 1:30 or PT2H (a plain number counts minutes); '-5min' is not one"),
    ("created_at=yesterday", "--set created_at=yesterday: timestamp field 'created_at' takes an ISO 8601 date and "
                             "time, such as 2026-01-17T09:00:00Z; 'yesterday' is not one"),
    ("priority", "--set priority: write FIELD=VALUE, for example --set ticket_id=value"),
])
def test_a_bad_setting_is_a_usage_error_naming_what_fits(run_cli, setting: str, message: str) -> None:
    result = run_cli("--root", str(REPO), "level", "--set", setting)
    assert result.exit_code == 2
    assert result.stderr == f"Error: {message}\n"
    assert result.stdout == ""


@pytest.mark.parametrize("path", BAD_TICKETS, ids=lambda p: p.stem)
def test_a_bad_ticket_file_names_file_line_and_column(run_cli, monkeypatch: pytest.MonkeyPatch,
                                                      path: pathlib.Path) -> None:
    monkeypatch.chdir(HERE)
    expected = path.read_text(encoding="utf-8").splitlines()[0].removeprefix("# expected: ")
    result = run_cli("--root", str(REPO), "level", "--ticket", f"tickets/{path.name}")
    assert (result.exit_code, result.stderr) == (2, f"Error: {expected}\n")


def test_ticket_files_in_yaml_and_json_with_set_on_top(run_cli) -> None:
    found = level_json(run_cli, "--ticket", str(HERE / "tickets" / "good-major.yml"))
    assert found["level"] == "level-3" and found["customer_update"]["label"] == "P1, Enterprise"
    found = level_json(run_cli, "--ticket", str(HERE / "tickets" / "good-dispute.json"))
    assert found["criteria"] == ["level-1/billing-dispute", "level-2/large-dispute"]
    found = level_json(run_cli, "--ticket", str(HERE / "tickets" / "good-dispute.json"), "--set", "disputed_amount=")
    assert found["level"] is None


def test_a_missing_ticket_file_is_a_usage_error(run_cli, tmp_path: pathlib.Path) -> None:
    result = run_cli("--root", str(REPO), "level", "--ticket", str(tmp_path / "nope.yml"))
    assert result.exit_code == 2 and "cannot read the ticket" in result.stderr


def test_level_does_not_build_the_site(project: pathlib.Path, run_cli) -> None:
    result = run_cli("level", "--set", "security_indicators=yes")
    assert result.exit_code == 0 and result.stdout.startswith("Level 3: ")
    assert sorted(p.name for p in project.iterdir()) == ["docs", "playbook", "schemas"]  # docs/data: the copied exports


def test_a_broken_playbook_exits_1_with_its_problems(project: pathlib.Path, run_cli) -> None:
    levels = project / "playbook" / "levels.yml"
    levels.write_text(levels.read_text(encoding="utf-8").replace("owner: incident-commander", "owner: nobody"),
                      encoding="utf-8")
    result = run_cli("level", "--set", "legal_threat=yes")
    assert result.exit_code == 1
    assert "unknown role 'nobody'" in result.stderr and result.stdout == ""


@pytest.mark.parametrize("settings, message", [
    (("arr=-1",), "--set arr=-1: money field 'arr': plausible values are at least $0 (its range in "
                  "ticket-fields.yml); '-1' is outside them"),
    (("customers_affected=0",), "--set customers_affected=0: integer field 'customers_affected': plausible values are "
                                "from 1 to 1,000,000 (its range in ticket-fields.yml); '0' is outside them"),
    (("time_without_workaround=400d",), "--set time_without_workaround=400d: duration field 'time_without_workaround': "
     "plausible values are from 0 minutes to 365 days (its range in ticket-fields.yml); '400d' is outside them"),
    (("priority=p1", "priority=p2"), "--set priority=p2: field 'priority' is set twice; give each field once"),
])
def test_a_value_outside_the_catalogue_range_or_given_twice_is_a_usage_error(run_cli, settings, message) -> None:
    result = run_cli("--root", str(REPO), "level", *[a for s in settings for a in ("--set", s)])
    assert (result.exit_code, result.stderr, result.stdout) == (2, f"Error: {message}\n", "")
