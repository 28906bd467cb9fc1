"""Export values -> the canonical values conditions compare, as DuckDB SQL, by catalogue type.

Canonical means what `macros.conditions.evaluate` expects: money as an amount, durations in
minutes, percents as their number, timestamps in UTC, enumerations as catalogue values.

Each conversion is a cheap `fast` reading that almost every value takes (a plain cast, an
exact word), and a `slow` reading of the trimmed text for the rest ('$1,250.50', 'PT2H',
' yes '). DuckDB evaluates a CASE branch only for the rows that reach it, so the slow reading
costs nothing on a clean export. A value that neither reading accepts is NULL while its text
is not blank: the row did not convert, and is excluded and reported, never guessed.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable

from ..conditions import Field
from ..units import MINUTES_PER_UNIT, _CURRENCY_SYMBOLS, number  # the project's one table of currency symbols
from .mapping import ColumnSpec

WHITESPACE = "E' \\t\\n\\r'"  # space, tab, line feed, carriage return: one literal, nothing to fold at planning
ENUM_EMPTY = ""  # an export word mapped to null: present in the export, empty for the conditions
INTEGER_TYPES = {"TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT"}
NUMBER_TYPES = INTEGER_TYPES | {"FLOAT", "DOUBLE", "REAL", "DECIMAL"}
TIME_TYPES = {"TIMESTAMP", "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ", "DATE", "TIMESTAMP_S", "TIMESTAMP_MS",
              "TIMESTAMP_NS"}
ISO_DURATION = (r"^[Pp](?:(?P<w>[0-9]+(?:\.[0-9]+)?)[Ww])?(?:(?P<d>[0-9]+(?:\.[0-9]+)?)[Dd])?"
                r"(?:[Tt](?:(?P<h>[0-9]+(?:\.[0-9]+)?)[Hh])?(?:(?P<m>[0-9]+(?:\.[0-9]+)?)[Mm])?"
                r"(?:(?P<s>[0-9]+(?:\.[0-9]+)?)[Ss])?)?$")
NEVER_FAIL = {"BOOLEAN", "TINYINT", "SMALLINT", "INTEGER", "BIGINT", "UTINYINT", "USMALLINT", "UINTEGER"}
PERCENT_TEXT = r"^(.+?)\s*%$"
GROUPED = r"[+-]?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?"  # thousands separated by commas, as money already allows
LARGEST_WHOLE = 9007199254740991  # 2**53 - 1: beyond it a double no longer holds every whole number
BOOLEAN_WORDS = "true/false, yes/no, y/n, t/f or 1/0"


@dataclass(frozen=True)
class Conversion:
    prepare: str   # SQL over the raw column: as read, or as text when a typed column is not of the field's kind
    fast: str      # SQL over x (the prepared value): a candidate canonical value
    value: str     # SQL over x and f (the fast candidate): the canonical value, NULL when empty or not convertible
    filled: str    # SQL over x: TRUE when x holds something (not only whitespace)
    expected: str  # a bad value's message: 'not a whole number'
    can_fail: bool = True  # False when every stored value converts (a BOOLEAN column for a boolean field)
    bounds: tuple[float, float] | None = None  # every canonical value lies within, when the stored values are known


@dataclass(frozen=True)
class Reading:
    """How one type is read: fast(x), accept(f), out(f), slow(t) where t is the trimmed text."""

    fast: Callable[[str], str]
    accept: Callable[[str], str]
    out: Callable[[str], str]
    slow: Callable[[str], str]


def sql_string(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


class UnreadableType(ValueError):
    """A typed column whose stored type has no meaning for its field (a list for a money field): never guessed."""


STORED_KINDS = {  # DuckDB type (without its parameters) -> what a value of it means
    **{t: "integer" for t in INTEGER_TYPES}, "FLOAT": "float", "DOUBLE": "float", "REAL": "float",
    "DECIMAL": "decimal", "BOOLEAN": "boolean", "VARCHAR": "text", "UUID": "text", "ENUM": "text",
    "TIMESTAMP": "timestamp", "TIMESTAMP_S": "timestamp", "TIMESTAMP_MS": "timestamp", "TIMESTAMP_NS": "timestamp",
    "DATETIME": "timestamp", "TIMESTAMP WITH TIME ZONE": "timestamp", "TIMESTAMPTZ": "timestamp",
    "DATE": "date", "INTERVAL": "interval", "DURATION": "duration",
}
ACCEPTED: dict[str, tuple[str, ...]] = {  # field type -> the stored kinds that carry its meaning
    "string": ("text", "integer"),
    "enum": ("text", "integer"),
    "boolean": ("boolean", "text", "integer"),
    "integer": ("integer", "float", "decimal", "text"),
    "number": ("integer", "float", "decimal", "text"),
    "money": ("integer", "float", "decimal", "text"),
    "percent": ("integer", "float", "decimal", "text"),
    "duration": ("duration", "interval", "integer", "float", "decimal", "text"),
    "timestamp": ("timestamp", "date", "text"),
}
STORE_AS = {  # what to export instead, per field type
    "string": "text", "enum": "text", "boolean": "true/false or text", "integer": "a whole number or text",
    "number": "a number or text", "money": "a number or text", "percent": "a number or text",
    "duration": "a duration (timedelta), a number of the mapping's unit, or text",
    "timestamp": "a timestamp, a date, or ISO 8601 text",
}
PER_MINUTE = {"s": 60, "ms": 60_000, "us": 60_000_000, "ns": 60_000_000_000}  # Arrow duration units


def stored_kind(source_type: str) -> str:
    upper = source_type.upper().strip()
    return STORED_KINDS.get(upper) or STORED_KINDS.get(re.sub(r"\(.*\)$", "", upper).strip(), "other")


def type_problem(field: Field, spec: ColumnSpec, source_type: str) -> str | None:
    """Why the column's stored type cannot be read as the field, or None."""
    if stored_kind(source_type) in ACCEPTED[field.type]:
        return None
    return (f"column '{spec.column}' is stored as {source_type}, which cannot be read as {field.type} field "
            f"'{field.id}'; export it as {STORE_AS[field.type]}, or map another column")


