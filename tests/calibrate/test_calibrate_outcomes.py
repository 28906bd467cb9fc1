"""What a support-operations lead acts on: advice per band from its own criteria, every format saying
what it leaves out, "would land at" against what really happened, example ids, weekly staffing."""
from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from calibrate_helpers import ROOT, SAMPLE, SAMPLE_MAPPING, plan_of
from macros.calibrate.mapping import ColumnSpec
from macros.calibrate.page import calibration_page
from macros.calibrate.plan import Band
from macros.calibrate.render import json_report, markdown_report, md, text_report
from macros.calibrate.run import Options, calibrate, calibrate_plan
from macros.calibrate.svg import calibration_svg
from macros.playbook import load_playbook

LEVELS = [[("vip", {"field": "vip", "op": "is", "value": True})],
          [("p1", {"field": "priority", "op": "is", "value": "p1"})],
          [("big", {"field": "accounts", "op": "at_least", "value": 10})]]
# id, created (a Monday 2026-01-05 onwards), vip, priority, accounts, actual level, escalated
TICKETS = [
    ("T01", "2026-01-05T09:00:00Z", "no", "p3", "", "", "no"),           # none, none
    ("T02", "2026-01-05T10:00:00Z", "yes", "p3", "", "L1", "yes"),        # level-1, level-1
    ("T03", "2026-01-06T10:00:00Z", "yes", "p3", "", "", "no"),           # level-1, none: under
    ("T04", "2026-01-06T11:00:00Z", "no", "p1", "", "1", "yes"),          # level-2, level-1: under
    ("T05", "2026-01-07T11:00:00Z", "no", "p1", "12", "L3", "yes"),       # level-3, level-3
    ("T06", "2026-01-12T11:00:00Z", "no", "p1", "12", "level 3", "yes"),  # level-3 by its name
    ("T07", "2026-01-13T11:00:00Z", "no", "p4", "", "L2", "yes"),         # none, level-2: over
    ("T08", "2026-01-13T12:00:00Z", "no", "p1", "", "L2", "yes"),         # level-2, level-2
    ("T09", "2026-01-14T12:00:00Z", "no", "p1", "", "", "no"),            # level-2, none: under
    ("T10", "2026-01-19T12:00:00Z", "no", "p1", "", "L2", "yes"),         # level-2, level-2 (week 3)
    ("T11", "2026-01-25T12:00:00Z", "no", "p4", "", "", "no"),            # none, none (Sunday ends week 3)
]
MAPPING = {"opened": ColumnSpec("opened", "opened", "test"), "ticket_id": ColumnSpec("ticket_id", "id", "test")}


def write(path: Path) -> Path:
    rows = ["id,opened,vip,priority,accounts,level,escalated"] + [",".join(t) for t in TICKETS]
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return path


def plan(**changes):  # noqa: ANN003, ANN201
    base = plan_of(LEVELS, (Band("b1", "Escalate", "level-1", 10, 20), Band("b3", "Reach Level 3", "level-3", 30, 40)))
    return replace(base, **changes)


def test_would_land_at_against_the_level_really_given(tmp_path: Path) -> None:
    mapping = MAPPING | {"actual_level": ColumnSpec("actual_level", "level", "test",
                                                    values=(("L1", "level-1"), ("L2", "level-2"), ("L3", "level-3")))}
    report = calibrate_plan(plan(), write(tmp_path / "t.csv"), mapping, Options(examples=2))
    o = report.outcomes
    assert o is not None and (o.kind, o.column) == ("level", "level")
    assert o.rows == o.columns == ("none", "level-1", "level-2", "level-3")
    assert o.matrix == ((2, 0, 1, 0), (1, 1, 0, 0), (1, 1, 2, 0), (0, 0, 0, 2))
    assert [(c.would, c.actual, c.tickets, c.examples) for c in o.under] == [
        ("level-1", "none", 1, ("T03",)), ("level-2", "level-1", 1, ("T04",)), ("level-2", "none", 1, ("T09",))]
    assert [(c.would, c.actual, c.tickets, c.examples) for c in o.over] == [("none", "level-2", 1, ("T07",))]
    assert [(c.criterion, c.matches, c.escalated, c.reached) for c in o.criteria] == [
        ("level-1/vip", 2, 1, 1), ("level-2/p1", 6, 5, 4), ("level-3/big", 2, 2, 2)]
    text = text_report(report)
    assert "  level-2        not escalated        1  9.09 %  T09" in text
    assert "  level-2/p1         6   5 (83.3 %)              4 (66.7 %)" in text


