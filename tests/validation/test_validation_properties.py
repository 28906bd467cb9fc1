"""Whatever is written into the playbook, validation returns problems as values: it never raises.

Two fuzzers: arbitrary text in a random area file (the loader's refusals must flow through),
and structure-aware mutations of the example's own data (delete a key, change a value's type,
duplicate or drop list entries, swap numbers) so that rules meet data that passes the schema
but is odd in ways the example never is.
"""
from __future__ import annotations

import copy
import pathlib
import shutil
from typing import Any, Iterator

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from macros.loading import Path, load_file
from macros.playbook import AREAS, PLAYBOOK_DIR, load_playbook
from macros.problems import Problem

REPO = pathlib.Path(__file__).resolve().parents[2]
STEMS = sorted(AREAS)
ORIGINAL = {stem: (REPO / PLAYBOOK_DIR / f"{stem}.yml").read_text(encoding="utf-8") for stem in STEMS}
DATA = {stem: load_file(REPO / PLAYBOOK_DIR / f"{stem}.yml").data for stem in STEMS}
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = (st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=False)
           | st.text(max_size=20) | st.sampled_from(["level-1", "p1", "enterprise", "USD", "2026-02-30", "",
                                                    "support-lead", "around-the-clock", "{eta_range}"]))
values = st.recursive(scalars, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
    st.sampled_from(["id", "minutes", "percent", "amount", "currency", "field", "op", "value", "x"]) | st.text(max_size=8),
    inner, max_size=3), max_leaves=8)


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    folder = tmp_path_factory.mktemp("fuzz")
    for name in (PLAYBOOK_DIR, "schemas", "docs/data"):  # docs/data: the files organisation.yml names
        shutil.copytree(REPO / name, folder / name)
    return folder


def validate_with(root: pathlib.Path, texts: dict[str, str]) -> list[Problem]:
    """Write the given files, validate, put the example back whatever happened."""
    try:
        for stem, text in texts.items():
            (root / PLAYBOOK_DIR / f"{stem}.yml").write_bytes(text.encode("utf-8", "surrogatepass"))
        _playbook, problems = load_playbook(root)
    finally:
        for stem in texts:
            (root / PLAYBOOK_DIR / f"{stem}.yml").write_text(ORIGINAL[stem], encoding="utf-8")
    for problem in problems:
        assert isinstance(problem, Problem)
        assert problem.line >= 1 and problem.column >= 1 and problem.message and problem.rule
    return problems


# ---------------------------------------------------------------- text

@st.composite
def spliced(draw: st.DrawFn) -> tuple[str, str, bool]:
    """The example file with a random stretch replaced by random text: nearly-valid YAML,
    which may even still be valid (a change inside a comment)."""
    stem = draw(st.sampled_from(STEMS))
    text = ORIGINAL[stem]
    start = draw(st.integers(0, len(text)))
    end = draw(st.integers(start, min(len(text), start + 40)))
    return stem, text[:start] + draw(st.text(max_size=20)) + text[end:], False


replaced = st.tuples(st.sampled_from(STEMS), st.text(), st.just(True))  # never a whole valid area file


@FUZZ
@given(replaced | spliced())
def test_any_text_in_an_area_file_gives_problems_not_exceptions(root: pathlib.Path, case: tuple[str, str, bool]) -> None:
    stem, text, must_fail = case
    problems = validate_with(root, {stem: text})
    if must_fail:
        assert problems


# ---------------------------------------------------------------- structure

def locations(data: Any, path: Path = ()) -> Iterator[Path]:
    """Every path in the tree, the root included."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from locations(value, path + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from locations(value, path + (index,))


def get(data: Any, path: Path) -> Any:
    for step in path:
        data = data[step]
    return data


def odd_twin(value: Any, draw: st.DrawFn) -> Any:
    """A value of the same type that the example never uses: often still schema-valid."""
    if isinstance(value, bool):
        return not value
    if isinstance(value, int):
        return draw(st.sampled_from([0, -1, 1, 2, 10**9, value + 1, value - 1]))
    if isinstance(value, float):
        return draw(st.sampled_from([0.0, 0.5, 99.9, 100.0, 1e300]))
    if isinstance(value, str):
        return draw(st.sampled_from(["", "x", value.upper(), value + "-x", "level-1", "p1", "calm down"]))
    if isinstance(value, list):
        return draw(st.sampled_from([[], value[:1], list(reversed(value)), value + value[-1:]]))
    if isinstance(value, dict):
        return {} if not value else dict(list(value.items())[:-1])
    return value


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    files: dict[str, Any] = {}
    for _ in range(draw(st.integers(1, 4))):
        stem = draw(st.sampled_from(STEMS))
        data = files.setdefault(stem, copy.deepcopy(DATA[stem]))
        path = draw(st.sampled_from(list(locations(data))))
        op = draw(st.sampled_from(["delete", "replace", "duplicate", "twin", "twin", "twin", "swap-type"]))
        if not path:
            continue
        parent, key = get(data, path[:-1]), path[-1]
        current = parent[key]
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(values)
        elif op == "duplicate" and isinstance(parent, list):
            parent.insert(key, copy.deepcopy(current))
        elif op == "twin":
            parent[key] = odd_twin(current, draw)
        elif op == "swap-type":
            parent[key] = {"x": current} if not isinstance(current, dict) else [current]
    return files


@FUZZ
@given(mutated())
def test_mutated_example_data_gives_problems_not_exceptions(root: pathlib.Path, files: dict[str, Any]) -> None:
    validate_with(root, {stem: yaml.safe_dump(data, allow_unicode=True, sort_keys=False) for stem, data in files.items()})


def test_unmutated_dump_is_clean(root: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The fuzz harness itself: dumping the example's data unchanged must still validate clean,
    so problems found above come from the mutation, not from the round trip."""
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-01")
    texts = {stem: yaml.safe_dump(DATA[stem], allow_unicode=True, sort_keys=False) for stem in STEMS}
    assert validate_with(root, texts) == []
