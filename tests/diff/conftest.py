"""Fixtures for the diff tests: a git repository holding a copy of the example playbook."""
from __future__ import annotations

import os
import pathlib

import pytest

from diff_helpers import AUTHOR, GitRepo


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    """No user or system git configuration, and no repository above tmp_path."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    for name, value in (("GIT_AUTHOR_NAME", AUTHOR), ("GIT_AUTHOR_EMAIL", "ada@example.com"),
                        ("GIT_COMMITTER_NAME", "Build Bot"), ("GIT_COMMITTER_EMAIL", "bot@example.com")):
        monkeypatch.setenv(name, value)


@pytest.fixture
def repo(project: pathlib.Path, git_env: None) -> GitRepo:
    """The example playbook committed on branch main; the working directory is the repository."""
    made = GitRepo(project)
    made.git("init", "-q", "-b", "main")
    made.commit("Policy as first written")
    return made
