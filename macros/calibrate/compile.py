"""Entry-criteria conditions -> one DuckDB boolean expression each, with the validator's semantics.

`macros.conditions.evaluate` is the reference: a leaf on an empty field is false, except
`absent`; `not` negates that two-valued answer. In SQL a comparison with NULL is NULL, not
false, so each piece keeps one promise: it is TRUE exactly when `evaluate` says true (and
FALSE or NULL otherwise). Comparisons keep it; SQL's AND and OR keep it (true only when all,
or some, parts are true); NOT would break it (NOT NULL is NULL), so under `not` the part is
made two-valued first with COALESCE(part, FALSE). The whole condition is wrapped the same way.
That is one COALESCE per criterion and per `not`, instead of one per leaf.

Values compare in canonical units (money amount, duration minutes, percent number, UTC time),
computed by `conditions.canonical`, so the thresholds are the very numbers the validator uses.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Callable

from ..conditions import EQUALITY, MEMBERSHIP, ORDERED, Field, canonical
from .convert import sql_string

COMPARISONS = {"is": "=", "is_not": "<>", "above": ">", "at_least": ">=", "below": "<", "at_most": "<="}
assert set(COMPARISONS) == set(EQUALITY + ORDERED)


def condition_sql(condition: dict[str, Any], catalogue: dict[str, Field], column: Callable[[str], str]) -> str:
    """Never NULL: TRUE exactly when `conditions.evaluate` is true. `column(field_id)` names the SQL column."""
    return f"COALESCE({match_sql(condition, catalogue, column)}, FALSE)"


def match_sql(condition: dict[str, Any], catalogue: dict[str, Field], column: Callable[[str], str]) -> str:
    """TRUE exactly when `conditions.evaluate` is true, NULL or FALSE otherwise: for WHERE and CASE WHEN,
    which take NULL for false, and which skip the COALESCE a SELECT list would need."""
    return _part(condition, catalogue, column)


def _part(condition: dict[str, Any], catalogue: dict[str, Field], column: Callable[[str], str]) -> str:
    if "all" in condition:
        parts = [_part(c, catalogue, column) for c in condition["all"]]
        return "(" + " AND ".join(parts) + ")" if parts else "TRUE"
    if "any" in condition:
        parts = [_part(c, catalogue, column) for c in condition["any"]]
        return "(" + " OR ".join(parts) + ")" if parts else "FALSE"
    if "not" in condition:
        return f"(NOT {condition_sql(condition['not'], catalogue, column)})"
    return leaf_sql(condition, catalogue[condition["field"]], column(condition["field"]))


def leaf_sql(leaf: dict[str, Any], field: Field, col: str) -> str:
    """NULL on an empty field, except `absent` and `present`, which are never NULL."""
    op = leaf["op"]
    if op == "absent":
        return f"({col} IS NULL)"
    if op == "present":
        return f"({col} IS NOT NULL)"
    if op in MEMBERSHIP:
        members = ", ".join(literal(field.type, canonical(field.type, v)) for v in leaf["value"])
        return f"({col} {'IN' if op == 'one_of' else 'NOT IN'} ({members}))"
    return f"({col} {COMPARISONS[op]} {literal(field.type, canonical(field.type, leaf['value']))})"


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
