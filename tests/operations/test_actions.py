"""`playbook actions` as a user runs it: known answers worked by hand, bad input, privacy, the sample."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from operations_helpers import ROOT, run
from macros.operations.sample import CUSTOMERS, PLANTED_ACTION, PLANTED_OVERDUE, actions, write

AS_OF = "2026-11-23"

# Worked by hand for 2026-11-23 (review.yml: due soon within 7 days; rules over 7, 14 (Director of
# Support) and 30 days (VP Customer Success, VP Engineering)):
#   A-1 due 11-09: 14 days overdue -> the 7-day rule only (14 is not MORE than 14)
#   A-2 due 11-16:  7 days overdue -> no rule (7 is not more than 7)
#   A-3 due 11-15:  8 days overdue -> the 7-day rule
#   A-4 due 11-30:  due in 7 days -> due soon (the last day of the window); A-5 in 14 days: neither
#   A-6 due 12-08: neither; A-7 done: neither
#   A-8 due 10-30: 24 days overdue -> the 14-day rule: escalated to the Director of Support
KNOWN = """\
Action tracker: actions-known.csv (preset jira-actions), as of 2026-11-23
8 actions from 4 escalations: 7 open, 1 done; 4 overdue, 1 escalated to leadership, 1 due within 7 days

Escalated to leadership (tell them now)
  A-8  24 days overdue (due 2026-10-30)  owner Dee Roy  escalation ESC-4  -> Director of Support

Overdue
  A-8  24 days overdue (due 2026-10-30)  owner Dee Roy  escalation ESC-4  rule: over 14 days
  A-1  14 days overdue (due 2026-11-09)  owner Ana Diaz  escalation ESC-1  rule: over 7 days
  A-3  8 days overdue (due 2026-11-15)  owner Ana Diaz  escalation ESC-2  rule: over 7 days
  A-2  7 days overdue (due 2026-11-16)  owner Ben Ode  escalation ESC-1

Due within 7 days
  A-4  due 2026-11-30  owner Cy Lam  escalation ESC-3

Open actions by owner
  Ana Diaz: 2 open, 0 due soon, 2 overdue, 0 escalated
  Ben Ode: 1 open, 0 due soon, 1 overdue, 0 escalated
  Dee Roy: 1 open, 0 due soon, 1 overdue, 1 escalated
  Cy Lam: 3 open, 1 due soon, 0 overdue, 0 escalated

Open actions by escalation
  ESC-1: 2 open of 2, 2 overdue
  ESC-4: 1 open of 2, 1 overdue
  ESC-2: 1 open of 1, 1 overdue
  ESC-3: 3 open of 3, 0 overdue

Prevent-repeat score per month (out of 10)
  2026-11: n/a mean, lowest n/a, 0 of 1 escalations scored
  2026-10: 7.0 mean, lowest 6.0, 2 of 2 escalations scored
  2026-09: 4.0 mean, lowest 4.0, 1 of 1 escalations scored
