"""Properties over the real example: any one value changed is reported and rendered without
error; any list that is matched by identity or as a set can be shuffled without a change."""
from __future__ import annotations

import copy
import json
from typing import Any, Iterator

from hypothesis import given, settings
from hypothesis import strategies as st

from diff_helpers import REPO
from macros.diff.compare import identity_fields
from macros.diff.findings import DiffResult, compare_sides
from macros.diff.render import INVALID_RENDERERS, RENDERERS
from macros.diff.sides import Side, checked
from macros.playbook import Playbook

EXAMPLE: Side = checked("base (example)", REPO)

Path = tuple[Any, ...]


def leaves(data: Any, path: Path = ()) -> Iterator[tuple[Path, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from leaves(value, path + (i,))
    else:
        yield path, data


LEAVES = [(stem, path, value) for stem, doc in EXAMPLE.playbook.documents.items() for path, value in leaves(doc.data)]


def with_data(side: Side, stem: str, data: Any) -> Side:
    documents = dict(side.playbook.documents)
    documents[stem] = copy.copy(documents[stem])
    documents[stem].data = data
    documents[stem].digest = ""  # edited in memory: no longer the bytes the digest was taken of
    return Side("head (changed)", Playbook(side.playbook.root, documents, set(side.playbook.clean)), side.schemas)


def changed(value: Any) -> Any:
    if isinstance(value, bool):
        return not value
    if isinstance(value, (int, float)):
        return value + 1
    return f"{value} (changed)"


def set_at(data: Any, path: Path, value: Any) -> Any:
    data = copy.deepcopy(data)
    target = data
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return data


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(LEAVES))
def test_one_changed_value_is_reported_and_rendered(leaf: tuple[str, Path, Any]) -> None:
    stem, path, value = leaf
    head = with_data(EXAMPLE, stem, set_at(EXAMPLE.playbook.documents[stem].data, path, changed(value)))
    findings = compare_sides(EXAMPLE, head)
    assert findings, f"{stem}: {path} changed but nothing was reported"
    assert {f.area for f in findings} == {stem}
    result = DiffResult("base", "head", findings)
    for render in RENDERERS.values():
        assert render(result)
    assert json.loads(RENDERERS["json"](result))["summary"]["changes"] == len(findings)
    for f in findings:
        assert f.where and all(part.strip() for part in f.where), f


def shuffled(data: Any, pattern: tuple[str, ...], rand: st.DrawFn) -> Any:
    """Every list whose order carries no meaning, shuffled; others kept in order."""
    if isinstance(data, dict):
        return {k: shuffled(v, pattern + (k,), rand) for k, v in data.items()}
    if isinstance(data, list):
        items = [shuffled(v, pattern + ("*",), rand) for v in data]
        dicts = all(isinstance(v, dict) for v in data)
        if not dicts or identity_fields(pattern, data, data) is not None:
            items = rand(st.permutations(items))
        return items
    return data


@settings(max_examples=20, deadline=None)
@given(st.data())
def test_shuffling_matched_lists_is_no_change(draw: st.DataObject) -> None:
    for stem, document in EXAMPLE.playbook.documents.items():
        head = with_data(EXAMPLE, stem, shuffled(document.data, (stem,), draw.draw))
        assert compare_sides(EXAMPLE, head) == []


def test_invalid_renderers_cover_every_format() -> None:
    assert set(INVALID_RENDERERS) == set(RENDERERS)
