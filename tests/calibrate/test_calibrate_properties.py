"""Property: calibrate's SQL says what `conditions.evaluate` says, for every ticket and condition.

Random tickets (empty values included) over a catalogue, written both as a typed Parquet file
and as a CSV export in the spellings help desks use ('Yes', '$1,000.50', 'PT2H', ' EU ');
random valid conditions, and the example playbook's own criteria. Values are drawn partly
from small pools shared by tickets and conditions, so thresholds are hit exactly.
"""
from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from calibrate_helpers import CATALOGUE, ROOT, per_ticket, plan_of
from macros.calibrate.plan import plan_from
from macros.conditions import Field, check, evaluate
from macros.playbook import load_playbook

UTC = dt.timezone.utc
STAMPS = [dt.datetime(2026, 1, 17, 9, 0, tzinfo=UTC), dt.datetime(2026, 1, 17, 9, 0, 1, tzinfo=UTC),
          dt.datetime(2025, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)]
POOLS: dict[str, list[Any]] = {
    "integer": [-1, 0, 1, 2, 3],
    "number": [-1.5, 0.0, 1.5, 2.0, 1000.0],
    "money": [0.0, 1000.0, 1000.5, 10000.0, 50000.0, 50000.01],
    "duration": [0.0, 30.0, 120.0, 43200.0, 43201.0],  # minutes
    "percent": [0.0, 10.0, 10.5, 99.99],
    "string": ["EU", "US", "eu", "Zoë", "a|b"],
}
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def ticket_value(field: Field) -> st.SearchStrategy[Any]:
    kind = field.type
    finite = st.floats(allow_nan=False, allow_infinity=False, min_value=-1e12, max_value=1e12)
    by_type: dict[str, st.SearchStrategy[Any]] = {
        "boolean": st.booleans(),
        "enum": st.sampled_from(field.values),
        "integer": st.sampled_from(POOLS["integer"]) | st.integers(-(2**53) + 1, 2**53 - 1),
        "number": st.sampled_from(POOLS["number"]) | finite,
        "money": st.sampled_from(POOLS["money"]) | finite,
        "duration": st.sampled_from(POOLS["duration"]) | st.floats(min_value=0, max_value=1e9),
        "percent": st.sampled_from(POOLS["percent"]) | finite,
        "timestamp": st.sampled_from(STAMPS) | st.datetimes(dt.datetime(1971, 1, 1), dt.datetime(2099, 1, 1),
                                                           timezones=st.just(UTC)),
        "string": st.sampled_from(POOLS["string"]),
    }
    return st.none() | by_type[kind]


def condition_value(field: Field, op: str) -> st.SearchStrategy[Any]:
    kind = field.type
    if kind == "money":
        return st.sampled_from(POOLS["money"] + [1000]).map(lambda a: {"amount": a, "currency": "USD"})
    if kind == "duration":
        return st.sampled_from([{"minutes": 30}, {"hours": 2}, {"days": 30}, {"minutes": 43201}, {"weeks": 1},
                                {"hours": 0.5}])
    if kind == "percent":
        return st.sampled_from(POOLS["percent"]).map(lambda p: {"percent": p})
    if kind == "timestamp":
        return st.sampled_from(["2026-01-17T09:00:00Z", "2026-01-17T10:00:00+01:00", "2026-01-17T09:00:00"])
    if kind == "boolean":
        return st.booleans()
    scalar = {"enum": st.sampled_from(field.values), "integer": st.sampled_from(POOLS["integer"]),
              "number": st.sampled_from(POOLS["number"] + [2]), "string": st.sampled_from(POOLS["string"])}[kind]
    return st.lists(scalar, min_size=1, max_size=3) if op in ("one_of", "not_one_of") else scalar


def conditions_over(catalogue: dict[str, Field]) -> st.SearchStrategy[dict[str, Any]]:
    from macros.conditions import OPERATORS_BY_TYPE, PRESENCE

    fields = [f for f in catalogue.values() if f.id != "ticket_id"]

    @st.composite
    def leaf(draw: st.DrawFn) -> dict[str, Any]:
        field = draw(st.sampled_from(fields))
        op = draw(st.sampled_from(OPERATORS_BY_TYPE[field.type]))
        if op in PRESENCE:
            return {"field": field.id, "op": op}
        return {"field": field.id, "op": op, "value": draw(condition_value(field, op))}

    return st.recursive(leaf(), lambda inner: st.one_of(
        st.lists(inner, min_size=1, max_size=3).map(lambda c: {"all": c}),
        st.lists(inner, min_size=1, max_size=3).map(lambda c: {"any": c}),
        inner.map(lambda c: {"not": c})), max_leaves=6)


