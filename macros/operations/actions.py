"""The action tracker: post-escalation review actions, open, due soon, overdue and escalated.

Rules come from review.yml: `due_soon` (how far ahead an open action counts as due soon),
`overdue_rules` (an open action overdue by MORE than `overdue_by` falls under the rule; a rule
with `escalate_to` is a leadership escalation, and those people must hear about it) and the
rubric (the prevent-repeat score's maximum). Dates are calendar days in UTC; an action due
today is not overdue, one due yesterday is 1 day overdue.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import duckdb

from ..calibrate.errors import CalibrateError
from ..playbook import Playbook
from ..units import duration_text, duration_unit
from .fields import ACTIONS
from .source import Check, Excluded, Loaded, Request, Shape, connect, describe_mapping, load

LISTED = 200  # actions named per list; the counts are always complete


@dataclass(frozen=True)
class Rule:
    days: int                   # applies when overdue by more than this
    text: str
    escalate_to: tuple[str, ...]
    overdue_by: str             # as written: '14 days'


@dataclass(frozen=True)
class Action:
    id: str
    escalation: str
    owner: str
    created: dt.date
    due: dt.date
    days_overdue: int           # negative: days left
    rule: Rule | None = None


@dataclass(frozen=True)
class OwnerLoad:
    owner: str
    open: int
    due_soon: int
    overdue: int
    escalated: int


@dataclass(frozen=True)
class EscalationActions:
    escalation: str
    actions: int
    open: int
    overdue: int
    score: float | None


@dataclass(frozen=True)
class MonthScore:
    month: str
    escalations: int
    scored: int
    mean: float | None
    lowest: float | None


@dataclass(frozen=True)
class ActionsReport:
    export: str
    source: str                 # how the columns were found
    as_of: dt.date
    total: int
    counted: int
    excluded: tuple[Excluded, ...]
    excluded_lines: tuple[str, ...]
    open: int
    done: int
    due_soon_days: int | None
    due_soon: tuple[Action, ...]
    due_soon_count: int
    overdue: tuple[Action, ...]     # most overdue first
    overdue_count: int
    escalated: tuple[Action, ...]   # crossed a rule with escalate_to, most overdue first
    escalated_count: int
    by_owner: tuple[OwnerLoad, ...]
    by_escalation: tuple[EscalationActions, ...]
    escalations_count: int
    scores: tuple[MonthScore, ...]  # newest month first
    max_points: int
    rules: tuple[Rule, ...]
    has_scores: bool
    month: str | None = None                        # the agenda's month, when asked
    score_name: str = "Score"                       # review.yml rubric name: what the organisation calls the score
    month_escalations: tuple[EscalationActions, ...] = ()  # escalations whose review actions began that month


def rules_from(pb: Playbook) -> tuple[Rule, ...]:
    rules = []
    for rule in pb["review"]["overdue_rules"]:
        rules.append(Rule(_days(rule["overdue_by"]), rule["action"], tuple(rule.get("escalate_to", ())),
                          duration_text(rule["overdue_by"])))
    return tuple(sorted(rules, key=lambda r: r.days))


def _days(duration: dict[str, Any]) -> int:
    unit, amount = duration_unit(duration)
    per = {"minutes": 1 / 1440, "hours": 1 / 24, "days": 1, "business_days": 7 / 5, "weeks": 7}[unit]
    return int(round(amount * per))


def rule_for(rules: tuple[Rule, ...], days_overdue: int) -> Rule | None:
    crossed = [r for r in rules if days_overdue > r.days]
    return crossed[-1] if crossed else None


def track(pb: Playbook, request: Request, as_of: dt.date, month: str | None = None) -> ActionsReport:
    con = connect()
    try:
        max_points = int(pb["review"]["rubric"]["max_points"])
        score = Check("score", f"NOT (f_score BETWEEN 0 AND {max_points})",
                      f"is outside 0 to {max_points}, the rubric's maximum")
        loaded = load(con, ACTIONS, request, "actions", pb["organisation"]["currency"], checks=(score,),
                      shape=lambda fields: _shape(fields, as_of))
        report = _report(con, pb, loaded, request, as_of)
        if month is None:
            return report
        rows = con.execute("SELECT esc, actions, open, overdue, score FROM escs WHERE strftime(first, '%Y-%m') = ? "
                           "ORDER BY first, esc", [month]).fetchall()
        return replace(report, month=month, month_escalations=tuple(EscalationActions(*r) for r in rows))
    finally:
        con.close()


def _report(con: duckdb.DuckDBPyConnection, pb: Playbook, loaded: Loaded, request: Request,
            as_of: dt.date) -> ActionsReport:
    review = pb["review"]
    rules = rules_from(pb)
    max_points = int(review["rubric"]["max_points"])
    con.execute(f"CREATE OR REPLACE TEMP VIEW acts AS SELECT * EXCLUDE (_ok, _b0) FROM {loaded.table} WHERE _ok")
    soon_days = _days(review["due_soon"]) if "due_soon" in review else None
    first_escalation = min((r.days for r in rules if r.escalate_to), default=None)
    soon = f"status = 'open' AND late <= 0 AND late >= -{soon_days}" if soon_days is not None else "FALSE"
    esc = f"status = 'open' AND late > {first_escalation}" if first_escalation is not None else "FALSE"
    overdue_sql = "status = 'open' AND late > 0"
    counted, open_, done, overdue_count, escalated_count, due_soon_count = con.execute(
        f"SELECT count(*), count_if(status = 'open'), count_if(status = 'done'), count_if({overdue_sql}), "
        f"count_if({esc}), count_if({soon}) FROM acts").fetchone()

    def listed(where: str, order: str, count: int) -> tuple[tuple[Action, ...], int]:
        if not count:
            return (), 0
        rows = con.execute(f"SELECT id, esc, owner, created, due, late FROM acts WHERE {where} "
                           f"ORDER BY {order} LIMIT {LISTED}").fetchall()
        return tuple(Action(r[0], r[1], r[2], r[3], r[4], r[5], rule_for(rules, r[5])) for r in rows), count

    overdue, overdue_count = listed(overdue_sql, "late DESC, due, id", overdue_count)
    escalated, escalated_count = listed(esc, "late DESC, due, id", escalated_count)
    due_soon, due_soon_count = listed(soon, "due, id", due_soon_count)
    soon = soon.replace("status = 'open' AND ", "")
    esc = esc.replace("status = 'open' AND ", "")
    by_owner = tuple(OwnerLoad(*r) for r in con.execute(
        f"SELECT owner, count(*), count_if({soon}), count_if(late > 0), count_if({esc}) FROM acts "
        "WHERE status = 'open' GROUP BY owner ORDER BY count_if(late > 0) DESC, count(*) DESC, owner").fetchall())
    con.execute("CREATE OR REPLACE TEMP TABLE escs AS SELECT esc, count(*) AS actions, count_if(status = 'open') "
                "AS open, count_if(status = 'open' AND late > 0) AS overdue, max(score) AS score, min(created) AS "
                "first, min(due) AS due FROM acts GROUP BY esc")
    escalations_count = con.execute("SELECT count(*) FROM escs").fetchone()[0]
    by_escalation = tuple(EscalationActions(*r) for r in con.execute(
        "SELECT esc, actions, open, overdue, score FROM escs WHERE open > 0 "
        f"ORDER BY overdue DESC, due, esc LIMIT {LISTED}").fetchall())
    scores = tuple(MonthScore(*r) for r in con.execute(
        "SELECT strftime(first, '%Y-%m') AS month, count(*), count(score), avg(score), min(score) FROM escs "
        "GROUP BY month ORDER BY month DESC").fetchall())
    return ActionsReport(loaded.export.shown, describe_mapping(loaded, request), as_of, loaded.total, counted,
                         loaded.excluded, tuple(loaded.excluded_lines()), open_, done, soon_days, due_soon,
                         due_soon_count, overdue, overdue_count, escalated, escalated_count, by_owner,
                         by_escalation, escalations_count, scores, max_points, rules, loaded.has("score"),
                         score_name=review["rubric"]["name"])


def _shape(fields: tuple[str, ...], as_of: dt.date) -> Shape:
    """The actions table's columns, computed once in the conversion pass: days are calendar days in UTC, by
    arithmetic on the epoch (a TIMESTAMPTZ -> DATE cast asks the time-zone library per row)."""
    day = "CAST(floor(epoch({}) / 86400) AS INTEGER)"
    today = (as_of - dt.date(1970, 1, 1)).days
    return Shape(f"f_action_id AS id, f_escalation_id AS esc, f_owner AS owner, f_status AS status, "
                 f"DATE '1970-01-01' + {day.format('f_created_at')} AS created, "
                 f"DATE '1970-01-01' + {day.format('f_due_at')} AS due, "
                 f"{'f_score' if 'score' in fields else 'CAST(NULL AS DOUBLE)'} AS score, "
                 f"{today} - {day.format('f_due_at')} AS late")


def require_rules(pb: Playbook) -> None:
    if not pb["review"].get("overdue_rules"):
        raise CalibrateError("review.yml has no overdue_rules; add them to track actions")
