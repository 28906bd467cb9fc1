"""Export values -> the canonical values conditions compare, as DuckDB SQL, by catalogue type.

Canonical means what `macros.conditions.evaluate` expects: money as an amount, durations in
minutes, percents as their number, timestamps in UTC, enumerations as catalogue values.
Each conversion has two steps so a bad value is caught, never guessed: `prepare` gives the
raw value trimmed (empty text is empty), `value` the canonical value or NULL. A row whose
prepared value is present but whose canonical value is NULL did not convert and is excluded.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..conditions import Field
from ..units import MINUTES_PER_UNIT, _CURRENCY_SYMBOLS  # one table of currency symbols in the project
from .mapping import ColumnSpec

WHITESPACE = "' ' || chr(9) || chr(10) || chr(13)"
ENUM_EMPTY = ""  # an export word mapped to null: present in the export, empty for the conditions
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT"}
NUMBER_TYPES = INTEGER_TYPES | {"FLOAT", "DOUBLE", "REAL"}
TIME_TYPES = {"TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "DATE", "TIMESTAMP_S", "TIMESTAMP_MS",
              "TIMESTAMP_NS"}
ISO_DURATION = (r"^[Pp](?:(?P<w>[0-9]+(?:\.[0-9]+)?)[Ww])?(?:(?P<d>[0-9]+(?:\.[0-9]+)?)[Dd])?"
                r"(?:[Tt](?:(?P<h>[0-9]+(?:\.[0-9]+)?)[Hh])?(?:(?P<m>[0-9]+(?:\.[0-9]+)?)[Mm])?"
                r"(?:(?P<s>[0-9]+(?:\.[0-9]+)?)[Ss])?)?$")
BOOLEAN_WORDS = "true/false, yes/no, y/n, t/f or 1/0"


@dataclass(frozen=True)
class Conversion:
    prepare: str   # SQL over the raw column: trimmed text, or the typed value as stored
    value: str     # SQL over `x` (the prepared value): canonical value, NULL when empty or not convertible
    expected: str  # words for a bad value's message: 'not a whole number'


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def conversion(field: Field, spec: ColumnSpec, source_type: str, currency: str, raw: str, x: str) -> Conversion:
    """`raw` names the export column in SQL, `x` the prepared value that `value` reads."""
    stored = _base_type(source_type)
    typed = _typed(field, spec, stored, x)
    if typed is not None:
        return Conversion(raw, typed, _expected(field, spec, currency))
    text = raw if stored == "VARCHAR" else f"CAST({raw} AS VARCHAR)"
    prepare = f"NULLIF(trim({text}, {WHITESPACE}), '')"
    return Conversion(prepare, TEXT[field.type](field, spec, currency, x), _expected(field, spec, currency))


def _base_type(source_type: str) -> str:
    return re.sub(r"\(.*\)$", "", source_type.upper()).strip()


def _typed(field: Field, spec: ColumnSpec, stored: str, x: str) -> str | None:
    """A Parquet column already of the right kind is used as stored: no text round trip."""
    kind = field.type
    if kind == "boolean" and stored == "BOOLEAN":
        return x
    if kind == "integer" and stored in INTEGER_TYPES:
        return f"TRY_CAST({x} AS BIGINT)"
    if kind in ("number", "money", "percent") and (stored in NUMBER_TYPES or stored == "DECIMAL"):
        return _finite(f"CAST({x} AS DOUBLE)")
    if kind == "duration" and (stored in NUMBER_TYPES or stored == "DECIMAL"):
        return _duration_check(f"CAST({x} AS DOUBLE) * {MINUTES_PER_UNIT[spec.unit]}")
    if kind == "duration" and stored == "INTERVAL":
        return _interval_minutes(x)
    if kind == "timestamp" and stored in TIME_TYPES:
        return f"(CASE WHEN isfinite(CAST({x} AS TIMESTAMPTZ)) THEN CAST({x} AS TIMESTAMPTZ) END)"
    return None


def _finite(number: str) -> str:
    return f"(CASE WHEN isfinite({number}) THEN {number} END)"


def _duration_check(minutes: str) -> str:
    return f"(CASE WHEN isfinite({minutes}) AND {minutes} >= 0 THEN {minutes} END)"


def _interval_minutes(interval: str) -> str:
    # months and years have no fixed length in minutes: refuse them rather than guess
    return (f"(CASE WHEN datepart('month', {interval}) = 0 AND datepart('year', {interval}) = 0 "
            f"AND epoch({interval}) >= 0 THEN epoch({interval}) / 60 END)")


def _boolean(_field: Field, _spec: ColumnSpec, _currency: str, x: str) -> str:
    return f"TRY_CAST({x} AS BOOLEAN)"  # DuckDB reads exactly BOOLEAN_WORDS, in any case


def _integer(_field: Field, _spec: ColumnSpec, _currency: str, x: str) -> str:
    number = f"TRY_CAST({x} AS DOUBLE)"
    return (f"(CASE WHEN {number} = trunc({number}) AND abs({number}) <= 9007199254740991 "
            f"THEN CAST({number} AS BIGINT) END)")


def _number(_field: Field, _spec: ColumnSpec, _currency: str, x: str) -> str:
    return _finite(f"TRY_CAST({x} AS DOUBLE)")


def _money(_field: Field, _spec: ColumnSpec, currency: str, x: str) -> str:
    """1250.5, 1,250.50, $1,250.50, USD 1250, -$20: the organisation's currency only."""
    marks = [re.escape(currency)] + ([re.escape(_CURRENCY_SYMBOLS[currency])] if currency in _CURRENCY_SYMBOLS else [])
    mark = "(?:" + "|".join(marks) + ")"
    pattern = (rf"^(?P<a>[+-]?)\s*{mark}?\s*(?P<b>[+-]?)\s*"
               rf"(?P<n>(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)\s*(?:{re.escape(currency)})?$")
    parts = f"regexp_extract({x}, {sql_string(pattern)}, ['a', 'b', 'n'])"
    written = f"TRY_CAST({parts}.a || {parts}.b || replace({parts}.n, ',', '') AS DOUBLE)"
    return _finite(f"COALESCE(TRY_CAST({x} AS DOUBLE), {written})")


