"""The mutation engine without a build: which numbers are figures, how one is changed, how outputs are judged."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from macros.loading import _load_bytes
from macros.mutation import (NOT_A_FIGURE, Figure, Mutation, Workspace, choose, edited, find_figures, judge,
                             occurrences, sample, schema_patterns)
from macros.playbook import load_playbook
from macros.units import quantity_text

REPO = Path(__file__).resolve().parents[2]
PLAYBOOK, _ = load_playbook(REPO)
FIGURES = find_figures(PLAYBOOK)


def numbers(data: Any, path: tuple = ()) -> Iterator[tuple]:
    if isinstance(data, bool):
        return
    if isinstance(data, (int, float)):
        yield path
    elif isinstance(data, dict):
        for key, child in data.items():
            yield from numbers(child, path + (key,))
    elif isinstance(data, list):
        for index, child in enumerate(data):
            yield from numbers(child, path + (index,))


def test_every_number_in_the_data_is_a_figure_or_its_schema_says_it_is_not() -> None:
    found = {(f.stem, f.path) for f in FIGURES}
    for stem, document in PLAYBOOK.documents.items():
        schema = json.loads((REPO / "schemas" / f"{stem}.schema.json").read_text(encoding="utf-8"))
        declared = list(schema_patterns(schema, lambda node: node.get(NOT_A_FIGURE) is False))
        for path in numbers(document.data):
            not_a_figure = any(len(p) == len(path) and all(a in ("*", str(b)) for a, b in zip(p, path))
                               for p in declared)
            assert ((stem, path) in found) != not_a_figure, (stem, path)


def test_a_figure_is_worded_by_the_formatter_the_pages_use() -> None:
    kinds = {f.kind for f in FIGURES}
    assert {"duration", "money", "percent", "count"} <= kinds
    for figure in FIGURES:
        if figure.kind != "count":
            assert figure.text == quantity_text(figure.value)


def at(data: Any, path: tuple) -> Any:
    for part in path:
        data = data[part]
    return data


def test_an_edit_changes_that_number_and_nothing_else() -> None:
    for figure in FIGURES:
        document = PLAYBOOK.documents[figure.stem]
        source = (REPO / "playbook" / f"{figure.stem}.yml").read_text(encoding="utf-8")
        changed = _load_bytes(edited(source, document, figure.path, 7919.37).encode("utf-8"), "x.yml")
        mutated = json.loads(json.dumps(document.data))
        at(mutated, figure.path[:-1])[figure.path[-1]] = 7919.37
        assert changed.data == mutated, figure.id


@pytest.mark.parametrize("text, shown, count", [
    ("within 2 hours, or 12 hours, or 2.5 hours", "2 hours", 1),
    ("$1,000 and $1,000,000 and $11,000", "$1,000", 1),
    ("up to $1,000, then more", "$1,000", 1),
    ("5 %, 15 %, 0.5 %", "5 %", 1),
    ("step 13 of 1,013 and 13.", "13", 2),
])
def test_a_figure_is_counted_only_as_a_whole(text: str, shown: str, count: int) -> None:
    assert occurrences(text, shown) == count


def test_the_sample_is_deterministic_and_visits_every_area() -> None:
    first, again = sample(FIGURES, 40), sample(FIGURES, 40)
    assert first == again and len(first) == 40
    assert {f.stem for f in first} == {f.stem for f in FIGURES}
    assert sample(FIGURES, 40, seed="other") != first


def minutes(number: float, stem: str = "area", key: str = "wait") -> Figure:
    return Figure(stem, (key, "minutes"), "duration", {"minutes": number})


@pytest.mark.parametrize("before, after, problem", [
    ({"a": "wait 7 minutes"}, {"a": "wait 7.37 minutes"}, None),
    ({"a": "wait 7 minutes"}, {"a": "wait 7 minutes"}, "no output shows it"),
    ({"a": "wait 7 minutes", "b": "or 7 minutes"}, {"a": "wait 7.37 minutes", "b": "or soon"},
     "b showed 7 minutes 1×, after the change 0×"),
    ({"a": "wait 7 minutes; 7 minutes"}, {"a": "wait 7.37 minutes; 7 minutes"}, "a shows 7.37 minutes but still 7 minutes"),
])
def test_judging_finds_a_figure_not_shown_lost_or_left_stale(before: dict, after: dict, problem: str | None) -> None:
    found = judge([Mutation(minutes(7), 7.37)], before, after, ["7 minutes", "2 hours"])
    assert [f.problem for f in found if problem and problem in f.problem] == [f.problem for f in found]
    assert bool(found) == bool(problem)


def test_an_old_value_another_figure_shares_may_stay() -> None:
    before, after = {"a": "wait 7 minutes, then 7 minutes"}, {"a": "wait 7.37 minutes, then 7 minutes"}
    assert judge([Mutation(minutes(7), 7.37)], before, after, ["7 minutes", "7 minutes"]) == []


def test_chosen_values_validate_and_are_new(tmp_path: Path) -> None:
    import shutil

    for folder in ("playbook", "schemas", "docs/data"):  # docs/data: the files organisation.yml names
        shutil.copytree(REPO / folder, tmp_path / folder)
    workspace = Workspace(tmp_path)
    figures = find_figures(workspace.playbook)
    changes, _ = choose(workspace, sample(figures, 8), lambda words: False, figures)
    words = [m.new_text for change in changes for m in change]
    assert len(changes) == 8
    assert len(set(words)) == len(words) or len(changes[0]) > 1
    for change in changes:
        assert workspace.problems(change) == []
        assert all(m.new_text != m.old_text for m in change)


def test_two_figures_tied_to_one_new_value_must_both_be_shown() -> None:
    """A rule may make two figures equal (a ladder's first wait and the no-response rule): both change to one
    new value, and a page that showed the value twice must show the new one twice."""
    tied = [Mutation(minutes(7, key="wait"), 7.37), Mutation(minutes(7, key="after"), 7.37)]
    before = {"a": "wait 7 minutes; after 7 minutes"}
    assert judge(tied, before, {"a": "wait 7.37 minutes; after 7.37 minutes"}, ["7 minutes"] * 2) == []
    assert len(judge(tied, before, {"a": "wait ; after 7.37 minutes"}, ["7 minutes"] * 2)) == 2
