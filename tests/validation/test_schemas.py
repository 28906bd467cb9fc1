"""The schemas themselves: valid JSON Schema, one per playbook file, titled for reviewers,
and named by each playbook file's modeline so editors check the file as it is typed."""
from __future__ import annotations

import json
import pathlib
from typing import Any, Iterator

import pytest
from jsonschema import Draft202012Validator

from macros.playbook import AREAS

REPO = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = sorted((REPO / "schemas").glob("*.schema.json"))
PLAYBOOK_FILES = sorted((REPO / "playbook").glob("*.yml"))
SHARED = {"common"}  # schemas of building blocks, not of a playbook file


def stem(path: pathlib.Path) -> str:
    return path.name.removesuffix(".schema.json").removesuffix(".yml")


def untitled_properties(node: Any, where: str) -> Iterator[str]:
    if isinstance(node, dict):
        for name, sub in (node.get("properties") or {}).items():
            if isinstance(sub, dict) and not sub.get("title"):
                yield f"{where}/properties/{name}"
        for key, value in node.items():
            yield from untitled_properties(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from untitled_properties(value, f"{where}/{index}")


def test_there_are_schemas_and_playbook_files() -> None:
    assert len(SCHEMAS) > len(SHARED) and PLAYBOOK_FILES


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_is_valid_json_schema(path: pathlib.Path) -> None:
    Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_schema_id_is_its_file_name(path: pathlib.Path) -> None:
    assert json.loads(path.read_text(encoding="utf-8")).get("$id") == path.name


@pytest.mark.parametrize("path", SCHEMAS, ids=lambda p: p.name)
def test_every_property_has_a_title(path: pathlib.Path) -> None:
    schema = json.loads(path.read_text(encoding="utf-8"))
    assert list(untitled_properties(schema, path.name + "#")) == []


def test_every_playbook_file_has_a_schema_and_every_schema_a_file() -> None:
    files = {stem(p) for p in PLAYBOOK_FILES}
    schemas = {stem(p) for p in SCHEMAS} - SHARED
    assert files == schemas
    assert files == set(AREAS)


@pytest.mark.parametrize("path", PLAYBOOK_FILES, ids=lambda p: p.name)
def test_first_line_is_the_schema_modeline(path: pathlib.Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{stem(path)}.schema.json"
    target = (path.parent / first.split("$schema=", 1)[1]).resolve()
    assert target.is_file()