def _percent(_field: Field, _spec: ColumnSpec, _currency: str, x: str) -> str:
    written = f"TRY_CAST(regexp_extract({x}, {sql_string(r'^(.+?)\s*%$')}, 1) AS DOUBLE)"
    return _finite(f"COALESCE(TRY_CAST({x} AS DOUBLE), {written})")


def _duration(_field: Field, spec: ColumnSpec, _currency: str, x: str) -> str:
    """A plain number counts the mapping's unit; PT2H30M (ISO 8601), 2:30 and '2 hours' carry their own."""
    plain = f"TRY_CAST({x} AS DOUBLE) * {MINUTES_PER_UNIT[spec.unit]}"
    parts = f"regexp_extract({x}, {sql_string(ISO_DURATION)}, ['w', 'd', 'h', 'm', 's'])"
    iso = " + ".join(f"COALESCE(TRY_CAST({parts}.{k} AS DOUBLE), 0) * {f}"
                     for k, f in (("w", 10080), ("d", 1440), ("h", 60), ("m", 1), ("s", 1 / 60)))
    iso_ok = f"regexp_full_match({x}, {sql_string(ISO_DURATION)}) AND regexp_matches({x}, '[0-9]')"
    words = _interval_minutes(f"TRY_CAST({x} AS INTERVAL)")
    return _duration_check(f"COALESCE({plain}, CASE WHEN {iso_ok} THEN {iso} END, {words})")


def _timestamp(_field: Field, _spec: ColumnSpec, _currency: str, x: str) -> str:
    stamp = f"TRY_CAST({x} AS TIMESTAMPTZ)"
    return f"(CASE WHEN isfinite({stamp}) THEN {stamp} END)"


def enum_words(field: Field, spec: ColumnSpec) -> dict[str, str]:
    """Lower-cased export word -> catalogue value ('' for empty); the mapping's words win."""
    words = {v.lower(): v for v in field.values}
    words.update({w.strip().lower(): (ENUM_EMPTY if t is None else t) for w, t in spec.values})
    return words


def _enum(field: Field, spec: ColumnSpec, _currency: str, x: str) -> str:
    branches = " ".join(f"WHEN {sql_string(w)} THEN {sql_string(v)}" for w, v in enum_words(field, spec).items())
    return f"(CASE lower({x}) {branches} END)"


def _string(_field: Field, _spec: ColumnSpec, _currency: str, x: str) -> str:
    return x


TEXT = {
    "boolean": _boolean,
    "integer": _integer,
    "number": _number,
    "money": _money,
    "percent": _percent,
    "duration": _duration,
    "timestamp": _timestamp,
    "enum": _enum,
    "string": _string,
}


def _expected(field: Field, spec: ColumnSpec, currency: str, x: str) -> str:
    if field.type == "enum":
        known = [w for w, _t in spec.values] + [v for v in field.values if v.lower() not in
                                                {w.strip().lower() for w, _t in spec.values}]
        return f"not one of: {', '.join(known)}"
    symbol = _CURRENCY_SYMBOLS.get(currency, "")
    return {
        "boolean": f"not yes or no ({BOOLEAN_WORDS})",
        "integer": "not a whole number",
        "number": "not a number",
        "money": f"not an amount in {currency} (such as 1250.50 or {symbol or currency + ' '}1,250.50)",
        "percent": "not a percent (such as 12.5 or 12.5 %)",
        "duration": f"not a duration (a number of {spec.unit}, h:mm, or ISO 8601 such as PT2H)",
        "timestamp": "not a date and time (ISO 8601 such as 2026-07-14 09:31:07)",
        "string": "not text",
    }[field.type]
