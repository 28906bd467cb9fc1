"""Which export column holds which catalogue field, and how to read it.

A mapping file (YAML, read by the project's strict loader) or `--map FIELD=COLUMN` options:

    columns:
      ticket_id: Ticket ID
      priority: {column: Priority, values: {Urgent: p1, High: p2, Normal: p3, Low: p4}}
      termination_notice: {column: Days to termination, unit: days}

`unit` says what a plain number in a duration column counts (default minutes); `values` turns
the help desk's words into the catalogue's enumeration values (a null target means empty);
`in_order` lists the help desk's words in the order of the field's values (most urgent first, say),
so a preset can serve any organisation: `{column: Priority, in_order: [Urgent, High, Normal, Low]}`
gives Urgent the field's first value, High its second, and any word past the last value the last.
Every problem is collected and reported at file:line:column, then the run stops once.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..conditions import Field
from ..loading import LoadError, format_path, load_file
from ..playbook import display_path
from ..problems import Problem
from ..suggest import did_you_mean
from .errors import CalibrateError

UNITS = ("minutes", "hours", "days", "weeks")  # business days cannot be measured on a ticket
SPEC_KEYS = ("column", "unit", "values", "in_order", "format")
TICKET_FIELDS = "use a field id from playbook/ticket-fields.yml"  # what other catalogues replace (operations reports)


@dataclass(frozen=True)
class ColumnSpec:
    field: str
    column: str
    origin: str  # where the choice was made, for messages: 'map.yml:4:14: columns.arr' or '--map arr=ARR'
    unit: str = "minutes"
    values: tuple[tuple[str, str | None], ...] = ()  # export word -> enumeration value (None: empty)
    format: str | None = None  # strptime pattern of a timestamp column written another way ('%d/%b/%y %I:%M %p')


Mapping = dict[str, ColumnSpec]


def load_mapping(path: Path, catalogue: dict[str, Field], fields_from: str = TICKET_FIELDS) -> Mapping:
    shown = display_path(Path(path))
    try:
        document = load_file(Path(path), display=shown)
    except LoadError as error:
        raise CalibrateError([p.text() for p in error.problems]) from None
    problems: list[Problem] = []

    def problem(where: tuple[str | int, ...], message: str, at_key: bool = False) -> None:
        """At the value, or at the key itself when the key is what is wrong."""
        pos = document.keys.get(where) if at_key else None
        pos = pos or document.position(where)
        problems.append(Problem(shown, pos.line, pos.column, message, "mapping", format_path(where)))

    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
        problem((), "a mapping file holds `columns:`, a mapping of ticket field to export column; "
                    "see docs/data/sample-tickets.mapping.yml")
        raise CalibrateError([p.text() for p in problems])
    for key in data:
        if key != "columns":
            problem((key,), f"unknown key '{key}'; a mapping file holds only `columns:`", at_key=True)
    mapping: Mapping = {}
    for field_id, spec in data["columns"].items():
        where = ("columns", field_id)
        pos = document.position(where)
        origin = f"{shown}:{pos.line}:{pos.column}: {format_path(where)}"
        parsed = _spec(field_id, spec, catalogue, origin,
                       lambda sub, msg, at_key=False, w=where: problem(w + sub, msg, at_key), fields_from)
        if parsed is not None:
            mapping[field_id] = parsed
    if problems:
        raise CalibrateError([p.text() for p in sorted(problems)])
    return mapping


def _spec(field_id: str, spec: Any, catalogue: dict[str, Field], origin: str, problem: Any,
          fields_from: str = TICKET_FIELDS) -> ColumnSpec | None:
    field = catalogue.get(field_id)
    if field is None:
        what = "ticket field" if fields_from == TICKET_FIELDS else "field"
        problem((), f"unknown {what} '{field_id}'{did_you_mean(field_id, catalogue)}; {fields_from}", True)
        return None
    written = spec if isinstance(spec, dict) else {"column": spec}
    unknown = [k for k in written if k not in SPEC_KEYS]
    for key in unknown:
        problem((key,), f"unknown key '{key}'{did_you_mean(key, SPEC_KEYS)}; use column, unit, values, in_order or format", True)
    column = written.get("column")
    if "column" not in written:
        if not unknown:  # a misspelt key already said it
            problem((), f"no column given; write {field_id}: COLUMN or {field_id}: {{column: COLUMN}}")
        return None
    if not isinstance(column, str) or not column.strip():
        problem(("column",) if isinstance(spec, dict) else (),
                "the column name must be text (quote it if it looks like a number or true/false)")
        return None
    spec = written
    unit = _unit(field, spec, problem)
    values = _values(field, spec, problem)
    pattern = _format(field, spec, problem)
    if unknown or unit is None or values is None or pattern is False:
        return None
    return ColumnSpec(field_id, column, origin, unit, values, pattern or None)


def _format(field: Field, spec: dict[str, Any], problem: Any) -> str | None | bool:
    """The strptime pattern of a timestamp column; False when it is wrong (already reported)."""
    if "format" not in spec:
        return None
    pattern = spec["format"]
    if field.type != "timestamp":
        problem(("format",), f"'format' applies only to timestamp fields; '{field.id}' is {field.type}")
        return False
    if not isinstance(pattern, str) or "%" not in pattern:
        problem(("format",), "'format' is a strptime pattern such as '%d/%b/%y %I:%M %p' (see DuckDB's strptime)")
        return False
    return pattern


def _unit(field: Field, spec: dict[str, Any], problem: Any) -> str | None:
    if "unit" not in spec:
        return "minutes"
    if field.type != "duration":
        problem(("unit",), f"'unit' applies only to duration fields; '{field.id}' is {field.type}")
        return None
    if spec["unit"] not in UNITS:
        hint = " (business days cannot be measured on a ticket)" if spec["unit"] == "business_days" else ""
        problem(("unit",), f"unknown unit {spec['unit']!r}{hint}; use one of: {', '.join(UNITS)}")
        return None
    return spec["unit"]


def _values(field: Field, spec: dict[str, Any], problem: Any) -> tuple[tuple[str, str | None], ...] | None:
    if "in_order" in spec:
        return _in_order(field, spec, problem)
    words = spec.get("values", {})
    if "values" in spec and field.type != "enum":
        problem(("values",), f"'values' applies only to enumeration fields; '{field.id}' is {field.type}")
        return None
    if not isinstance(words, dict):
        problem(("values",), "'values' must map export words to field values, e.g. {Urgent: p1}")
        return None
    seen: dict[str, str] = {}
    ok = True
    for word, target in words.items():
        if word.strip().lower() in seen:
            problem(("values", word), f"'{word}' is the same word as '{seen[word.strip().lower()]}' "
                                      "(case and spaces are ignored); keep one")
            ok = False
        seen[word.strip().lower()] = word
        if target is not None and target not in field.values:
            problem(("values", word), f"{target!r} is not a value of '{field.id}'{did_you_mean(target, field.values)}"
                                      f"; use one of: {', '.join(field.values)}, or null for empty")
            ok = False
    return tuple((w, t) for w, t in words.items()) if ok else None


def _in_order(field: Field, spec: dict[str, Any], problem: Any) -> tuple[tuple[str, str | None], ...] | None:
    """`in_order: [w1, w2, …]`: the export's words given to the enumeration's values in their order."""
    words = spec["in_order"]
    if field.type != "enum":
        problem(("in_order",), f"'in_order' applies only to enumeration fields; '{field.id}' is {field.type}")
        return None
    if "values" in spec:
        problem(("in_order",), "give either 'values' or 'in_order', not both")
        return None
    if not isinstance(words, list) or not words or not all(isinstance(w, str) and w.strip() for w in words):
        problem(("in_order",), "'in_order' lists the export's words in the order of the field's values, "
                               "e.g. [Urgent, High, Normal, Low]")
        return None
    if len({w.strip().lower() for w in words}) != len(words):
        problem(("in_order",), "a word is listed twice (case and spaces are ignored); keep one")
        return None
    last = len(field.values) - 1
    return tuple((word, field.values[min(i, last)]) for i, word in enumerate(words))


def apply_options(mapping: Mapping, maps: tuple[str, ...], units: tuple[str, ...],
                  catalogue: dict[str, Field], fields_from: str = TICKET_FIELDS) -> Mapping:
    """`--map FIELD=COLUMN` and `--unit FIELD=UNIT` on top of the file's mapping."""
    result = dict(mapping)
    messages: list[str] = []
    for option, text in [("--map", t) for t in maps] + [("--unit", t) for t in units]:
        field_id, sep, value = text.partition("=")
        field_id, value = field_id.strip(), value.strip()
        shown = f"{option} {text}"
        if not sep or not field_id or not value:
            example = "arr='ARR (USD)'" if option == "--map" else "termination_notice=days"
            messages.append(f"{shown}: write {option} FIELD={'COLUMN' if option == '--map' else 'UNIT'}, "
                            f"e.g. {option} {example}")
            continue
        field = catalogue.get(field_id)
        if field is None:
            what = "ticket field" if fields_from == TICKET_FIELDS else "field"
            messages.append(f"{shown}: unknown {what} '{field_id}'{did_you_mean(field_id, catalogue)}; {fields_from}")
            continue
        if option == "--map":
            base = result.get(field_id) or ColumnSpec(field_id, value, shown)
            result[field_id] = replace(base, column=value, origin=shown)
            continue
        if field.type != "duration" or value not in UNITS:
            why = (f"'{field_id}' is {field.type}, not a duration" if field.type != "duration"
                   else f"unknown unit '{value}'; use one of: {', '.join(UNITS)}")
            messages.append(f"{shown}: {why}")
            continue
        base = result.get(field_id) or ColumnSpec(field_id, field_id, shown)
        result[field_id] = replace(base, unit=value)
    if messages:
        raise CalibrateError(messages)
    return result
