"""Helpers for the diff tests: a throw-away git repository and golden files.

Author, committer and dates are fixed, so commit ids and everything printed are the same on
every run. Edits are exact text replacements, so a test says precisely what it changes.
"""
from __future__ import annotations

import os
import pathlib
import subprocess
from dataclasses import dataclass

GOLDEN = pathlib.Path(__file__).parent / "golden"
REPO = pathlib.Path(__file__).resolve().parents[2]
AUTHOR = "Ada Reviewer"


@dataclass
class GitRepo:
    path: pathlib.Path
    clock: int = 1_790_000_000  # 2026-09-21: each commit one day later

    def git(self, *args: str) -> str:
        done = subprocess.run(["git", *args], cwd=self.path, capture_output=True, text=True, check=True)
        return done.stdout

    def edit(self, stem: str, old: str, new: str) -> None:
        path = self.path / "playbook" / f"{stem}.yml"
        text = path.read_text(encoding="utf-8")
        assert text.count(old) == 1, f"{stem}.yml: expected exactly one {old!r}"
        path.write_text(text.replace(old, new), encoding="utf-8")

    def commit(self, message: str, author: str = AUTHOR) -> str:
        self.clock += 86_400
        stamp = f"@{self.clock} +0000"
        env = {**os.environ, "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_DATE": stamp, "GIT_COMMITTER_DATE": stamp}
        subprocess.run(["git", "add", "-A"], cwd=self.path, check=True)
        subprocess.run(["git", "commit", "-q", "--allow-empty", "-m", message], cwd=self.path, env=env, check=True)
        return self.git("rev-parse", "HEAD").strip()


def golden(name: str, actual: str) -> None:
    """Compare with tests/diff/golden/NAME exactly; UPDATE_GOLDEN=1 writes it instead."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(actual, encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}; run with UPDATE_GOLDEN=1 to write it"
    assert actual == path.read_text(encoding="utf-8")
