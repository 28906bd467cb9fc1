"""JSON Schema checking of each playbook file, with messages people can act on."""
from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, Iterable

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match
from referencing import Registry, Resource

from .problems import Problem
from .suggest import did_you_mean

if TYPE_CHECKING:
    from .playbook import Playbook

SCHEMA_SUFFIX = ".schema.json"


@lru_cache(maxsize=8)
def _registry(folder: str, stamp: tuple[tuple[str, float], ...]) -> tuple[Registry, dict[str, dict[str, Any]]]:
    schemas = {p.name[: -len(SCHEMA_SUFFIX)]: json.loads(p.read_text(encoding="utf-8"))
               for p in sorted(FsPath(folder).glob(f"*{SCHEMA_SUFFIX}"))}
    registry = Registry().with_resources(
        (schema.get("$id", f"{stem}{SCHEMA_SUFFIX}"), Resource.from_contents(schema)) for stem, schema in schemas.items()
    )
    return registry, schemas


def load_schemas(root: FsPath) -> tuple[Registry, dict[str, dict[str, Any]]]:
    folder = root / "schemas"
    stamp = tuple((p.name, p.stat().st_mtime) for p in sorted(folder.glob(f"*{SCHEMA_SUFFIX}")))
    return _registry(str(folder), stamp)


def validator_for(root: FsPath, stem: str) -> Draft202012Validator | None:
    registry, schemas = load_schemas(root)
    schema = schemas.get(stem)
    return Draft202012Validator(schema, registry=registry) if schema is not None else None


def check_schemas(playbook: "Playbook") -> tuple[list[Problem], set[str]]:
    """Problems for every loaded file, and the stems that passed cleanly."""
    problems: list[Problem] = []
    clean: set[str] = set()
    for stem, document in playbook.documents.items():
        validator = validator_for(playbook.root, stem)
        if validator is None:
            problems.append(Problem(document.file, 1, 1, f"no schema found; add schemas/{stem}{SCHEMA_SUFFIX}",
                                    "missing-schema"))
            continue
        found = [_problem(playbook, stem, e) for e in _leaf_errors(validator.iter_errors(document.data))]
        problems.extend(found)
        if not found:
            clean.add(stem)
    return problems, clean


def _leaf_errors(errors: Iterable[ValidationError]) -> Iterable[ValidationError]:
    """For oneOf/anyOf failures report the most relevant branch, not 'not valid under any'."""
    for error in errors:
        while error.context:
            error = best_match(error.context)
        yield error


def _problem(playbook: "Playbook", stem: str, error: ValidationError) -> Problem:
    path = tuple(error.absolute_path)
    message = _message(error)
    if error.validator in ("additionalProperties", "unevaluatedProperties"):
        extra = _extra_keys(error)
        if extra:
            key_path = path + (extra[0],)
            pos = playbook.documents[stem].keys.get(key_path) or playbook.position(stem, path)
            problem = playbook.problem(stem, key_path, message, "schema")
            return Problem(problem.file, pos.line, pos.column, message, "schema", problem.path)
    return playbook.problem(stem, path, message, "schema")


def _extra_keys(error: ValidationError) -> list[str]:
    allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return sorted(k for k in (error.instance or {}) if k not in allowed) if isinstance(error.instance, dict) else []


def _message(error: ValidationError) -> str:
    kind = error.validator
    if kind in ("additionalProperties", "unevaluatedProperties"):
        allowed = sorted(error.schema.get("properties", {}))
        extra = _extra_keys(error)
        if extra:
            return f"unknown key '{extra[0]}'{did_you_mean(extra[0], allowed)}; allowed keys: {', '.join(allowed)}"
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return f"missing required key '{missing}'"
    if kind == "type":
        return f"expected {_type_words(error.validator_value)}, got {_describe(error.instance)}"
    if kind == "enum":
        return f"{_describe(error.instance)} is not allowed; use one of: {', '.join(map(str, error.validator_value))}"
    if kind == "pattern":
        title = error.schema.get("description") or f"the pattern {error.validator_value}"
        return f"{_describe(error.instance)} does not match {title}"
    if kind in ("minProperties", "maxProperties") and isinstance(error.schema.get("properties"), dict):
        keys = ", ".join(error.schema["properties"])
        return f"give exactly one of: {keys}" if kind == "maxProperties" else f"give one of: {keys}"
    if kind == "minItems":
        return f"needs at least {error.validator_value} item(s)"
    if kind == "exclusiveMinimum":
        return f"{_describe(error.instance)} must be greater than {error.validator_value}"
    return error.message


def _type_words(types: Any) -> str:
    words = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
             "object": "a mapping (key: value)", "array": "a list", "null": "nothing"}
    if isinstance(types, list):
        return " or ".join(words.get(t, t) for t in types)
    return words.get(types, str(types))


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"text '{value}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"
