"""Whatever the input, the loader returns a Document or raises LoadError: nothing else."""
from __future__ import annotations

from typing import Any

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from macros.loading import Document, LoadError, load_text

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
structures = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=5),
    max_leaves=30,
)
string_mappings = st.recursive(
    st.text(),
    lambda children: st.dictionaries(st.text(), children, min_size=1, max_size=5),
    max_leaves=30,
).filter(lambda value: isinstance(value, dict))


def load_or_refuse(source: str | bytes) -> Document | None:
    try:
        doc = load_text(source, "x.yml")
    except LoadError as error:
        assert error.problems, "a LoadError must carry at least one problem"
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1
            assert problem.rule.startswith("yaml-")
        return None
    assert () in doc.values
    assert isinstance(doc.data, dict)
    return doc


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_loads_or_is_refused(text: str) -> None:
    load_or_refuse(text)


@settings(max_examples=300, deadline=None)
@given(st.binary())
def test_any_bytes_load_or_are_refused(data: bytes) -> None:
    load_or_refuse(data)


@settings(max_examples=300, deadline=None)
@given(structures, st.booleans())
def test_dumped_structures_load_or_are_refused(value: Any, flow: bool) -> None:
    load_or_refuse(yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True))


@settings(max_examples=300, deadline=None)
@given(string_mappings)
def test_string_only_mappings_round_trip_when_quoted(value: dict[str, Any]) -> None:
    # Quoting every scalar means none is resolved: the data must come back exactly.
    text = yaml.safe_dump(value, default_style='"', allow_unicode=True)
    doc = load_or_refuse(text)
    if doc is not None:
        assert doc.data == value
