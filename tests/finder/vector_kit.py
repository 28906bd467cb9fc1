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
    each candidate value (threshold neighbours and empty). Then, for who owns, who is paged and which
    targets govern: every two criteria met together (two levels, or two escalation types at one
    level), and each criterion's ticket with every priority (the targets depend on it)."""
    fields = conditions.catalogue_from(pb["ticket-fields"])
    values = candidates(pb)
    tickets: list[dict[str, Any]] = [{}]
    bases = []
    for level in pb["levels"]["levels"]:
        for criterion in level["criteria"]:
            base = meeting(criterion["condition"], fields, values)
            tickets.append(base)
            bases.append(base)
            for _path, leaf in conditions.leaves(criterion["condition"]):
                for v in values[leaf["field"]]:
                    tickets.append({**base, leaf["field"]: v})
    for i, first in enumerate(bases):
        for second in bases[i + 1:]:
            if all(first.get(k, v) == v for k, v in second.items()):  # both can hold at once
                tickets.append({**first, **second})
    priority = next((f.id for f in fields.values() if f.type == "enum" and f.values
                     and set(f.values) <= set(pb.priorities)), None)
    if priority:
        for base in bases:
            if priority not in base:
                tickets += [{**base, priority: p} for p in [None, *fields[priority].values]]
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
        out.append({"ticket": ticket, **answer(find_level(pb, python_ticket(ticket, fields)))})
    return out


def answer(found: Any) -> dict[str, Any]:
    """What both runtimes must agree on: the level, the criteria met and, for a level, the owner that
    governs, who is paged (rotation ids in order, and on what basis) and the acknowledgement target."""
    steps = found.steps
    return {"level": found.level, "criteria": found.criteria,
            "owner": steps["owner"]["role"] if steps else None,
            "page": [p["rotation"] for p in steps["page"]] if steps else [],
            "page_by": steps.get("page_by"),
            "acknowledge_within_minutes": steps.get("acknowledge_within_minutes")}
