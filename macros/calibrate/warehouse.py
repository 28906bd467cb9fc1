"""The compiled criteria as one SQL query for the user's warehouse, transpiled by sqlglot.

`playbook calibrate --emit-sql DIALECT` runs the same criteria where the tickets live: a table
whose columns the mapping names, already typed by the warehouse (booleans as BOOLEAN, counts and
amounts as numbers, durations as numbers in the mapping's unit, timestamps as timestamps,
enumerations as the help desk's words). The query is written once, in DuckDB's SQL, from the very
pieces calibrate runs (`compile.match_sql` for conditions, the catalogue's ranges, the mapping's
words and units), and sqlglot writes it in the warehouse's dialect. It returns one row: tickets,
excluded, then per criterion, per level (qualify, would land at) and per band, the same counts as
the report, tested for real against PostgreSQL and DuckDB.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..conditions import Field
from ..units import MINUTES_PER_UNIT
from .compile import match_sql
from .convert import ENUM_EMPTY, enum_words, literal_number, sql_string
from .errors import CalibrateError
from .mapping import ColumnSpec
from .plan import Plan
from .reading import quote_identifier

DIALECTS = {"postgres": "postgres", "trino": "trino", "bigquery": "bigquery", "snowflake": "snowflake",
            "spark": "spark", "duckdb": "duckdb"}  # our name -> sqlglot's


@dataclass(frozen=True)
class Output:
    """One output column of the query: its name and what it counts, for people and for tests."""
    name: str
    what: str


def alias(text: str) -> str:
    """A column name every warehouse takes unquoted (BigQuery allows only letters, digits and _)."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


def outputs(plan: Plan) -> list[Output]:
    result = [Output("tickets", "tickets in the table"), Output("excluded", "tickets left out: a value not "
                                                                           "convertible or outside its range")]
    result += [Output(alias(f"matches {c.level} {c.id}"), f"tickets {c.key} matches") for c in plan.criteria]
    for level in plan.levels:
        result.append(Output(alias(f"qualify {level.id}"), f"tickets meeting any criterion of {level.id}"))
        result.append(Output(alias(f"would land at {level.id}"), f"tickets whose highest level is {level.id}"))
    result += [Output(alias(f"band {b.id}"), f"tickets at {b.from_level} or higher ({b.name})") for b in plan.bands]
    return result


def warehouse_sql(plan: Plan, specs: dict[str, ColumnSpec], table: str, dialect: str) -> str:
    """The query in `dialect`; `specs` holds a column for every field the criteria read."""
    import sqlglot  # lazily: only --emit-sql needs it

    if dialect not in DIALECTS:
        raise CalibrateError(f"--emit-sql {dialect}: unknown dialect; use one of: {', '.join(DIALECTS)}")
    fields = list(plan.fields_needed())
    missing = [f for f in fields if f not in specs]
    if missing:
        raise CalibrateError(f"--emit-sql: no column for {', '.join(missing)}; map them in the mapping file or "
                             "with --map FIELD=COLUMN")
    source = ".".join(quote_identifier(part) for part in table.split("."))
    canon, bad = [], []
    for f in fields:
        value, problem = _typed(plan.catalogue[f], specs[f], quote_identifier(specs[f].column))
        canon.append(f"{value} AS {_col(f)}")
        bad.extend(problem)
    excluded = f"CASE WHEN {' OR '.join(bad)} THEN 1 ELSE 0 END" if bad else "0"
    matches = [f"CASE WHEN {match_sql(c.condition, plan.catalogue, _col)} THEN 1 ELSE 0 END AS c{c.bit}"
               for c in plan.criteria]
    highest = "CASE " + " ".join(
        f"WHEN {' + '.join(f'c{b}' for b in level.bits) or '0'} > 0 THEN {i + 1}"
        for i, level in reversed(list(enumerate(plan.levels)))) + " ELSE 0 END"
    counts = ["COUNT(*)", "SUM(excluded)"]
    counts += [f"SUM(CASE WHEN excluded = 0 THEN c{c.bit} ELSE 0 END)" for c in plan.criteria]
    for i, level in enumerate(plan.levels):
        any_of = " + ".join(f"c{b}" for b in level.bits) or "0"
        counts.append(f"SUM(CASE WHEN excluded = 0 AND {any_of} > 0 THEN 1 ELSE 0 END)")
        counts.append(f"SUM(CASE WHEN excluded = 0 AND highest = {i + 1} THEN 1 ELSE 0 END)")
    ranks = {level.id: i + 1 for i, level in enumerate(plan.levels)}
    counts += [f"SUM(CASE WHEN excluded = 0 AND highest >= {ranks[b.from_level]} THEN 1 ELSE 0 END)"
               for b in plan.bands]
    names = outputs(plan)
    select = ", ".join(f"{c} AS {o.name}" for c, o in zip(counts, names))
    query = (f"WITH typed AS (SELECT {', '.join(canon) or '1 AS _none'}, {excluded} AS excluded FROM {source}), "
             f"matched AS (SELECT excluded, {', '.join(matches) or '0 AS c'} FROM typed), "
             f"ranked AS (SELECT matched.*, {highest} AS highest FROM matched) "
             f"SELECT {select} FROM ranked")
    try:
        written = sqlglot.transpile(query, read="duckdb", write=DIALECTS[dialect], pretty=True)[0]
    except sqlglot.errors.SqlglotError as error:  # a bug of ours, never the user's: say so plainly
        raise CalibrateError(f"--emit-sql {dialect}: the query could not be written ({error}); please report "
                             "this with the command you ran") from None
    header = [f"-- Entry criteria of the playbook as one query ({dialect}), written by playbook calibrate.",
              f"-- Over table {table}; columns typed by the warehouse, named by the mapping. One row:"]
    header += [f"--   {o.name}: {o.what}" for o in names]
    return "\n".join(header) + "\n" + written + ";\n"


def _col(field_id: str) -> str:
    return quote_identifier("f_" + field_id)


def _typed(field: Field, spec: ColumnSpec, col: str) -> tuple[str, list[str]]:
    """(canonical value, conditions under which the row is excluded) for a column typed by the warehouse."""
    kind = field.type
    problems: list[str] = []
    if kind in ("integer", "number", "money", "percent", "duration"):
        value = f"CAST({col} AS DOUBLE)" if kind != "integer" else f"CAST({col} AS BIGINT)"
        if kind == "duration":
            value = f"CAST({col} AS DOUBLE) * {MINUTES_PER_UNIT[spec.unit]}"
            problems.append(f"{value} < 0")
        if field.low is not None:
            problems.append(f"{value} < {literal_number(field.low)}")
        if field.high is not None:
            problems.append(f"{value} > {literal_number(field.high)}")
        return value, problems
    if kind == "enum":
        words = enum_words(field, spec)
        word = f"LOWER(TRIM({col}))"
        known = ", ".join(sql_string(w) for w in words)
        cases = " ".join(f"WHEN {sql_string(w)} THEN {sql_string(v)}" for w, v in words.items() if v != ENUM_EMPTY)
        value = f"(CASE {word} {cases} END)" if cases else "CAST(NULL AS VARCHAR)"
        problems.append(f"({col} IS NOT NULL AND TRIM({col}) <> '' AND {word} NOT IN ({known}))")
        return value, problems
    if kind == "string":
        return f"NULLIF(TRIM({col}), '')", problems
    if kind == "timestamp":
        return f"CAST({col} AS TIMESTAMPTZ)", problems
    return col, problems  # boolean: as stored
