"""Helpers for the calibrate tests: a catalogue with every field type, plans built by hand, per-ticket answers."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb
from macros.calibrate.mapping import ColumnSpec
from macros.calibrate.plan import Band, Criterion, Level, Plan
from macros.calibrate.query import Grouping, Query
from macros.calibrate.reading import open_export
from macros.calibrate.run import resolve
from macros.conditions import Field

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "docs" / "data" / "sample-tickets.csv"
SAMPLE_MAPPING = ROOT / "docs" / "data" / "sample-tickets.mapping.yml"

# Every type the condition language knows, including number and percent, which the example lacks.
CATALOGUE: dict[str, Field] = {f.id: f for f in [
    Field("ticket_id", "string", "Ticket id"),
    Field("opened", "timestamp", "Opened"),
    Field("priority", "enum", "Priority", ("p1", "p2", "p3", "p4")),
    Field("vip", "boolean", "VIP"),
    Field("accounts", "integer", "Accounts affected"),
    Field("score", "number", "Score"),
    Field("arr", "money", "ARR"),
    Field("notice", "duration", "Termination notice"),
    Field("churn_risk", "percent", "Churn risk"),
    Field("region", "string", "Region"),
]}


def plan_of(levels: list[list[tuple[str, dict[str, Any]]]], bands: tuple[Band, ...] = (),
            catalogue: dict[str, Field] = CATALOGUE) -> Plan:
    """Levels level-1, level-2, ... (rank = position), each a list of (criterion id, condition)."""
    criteria: list[Criterion] = []
    built: list[Level] = []
    for rank, level in enumerate(levels, start=1):
        first = len(criteria)
        for cid, condition in level:
            criteria.append(Criterion(len(criteria), f"level-{rank}", cid, "", condition))
        built.append(Level(f"level-{rank}", rank, f"Level {rank}", tuple(range(first, len(criteria)))))
    return Plan(tuple(built), tuple(criteria), bands, catalogue, "USD")


def per_ticket(plan: Plan, path: Path, mapping: dict[str, ColumnSpec] | None = None) -> dict[str, Any]:
    """ticket id -> the set of criterion ids it matches, or 'BAD' when a value did not convert."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    export = open_export(con, path)
    wanted = list(dict.fromkeys(list(plan.fields_needed()) + ["ticket_id"]))
    specs = resolve(plan, export, mapping or {}, wanted)
    query = Query(export, specs, plan, Grouping("ticket", lambda column: column("ticket_id")))
    scan = query.scan(con)
    result: dict[str, Any] = {}
    for group in scan.groups:
        assert group.tickets == 1, "ticket ids must be unique in a test export"
        result[group.key] = "BAD" if group.bad else {c.id for c in plan.criteria if group.mask >> c.bit & 1}
    return result