def tickets_over(catalogue: dict[str, Field]) -> st.SearchStrategy[list[dict[str, Any]]]:
    fields = [f for f in catalogue.values() if f.id != "ticket_id"]
    one = st.fixed_dictionaries({f.id: ticket_value(f) for f in fields})
    return st.lists(one, min_size=1, max_size=20).map(
        lambda rows: [{"ticket_id": f"T{i}"} | row for i, row in enumerate(rows)])


# ---------------------------------------------------------------- writing the same tickets two ways

def spelling(field: Field, value: Any, pick: int) -> str:
    """One of the ways a help desk writes this canonical value; the reading must give it back exactly."""
    if value is None:
        return ["", "  "][pick % 2]
    kind = field.type
    if kind == "boolean":
        return (["true", "Yes", "Y", "1", "T"] if value else ["false", "no", "N", "0", "f"])[pick % 5]
    if kind == "enum":
        return [value, value.upper(), f" {value} "][pick % 3]
    if kind == "string":
        return [value, f" {value}  "][pick % 2]
    if kind == "timestamp":
        forms = [value.isoformat().replace("+00:00", "Z"), value.astimezone(dt.timezone(dt.timedelta(hours=2))).isoformat(),
                 value.strftime("%Y-%m-%d %H:%M:%S.%f")]
        return forms[pick % 3]
    if kind == "money" and value in (1000.5, 50000.0, 10000.0) and pick % 2:
        return {1000.5: "$1,000.50", 50000.0: "USD 50,000", 10000.0: "10,000.00 USD"}[value]
    if kind == "duration" and pick % 2 and value in (120.0, 43200.0, 30.0):
        return {120.0: "PT2H", 43200.0: "P30D", 30.0: "0:30"}[value]
    if kind == "percent" and pick % 2:
        return f"{value!r} %"
    return repr(value) if isinstance(value, float) else f" {value} " if pick % 3 == 2 else str(value)


def write_csv(path: Path, catalogue: dict[str, Field], tickets: list[dict[str, Any]], pick: int) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(list(catalogue))
        for n, ticket in enumerate(tickets):
            writer.writerow([ticket["ticket_id"]] + [spelling(catalogue[f], ticket[f], pick + n + i)
                                                     for i, f in enumerate(list(catalogue)[1:])])
    return path


ARROW = {"boolean": pa.bool_(), "integer": pa.int64(), "number": pa.float64(), "money": pa.float64(),
         "duration": pa.float64(), "percent": pa.float64(), "timestamp": pa.timestamp("us", tz="UTC"),
         "enum": pa.string(), "string": pa.string()}


def write_parquet(path: Path, catalogue: dict[str, Field], tickets: list[dict[str, Any]]) -> Path:
    schema = pa.schema([(f.id, ARROW[f.type]) for f in catalogue.values()])
    pq.write_table(pa.table({f: [t[f] for t in tickets] for f in catalogue}, schema=schema), path)
    return path


def outside(field: Field, value: Any) -> bool:
    """A value outside the catalogue's plausible range is reported like one that does not convert."""
    if value is None:
        return False
    return (field.low is not None and value < field.low) or (field.high is not None and value > field.high)


def assert_same_as_reference(plan: Any, catalogue: dict[str, Field], tickets: list[dict[str, Any]],
                             folder: Path, pick: int) -> None:
    read = plan.fields_needed()
    expected = {t["ticket_id"]: "BAD" if any(outside(catalogue[f], t[f]) for f in read) else
                {c.id for c in plan.criteria if evaluate(c.condition, t, catalogue)} for t in tickets}
    folder.mkdir(parents=True, exist_ok=True)
    typed = per_ticket(plan, write_parquet(folder / "t.parquet", catalogue, tickets))  # durations: plain minutes
    text = per_ticket(plan, write_csv(folder / "t.csv", catalogue, tickets, pick))
    assert typed == expected
    assert text == expected


@SETTINGS
@given(tickets=tickets_over(CATALOGUE), conditions=st.lists(conditions_over(CATALOGUE), min_size=1, max_size=6),
       pick=st.integers(0, 30))
def test_random_conditions_match_the_reference(tmp_path_factory, tickets, conditions, pick) -> None:  # noqa: ANN001
    for condition in conditions:
        assert check(condition, CATALOGUE, "USD") == []  # only conditions the validator accepts
    plan = plan_of([[(f"c{i}", c) for i, c in enumerate(conditions)]])
    assert_same_as_reference(plan, CATALOGUE, tickets, tmp_path_factory.mktemp("random"), pick)


EXAMPLE = plan_from(load_playbook(ROOT)[0])


@SETTINGS
@given(tickets=tickets_over(EXAMPLE.catalogue), pick=st.integers(0, 30))
def test_the_example_playbook_criteria_match_the_reference(tmp_path_factory, tickets, pick) -> None:  # noqa: ANN001
    assert_same_as_reference(EXAMPLE, EXAMPLE.catalogue, tickets, tmp_path_factory.mktemp("example"), pick)
