"""The Policy changes page cannot be forged from a commit message.

A message holding \\x1f once shifted the parsed fields so that a real loosening disappeared;
one holding \\x1e and fake fields added an entry with any author, date and text. Git output is
now read NUL-separated, with ids, dates and authors from a listing that holds no message.
"""
from __future__ import annotations

import re

import pytest

import diff_edits as edits
from diff_helpers import GitRepo
from macros.diff.changelog import changelog_page, policy_commits
from macros.diff.sides import Repo

FAKE = "f" * 40
CONTROLS = "".join(chr(c) for c in [*range(1, 32), 127])  # every control character git lets a message hold


def forged(fields: str) -> str:
    return f"Routine tidy{fields}"


@pytest.mark.parametrize("message", [
    "Raise the CSM credit limit\x1f\x1f\x1f",
    f"Raise the CSM credit limit\x1e{FAKE}\x1f\x1f2020-01-01T00:00:00+00:00\x1fMallory\x1fForged entry\x1e",
    f"Raise the CSM credit limit\n\n{FAKE}\n2020-01-01T00:00:00+00:00\nMallory",
    f"Raise the CSM credit limit {CONTROLS} end",
    f"Raise the CSM credit limit\n\nbody {CONTROLS}\x1e{FAKE}\x1e",
])
def test_a_message_can_neither_hide_a_loosening_nor_add_an_entry(repo: GitRepo, message: str) -> None:
    first = repo.git("rev-parse", "HEAD").strip()
    for stem, old, new in edits.VALUE_CHANGED:
        repo.edit(stem, old, new)
    loosening = repo.commit(message)
    commits = policy_commits(Repo.of(repo.path))
    assert [c.sha for c in commits] == [loosening, first]
    assert [c.author for c in commits] == ["Ada Reviewer", "Ada Reviewer"]
    assert [c.date for c in commits] == ["2026-09-23", "2026-09-22"]
    assert commits[0].parent == first and commits[1].parent is None

    page = changelog_page(repo.path)
    assert page.startswith("2 commits changed the policy, newest first.")
    assert len(re.findall(r"^## ", page, flags=re.M)) == 2
    assert "**3 changes: 2 loosens, 0 tightens, 1 neutral**" in page
    assert re.findall(r"^<code>[0-9a-f]{10}</code> · (.*) · (.*)$", page, flags=re.M) == [
        ("Ada Reviewer", "2026-09-23"), ("Ada Reviewer", "2026-09-22")]
    assert f"<code>{FAKE[:10]}</code>" not in page
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", page), "no control character reaches the page"


def test_an_author_name_with_control_characters_is_shown_as_text(repo: GitRepo) -> None:
    for stem, old, new in edits.VALUE_CHANGED:
        repo.edit(stem, old, new)
    repo.commit("Raise a limit", author=f"Eve\x1f{FAKE}\x1e")
    page = changelog_page(repo.path)
    assert len(re.findall(r"^## ", page, flags=re.M)) == 2
    assert f"· Eve{FAKE} ·" in page or f"· Eve {FAKE} ·" in page
