"""banned-phrase: no template, approved phrase or standard wording contains a banned
phrase, whatever its case, accents, apostrophes, invisible characters or look-alike letters
(one normalisation for every tool: macros/textnorm.py).

FAIL: a template body saying "Please CALM DOWN" -> "uses the banned phrase 'calm down'; say instead: …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ..checker.phrases import PhraseIndex
from ..loading import Path
from ..problems import Problem
from ..textnorm import line_column
from . import Rule
from .walk import find

if TYPE_CHECKING:
    from ..playbook import Playbook

# Where people write words the customer will read.
WORDED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("communication", ("templates", "*", "body")),
    ("phrases", ("approved", "*", "text")),
    ("decision-rights", ("non_precedent_wording",)),
)


def banned_index(banned: list[dict[str, Any]]) -> PhraseIndex:
    return PhraseIndex((phrase["text"], n) for n, phrase in enumerate(banned))


def find_banned(text: str, banned: list[dict[str, Any]], index: PhraseIndex | None = None) -> list[tuple[int, dict[str, Any]]]:
    """(line index, banned phrase) for each banned phrase found, matched as macros/textnorm.py and
    macros/checker/phrases.py read text; the line is where the phrase starts, once per line. `index`:
    `banned_index(banned)`, made once for many texts (else made here)."""
    if index is None:
        index = banned_index(banned)
    hits: list[tuple[int, int]] = []
    for hit in index.find(text):
        found = (line_column(text, hit.start)[0] - 1, hit.key)
        if found not in hits:
            hits.append(found)
    return [(line, banned[n]) for line, n in sorted(hits)]  # type: ignore[index]


def check(pb: "Playbook") -> Iterator[Problem]:
    banned = pb["phrases"]["banned"]
    index = banned_index(banned)  # once: a playbook with hundreds of templates and phrases re-made it per text
    for stem, pattern in WORDED:
        if stem not in pb.clean:
            continue
        for path, text in find(pb[stem], pattern):
            for line, phrase in find_banned(text, banned, index):
                yield _at_line(pb, stem, path, text, line,
                               f"uses the banned phrase '{phrase['text']}'; say instead: {phrase['instead']}")


def _at_line(pb: "Playbook", stem: str, path: Path, text: str, index: int, message: str) -> Problem:
    problem = pb.problem(stem, path, message, RULE.id)
    if "\n" not in text.rstrip("\n"):
        return problem
    # A block scalar's text starts on the line after its `|` indicator.
    return Problem(problem.file, problem.line + 1 + index, problem.column, message, RULE.id, problem.path)


RULE = Rule("banned-phrase", ("phrases",), check, "Templates and approved wording contain no banned phrase.")
