"""typed-figure: no sentence types an amount, percent or duration; it names the structured
value with a `{slot}` instead, so a figure is stated once and a page can never show a stale copy.

Names (`name`, `title`, `label`), ids, single words and illustrative `examples` are not policy sentences.

PASS: text: "… their ARR is at least {arr}."   (the condition holds {amount: 10000, currency: USD})
FAIL: text: "… their ARR is at least $10,000." -> "the sentence types the figure '$10,000'; …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ..loading import Path
from ..problems import Problem
from ..sentences import TYPED_FIGURE, slot_values
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

NOT_SENTENCES = frozenset({"id", "name", "title", "label", "short_name", "examples", "example", "body", "owner",
                           "last_reviewed", "handover", "send_at", "channel_pattern", "policy_version"})


def _strings(data: Any, path: Path = ()) -> Iterator[tuple[Path, Any, str]]:
    """(path, holding mapping, text) for every sentence-like string."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in NOT_SENTENCES:
                continue
            if isinstance(value, str):
                yield path + (key,), data, value
            else:
                yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            if isinstance(value, str):
                yield path + (i,), None, value
            else:
                yield from _strings(value, path + (i,))


def _advice(holder: Any) -> str:
    names = sorted(slot_values(holder)) if isinstance(holder, dict) else []
    if names:
        return "write the slot of the value it means instead (" + ", ".join("{" + n + "}" for n in names) + ")"
    return "keep the figure in the data (a unit-bearing key or a `figures` entry) and name it with a {slot}"


def check(pb: "Playbook") -> Iterator[Problem]:
    for stem in sorted(pb.clean):
        for path, holder, value in _strings(pb[stem]):
            if " " not in value:
                continue  # an id or a single word, not a sentence
            for match in TYPED_FIGURE.finditer(value):
                yield pb.problem(stem, path, f"the sentence types the figure '{match.group(0)}'; {_advice(holder)}, "
                                             "so the figure is stated once", RULE.id)


RULE = Rule("typed-figure", (), check, "Sentences name figures with {slots} instead of typing them.")