def conversion(field: Field, spec: ColumnSpec, source_type: str, currency: str, raw: str, x: str, f: str,
               stored_bounds: tuple[float, float] | None = None, nan_empty: bool = True) -> Conversion:
    """`raw`, `x` and `f` name the SQL columns of the three steps for this field. `stored_bounds`: the smallest
    and largest stored value of a numeric column (Parquet statistics), when known; a reading that then cannot
    fail is not checked per row. `nan_empty`: NaN in a float column is an empty value (Parquet, Arrow), not a
    value that does not convert (text parsed by the CSV reader, where 'nan' is text the text path refuses).
    Raises UnreadableType when the stored type cannot mean a value of the field."""
    problem = type_problem(field, spec, source_type)
    if problem:
        raise UnreadableType(problem)
    kind = stored_kind(source_type)
    stored = re.sub(r"\(.*\)$", "", source_type.upper()).strip()
    expected = _expected(field, spec, currency)
    typed = _typed(field, spec, kind, source_type)
    # NaN in a float column is how pandas and Arrow write an empty value: empty, not unconvertible
    nan = kind == "float" and nan_empty
    source = f"(CASE WHEN isnan({raw}) THEN NULL ELSE {raw} END)" if nan else raw  # NaN bits vary
    bounds = _canonical_bounds(field, spec, kind, source_type, stored_bounds) if typed is not None else None
    if typed is not None and typed.accept is _not_null and typed.out is _same:
        return Conversion(source, typed.fast(x), f, "TRUE", expected, can_fail=stored not in NEVER_FAIL, bounds=bounds)
    if typed is not None and bounds is not None and _holds(typed.accept, bounds):
        return Conversion(source, typed.fast(x), typed.out(f), "TRUE", expected, can_fail=False, bounds=bounds)
    if typed is not None:
        value = f"(CASE WHEN {typed.accept(f)} THEN {typed.out(f)} END)"
        return Conversion(source, typed.fast(x), value, "TRUE", expected, bounds=bounds)
    prepare = raw if stored == "VARCHAR" else f"CAST({raw} AS VARCHAR)"
    reading = READINGS[field.type](field, spec, currency)
    trimmed = f"NULLIF(trim({x}, {WHITESPACE}), '')"
    value = (f"(CASE WHEN {reading.accept(f)} THEN {reading.out(f)} WHEN {x} IS NULL THEN NULL "
             f"ELSE {reading.slow(trimmed)} END)")
    return Conversion(prepare, reading.fast(x), value, f"{trimmed} IS NOT NULL", expected)


def _canonical_bounds(field: Field, spec: ColumnSpec, kind: str, source_type: str,
                      stored: tuple[float, float] | None) -> tuple[float, float] | None:
    """The stored bounds in the field's canonical unit (what `_typed`'s fast reading makes of them)."""
    if stored is None or kind not in ("integer", "float", "decimal") or field.type not in \
            ("integer", "number", "money", "percent", "duration"):
        return None
    scale = 1.0
    if field.type == "duration":
        scale = MINUTES_PER_UNIT[spec.unit]
    return (stored[0] * scale, stored[1] * scale)


