"""The one normalisation: what it ignores, and the map back to the original text."""
from __future__ import annotations

import subprocess
import sys
import pathlib

import pytest

from macros.textnorm import line_column, normalise, normalise_text

REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("text", "plain"), [
    ("Calm DOWN", "calm down"),
    ("c\u00e1lm", "calm"),                       # accent
    ("that\u2019s", "that's"),                   # curly apostrophe
    ("calm\u00a0down", "calm down"),             # no-break space
    ("calm\u200bdown", "calmdown"),              # zero-width space removed, not a space
    ("ca\u00adlm", "calm"),                      # soft hyphen
    ("\u202ecalm\u202c \u2066down\u2069", "calm down"),   # bidi controls
    ("\uff43\uff41\uff4c\uff4d", "calm"),        # full-width (NFKC compatibility)
    ("\ufb01x", "fix"),                          # ligature
    ("c\u0430lm d\u043ewn", "calm down"),        # Cyrillic look-alikes
    ("\u0399\u03a4", "it"),                      # Greek capitals read as I and T
    ("Stra\u00dfe", "strasse"),                  # case folding
    ("one\r\ntwo", "one\ntwo"),                  # CR LF is one line break
    ("\u0436\u0434", "\u0436\u0434"),        # letters with no Latin look-alike stay
])
def test_what_the_normalisation_ignores(text: str, plain: str) -> None:
    assert normalise_text(text) == plain


def test_every_output_character_maps_back_to_the_input() -> None:
    text = "Please ca\u00adlm\u200b DOWN \ufb01x"
    norm = normalise(text)
    assert norm.text == "please calm down fix"
    start = norm.text.index("calm down")
    assert norm.span(start, start + len("calm down")) == (7, 18)
    assert text[7:18] == "ca\u00adlm\u200b DOWN"
    assert text[slice(*norm.span(norm.text.index("fix"), len(norm.text)))] == "\ufb01x"


def test_line_and_column_are_counted_in_characters() -> None:
    assert line_column("ab\ncd\U0001d41ae", 6) == (2, 4)


def test_the_committed_table_is_what_the_generator_makes() -> None:
    result = subprocess.run([sys.executable, "scripts/build_textnorm_table.py", "--check"], cwd=REPO,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
