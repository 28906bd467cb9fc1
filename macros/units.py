"""Quantities with their units: durations, money, percents, rates.

The playbook never stores a bare number whose unit a reader must guess; these helpers
turn the unit-bearing objects into words for people and into comparable numbers for rules.
"""
from __future__ import annotations

from typing import Any

# Business days cannot be converted exactly; for ordering they count as calendar days.
MINUTES_PER_UNIT: dict[str, float] = {
    "minutes": 1,
    "hours": 60,
    "days": 1440,
    "business_days": 1440,
    "weeks": 10080,
}

_UNIT_WORDS: dict[str, tuple[str, str]] = {
    "minutes": ("minute", "minutes"),
    "hours": ("hour", "hours"),
    "days": ("day", "days"),
    "business_days": ("business day", "business days"),
    "weeks": ("week", "weeks"),
}

_CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def number(value: float | int) -> str:
    """1000 -> '1,000'; 0.5 -> '0.5'; 10.0 -> '10'."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return f"{value:,}"
    # Schema values have at most two decimal places; sums and conversions of them are rounded back to two,
    # so float noise (10 + 3.1 -> 13.099999999999999) never reaches a page.
    return f"{round(value, 2):,.2f}".rstrip("0").rstrip(".")


def duration_unit(value: dict[str, Any]) -> tuple[str, float]:
    ((unit, amount),) = value.items()
    return unit, amount


def duration_minutes(value: dict[str, Any]) -> float:
    unit, amount = duration_unit(value)
    return amount * MINUTES_PER_UNIT[unit]


def duration_text(value: dict[str, Any]) -> str:
    unit, amount = duration_unit(value)
    singular, plural = _UNIT_WORDS[unit]
    return f"{number(amount)} {singular if amount == 1 else plural}"


def money_text(value: dict[str, Any]) -> str:
    symbol = _CURRENCY_SYMBOLS.get(value["currency"])
    if symbol:
        return f"{symbol}{number(value['amount'])}"
    return f"{number(value['amount'])} {value['currency']}"


def percent_text(value: dict[str, Any]) -> str:
    return f"{number(value['percent'])} %"


def rate_text(value: dict[str, Any]) -> str:
    return f"{number(value['count'])} per {value['per']}"


def is_duration(value: Any) -> bool:
    return isinstance(value, dict) and len(value) == 1 and next(iter(value)) in MINUTES_PER_UNIT


def range_text(bounds: dict[str, Any]) -> str | None:
    """A catalogue field's plausible `range` in words ('from 0 minutes to 365 days', 'at least $0'); None when open."""
    low, high = (quantity_text(bounds[k]) if k in bounds else None for k in ("min", "max"))
    if low is not None and high is not None:
        return f"from {low} to {high}"
    return f"at least {low}" if low is not None else f"at most {high}" if high is not None else None


def quantity_text(value: Any) -> str:
    """Words for any unit-bearing object; other values as plain text."""
    if is_duration(value):
        return duration_text(value)
    if isinstance(value, dict) and "amount" in value and "currency" in value:
        return money_text(value)
    if isinstance(value, dict) and set(value) == {"percent"}:
        return percent_text(value)
    if isinstance(value, dict) and set(value) == {"count", "per"}:
        return rate_text(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return number(value)
    return str(value)


def quantity_magnitude(value: Any) -> float | None:
    """A number to compare two quantities of the same kind; None when not comparable."""
    if is_duration(value):
        return duration_minutes(value)
    if isinstance(value, dict) and "amount" in value:
        return float(value["amount"])
    if isinstance(value, dict) and "percent" in value:
        return float(value["percent"])
    if isinstance(value, dict) and "count" in value:
        return float(value["count"])
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None
