"""duplicate-id: ids are unique within each list.

FAIL: two roles both with `id: sme-lead` -> "duplicate id 'sme-lead' (first used on line 80)"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ..loading import Path
from ..problems import Problem
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def _id_lists(data: Any, path: Path = ()) -> Iterator[tuple[Path, list[dict[str, Any]]]]:
    if isinstance(data, list):
        if data and all(isinstance(item, dict) and "id" in item for item in data):
            yield path, data
        for i, item in enumerate(data):
            yield from _id_lists(item, path + (i,))
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _id_lists(value, path + (key,))


def check(pb: "Playbook") -> Iterator[Problem]:
    for stem in sorted(pb.documents):
        for path, items in _id_lists(pb[stem]):
            first: dict[Any, int] = {}
            for i, item in enumerate(items):
                if isinstance(item["id"], (list, dict)):  # not an id at all; the schema says so
                    continue
                if item["id"] in first:
                    line = pb.position(stem, path + (first[item["id"]], "id")).line
                    yield pb.problem(stem, path + (i, "id"), f"duplicate id '{item['id']}' (first used on line {line}); "
                                                             "give each entry its own id", RULE.id)
                else:
                    first[item["id"]] = i


RULE = Rule("duplicate-id", (), check, "Ids are unique within each list.")