def test_escalated_yes_or_no(tmp_path: Path) -> None:
    mapping = MAPPING | {"escalated": ColumnSpec("escalated", "escalated", "test")}
    o = calibrate_plan(plan(), write(tmp_path / "t.csv"), mapping).outcomes
    assert o is not None and o.columns == ("none", "escalated")
    assert o.matrix == ((2, 1), (1, 1), (1, 3), (0, 2))
    assert [(c.would, c.tickets) for c in o.under] == [("level-1", 1), ("level-2", 1)]
    assert [(c.would, c.tickets) for c in o.over] == [("none", 1)]
    assert [(c.criterion, c.escalated, c.reached) for c in o.criteria] == [
        ("level-1/vip", 1, None), ("level-2/p1", 5, None), ("level-3/big", 2, None)]


def test_staffing_counts_complete_weeks_against_capacity(tmp_path: Path) -> None:
    report = calibrate_plan(plan(capacity={"level-2": (1.0, "week"), "level-3": (2.0, "month")}),
                            write(tmp_path / "t.csv"), MAPPING)
    level2, level3 = report.staffing
    assert (level2.level, level2.weeks, level2.median, level2.peak, level2.peak_week, level2.over, level2.verdict) == (
        "level-2", 3, 1, 2, "2026-W03", ("2026-W03",), "over in some weeks")
    assert (level3.capacity, level3.over, level3.verdict) == (2 * 12 / 52, ("2026-W02", "2026-W03"),
                                                                "over in most weeks")
    assert "  level-2  1 per week             1       1.8  2 (2026-W03)  1 of 3" in text_report(report)


def test_examples_are_ids_per_criterion_and_overlap(tmp_path: Path) -> None:
    report = calibrate_plan(plan(), write(tmp_path / "t.csv"), MAPPING, Options(examples=2))
    assert [(c.id, c.examples) for c in report.criteria] == [("vip", ("T02", "T03")), ("p1", ("T04", "T05")),
                                                             ("big", ("T05", "T06"))]
    assert [(o.first, o.second, o.examples) for o in report.overlaps] == [("level-2/p1", "level-3/big", ("T05", "T06"))]
    assert json.loads(json_report(report))["criteria"][0]["examples"] == ["T02", "T03"]
    assert "examples" not in json.loads(json_report(calibrate_plan(plan(), tmp_path / "t.csv", MAPPING)))["criteria"][0]


def test_advice_for_a_band_names_only_the_criteria_of_its_levels(tmp_path: Path) -> None:
    """Both bands below: the Level 3 band's advice names no Level 1 or 2 criterion, nor their empty fields."""
    below = plan(bands=(Band("b1", "Escalate", "level-1", 90, 95), Band("b3", "Reach Level 3", "level-3", 50, 60)))
    report = calibrate_plan(below, write(tmp_path / "t.csv"), MAPPING)
    text = text_report(report)
    level3 = text[text.index("Reach Level 3 is below"):text.index("\nLevels\n")]
    assert level3.splitlines() == [
        "Reach Level 3 is below its target by 31.82 points: at least 4 tickets too few. Its criteria that match "
        "fewest tickets:",
        "    - level-3/big: 2 tickets",
        "    - field accounts (column 'accounts') is empty on 81.82 % of tickets, and a condition on an empty field "
        "is false (level-3/big)"]
    escalate = text[text.index("Escalate is below"):text.index("Reach Level 3 is below")]
    assert "field vip" not in escalate or "level-1/vip" in escalate


def test_every_format_says_what_it_leaves_out() -> None:
    report = calibrate(load_playbook(ROOT)[0], SAMPLE, Options(mapping_file=SAMPLE_MAPPING))
    assert len(report.overlaps) == 12
    said = "and 2 more pairs with fewer tickets, not shown here (playbook calibrate --format json lists every pair)"
    assert said in text_report(report)
    assert md(said) in markdown_report(report)
    assert len(json.loads(json_report(report))["overlaps"]) == 12
    page = calibration_page(load_playbook(ROOT)[0], SAMPLE, SAMPLE_MAPPING)
    assert md(said) in page


def test_would_land_at_replaces_assigned_in_every_output() -> None:
    report = calibrate(load_playbook(ROOT)[0], SAMPLE, Options(mapping_file=SAMPLE_MAPPING, by="week"))
    for output in (text_report(report), markdown_report(report), json_report(report), calibration_svg(report)):
        assert "assigned" not in output.lower()
    assert "Would land at" in text_report(report) and '"would_land_at": 452' in json_report(report)


@pytest.mark.parametrize(("examples", "shown"), [(0, False), (3, True)])
def test_the_page_shows_ticket_ids_only_when_configured(examples: int, shown: bool) -> None:
    page = calibration_page(load_playbook(ROOT)[0], SAMPLE, SAMPLE_MAPPING, examples=examples)
    assert (md("AF-100009") in page) is shown
    assert ("| Examples |" in page) is shown
    assert "### Under-escalations" in page and "### Staffing" in page
