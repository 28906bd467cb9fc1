"""Finding phrases in text as people read it, on whole words.

Text and phrase are both normalised (macros/textnorm.py) and cut into tokens: runs of word
characters (letters, digits, underscore) and the separators between them. A phrase matches where
the text has the same words in a row, joined by the same separators, except that a separator made
only of spaces in the phrase matches any run of spaces in the text with at most one line break
(a phrase wrapped onto the next line still reads as that phrase; a blank line starts a new
paragraph). Words must match whole: "calm down" is not in "calm downstairs".

The browser port (docs/assets/javascripts/checker.js) follows these steps one for one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..textnorm import Normalised, normalise

def is_word_char(char: str) -> bool:
    """Letters, digits and underscore (JavaScript: /[\\p{L}\\p{N}_]/u)."""
    return char == "_" or char.isalnum()


# Python's \w on str is exactly isalnum() or "_" (is_word_char), in C.
_RUNS = re.compile(r"(\w+)|\W+")
_LAST: list[tuple[str, list[tuple[int, int, bool]]]] = []


def tokens(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_word) runs covering the text (the last text's runs are kept: the checker
    asks twice, for banned phrases and for cues)."""
    if _LAST and _LAST[0][0] is text:
        return _LAST[0][1]
    runs = [(*m.span(), m.lastindex == 1) for m in _RUNS.finditer(text)]
    _LAST[:] = [(text, runs)]
    return runs


@dataclass(frozen=True)
class Phrase:
    key: Any                       # what the caller wants back (the phrase entry)
    words: tuple[str, ...]
    joins: tuple[str, ...]         # len(words) - 1 separators; " " means any spaces with at most one break


def compile_phrase(text: str, key: object) -> Phrase | None:
    norm = normalise(text).text
    runs = tokens(norm)
    words = [norm[s:e] for s, e, w in runs if w]
    if not words:
        return None
    joins: list[str] = []
    first = next(i for i, r in enumerate(runs) if r[2])
    last = max(i for i, r in enumerate(runs) if r[2])
    for s, e, w in runs[first:last + 1]:
        if not w:
            sep = norm[s:e]
            joins.append(" " if sep.strip(" \n") == "" else sep)
    return Phrase(key, tuple(words), tuple(joins))


def _join_matches(expected: str, found: str) -> bool:
    if expected == " ":
        return found.strip(" ") in ("", "\n")
    return found == expected


@dataclass(frozen=True)
class Hit:
    key: Any
    start: int        # code-point offsets in the original text
    end: int
    nstart: int       # and in the normalised text
    nend: int


class _Node:
    __slots__ = ("ends", "next")

    def __init__(self) -> None:
        self.ends: list[tuple[int, Phrase]] = []          # (insertion order, phrase) ending here
        self.next: dict[tuple[str, str], _Node] = {}       # (join, word) -> node


class PhraseIndex:
    """Phrases in a trie of words and joins, so each word of a text is looked at a bounded number
    of times whatever the number of phrases. Hits at one position come in the phrases' order."""

    def __init__(self, phrases: Iterable[tuple[str, object]]):
        self.first: dict[str, _Node] = {}
        for order, (text, key) in enumerate(phrases):
            phrase = compile_phrase(text, key)
            if phrase is None:
                continue
            node = self.first.setdefault(phrase.words[0], _Node())
            for join, word in zip(phrase.joins, phrase.words[1:]):
                node = node.next.setdefault((join, word), _Node())
            node.ends.append((order, phrase))

    def find(self, text: str | Normalised) -> list[Hit]:
        norm = text if isinstance(text, Normalised) else normalise(text)
        plain = norm.text
        runs = tokens(plain)
        hits: list[Hit] = []
        for index, (start, end, is_word) in enumerate(runs):
            node = self.first.get(plain[start:end]) if is_word else None
            if node is None:
                continue
            found: list[tuple[int, Phrase, int]] = []
            self._walk(plain, runs, index, node, found)
            for _, phrase, last in sorted(found, key=lambda f: f[0]):
                s, e = norm.span(start, runs[last][1])
                hits.append(Hit(phrase.key, s, e, start, runs[last][1]))
        return hits

    @staticmethod
    def _walk(plain: str, runs: Sequence[tuple[int, int, bool]], index: int, node: "_Node",
              found: list[tuple[int, "Phrase", int]]) -> None:
        """Follow the trie from the word at runs[index]: a separator run then a word run each step."""
        found.extend((order, phrase, index) for order, phrase in node.ends)
        if not node.next or index + 2 >= len(runs):
            return
        sep, word = runs[index + 1], runs[index + 2]
        separator, following = plain[sep[0]:sep[1]], plain[word[0]:word[1]]
        keys = [(separator, following)]
        if separator != " " and _join_matches(" ", separator):
            keys.append((" ", following))
        for key in keys:
            child = node.next.get(key)
            if child is not None:
                PhraseIndex._walk(plain, runs, index + 2, child, found)