"""


def test_known_answers_worked_by_hand(in_cases: Path) -> None:
    result = run("actions", "actions-known.csv", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert result.stdout == KNOWN


def test_fail_on_escalations_exits_1_only_past_a_leadership_threshold(in_cases: Path) -> None:
    assert run("actions", "actions-known.csv", "--as-of", AS_OF, "--fail-on-escalations").exit_code == 1
    # a day before A-8 crosses 14 days (2026-11-13: 14 days overdue), nothing is escalated
    result = run("actions", "actions-known.csv", "--as-of", "2026-11-13", "--fail-on-escalations", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["actions"]["escalated"] == 0


def test_json_lists_who_must_hear(in_cases: Path) -> None:
    data = json.loads(run("actions", "actions-known.csv", "--as-of", AS_OF, "--format", "json").stdout)
    assert data["escalated"] == [{"id": "A-8", "escalation": "ESC-4", "owner": "Dee Roy", "created": "2026-09-21",
                                  "due": "2026-10-30", "days_overdue": 24, "rule": "14 days",
                                  "escalate_to": ["Director of Support"]}]
    assert data["actions"] == {"total": 8, "counted": 8, "excluded": 0, "open": 7, "done": 1, "overdue": 4,
                               "escalated": 1, "due_soon": 1}


def test_rows_that_do_not_convert_are_named_by_row_and_id_never_content(in_cases: Path) -> None:
    result = run("actions", "actions-bad-values.csv", "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    assert "4 rows left out because a value is empty or does not convert" in result.stdout
    tail = result.stdout.split("Rows left out\n")[1]
    assert tail == (
        "  actions-bad-values.csv row 3 (B-2): column 'Due date' (field due_at) is not a date and time "
        "(written as %d/%b/%y %I:%M %p, or ISO 8601 such as 2026-07-14 09:31:07); fix the values or the mapping\n"
        "  actions-bad-values.csv row 4 (B-3): column 'Status' (field status) is not one of: To Do, Open, In Progress, "
        "In Review, Blocked, Reopened, Backlog, Selected for Development, Done, Closed, Resolved, Won't Do, "
        "Cancelled; fix the values or the mapping\n"
        "  actions-bad-values.csv row 5 (B-4): column 'Assignee' (field owner) is empty; fix the values or the mapping\n"
        "  actions-bad-values.csv row 6 (B-5): column 'Custom field (Prevent-repeat score)' (field score) is outside "
        "0 to 10, the rubric's maximum; fix the values or the mapping\n")
    assert "next week" not in result.stdout and "Parked" not in result.stdout.split("Rows left out")[0]


def test_a_missing_column_stops_with_the_mapping_key_to_add(in_cases: Path) -> None:
    result = run("actions", "actions-no-due.csv")
    assert result.exit_code == 2
    assert result.stderr == (
        "actions-no-due.csv: no column 'Due date' for due_at (Due date), which the jira-actions preset reads it from; "
        "add `due_at: COLUMN` under columns: in a mapping file (--mapping) or pass --map due_at=COLUMN\n")


def test_a_bad_mapping_file_is_reported_at_file_line_column(in_cases: Path) -> None:
    result = run("actions", "actions-known.csv", "--mapping", "actions-bad.mapping.yml")
    assert result.exit_code == 2
    assert result.stderr == (
        "actions-bad.mapping.yml:3:35: columns.owner.unit: 'unit' applies only to duration fields; 'owner' is string "
        "[mapping]\n"
        "actions-bad.mapping.yml:4:3: columns.deadline: unknown field 'deadline'; use one of the actions fields: "
        "action_id, escalation_id, owner, status, created_at, due_at, score [mapping]\n")


@pytest.mark.parametrize("args, says", [
    (["missing.csv"], "missing.csv: no such file; check the path\n"),
    (["actions-known.csv", "--as-of", "30/11/2026"], "--as-of 30/11/2026: not a date; write YYYY-MM-DD\n"),
    (["actions-known.csv", "--agenda", "2026-13"], "--agenda 2026-13: not a month; write YYYY-MM, e.g. 2026-11\n"),
    (["actions-known.csv", "--preset", "pagerduty-incidents"],
     "--preset pagerduty-incidents: not a preset for actions; use one of: jira-actions\n"),
])
def test_usage_errors_exit_2(in_cases: Path, args: list[str], says: str) -> None:
    result = run("actions", *args)
    assert result.exit_code == 2
    assert result.stderr == says


def test_the_agenda_follows_review_yml_and_fills_overdue_actions(in_cases: Path) -> None:
    result = run("actions", "actions-known.csv", "--as-of", AS_OF, "--agenda", "2026-11")
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert text.startswith("# Monthly escalation review: 2026-11\n")
    assert "## 4. Overdue preventive actions (15 minutes)\n\n| Action | Days overdue | Owner | Escalation | Escalated to |" \
        in text
    # escalated actions first, then by days overdue
    assert text.index("A\\-8") < text.index("A\\-1") < text.index("A\\-3") < text.index("A\\-2")
    assert "| ESC\\-3 | 3 | 3 | 0 | n/a |" in text  # the escalation reviewed in November
    assert "## 5. Proposed playbook changes (10 minutes)\n\n- _Notes:_" in text


def test_pseudonymise_hides_owners_and_customers_never_appear(in_cases: Path) -> None:
    for fmt in ("text", "markdown", "json"):
        out = run("actions", "actions-known.csv", "--as-of", AS_OF, "--format", fmt, "--pseudonymise").stdout
        for name in ("Ana Diaz", "Ben Ode", "Cy Lam", "Dee Roy", "Northgate"):
            assert name not in out
        assert "person-" in out or "person\\-" in out
    first = run("actions", "actions-known.csv", "--as-of", AS_OF, "--pseudonymise").stdout
    assert first == run("actions", "actions-known.csv", "--as-of", AS_OF, "--pseudonymise").stdout


def test_the_sample_plants_one_action_twenty_days_overdue(tmp_path: Path) -> None:
    path = tmp_path / "actions.csv"
    write(path, *actions())
    assert path.read_bytes() == (ROOT / "docs/data/sample-actions.csv").read_bytes()  # the committed sample is current
    data = json.loads(run("actions", str(path), "--as-of", "2026-11-30", "--format", "json").stdout)
    assert [(a["id"], a["days_overdue"]) for a in data["escalated"]] == [(PLANTED_ACTION, PLANTED_OVERDUE)]
    for fmt in ("text", "markdown", "json"):
        out = run("actions", str(path), "--as-of", "2026-11-30", "--format", fmt).stdout
        assert not any(c in out for c in CUSTOMERS)


def test_parquet_and_jsonl_give_the_same_report(tmp_path: Path) -> None:
    columns, rows = actions()
    outputs = []
    for name in ("a.csv", "a.jsonl", "a.parquet"):
        write(tmp_path / name, columns, rows)
        result = run("actions", str(tmp_path / name), "--as-of", "2026-11-30", "--format", "json")
        assert result.exit_code == 0, result.output
        data = json.loads(result.stdout)
        del data["export"]
        outputs.append(data)
    assert outputs[0] == outputs[1] == outputs[2]


def test_the_agenda_fills_metric_verdicts_and_repeats_from_an_escalation_export() -> None:
    result = run("actions", str(ROOT / "docs/data/sample-actions.csv"), "--as-of", "2026-10-31", "--agenda", "2026-10",
                 "--escalations", str(ROOT / "docs/data/sample-escalations.csv"),
                 "--escalation-updates", str(ROOT / "docs/data/sample-updates.csv"))
    assert result.exit_code == 0, result.output
    verdicts = result.stdout.split("## 2. ")[1].split("## 3. ")[0]
    assert "| Update compliance | 87\\.8 % | above 95 % | fail |" in verdicts  # the sample's planted late month
    assert "escalations declared in 2026-10: level\\-1" in result.stdout
    assert not any(c in result.stdout for c in CUSTOMERS)
