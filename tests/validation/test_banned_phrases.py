"""What counts as using a banned phrase: the rule's matching, one line per decision.

Decided: case, accents, compatibility forms (full-width letters), curly apostrophes and any
run of spaces (no-break space, tab) do not hide a phrase, nor does wrapping it onto the next
line; a phrase inside a longer word, or split by a blank line (a new paragraph), is not one.
"""
from __future__ import annotations

import pytest

from macros.rules.phrases_in_templates import find_banned

BANNED = [{"id": "calm-down", "text": "calm down"}, {"id": "our-policy", "text": "that's our policy"}]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Please calm down.", [(0, "calm-down")]),
        ("Please CALM DOWN!", [(0, "calm-down")]),
        ("Calm Down", [(0, "calm-down")]),
        ("that\u2019s our policy", [(0, "our-policy")]),
        ("THAT`S OUR POLICY", [(0, "our-policy")]),
        ("calm\u00a0down", [(0, "calm-down")]),
        ("calm \t down", [(0, "calm-down")]),
        ("c\u00e1lm down", [(0, "calm-down")]),
        ("\uff43\uff41\uff4c\uff4d \uff44\uff4f\uff57\uff4e", [(0, "calm-down")]),
        ("Hello,\nplease stay calm\ndown there.", [(1, "calm-down")]),
        ("first\nthat's our\n  policy", [(1, "our-policy")]),
        ("calm down\nand calm down again, calm down", [(0, "calm-down"), (1, "calm-down")]),
        ("calm down; that's our policy", [(0, "calm-down"), (0, "our-policy")]),
        ("calm\u200b down", [(0, "calm-down")]),
        ("ca\u00adlm down", [(0, "calm-down")]),
        ("c\u0430lm down", [(0, "calm-down")]),
        ("\u202ecalm down\u202c", [(0, "calm-down")]),
        ("calm\r\ndown", [(0, "calm-down")]),
        # not a use of the phrase
        ("calm downstairs", []),
        ("calm-down", []),
        ("c\u0430lm downstairs", []),
        ("becalm down", []),
        ("stay calm\n\nDown the line we will fix it.", []),
        ("that is our policy", []),
        ("", []),
    ],
)
def test_banned_phrase_matching(text: str, found: list[tuple[int, str]]) -> None:
    assert [(line, phrase["id"]) for line, phrase in find_banned(text, BANNED)] == found


def test_an_empty_banned_phrase_matches_nothing() -> None:
    assert find_banned("anything at all", [{"id": "blank", "text": "   "}]) == []