def _holds(accept: Callable[[str], str], bounds: tuple[float, float]) -> bool:
    """The reading accepts every value within `bounds` (finite ends): only finiteness and sign are checked."""
    return accept is _isfinite or (accept is _minutes_ok and bounds[0] >= 0)


def within(field: Field, bounds: tuple[float, float] | None) -> bool:
    """Every value within `bounds` lies inside the field's plausible range: no per-row range check needed."""
    return bounds is not None and (field.low is None or bounds[0] >= field.low) and \
        (field.high is None or bounds[1] <= field.high)


def range_sql(field: Field, value: str) -> str | None:
    """TRUE when a converted value lies inside the field's plausible range; None when the field has none."""
    tests = ([f"{value} >= {literal_number(field.low)}"] if field.low is not None else []) + \
            ([f"{value} <= {literal_number(field.high)}"] if field.high is not None else [])
    return " AND ".join(tests) or None


def literal_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() and abs(value) < 2**53 else f"CAST('{value!r}' AS DOUBLE)"


def range_text(field: Field, spec: ColumnSpec, currency: str) -> str:
    """'outside the plausible range (at least 0)' in the export's own units."""
    def shown(v: float) -> str:
        if field.type == "duration":
            return f"{number(v / MINUTES_PER_UNIT[spec.unit])} {spec.unit}"
        if field.type == "money":
            return f"{number(v)} {currency}"
        return f"{number(v)} %" if field.type == "percent" else number(v)

    if field.low is not None and field.high is not None:
        bounds = f"{shown(field.low)} to {shown(field.high)}"
    else:
        bounds = f"at least {shown(field.low)}" if field.low is not None else f"at most {shown(field.high)}"
    return f"outside the plausible range ({bounds}, from playbook/ticket-fields.yml)"


def _typed(field: Field, spec: ColumnSpec, stored: str, source_type: str) -> Reading | None:
    """A Parquet column already of the field's kind is read by its meaning: no text round trip."""
    kind, none = field.type, lambda t: "NULL"
    numeric = stored in ("integer", "float", "decimal")
    if kind == "boolean" and stored == "boolean":
        return Reading(lambda x: x, _not_null, _same, none)
    if kind == "integer" and stored == "integer":
        return Reading(lambda x: f"TRY_CAST({x} AS BIGINT)", _not_null, _same, none)
    if kind == "integer" and numeric:
        return Reading(lambda x: f"CAST({x} AS DOUBLE)", _whole, lambda f: f"CAST({f} AS BIGINT)", none)
    if kind in ("number", "money", "percent") and numeric:
        return Reading(lambda x: f"CAST({x} AS DOUBLE)", _isfinite, _same, none)
    if kind == "duration" and stored == "duration":
        per = PER_MINUTE[source_type[source_type.index("(") + 1:-1].strip().lower()]
        return Reading(lambda x: f"CAST({x} AS DOUBLE) / {per}", _minutes_ok, _same, none)
    if kind == "duration" and numeric:
        minutes = MINUTES_PER_UNIT[spec.unit]
        return Reading(lambda x: f"CAST({x} AS DOUBLE) * {minutes}", _minutes_ok, _same, none)
    if kind == "duration" and stored == "interval":
        return Reading(_interval_minutes, _not_null, _same, none)
    if kind == "timestamp" and stored in ("timestamp", "date"):
        return Reading(lambda x: f"CAST({x} AS TIMESTAMPTZ)", lambda f: f"isfinite({f})", _same, none)
    return None


def _whole(f: str) -> str:
    return f"({f} = trunc({f}) AND abs({f}) <= {LARGEST_WHOLE})"


def _same(f: str) -> str:
    return f


def _isfinite(f: str) -> str:
    return f"isfinite({f})"


def _not_null(f: str) -> str:
    return f"{f} IS NOT NULL"


def _finite(number: str) -> str:
    return f"(CASE WHEN isfinite({number}) THEN {number} END)"


def _minutes_ok(minutes: str) -> str:
    return f"(isfinite({minutes}) AND {minutes} >= 0)"


def _interval_minutes(interval: str) -> str:
    # months and years have no fixed length in minutes: refuse them rather than guess
    return (f"(CASE WHEN datepart('month', {interval}) = 0 AND datepart('year', {interval}) = 0 "
            f"AND epoch({interval}) >= 0 THEN epoch({interval}) / 60 END)")


