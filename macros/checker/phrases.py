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

from dataclasses import dataclass
from typing import Any, Iterable, Sequence

from ..textnorm import Normalised, normalise

def is_word_char(char: str) -> bool:
    """Letters, digits and underscore (JavaScript: /[\\p{L}\\p{N}_]/u)."""
    return char == "_" or char.isalnum()


def tokens(text: str) -> list[tuple[int, int, bool]]:
    """(start, end, is_word) runs covering the text."""
    runs: list[tuple[int, int, bool]] = []
    start = 0
    for index in range(1, len(text) + 1):
        if index == len(text) or is_word_char(text[index]) != is_word_char(text[start]):
            runs.append((start, index, is_word_char(text[start])))
            start = index
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


class PhraseIndex:
    """Phrases indexed by their first word, so a text is scanned once whatever their number."""

    def __init__(self, phrases: Iterable[tuple[str, object]]):
        self.by_first: dict[str, list[Phrase]] = {}
        for text, key in phrases:
            phrase = compile_phrase(text, key)
            if phrase is not None:
                self.by_first.setdefault(phrase.words[0], []).append(phrase)

    def find(self, text: str | Normalised) -> list[Hit]:
        norm = text if isinstance(text, Normalised) else normalise(text)
        plain = norm.text
        runs = tokens(plain)
        words = [i for i, r in enumerate(runs) if r[2]]
        hits: list[Hit] = []
        for position, run_index in enumerate(words):
            start, end, _ = runs[run_index]
            for phrase in self.by_first.get(plain[start:end], ()):
                last = _match_at(plain, runs, words, position, phrase)
                if last is not None:
                    s, e = norm.span(start, runs[last][1])
                    hits.append(Hit(phrase.key, s, e, start, runs[last][1]))
        return hits


def _match_at(plain: str, runs: Sequence[tuple[int, int, bool]], words: Sequence[int], position: int,
              phrase: Phrase) -> int | None:
    """Index of the run where the phrase ends, if it starts at words[position]."""
    if position + len(phrase.words) > len(words):
        return None
    for offset in range(1, len(phrase.words)):
        here, there = words[position + offset - 1], words[position + offset]
        if there != here + 2:               # exactly one separator run between two words
            return None
        sep = runs[here + 1]
        if not _join_matches(phrase.joins[offset - 1], plain[sep[0]:sep[1]]):
            return None
        word = runs[there]
        if plain[word[0]:word[1]] != phrase.words[offset]:
            return None
    return words[position + len(phrase.words) - 1]
