"""Sentences that state a figure without repeating it: `{slot}` names a structured value.

A sentence in the playbook never types a figure the data holds elsewhere. It names the value
instead, and the site fills it in with its unit or currency through `units.quantity_text`:

    text: The customer's ARR is at least {arr}.
    condition: {field: arr, op: at_least, value: {amount: 10000, currency: USD}}
    -> "The customer's ARR is at least $10,000."

A slot resolves against the mapping that holds the sentence: its unit-bearing keys
(`outage_longer_than`, `after`, …) and those one mapping down (`{measure.repeat_within}`,
`{when.at_least}`), the
entries of its `figures` mapping, and, when it has a
`condition`, the value of each condition leaf by field id. This is plain text substitution,
never a template engine: the result is escaped like any other data string.
"""
from __future__ import annotations

import re
from typing import Any, Iterator

from .units import quantity_magnitude, quantity_text

SLOT = re.compile(r"\{([a-z][a-z0-9_]*(?:\.[a-z][a-z0-9_]*)?)\}")

# Typed figures a sentence must not hold: an amount with its currency, a percent, a duration.
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
TYPED_FIGURE = re.compile(
    rf"(?:[$€£¥]\s?{_NUMBER})"
    rf"|(?:(?<![:\w.,]){_NUMBER}\s?(?!UTC|GMT)(?:[A-Z]{{3}})\b)"
    rf"|(?:(?<![:\w.,]){_NUMBER}\s?(?:%|percent\b))"
    rf"|(?:(?<![:\w.,]){_NUMBER}[\s-]?(?:business[\s-]days?|minutes?|mins?|hours?|hrs?|days?|weeks?|months?|years?)\b)")


def leaves(condition: Any) -> Iterator[dict[str, Any]]:
    if not isinstance(condition, dict):
        return
    for key in ("all", "any"):
        for child in condition.get(key, []) or []:
            yield from leaves(child)
    if "not" in condition:
        yield from leaves(condition["not"])
    if "field" in condition:
        yield condition


def slot_values(holder: dict[str, Any]) -> dict[str, Any]:
    """Every value a sentence inside `holder` may name, by slot name."""
    values: dict[str, Any] = {}
    for leaf in leaves(holder.get("condition")):
        if "value" in leaf and quantity_magnitude(leaf["value"]) is not None:
            values.setdefault(leaf["field"], leaf["value"])
    for key, value in holder.items():
        if key in ("figures", "condition") or not isinstance(value, dict):
            continue
        if quantity_magnitude(value) is not None:
            values[key] = value
        else:  # one level down: {measure.repeat_within}, {response.acknowledge}
            values.update({f"{key}.{k}": v for k, v in value.items() if quantity_magnitude(v) is not None})
    figures = holder.get("figures")
    if isinstance(figures, dict):
        values.update(figures)
    return values


def slots(sentence: str) -> list[str]:
    return SLOT.findall(sentence)


def fill(holder: dict[str, Any], key: str) -> str:
    """The sentence `holder[key]` with every slot replaced by its value in words."""
    values = slot_values(holder)
    return SLOT.sub(lambda m: quantity_text(values[m.group(1)]) if m.group(1) in values else m.group(0),
                    str(holder[key]))
