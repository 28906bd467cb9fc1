"""The entry-criteria condition language: checking, describing and evaluating.

A condition is `{all: [...]}`, `{any: [...]}`, `{not: ...}` or a leaf
`{field, op, value}` over the ticket-field catalogue (playbook/ticket-fields.yml).

Semantics, shared by every consumer (validator, site, calibrate):
- a leaf on an empty (missing) field is false, except `absent`, which is true;
- `not` negates that two-valued answer, so `not {is_not...}` on an empty field is true;
- durations compare in minutes, money by amount (in the organisation's currency),
  percents by their number, timestamps in time order.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterator

from . import units

ORDERED = ("above", "at_least", "below", "at_most")
EQUALITY = ("is", "is_not")
MEMBERSHIP = ("one_of", "not_one_of")
PRESENCE = ("present", "absent")

OPERATORS_BY_TYPE: dict[str, tuple[str, ...]] = {
    "string": EQUALITY + MEMBERSHIP + PRESENCE,
    "enum": EQUALITY + MEMBERSHIP + PRESENCE,
    "boolean": EQUALITY + PRESENCE,
    "integer": EQUALITY + ORDERED + MEMBERSHIP + PRESENCE,
    "number": EQUALITY + ORDERED + PRESENCE,
    "money": EQUALITY + ORDERED + PRESENCE,
    "duration": EQUALITY + ORDERED + PRESENCE,
    "percent": EQUALITY + ORDERED + PRESENCE,
    "timestamp": ORDERED + PRESENCE,
}

OPERATOR_WORDS: dict[str, str] = {
    "is": "is",
    "is_not": "is not",
    "above": "is above",
    "at_least": "is at least",
    "below": "is below",
    "at_most": "is at most",
    "one_of": "is one of",
    "not_one_of": "is none of",
    "present": "is filled in",
    "absent": "is empty",
}

Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Field:
    id: str
    type: str
    label: str
    values: tuple[str, ...] = ()
    low: float | None = None   # plausible range (canonical units), from the catalogue's `range`; None: open
    high: float | None = None
    bounds: str | None = None  # the same range in words (units.range_text), for messages


@dataclass(frozen=True)
class ConditionIssue:
    path: Path
    message: str
    rule: str


RANGED = ("integer", "number", "money", "duration", "percent")  # the types a catalogue `range` applies to


def catalogue_from(data: dict[str, Any]) -> dict[str, Field]:
    return {
        f["id"]: Field(f["id"], f["type"], f.get("label", f["id"]), tuple(f.get("values", ())),
                       *_range_of(f), _range_words(f))
        for f in data.get("fields", [])
        if isinstance(f, dict) and "id" in f and "type" in f
    }


def _range_words(field: dict[str, Any]) -> str | None:
    from .units import range_text

    written = field.get("range")
    try:
        return range_text(written) if isinstance(written, dict) and _range_of(field) != (None, None) else None
    except (TypeError, ValueError, KeyError):  # a malformed bound: the field-range rule reports it
        return None


def _range_of(field: dict[str, Any]) -> tuple[float | None, float | None]:
    """A field's plausible range in canonical units; a bound that is not a value of the field's type is
    left open here (the field-range rule reports it)."""
    written = field.get("range")
    if field.get("type") not in RANGED or not isinstance(written, dict):
        return None, None
    bounds = []
    for key in ("min", "max"):
        try:
            value = canonical(field["type"], written[key]) if key in written else None
            bounds.append(None if value is None or isinstance(value, bool) else float(value))
        except (KeyError, TypeError, ValueError, AttributeError):
            bounds.append(None)
    return bounds[0], bounds[1]


def leaves(condition: Any, path: Path = ()) -> Iterator[tuple[Path, dict[str, Any]]]:
    """Every leaf with its path, depth first, in document order."""
    if not isinstance(condition, dict):
        return
    for key in ("all", "any"):
        if isinstance(condition.get(key), list):
            for i, child in enumerate(condition[key]):
                yield from leaves(child, path + (key, i))
            return
    if "not" in condition:
        yield from leaves(condition["not"], path + ("not",))
    elif "field" in condition:
        yield path, condition


# ---------------------------------------------------------------- checking

def check(condition: Any, catalogue: dict[str, Field], currency: str) -> list[ConditionIssue]:
    issues: list[ConditionIssue] = []
    for path, leaf in leaves(condition):
        issues.extend(_check_leaf(leaf, path, catalogue, currency))
    return issues


def _check_leaf(leaf: dict[str, Any], path: Path, catalogue: dict[str, Field], currency: str) -> list[ConditionIssue]:
    name, op = leaf.get("field"), leaf.get("op")
    field = catalogue.get(name)
    if field is None:
        from .suggest import did_you_mean
        return [ConditionIssue(path + ("field",), f"unknown ticket field '{name}'{did_you_mean(name, catalogue)}; "
                               "declare it in playbook/ticket-fields.yml or fix the name", "unknown-field")]
    allowed = OPERATORS_BY_TYPE[field.type]
    if op not in allowed:
        return [ConditionIssue(path + ("op",), f"operator '{op}' does not apply to {field.type} field '{name}'; "
                               f"use one of: {', '.join(allowed)}", "operator-type")]
    if op in PRESENCE:
        return []
    problem = _value_problem(field, op, leaf.get("value"), currency)
    return [ConditionIssue(path + ("value",), problem, "value-type")] if problem else []


def _value_problem(field: Field, op: str, value: Any, currency: str) -> str | None:
    if op in MEMBERSHIP:
        if not isinstance(value, list) or not value:
            return f"'{op}' needs a non-empty list of values for {field.type} field '{field.id}'"
        for item in value:
            problem = _scalar_problem(field, item, currency)
            if problem:
                return problem
        return None
    return _scalar_problem(field, value, currency)


def value_problem(field: Field, value: Any, currency: str) -> str | None:
    """Why `value` is not one value of the field's type (as a condition would write it), or None."""
    return _scalar_problem(field, value, currency)