def _boolean(_field: Field, _spec: ColumnSpec, _currency: str) -> Reading:
    cast = lambda x: f"TRY_CAST({x} AS BOOLEAN)"  # noqa: E731 - DuckDB reads exactly BOOLEAN_WORDS, any case
    return Reading(cast, _not_null, _same, cast)


def _ungrouped(t: str) -> str:
    """'1,000' and '-12,500.5' as plain digits; any other text unchanged (and refused later if not a number)."""
    return f"(CASE WHEN regexp_full_match({t}, {sql_string(GROUPED)}) THEN replace({t}, ',', '') ELSE {t} END)"


def _integer(_field: Field, _spec: ColumnSpec, _currency: str) -> Reading:
    def slow(t: str) -> str:
        number = f"TRY_CAST({_ungrouped(t)} AS DOUBLE)"
        return f"(CASE WHEN {_whole(number)} THEN CAST({number} AS BIGINT) END)"

    return Reading(lambda x: f"TRY_CAST({x} AS DOUBLE)", _whole, lambda f: f"CAST({f} AS BIGINT)", slow)


def _number(_field: Field, _spec: ColumnSpec, _currency: str) -> Reading:
    return Reading(lambda x: f"TRY_CAST({x} AS DOUBLE)", lambda f: f"isfinite({f})", _same,
                   lambda t: _finite(f"TRY_CAST({_ungrouped(t)} AS DOUBLE)"))


def _money(_field: Field, _spec: ColumnSpec, currency: str) -> Reading:
    """1250.5 fast; 1,250.50, $1,250.50, USD 1250, -$20 slow: the organisation's currency only."""
    marks = [re.escape(currency)] + ([re.escape(_CURRENCY_SYMBOLS[currency])] if currency in _CURRENCY_SYMBOLS else [])
    pattern = (rf"^(?P<a>[+-]?)\s*(?:{'|'.join(marks)})?\s*(?P<b>[+-]?)\s*"
               rf"(?P<n>(?:[0-9]{{1,3}}(?:,[0-9]{{3}})+|[0-9]+)(?:\.[0-9]+)?|\.[0-9]+)\s*(?:{re.escape(currency)})?$")

    def slow(t: str) -> str:
        parts = f"regexp_extract({t}, {sql_string(pattern)}, ['a', 'b', 'n'])"
        return _finite(f"TRY_CAST({parts}.a || {parts}.b || replace({parts}.n, ',', '') AS DOUBLE)")

    return Reading(lambda x: f"TRY_CAST({x} AS DOUBLE)", lambda f: f"isfinite({f})", _same, slow)


def _percent(_field: Field, _spec: ColumnSpec, _currency: str) -> Reading:
    def slow(t: str) -> str:
        return _finite(f"TRY_CAST({_ungrouped(f'regexp_extract({t}, {sql_string(PERCENT_TEXT)}, 1)')} AS DOUBLE)")

    return Reading(lambda x: f"TRY_CAST({x} AS DOUBLE)", lambda f: f"isfinite({f})", _same, slow)


def _duration(_field: Field, spec: ColumnSpec, _currency: str) -> Reading:
    """A plain number counts the mapping's unit; PT2H30M (ISO 8601), 2:30 and '2 hours' carry their own."""
    minutes = MINUTES_PER_UNIT[spec.unit]

    def slow(t: str) -> str:
        parts = f"regexp_extract({t}, {sql_string(ISO_DURATION)}, ['w', 'd', 'h', 'm', 's'])"
        iso = " + ".join(f"COALESCE(TRY_CAST({parts}.{k} AS DOUBLE), 0) * {n}"
                         for k, n in (("w", 10080), ("d", 1440), ("h", 60), ("m", 1), ("s", 1 / 60)))
        iso_ok = f"regexp_full_match({t}, {sql_string(ISO_DURATION)}) AND regexp_matches({t}, '[0-9]')"
        found = f"(CASE WHEN {iso_ok} THEN {iso} ELSE {_interval_minutes(f'TRY_CAST({t} AS INTERVAL)')} END)"
        return f"(CASE WHEN {_minutes_ok(found)} THEN {found} END)"

    return Reading(lambda x: f"TRY_CAST({x} AS DOUBLE)", lambda f: _minutes_ok(f"{f} * {minutes}"),
                   lambda f: f"{f} * {minutes}", slow)


