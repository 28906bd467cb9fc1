"""A build validates the playbook once: the result is kept by content and equals a fresh validation."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import macros.site as site
from macros.playbook import load_playbook
from site_helpers import copy_project, edit


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    project = copy_project(tmp_path / "project")
    monkeypatch.chdir(project)
    monkeypatch.setenv("PLAYBOOK_TODAY", "2031-01-01")  # every review overdue: warnings to keep as well
    return project


def _must_not_validate(*args, **kwargs):
    raise AssertionError("validated again though nothing changed")


def test_a_second_validation_reads_the_cache_and_equals_a_fresh_one(root: Path, monkeypatch) -> None:
    first_playbook, first = site.validated(root)
    fresh_playbook, fresh = load_playbook(root)
    assert first == fresh and any(p.severity == "warning" for p in first)
    monkeypatch.setattr(site, "load_playbook", _must_not_validate)
    again_playbook, again = site.validated(root)
    assert again == fresh
    assert again_playbook.documents == fresh_playbook.documents and again_playbook.clean == fresh_playbook.clean
    assert again_playbook.position("levels", ("levels", 0, "id")) == fresh_playbook.position("levels", ("levels", 0, "id"))


def test_any_change_it_depends_on_validates_again(root: Path, monkeypatch) -> None:
    _playbook, before = site.validated(root)
    edit(root, "playbook/glossary.yml", "\nlast_reviewed:", "\n  bad: [unclosed\nlast_reviewed:")
    _playbook, broken = site.validated(root)
    assert broken != before and broken == load_playbook(root)[1]
    monkeypatch.setenv("PLAYBOOK_TODAY", "2020-01-01")  # the day decides the review-due warnings
    assert site.validated(root)[1] == load_playbook(root)[1]


def test_links_skip_the_cache(root: Path, monkeypatch) -> None:
    site.validated(root)
    target = root / "glossary-copy.yml"
    (root / "playbook" / "glossary.yml").rename(target)
    os.symlink(target, root / "playbook" / "glossary.yml")
    assert site._validation_key(root) is None
    assert site.validated(root)[1] == load_playbook(root)[1]
    assert any(p.rule == "not-a-file" for p in site.validated(root)[1])
