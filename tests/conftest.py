"""Shared fixtures: a throw-away copy of the example project, and the CLI run in-process."""
from __future__ import annotations

import os
import pathlib
import shutil

import pytest
from click.testing import CliRunner, Result

REPO = pathlib.Path(__file__).resolve().parent.parent
# A fixed day, so that review-due warnings do not depend on when the tests run.
TODAY = "2026-11-01"
GIT_AUTHOR = "Ada Reviewer"  # the diff tests' golden files name her


@pytest.fixture
def project(tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch) -> pathlib.Path:
    """A copy of playbook/ and schemas/ in tmp_path, which is also the working directory,
    so problems print as playbook/<file>.yml exactly as a user sees them."""
    for folder in ("playbook", "schemas", "docs/data"):  # docs/data: the logo and exports organisation.yml names
        shutil.copytree(REPO / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PLAYBOOK_TODAY", TODAY)
    return tmp_path


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch):
    """Run the `playbook` command in-process: run_cli("--root", ".", "validate") -> click Result."""
    from scripts.cli import cli

    monkeypatch.setenv("PLAYBOOK_TODAY", TODAY)

    def run(*args: str) -> Result:
        return CliRunner().invoke(cli, list(args), prog_name="playbook")

    return run


@pytest.fixture
def git_env(monkeypatch: pytest.MonkeyPatch, tmp_path: pathlib.Path) -> None:
    """No user or system git configuration, and no repository above tmp_path."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    for name, value in (("GIT_AUTHOR_NAME", GIT_AUTHOR), ("GIT_AUTHOR_EMAIL", "ada@example.com"),
                        ("GIT_COMMITTER_NAME", "Build Bot"), ("GIT_COMMITTER_EMAIL", "bot@example.com")):
        monkeypatch.setenv(name, value)