def _timestamp(_field: Field, spec: ColumnSpec, _currency: str) -> Reading:
    # naive text is read in the session's time zone, which run.py sets to UTC, as conditions.parse_timestamp does
    if spec.format:  # the mapping names how the export writes it ('17/Nov/26 9:31 AM'); ISO text still reads
        # The parsed moment as microseconds since the epoch (naive text counted as UTC, text with %z at its
        # offset), made an instant again: the same value as a cast in a UTC session, at a twentieth of the cost.
        parse = f"make_timestamptz(epoch_us(try_strptime({{}}, {sql_string(spec.format)})))"
        return Reading(lambda x: parse.format(x), _not_null, _same,
                       lambda t: f"COALESCE({parse.format(t)}, TRY_CAST({t} AS TIMESTAMPTZ))")
    return Reading(lambda x: f"TRY_CAST({x} AS TIMESTAMPTZ)", lambda f: f"isfinite({f})", _same,
                   lambda t: f"(CASE WHEN isfinite(TRY_CAST({t} AS TIMESTAMPTZ)) THEN TRY_CAST({t} AS TIMESTAMPTZ) END)")


def enum_words(field: Field, spec: ColumnSpec) -> dict[str, str]:
    """Lower-cased export word -> catalogue value ('' for empty); the mapping's words win over the values."""
    words = {v.lower(): v for v in field.values}
    words.update({w.strip().lower(): (ENUM_EMPTY if t is None else t) for w, t in spec.values})
    return words


def _spellings(words: dict[str, str]) -> dict[str, str]:
    """The usual spellings of each word ('high', 'High', 'HIGH'), so the fast reading takes nearly every value."""
    spelt: dict[str, str] = {}
    for word, value in words.items():
        for form in (word, word.capitalize(), word.title(), word.upper()):
            spelt.setdefault(form, value)
    return spelt


def _likely_first(table: dict[str, str], field: Field, spec: ColumnSpec) -> dict[str, str]:
    """The same table, its keys in the order an export most likely writes them: the mapping's own words,
    capitalised words ('Enterprise'), the catalogue's values, then the rest. A MAP lookup compares the keys in
    order (measured: 20 words with the export's last cost about 40 % more per lookup); no answer changes."""
    likely = [w for w, _t in spec.values] + [k for k in table if k[:1].isupper() and k[1:] == k[1:].lower()] + \
        list(field.values)
    return {k: table[k] for k in dict.fromkeys(likely + list(table)) if k in table}


def _enum(field: Field, spec: ColumnSpec, _currency: str) -> Reading:
    words = enum_words(field, spec)
    exact = _likely_first(_spellings(words) | {w: words[w.strip().lower()] for w, _t in spec.values}, field, spec)

    def lookup(subject: str, table: dict[str, str]) -> str:
        # a MAP lookup is a hash probe: as fast for thirty words as for three, unlike CASE
        pairs = ", ".join(f"{sql_string(w)}: {sql_string(v)}" for w, v in table.items())
        return f"(MAP {{{pairs}}}[{subject}])"

    return Reading(lambda x: lookup(x, exact), _not_null, _same, lambda t: lookup(f"lower({t})", words))


def _string(_field: Field, _spec: ColumnSpec, _currency: str) -> Reading:
    # text whose first and last characters are above the space (so neither is whitespace, and it is not empty) is
    # taken as it is; anything else, a control character at an end included, is trimmed, which leaves such text
    # as it was. Two code points are cheaper than trimming, and than comparing the ends with each whitespace
    # character (ord('') is -1)
    return Reading(_same, lambda f: f"(ord({f}) > 32 AND ord({f}[-1]) > 32)", _same, lambda t: t)


READINGS: dict[str, Callable[[Field, ColumnSpec, str], Reading]] = {
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


def _expected(field: Field, spec: ColumnSpec, currency: str) -> str:
    if field.type == "enum":
        mapped = [w for w, _t in spec.values]
        known = mapped + [v for v in field.values if v.lower() not in {w.strip().lower() for w in mapped}]
        return f"not one of: {', '.join(known)}"
    if field.type == "timestamp" and spec.format:
        return f"not a date and time (written as {spec.format}, or ISO 8601 such as 2026-07-14 09:31:07)"
    symbol = _CURRENCY_SYMBOLS.get(currency, currency + " ")
    return {
        "boolean": f"not yes or no ({BOOLEAN_WORDS})",
        "integer": "not a whole number",
        "number": "not a number",
        "money": f"not an amount in {currency} (such as 1250.50 or {symbol}1,250.50)",
        "percent": "not a percent (such as 12.5 or 12.5 %)",
        "duration": f"not a duration (a number of {spec.unit}, h:mm, or ISO 8601 such as PT2H)",
        "timestamp": "not a date and time (ISO 8601 such as 2026-07-14 09:31:07)",
        "string": "not text",
    }[field.type]
