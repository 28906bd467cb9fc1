"""banned-phrase: no template, approved phrase or standard wording contains a banned
phrase, whatever its case, accents or apostrophes.

FAIL: a template body saying "Please CALM DOWN" -> "uses the banned phrase 'calm down'; say instead: …"
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, Iterator

from ..loading import Path
from ..problems import Problem
from . import Rule
from .walk import find

if TYPE_CHECKING:
    from ..playbook import Playbook

_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2032": "'", "`": "'"})

# Where people write words the customer will read.
WORDED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("communication", ("templates", "*", "body")),
    ("phrases", ("approved", "*", "text")),
    ("decision-rights", ("non_precedent_wording",)),
)


def normalise(text: str) -> str:
    """Compare text as people read it: compatibility forms, no accents, one space, any case."""
    text = unicodedata.normalize("NFKD", text.translate(_QUOTES))
    text = "".join(c for c in text if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", text).casefold()


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str] | None:
    """A banned phrase as a regex over normalised text: whole words, apart by one space or by
    one line break (a phrase wrapped onto the next line still reads as that phrase), not by a
    blank line (a new paragraph)."""
    words = normalise(phrase).split()
    if not words:
        return None
    return re.compile(r"(?<!\w)" + r"(?: |\n| \n|\n | \n )".join(map(re.escape, words)) + r"(?!\w)")


def find_banned(text: str, banned: list[dict[str, str]]) -> list[tuple[int, dict[str, str]]]:
    """(line index, banned phrase) for each banned phrase found, matched on word boundaries and
    across line breaks; the line is where the phrase starts, and a phrase is reported once per line."""
    plain = "\n".join(normalise(line) for line in text.splitlines() or [text])
    hits: list[tuple[int, dict[str, str]]] = []
    for phrase in banned:
        pattern = _phrase_pattern(phrase["text"])
        for match in pattern.finditer(plain) if pattern else ():
            hit = (plain.count("\n", 0, match.start()), phrase)
            if hit not in hits:
                hits.append(hit)
    return sorted(hits, key=lambda hit: hit[0])


def check(pb: "Playbook") -> Iterator[Problem]:
    banned = pb["phrases"]["banned"]
    for stem, pattern in WORDED:
        if stem not in pb.clean:
            continue
        for path, text in find(pb[stem], pattern):
            for index, phrase in find_banned(text, banned):
                yield _at_line(pb, stem, path, text, index,
                               f"uses the banned phrase '{phrase['text']}'; say instead: {phrase['instead']}")


def _at_line(pb: "Playbook", stem: str, path: Path, text: str, index: int, message: str) -> Problem:
    problem = pb.problem(stem, path, message, RULE.id)
    if "\n" not in text.rstrip("\n"):
        return problem
    # A block scalar's text starts on the line after its `|` indicator.
    return Problem(problem.file, problem.line + 1 + index, problem.column, message, RULE.id, problem.path)


RULE = Rule("banned-phrase", ("phrases",), check, "Templates and approved wording contain no banned phrase.")
