"""Ticket values as people type them -> the canonical values conditions compare.

'40min', '2h', 'PT2H', '1:30' (h:mm) or a plain number of minutes for a duration; '250000',
'$250,000' or '250000 USD' for money in the organisation's currency; '12.5' or '12.5%' for a
percent; true/false, yes/no, y/n, 1/0 for a boolean; an enumeration value in any case. Empty
text means the field is empty. Each bad value is a FinderError naming the field and what fits.
"""
from __future__ import annotations

import math
import re
from typing import Any

from .. import conditions, units
from ..conditions import Field
from ..suggest import did_you_mean

BOOLEAN_WORDS = {"true": True, "yes": True, "y": True, "t": True, "1": True,
                 "false": False, "no": False, "n": False, "f": False, "0": False}
# Unit words a duration may carry ('40min', '2 hours', '3d'); the mapping files' units and their short forms.
DURATION_UNITS = {"m": "minutes", "min": "minutes", "mins": "minutes", "minute": "minutes", "minutes": "minutes",
                  "h": "hours", "hr": "hours", "hrs": "hours", "hour": "hours", "hours": "hours",
                  "d": "days", "day": "days", "days": "days", "w": "weeks", "week": "weeks", "weeks": "weeks"}
_NUMBER = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_DURATION = re.compile(rf"^({_NUMBER})\s*([a-z]*)$")
_CLOCK = re.compile(r"^([0-9]+):([0-5][0-9])$")
_ISO = re.compile(r"^p(?:([0-9.]+)w)?(?:([0-9.]+)d)?(?:t(?:([0-9.]+)h)?(?:([0-9.]+)m)?(?:([0-9.]+)s)?)?$")


class FinderError(Exception):
    """A ticket value or field the finder cannot use: a usage error (exit 2)."""


def expected_words(field: Field, currency: str) -> str:
    symbol = units._CURRENCY_SYMBOLS.get(currency, "")
    return {
        "boolean": "yes or no (true/false, y/n, 1/0)",
        "integer": "a whole number",
        "number": "a number",
        "money": f"an amount in {currency}, such as 250000 or {symbol or currency + ' '}250,000",
        "percent": "a percent, such as 12.5 or 12.5%",
        "duration": "a duration, such as 40min, 2h, 3 days, 1:30 or PT2H (a plain number counts minutes)",
        "timestamp": "an ISO 8601 date and time, such as 2026-01-17T09:00:00Z",
        "string": "text",
        "enum": "one of: " + ", ".join(field.values),
    }[field.type]


def parse_text(field: Field, raw: str, currency: str) -> Any:
    """Typed text (from --set or a ticket file) -> canonical value, None when empty."""
    value = raw.strip()
    if value == "":
        return None
    parsed = _PARSERS[field.type](field, value, currency)
    if parsed is None:
        close = did_you_mean(value.lower(), field.values) if field.type == "enum" else ""
        raise FinderError(f"{field.type} field '{field.id}' takes {expected_words(field, currency)}; "
                          f"'{raw}' is not one{close}")
    return _in_range(field, parsed, repr(raw))


def _in_range(field: Field, value: Any, shown: str) -> Any:
    """The value itself when it lies in the field's plausible range (ticket-fields.yml `range`); else a FinderError."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return value
    if (field.low is None or value >= field.low) and (field.high is None or value <= field.high):
        return value
    raise FinderError(f"{field.type} field '{field.id}': plausible values are {field.bounds or 'inside its range'} "
                      f"(its range in ticket-fields.yml); {shown} is outside them")


def parse_value(field: Field, value: Any, currency: str) -> Any:
    """A value from a JSON or YAML ticket: typed (true, 40, {hours: 2}) or text as for --set."""
    if value is None:
        return None
    if isinstance(value, str):
        return parse_text(field, value, currency)
    if isinstance(value, dict) and not conditions._scalar_problem(field, value, currency):
        canonical = conditions.canonical(field.type, value)  # {hours: 2}, {amount: 1, currency: USD}
        return _in_range(field, canonical, _show(value))
    if field.type == "boolean" and isinstance(value, bool):
        return value
    number_types = ("integer", "number", "money", "percent", "duration")
    if field.type in number_types and isinstance(value, (int, float)) and not isinstance(value, bool):
        return parse_text(field, repr(value), currency)
    raise FinderError(f"{field.type} field '{field.id}' takes {expected_words(field, currency)}; "
                      f"{_show(value)} is not one")


def _show(value: Any) -> str:
    return f"'{value}'" if isinstance(value, str) else str(value).replace("'", "").replace("True", "true").replace(
        "False", "false")


def _finite(text: str) -> float | None:
    try:
        number = float(text)
    except ValueError:
        return None
    return number if math.isfinite(number) else None


def _boolean(_field: Field, value: str, _currency: str) -> bool | None:
    return BOOLEAN_WORDS.get(value.lower())


def _integer(_field: Field, value: str, _currency: str) -> int | None:
    if re.fullmatch(r"[+-]?[0-9]+", value.replace(",", "")):
        return int(value.replace(",", ""))
    number = _finite(value)
    return int(number) if number is not None and number.is_integer() else None


def _number(_field: Field, value: str, _currency: str) -> float | None:
    return _finite(value.replace(",", "")) if re.fullmatch(_NUMBER, value.replace(",", "")) else None


def _money(_field: Field, value: str, currency: str) -> float | None:
    marks = [re.escape(currency)] + ([re.escape(units._CURRENCY_SYMBOLS[currency])]
                                      if currency in units._CURRENCY_SYMBOLS else [])
    match = re.fullmatch(rf"([+-]?)\s*(?:{'|'.join(marks)})?\s*([+-]?)\s*((?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)"
                         rf"(?:\.[0-9]+)?|\.[0-9]+)\s*(?:{re.escape(currency)})?", value, re.I)
    if not match or (match.group(1) and match.group(2)):
        return None
    return _finite(match.group(1) + match.group(2) + match.group(3).replace(",", ""))


def _percent(_field: Field, value: str, _currency: str) -> float | None:
    text = value[:-1].strip() if value.endswith("%") else value
    return _finite(text) if re.fullmatch(_NUMBER, text) else None


def _duration(_field: Field, value: str, _currency: str) -> float | None:
    text = value.lower()
    clock = _CLOCK.match(text)
    if clock:
        return int(clock.group(1)) * 60 + int(clock.group(2))
    iso = _ISO.match(text)
    if iso and text != "p" and text != "pt" and any(iso.groups()):
        parts = [_finite(g) if g else 0.0 for g in iso.groups()]
        if None in parts:
            return None
        weeks, days, hours, minutes, seconds = parts  # type: ignore[misc]
        return weeks * 10080 + days * 1440 + hours * 60 + minutes + seconds / 60
    match = _DURATION.match(text)
    if not match or (match.group(2) and match.group(2) not in DURATION_UNITS):
        return None
    amount = _finite(match.group(1))
    if amount is None or amount < 0:
        return None
    unit = DURATION_UNITS.get(match.group(2), "minutes")
    return amount * units.MINUTES_PER_UNIT[unit]


def _timestamp(_field: Field, value: str, _currency: str) -> Any:
    return conditions.parse_timestamp(value)


def _enum(field: Field, value: str, _currency: str) -> str | None:
    exact = {v.lower(): v for v in field.values}
    return exact.get(value.lower())


def _string(_field: Field, value: str, _currency: str) -> str:
    return value


_PARSERS = {"boolean": _boolean, "integer": _integer, "number": _number, "money": _money, "percent": _percent,
            "duration": _duration, "timestamp": _timestamp, "enum": _enum, "string": _string}
