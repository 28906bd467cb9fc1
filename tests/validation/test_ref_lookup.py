"""The schema check looks each `$ref` up once per resolver state (macros/schemas.py `_ref`): every error it
finds, with its message and its paths in the data and in the schema, is the one jsonschema's own `$ref` finds,
for the example and for every bad-input case (cases/)."""
from __future__ import annotations

import pathlib
import shutil
from typing import Any

import pytest
from jsonschema import Draft202012Validator, validators

from macros import schemas
from macros.playbook import load_documents

from test_cases import CASE_FILES, apply_edit, case_edits, read_case

REPO = pathlib.Path(__file__).resolve().parents[2]


def _errors(validator: Any, data: Any) -> list[tuple[Any, ...]]:
    def flat(error: Any) -> list[tuple[Any, ...]]:
        own = (error.message, tuple(error.absolute_path), tuple(error.absolute_schema_path), error.validator)
        return [own] + [row for child in error.context or () for row in flat(child)]

    return sorted((row for error in validator.iter_errors(data) for row in flat(error)), key=repr)


def _both(root: pathlib.Path) -> tuple[list[Any], list[Any]]:
    playbook, _problems = load_documents(root)
    registry, found = schemas.load_schemas(root)
    stock = validators.extend(Draft202012Validator, {"pattern": schemas._pattern,
                                                     "maxDecimalPlaces": schemas._max_decimal_places})
    ours, theirs = [], []
    for stem, document in playbook.documents.items():
        if stem in found:
            schemas._RESOLVED.clear()
            ours.append((stem, _errors(schemas.validator_for(root, stem), document.data)))
            theirs.append((stem, _errors(stock(found[stem], registry=registry), document.data)))
    return ours, theirs


# the example, and the cases whose defect the schemas find (the others never reach a failing `$ref`)
SCHEMA_CASES = [p for p in CASE_FILES if "[schema]" in p.read_text(encoding="utf-8")]


@pytest.mark.parametrize("path", [None, *SCHEMA_CASES], ids=lambda p: p.stem if p else "example")
def test_every_error_is_the_one_jsonschema_finds(path: pathlib.Path | None, tmp_path: pathlib.Path) -> None:
    for name in ("playbook", "schemas"):
        shutil.copytree(REPO / name, tmp_path / name)
    if path is not None:
        for edit in case_edits(read_case(path)):
            apply_edit(tmp_path, edit, path.name)
    ours, theirs = _both(tmp_path)
    assert ours == theirs


def test_a_reference_means_what_its_own_schema_says() -> None:
    """'#/$defs/x' in two schemas names two definitions: looked up once each, never one for the other."""
    from referencing import Registry, Resource

    draft = "https://json-schema.org/draft/2020-12/schema"
    first = {"$schema": draft, "$id": "first.schema.json", "type": "object",
             "properties": {"n": {"$ref": "#/$defs/x"}, "m": {"$ref": "second.schema.json#/$defs/y"}},
             "$defs": {"x": {"type": "integer"}}}
    second = {"$schema": draft, "$id": "second.schema.json",
              "$defs": {"y": {"type": "object", "properties": {"k": {"$ref": "#/$defs/x"}}}, "x": {"type": "string"}}}
    registry = Registry().with_resources((s["$id"], Resource.from_contents(s)) for s in (first, second))
    schemas._RESOLVED.clear()
    validator = schemas._validator_class()(first, registry=registry)
    assert _errors(validator, {"n": 1, "m": {"k": "text"}}) == []
    assert [e[0] for e in _errors(validator, {"n": "one", "m": {"k": 2}})] == ["'one' is not of type 'integer'",
                                                                           "2 is not of type 'string'"]
