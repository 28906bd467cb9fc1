"""The review comment's text: no mention survives in any encoding, the marker is ours alone."""
from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings, strategies as st

from macros.diff.comment import CHECKING_LINE, MARKER, compose, main, neutralise_mentions, remove_marker, sanitise

ZWSP = "\u200b"


@pytest.mark.parametrize(("text", "expected"), [
    ("ask @team now", f"ask @{ZWSP}team now"),
    ("ask &#64;team now", f"ask &#64;{ZWSP}team now"),
    ("ask &#064;team", f"ask &#064;{ZWSP}team"),
    ("ask &#x40;team", f"ask &#x40;{ZWSP}team"),
    ("ask &#X40;team", f"ask &#X40;{ZWSP}team"),
    ("ask &commat;team", f"ask &commat;{ZWSP}team"),
    ("ask &#64team", f"ask &#64{ZWSP}team"),  # HTML decodes a numeric reference without its semicolon too
    ("ask \uff20team", f"ask \uff20{ZWSP}team"),
    ("ask &amp;#64;team", "ask &amp;#64;team"),  # shows as the text '&#64;team': no at sign is made
    ("mail ada@example.com", f"mail ada@{ZWSP}example.com"),
    ("&lt;b&gt; stays escaped", "&lt;b&gt; stays escaped"),
])
def test_every_encoding_of_the_at_sign_is_broken(text: str, expected: str) -> None:
    assert neutralise_mentions(text) == expected


@pytest.mark.parametrize("text", [
    f"a {MARKER} b",
    "<!-- playbook<!-- playbook-diff -->-diff -->",
    "<!-- playbook-<!-- playbook-<!-- playbook-diff -->diff -->diff -->",
    MARKER * 5,
])
def test_the_marker_is_removed_until_none_is_left(text: str) -> None:
    assert MARKER not in remove_marker(text)
    assert MARKER not in sanitise(text)


def _rendered(text: str) -> str:
    """What a reader (and GitHub's mention finder) sees: references decoded, repeatedly."""
    for _ in range(5):
        text = html.unescape(text)
    return text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["@", "&#64;", "&#x40;", "&commat;", "&", "#", "64", ";", "x40", "team", "<!--",
                                 " playbook-diff ", "-->", MARKER, "&amp;", " ", "a", "\uff20"]), max_size=30))
def test_no_sequence_of_pieces_makes_a_mention_or_the_marker(pieces: list[str]) -> None:
    out = sanitise("".join(pieces))
    assert MARKER not in out
    assert not re.search(r"[@\uff20][A-Za-z0-9]", _rendered(out).replace("\u200b", "\0")), out


def test_compose_states_when_the_pull_request_also_changes_the_checking_code() -> None:
    body = compose(1, "## Policy changes\n\nsomething\n", "", ["playbook/levels.yml", "macros/diff/classify.py",
                                                              "requirements.lock", "docs/index.md"], "a" * 40)
    assert CHECKING_LINE in body
    assert "- <code>macros/diff/classify\\.py</code>" in body
    assert "- <code>requirements\\.lock</code>" in body
    assert "levels" not in body.split(CHECKING_LINE)[1] and "docs/index" not in body
    assert body.rstrip().endswith("<sub>Computed by the base branch's code at <code>aaaaaaaaaaaa</code>.</sub>")


def test_compose_of_a_failed_diff_says_it_and_escapes_what_git_said() -> None:
    body = compose(2, "", "Error: unknown revision '<b>@ops</b>'\n", [])
    assert body.startswith("## Policy changes\n\n**The policy diff could not be produced** "
                           "(<code>playbook diff</code> exit 2)")
    assert "&lt;b&gt;" in body and f"@{ZWSP}ops" in body


def test_file_names_from_the_pull_request_are_escaped_and_cannot_mention(tmp_path, capsys) -> None:
    changed = tmp_path / "changed"
    changed.write_bytes(b"scripts/@team <img src=x>.py\0macros/x\nnew.py\0")
    diff = tmp_path / "diff.md"
    diff.write_text(f"## Policy changes\n\n{MARKER}hello &#64;ops\n", encoding="utf-8")
    assert main(["--status", "1", "--diff", str(diff), "--changed", str(changed)]) == 0
    out = capsys.readouterr().out
    assert MARKER not in out and f"&#64;{ZWSP}ops" in out
    assert f"scripts/@{ZWSP}team &lt;img src=x&gt;" in out
    assert "macros/x new\\.py" in out  # a line break in a name cannot start a new Markdown line


def test_a_very_long_diff_is_cut_below_githubs_limit() -> None:
    body = compose(1, "x" * 70_000, "", [])
    assert len(body) < 65_536 and body.endswith("(cut: the full diff is in the workflow run)\n")
