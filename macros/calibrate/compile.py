"""Entry-criteria conditions -> one DuckDB boolean expression each, with the validator's semantics.

`macros.conditions.evaluate` is the reference. Its reading, made exact in SQL:
- a leaf on an empty field is false, except `absent` (true) and `present` (false): every other
  leaf is wrapped as COALESCE(<comparison>, FALSE), so SQL's third value never appears;
- `all`, `any` and `not` then work on plain true/false, so `not` of a leaf on an empty field is true;
- values compare in canonical units (money amount, duration minutes, percent number, UTC time),
  computed by `conditions.canonical` so the thresholds are the very numbers the validator uses.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..conditions import EQUALITY, MEMBERSHIP, ORDERED, Field, canonical
from .convert import sql_string

COMPARISONS = {"is": "=", "is_not": "<>", "above": ">", "at_least": ">=", "below": "<", "at_most": "<="}
assert set(COMPARISONS) == set(EQUALITY + ORDERED)


def condition_sql(condition: dict[str, Any], catalogue: dict[str, Field], column: Callable[[str], str]) -> str:
    """`column(field_id)` names the SQL column holding that field's canonical value."""
    if "all" in condition:
        parts = [condition_sql(c, catalogue, column) for c in condition["all"]]
        return "(" + " AND ".join(parts) + ")" if parts else "TRUE"
    if "any" in condition:
        parts = [condition_sql(c, catalogue, column) for c in condition["any"]]
        return "(" + " OR ".join(parts) + ")" if parts else "FALSE"
    if "not" in condition:
        return f"(NOT {condition_sql(condition['not'], catalogue, column)})"
    return leaf_sql(condition, catalogue[condition["field"]], column(condition["field"]))


def leaf_sql(leaf: dict[str, Any], field: Field, col: str) -> str:
    op = leaf["op"]
    if op == "absent":
        return f"({col} IS NULL)"
    if op == "present":
        return f"({col} IS NOT NULL)"
    if op in MEMBERSHIP:
        members = ", ".join(literal(field.type, canonical(field.type, v)) for v in leaf["value"])
        return f"COALESCE({col} {'IN' if op == 'one_of' else 'NOT IN'} ({members}), FALSE)"
    return f"COALESCE({col} {COMPARISONS[op]} {literal(field.type, canonical(field.type, leaf['value']))}, FALSE)"


def literal(field_type: str, value: Any) -> str:
    """A canonical value as a typed SQL literal. Doubles travel as text: exact, never DECIMAL."""
    if field_type == "boolean":
        return "TRUE" if value else "FALSE"
    if field_type in ("string", "enum"):
        return sql_string(value)
    if field_type == "timestamp":
        stamp = value.astimezone(dt.timezone.utc).isoformat()
        return f"CAST({sql_string(stamp)} AS TIMESTAMPTZ)"
    if field_type == "integer":
        if abs(value) < 2**63:
            return str(int(value))
        kind = "HUGEINT" if abs(value) < 2**127 else "DOUBLE"  # past HUGEINT no ticket value can be near it
        return f"CAST({sql_string(str(int(value)))} AS {kind})"
    return f"CAST({sql_string(repr(float(value)))} AS DOUBLE)"
