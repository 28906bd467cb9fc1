"""Fixtures for the diff tests: a git repository holding a copy of the example playbook."""
from __future__ import annotations

import pathlib

import pytest

from diff_helpers import GitRepo


@pytest.fixture
def repo(project: pathlib.Path, git_env: None) -> GitRepo:
    """The example playbook committed on branch main; the working directory is the repository."""
    made = GitRepo(project)
    made.git("init", "-q", "-b", "main")
    made.commit("Policy as first written")
    return made
