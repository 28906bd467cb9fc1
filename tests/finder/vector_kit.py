"""Tickets at every threshold of every condition, for the shared vectors and the property test.

A ticket here is JSON: enum values as text, booleans, numbers in canonical units (money amount,
duration minutes, percent number), timestamps as ISO 8601 text, None for an empty field. Both
runtimes read the same file: `python_ticket` for macros.conditions, `PlaybookFinder` in the page.
"""
from __future__ import annotations

import datetime as dt
import json
import pathlib
from typing import Any

from macros import conditions
from macros.finder import find_level

VECTORS = pathlib.Path(__file__).with_name("vectors.json")
REPO_ROOT = pathlib.Path(__file__).resolve().parents[2]
NUMERIC = ("integer", "number", "money", "duration", "percent")


def python_ticket(ticket: dict[str, Any], fields: dict[str, conditions.Field]) -> dict[str, Any]:
    out = {}
    for name, value in ticket.items():
        if value is not None and fields[name].type == "timestamp":
            value = conditions.parse_timestamp(value)
        out[name] = value
    return out


def thresholds(pb: Any) -> dict[str, list[Any]]:
    """Field -> every canonical value some condition compares it with (JSON form)."""
    fields = conditions.catalogue_from(pb["ticket-fields"])
    found: dict[str, list[Any]] = {f: [] for f in fields}
    for level in pb["levels"]["levels"]:
        for criterion in level["criteria"]:
            for _path, leaf in conditions.leaves(criterion["condition"]):
                if leaf["op"] in conditions.PRESENCE:
                    continue
                kind = fields[leaf["field"]].type
                values = leaf["value"] if leaf["op"] in conditions.MEMBERSHIP else [leaf["value"]]
                for v in values:
                    canon = conditions.canonical(kind, v)
                    if kind == "timestamp":
                        canon = canon.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
                    if canon not in found[leaf["field"]]:
                        found[leaf["field"]].append(canon)
    return found


def around(kind: str, value: Any) -> list[Any]:
    """The value and its nearest neighbours a ticket can hold."""
    if kind == "integer":
        return [value - 1, value, value + 1]
    if kind in NUMERIC:
        step = 1 if kind != "duration" else 1  # a minute
        return [max(value - step, 0) if kind == "duration" else value - step, value, value + 0.01, value + step]
    if kind == "timestamp":
        stamp = conditions.parse_timestamp(value)
        return [(stamp + dt.timedelta(seconds=s)).strftime("%Y-%m-%dT%H:%M:%SZ") for s in (-60, 0, 60)]
    return [value]


def candidates(pb: Any) -> dict[str, list[Any]]:
    """Field -> the values worth trying: empty, every threshold and its neighbours, every enum value."""
    fields = conditions.catalogue_from(pb["ticket-fields"])
    limits = thresholds(pb)
    out: dict[str, list[Any]] = {}
    for name, field in fields.items():
        values: list[Any] = [None]
        if field.type == "boolean":
            values += [True, False]
        elif field.type == "enum":
            values += list(field.values)
        for t in limits[name]:
            values += [v for v in around(field.type, t) if v not in values]
        out[name] = values
    return out


def threshold_tickets(pb: Any) -> list[dict[str, Any]]:
    """For each criterion: one ticket meeting it, then that ticket with each tested field moved to
    each candidate value (threshold neighbours and empty)."""
    fields = conditions.catalogue_from(pb["ticket-fields"])
    values = candidates(pb)
    tickets: list[dict[str, Any]] = [{}]
    for level in pb["levels"]["levels"]:
        for criterion in level["criteria"]:
            base = meeting(criterion["condition"], fields, values)
            tickets.append(base)
            for _path, leaf in conditions.leaves(criterion["condition"]):
                for v in values[leaf["field"]]:
                    tickets.append({**base, leaf["field"]: v})
    unique = {json.dumps(t, sort_keys=True): t for t in tickets}
    return list(unique.values())


def meeting(condition: dict[str, Any], fields: dict[str, conditions.Field], values: dict[str, list[Any]]) -> dict:
    """A ticket that meets the condition, when one of the candidate values does (tried field by field)."""
    ticket: dict[str, Any] = {}
    for _path, leaf in conditions.leaves(condition):
        for v in values[leaf["field"]]:
            trial = {**ticket, leaf["field"]: v}
            if conditions._evaluate_leaf(leaf, python_ticket(trial, fields).get(leaf["field"]), fields[leaf["field"]]):
                ticket = trial
                break
    return ticket


def expected(pb: Any, tickets: list[dict[str, Any]]) -> list[dict[str, Any]]:
    fields = conditions.catalogue_from(pb["ticket-fields"])
    out = []
    for ticket in tickets:
        found = find_level(pb, python_ticket(ticket, fields))
        out.append({"ticket": ticket, "level": found.level, "criteria": found.criteria})
    return out
