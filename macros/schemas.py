"""JSON Schema checking of each playbook file, with messages people can act on."""
from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from dataclasses import replace
import re
from functools import lru_cache
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, Iterable

from .loading import excerpt, file_kind, read_regular
from .problems import Problem
from .suggest import closest, did_you_mean

if TYPE_CHECKING:  # jsonschema is imported when a file is checked: a build whose validation is cached needs none
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError
    from referencing import Registry

    from .playbook import Playbook

SCHEMA_SUFFIX = ".schema.json"
# The schemas shipped with the tool: an organisation's folder that holds only playbook/ (examples/,
# `playbook init`) is checked against these. A project with its own schemas/ folder uses that one.
TOOL_SCHEMAS = FsPath(__file__).resolve().parent.parent / "schemas"


def schemas_folder(root: FsPath) -> FsPath:
    """root/schemas when the project has one (of any kind: a link there is reported, never followed),
    else the tool's own schemas."""
    own = root / "schemas"
    return own if file_kind(own) != "is missing" else TOOL_SCHEMAS


def schema_files(folder: FsPath) -> list[FsPath]:
    """The schema files of a folder that are regular files; a linked folder or file is never read
    (``playbook.refused_folders`` reports them)."""
    if file_kind(folder) != "is a directory":
        return []
    return [p for p in sorted(folder.glob(f"*{SCHEMA_SUFFIX}")) if file_kind(p) is None]


@lru_cache(maxsize=8)
def _registry(folder: str, stamp: tuple[tuple[str, float], ...]) -> tuple[Registry, dict[str, dict[str, Any]]]:
    from referencing import Registry, Resource

    schemas = {p.name[: -len(SCHEMA_SUFFIX)]: json.loads(read_regular(p, p.name).decode("utf-8"))
               for p in schema_files(FsPath(folder))}
    registry = Registry().with_resources(
        (schema.get("$id", f"{stem}{SCHEMA_SUFFIX}"), Resource.from_contents(schema)) for stem, schema in schemas.items()
    )
    return registry, schemas


def load_schemas(root: FsPath) -> tuple[Registry, dict[str, dict[str, Any]]]:
    folder = schemas_folder(root)
    stamp = tuple((p.name, p.stat().st_mtime) for p in schema_files(folder))
    return _registry(str(folder), stamp)