def _scalar_problem(field: Field, value: Any, currency: str) -> str | None:
    expect = {
        "boolean": ("true or false", lambda v: isinstance(v, bool)),
        "integer": ("a whole number", lambda v: isinstance(v, int) and not isinstance(v, bool)),
        "number": ("a number", lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)),
        "string": ("text", lambda v: isinstance(v, str)),
        "enum": ("text", lambda v: isinstance(v, str)),
        "money": ("an amount such as {amount: 50000, currency: %s}" % currency,
                  lambda v: isinstance(v, dict) and set(v) == {"amount", "currency"}),
        "duration": ("a duration such as {days: 30} or {hours: 2}",
                     lambda v: units.is_duration(v) and "business_days" not in v),
        "percent": ("a percent such as {percent: 10}", lambda v: isinstance(v, dict) and set(v) == {"percent"}),
        "timestamp": ("an ISO 8601 timestamp such as '2026-01-17T09:00:00Z'", _is_timestamp),
    }
    wording, ok = expect[field.type]
    if not ok(value):
        hint = ""
        if field.type == "duration" and isinstance(value, dict) and "business_days" in value:
            hint = " (business days cannot be measured on a ticket; use days or hours)"
        return f"value {_show(value)} for {field.type} field '{field.id}' must be {wording}{hint}"
    if field.type == "enum" and value not in field.values:
        from .suggest import did_you_mean
        return (f"value '{value}' is not allowed for field '{field.id}'{did_you_mean(value, field.values)}; "
                f"allowed: {', '.join(field.values)}")
    if field.type == "money" and value["currency"] != currency:
        return f"amount in {value['currency']} but the organisation's currency is {currency}; use {currency}"
    return None


def _is_timestamp(value: Any) -> bool:
    return isinstance(value, str) and parse_timestamp(value) is not None


def parse_timestamp(value: str) -> dt.datetime | None:
    try:
        stamp = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=dt.timezone.utc)


def _show(value: Any) -> str:
    return repr(value) if isinstance(value, str) else str(value).replace("'", "")


# ---------------------------------------------------------------- describing

def describe_leaf(leaf: dict[str, Any], catalogue: dict[str, Field]) -> str:
    field = catalogue.get(leaf["field"])
    label = field.label if field else leaf["field"]
    words = OPERATOR_WORDS.get(leaf["op"], leaf["op"])
    if leaf["op"] in PRESENCE:
        return f"{label} {words}"
    value = leaf.get("value")
    if isinstance(value, list):
        shown = ", ".join(units.quantity_text(v) for v in value)
    else:
        shown = units.quantity_text(value)
    return f"{label} {words} {shown}"


def describe(condition: dict[str, Any], catalogue: dict[str, Field]) -> str:
    """One line: 'Priority is p2 AND Production impact is yes'."""
    if "all" in condition:
        return " AND ".join(_group(c, catalogue) for c in condition["all"])
    if "any" in condition:
        return " OR ".join(_group(c, catalogue) for c in condition["any"])
    if "not" in condition:
        return f"NOT ({describe(condition['not'], catalogue)})"
    return describe_leaf(condition, catalogue)


def _group(condition: dict[str, Any], catalogue: dict[str, Field]) -> str:
    text = describe(condition, catalogue)
    return f"({text})" if ("all" in condition or "any" in condition) else text


# ---------------------------------------------------------------- evaluating

def canonical(field_type: str, value: Any) -> Any:
    """A condition value in the unit tickets are compared in."""
    if field_type == "money":
        return float(value["amount"])
    if field_type == "duration":
        return units.duration_minutes(value)
    if field_type == "percent":
        return float(value["percent"])
    if field_type == "timestamp":
        return parse_timestamp(value)
    return value


def evaluate(condition: dict[str, Any], ticket: dict[str, Any], catalogue: dict[str, Field]) -> bool:
    """The reference semantics. `ticket` holds canonical values (money amount, duration minutes,
    percent number, datetime) or None for empty."""
    if "all" in condition:
        return all(evaluate(c, ticket, catalogue) for c in condition["all"])
    if "any" in condition:
        return any(evaluate(c, ticket, catalogue) for c in condition["any"])
    if "not" in condition:
        return not evaluate(condition["not"], ticket, catalogue)
    return _evaluate_leaf(condition, ticket.get(condition["field"]), catalogue[condition["field"]])


def _evaluate_leaf(leaf: dict[str, Any], actual: Any, field: Field) -> bool:
    op = leaf["op"]
    if op == "absent":
        return actual is None
    if actual is None:
        return False
    if op == "present":
        return True
    if op in MEMBERSHIP:
        members = [canonical(field.type, v) for v in leaf["value"]]
        return (actual in members) == (op == "one_of")
    expected = canonical(field.type, leaf["value"])
    return {
        "is": lambda: actual == expected,
        "is_not": lambda: actual != expected,
        "above": lambda: actual > expected,
        "at_least": lambda: actual >= expected,
        "below": lambda: actual < expected,
        "at_most": lambda: actual <= expected,
    }[op]()