@lru_cache(maxsize=256)
def ecma_pattern(pattern: str) -> re.Pattern[str]:
    """A schema pattern with JSON Schema's (ECMA-262) meaning in Python's re.

    Two differences matter: ECMA's ``$`` is the end of the text, while Python's also matches
    before a final line break ('incident-commander\\n' passed ``^[a-z-]+$``); and ECMA's ``\\d``
    is 0-9 only, while Python's takes any script's digits. Both are translated.
    """
    out, in_class, escaped = [], False, False
    for char in pattern:
        if escaped:
            out.append("[0-9]" if char == "d" and not in_class else ("0-9" if char == "d" else "\\" + char))
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == "[" and not in_class:
            in_class = True
            out.append(char)
        elif char == "]" and in_class:
            in_class = False
            out.append(char)
        elif char == "$" and not in_class:
            out.append(r"\Z")
        else:
            out.append(char)
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, schema: dict[str, Any]) -> Iterable[ValidationError]:
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, str) and not ecma_pattern(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def decimal_places(number: float | int) -> int:
    """Decimal places of a number as written: 3.098 -> 3, 10 -> 0, 1e-7 -> 7."""
    if isinstance(number, bool) or isinstance(number, int):
        return 0
    exponent = Decimal(repr(number)).normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


def _max_decimal_places(validator: Any, places: int, instance: Any, schema: dict[str, Any]) -> Iterable[ValidationError]:
    """maxDecimalPlaces (this project's keyword): a printed value never shows float noise like 13.097999999999999."""
    from jsonschema.exceptions import ValidationError

    if isinstance(instance, float) and decimal_places(instance) > places:
        yield ValidationError(f"{instance!r} has more than {places} decimal places")


def _ref(validator: Any, ref: str, instance: Any, schema: dict[str, Any]) -> Iterable[ValidationError]:
    """`$ref` as jsonschema's own, with each reference looked up once per resolver state instead of at every
    value it checks (a lookup joins URLs and walks a JSON pointer: it was 45 % of checking a file). A lookup
    depends only on the resolver (registry, base URI, dynamic scope) and the reference, which form the key."""
    resolver = getattr(validator, "_resolver", None)
    try:
        key = (id(resolver._registry), resolver._base_uri, resolver._previous, ref)  # type: ignore[union-attr]
        found = _RESOLVED.get(key)
        if found is None or found[0] is not resolver._registry:  # type: ignore[union-attr]
            found = (resolver._registry, resolver.lookup(ref))  # type: ignore[union-attr]
            if len(_RESOLVED) >= 4096:
                _RESOLVED.clear()
            _RESOLVED[key] = found
    except Exception:  # noqa: BLE001 - an unresolvable reference (or another jsonschema): its own handling
        yield from validator._validate_reference(ref=ref, instance=instance)
        return
    yield from validator.descend(instance, found[1].contents, resolver=found[1].resolver)


_RESOLVED: dict[tuple[Any, ...], tuple[Any, Any]] = {}


@lru_cache(maxsize=1)
def _validator_class() -> Any:
    from jsonschema import Draft202012Validator, validators

    return validators.extend(Draft202012Validator, {"pattern": _pattern, "maxDecimalPlaces": _max_decimal_places,
                                                    "$ref": _ref})


def validator_for(root: FsPath, stem: str) -> Draft202012Validator | None:
    registry, schemas = load_schemas(root)
    schema = schemas.get(stem)
    return _validator_class()(schema, registry=registry) if schema is not None else None


def check_schemas(playbook: "Playbook") -> tuple[list[Problem], set[str]]:
    """Problems for every loaded file, and the stems that passed cleanly."""
    problems: list[Problem] = []
    clean: set[str] = set()
    if file_kind(schemas_folder(playbook.root)) != "is a directory":
        return problems, clean  # a linked schemas/ folder is reported as such and never read
    for stem, document in playbook.documents.items():
        validator = validator_for(playbook.root, stem)
        if validator is None:
            if file_kind(schemas_folder(playbook.root) / f"{stem}{SCHEMA_SUFFIX}") not in ("is missing", None):
                continue  # a link or special file where the schema should be: already reported as such
            problems.append(Problem(document.file, 1, 1, f"no schema found; add schemas/{stem}{SCHEMA_SUFFIX}",
                                    "missing-schema"))
            continue
        key = (stem, document.digest, _schema_digest(playbook.root))
        found = _CHECKED.get(key) if document.digest else None
        if found is None:
            leaves = _without_echoes(list(_leaf_errors(validator.iter_errors(document.data))))
            found = [replace(p, file="") for e in leaves for p in _problems(playbook, stem, e)]
            if document.digest and len(_CHECKED) < 8192:
                _CHECKED[key] = found
        problems.extend(replace(p, file=document.file) for p in found)
        if not found:
            clean.add(stem)
    return problems, clean


# Schema problems by (file content, schema content): reading many revisions (the policy change
# log) re-checks only what changed. Stored without a file name; the caller's is put back.
_CHECKED: dict[tuple[str, str, str], list[Problem]] = {}


def clear_cache() -> None:
    """Forget schema results (benchmarks time the checks themselves)."""
    _CHECKED.clear()
    _RESOLVED.clear()


def _schema_digest(root: FsPath) -> str:
    folder = schemas_folder(root)
    stats = ((p.name, p.stat()) for p in schema_files(folder))
    return _digest_of(str(folder), tuple((name, st.st_mtime_ns, st.st_size) for name, st in stats))


@lru_cache(maxsize=256)
def _digest_of(folder: str, _stamp: tuple[tuple[str, int, int], ...]) -> str:
    contents = sorted((p.name, read_regular(p, p.name)) for p in schema_files(FsPath(folder)))
    return hashlib.sha256(repr(contents).encode()).hexdigest()


def _leaf_errors(errors: Iterable[ValidationError]) -> Iterable[ValidationError]:
    """For oneOf/anyOf failures report the branch the value was meant for, not 'not valid under any'."""
    from jsonschema.exceptions import best_match

    for error in errors:
        while error.context:
            branch = _intended_branch(error)
            if branch is None:  # the value fits no branch at all: say what the whole choice expects
                break
            error = best_match(branch)
        yield error


def _intended_branch(error: ValidationError) -> list[ValidationError] | None:
    """The failed branch whose type fits the value and which knows most of its keys, then fewest errors.

    jsonschema's own best_match prefers a branch whose type does *not* fit, so {amount: 5}
    (no currency) would be reported as 'expected true or false'."""
    branches: dict[Any, list[ValidationError]] = {}
    for child in error.context or ():
        branches.setdefault(child.relative_schema_path[0] if child.relative_schema_path else None, []).append(child)

    def fit(found: list[ValidationError]) -> tuple[int, int]:
        unknown = {k for e in found if not e.relative_path and e.validator in _UNKNOWN_KEY for k in _extra_keys(e)}
        known = len(set(error.instance) - unknown) if isinstance(error.instance, dict) else 0
        return known, -len(found)

    fitting = [found for found in branches.values()
               if not any(e.validator == "type" and not e.relative_path for e in found)]
    return max(fitting, key=fit) if fitting else None


def _without_echoes(errors: list[ValidationError]) -> list[ValidationError]:
    """A misspelt key also leaves the real key missing: report the misspelling once, not both."""
    meant = {(tuple(e.absolute_path), closest(key, e.schema.get("properties", {})))
             for e in errors if e.validator in _UNKNOWN_KEY and isinstance(e.schema, dict) for key in _extra_keys(e)}
    return [e for e in errors if not (e.validator == "required" and (tuple(e.absolute_path), _missing(e)) in meant)]


def _problems(playbook: "Playbook", stem: str, error: ValidationError) -> list[Problem]:
    path = tuple(error.absolute_path)
    extra = _extra_keys(error) if error.validator in _UNKNOWN_KEY else []
    if not extra:
        return [playbook.problem(stem, path, _message(error), "schema")]
    found = []
    for key in extra:  # one problem per unknown key, each at the key itself
        message = _unknown_key_message(error, key)
        pos = playbook.documents[stem].keys.get(path + (key,)) or playbook.position(stem, path)
        problem = playbook.problem(stem, path + (key,), message, "schema")
        found.append(Problem(problem.file, pos.line, pos.column, message, "schema", problem.path))
    return found


_UNKNOWN_KEY = ("additionalProperties", "unevaluatedProperties")
# Schemas of quantities with units (common.schema.json): a bare number given for one has lost its unit.
_UNIT_TITLES = {"Duration", "Amount of money", "Percentage", "Rate", "Quantity"}


def _extra_keys(error: ValidationError) -> list[str]:
    allowed = error.schema.get("properties", {}) if isinstance(error.schema, dict) else {}
    return sorted(k for k in (error.instance or {}) if k not in allowed) if isinstance(error.instance, dict) else []


def _missing(error: ValidationError) -> str:
    return error.message.split("'")[1] if "'" in error.message else error.message


def _unknown_key_message(error: ValidationError, key: str) -> str:
    allowed = sorted(error.schema.get("properties", {}))
    return f"unknown key '{key}'{did_you_mean(key, allowed)}; allowed keys: {', '.join(allowed)}"


def _message(error: ValidationError) -> str:
    kind = error.validator
    schema = error.schema if isinstance(error.schema, dict) else {}
    if kind == "required":
        return f"missing required key '{_missing(error)}'"
    if schema.get("title") in _UNIT_TITLES and isinstance(error.instance, (int, float)) \
            and not isinstance(error.instance, bool):
        return f"{_describe(error.instance)} has no unit; expected {_schema_words(schema)}"
    if kind == "type" and schema.get("title") in _UNIT_TITLES:
        return f"expected {_schema_words(schema)}, got {_describe(error.instance)}"
    if kind == "type":
        return f"expected {_type_words(error.validator_value)}, got {_describe(error.instance)}"
    if kind in ("anyOf", "oneOf"):
        return f"expected {_schema_words(schema)}, got {_describe(error.instance)}"
    if kind == "enum":
        allowed = [str(v) for v in error.validator_value]
        return f"{_describe(error.instance)} is not allowed{did_you_mean(error.instance, allowed)}; use one of: {', '.join(allowed)}"
    if kind == "pattern":
        if schema.get("title") and schema.get("description"):
            return f"{_describe(error.instance)} is not {_schema_words(schema)}"
        return f"{_describe(error.instance)} does not match the pattern {error.validator_value}"
    if kind in ("minProperties", "maxProperties") and isinstance(error.schema.get("properties"), dict):
        keys = ", ".join(error.schema["properties"])
        if kind == "minProperties":
            return f"give one of: {keys}"
        found = list(error.instance) if isinstance(error.instance, dict) else []
        return f"give exactly one of: {keys} (found {len(found)}: {', '.join(map(str, found))})"
    if kind == "not" and schema.get("description"):  # the schema says why the value is refused
        return str(schema["description"]).rstrip(".")
    if kind == "minItems":
        return f"needs at least {error.validator_value} item(s)"
    if kind == "exclusiveMinimum":
        return f"{_describe(error.instance)} must be greater than {error.validator_value}"
    if kind == "minimum":
        return f"{_describe(error.instance)} must be at least {error.validator_value}"
    if kind == "maximum":
        return f"{_describe(error.instance)} must be at most {error.validator_value:,}"
    if kind == "maxDecimalPlaces":
        return f"{_describe(error.instance)} has {decimal_places(error.instance)} decimal places; give at most " \
               f"{error.validator_value}"
    if kind == "maxLength":
        return f"text of {len(error.instance):,} characters is too long; keep it to at most {error.validator_value:,}"
    return error.message


def _schema_words(schema: dict[str, Any]) -> str:
    """'a duration (a length of time with exactly one unit, for example {minutes: 15} …)'."""
    title = str(schema.get("title", "a value")).lower()
    article = "" if title.startswith(("a ", "an ")) else ("an " if title[:1] in "aeiou" else "a ")
    description = str(schema.get("description", "")).rstrip(".")
    # Sentences of the description become clauses of the message; acronyms keep their capitals.
    description = re.sub(r"(^|\. )([A-Z])(?=[a-z ])", lambda m: ("; " if m.group(1) else "") + m.group(2).lower(),
                         description)
    return f"{article}{title} ({description})" if description else f"{article}{title}"


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
        return f"text '{excerpt(value)}'"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if isinstance(value, list):
        return "a list"
    return "a mapping"
