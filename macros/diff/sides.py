"""The two sides of a diff: a git revision or the working tree, loaded by the one loader.

A revision is materialised with ``git archive REV -- playbook schemas`` into a temporary
folder and loaded with ``load_playbook`` like any other playbook, so both sides go through
the same strict loader, schemas and cross-reference rules. Nothing here parses YAML.

Failures are values the edges can print: ``GitError`` (bad revision, no git, not a
repository) and ``InvalidSide`` (the side loads with errors; its problems say which
file, line and column, relative to the project folder).
"""
from __future__ import annotations

import io
import os
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from ..playbook import PLAYBOOK_DIR, SCHEMA_DIR, Playbook, load_playbook
from ..problems import Problem, errors
from ..schemas import load_schemas

WORKING_TREE = "working tree"
GIT_TIMEOUT = 60  # seconds; a hung git (credential prompt, network) must not hang a build


class GitError(Exception):
    """git could not answer: not installed, not a repository, unknown revision."""


class InvalidSide(Exception):
    """A side (or both) does not pass validation: {side name: its error problems}."""

    def __init__(self, problems: dict[str, list[Problem]]):
        self.problems = {side: sorted(found) for side, found in problems.items()}
        super().__init__("; ".join(f"{side} does not pass validation ({len(found)} error(s))"
                                   for side, found in self.problems.items()))

    @property
    def sides(self) -> list[str]:
        return list(self.problems)

    def lines(self) -> list[str]:
        """'head (working tree): playbook/levels.yml:14:7: … [rule]' for every problem."""
        return [f"{side}: {p.text()}" for side, found in self.problems.items() for p in found]

    def __add__(self, other: "InvalidSide") -> "InvalidSide":
        return InvalidSide({**self.problems, **other.problems})


@dataclass(frozen=True)
class Side:
    """A loaded, valid playbook and the schemas it was checked against."""

    name: str  # as shown to people: "base (main)", "head (working tree)"
    revision: str | None  # None for the working tree
    playbook: Playbook
    schemas: dict[str, dict[str, Any]]


def git(root: Path, *args: str, binary: bool = False) -> Any:
    """Run git in ``root``; its first error line becomes a ``GitError``."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, env=env, timeout=GIT_TIMEOUT,
                              check=False)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not finish within {GIT_TIMEOUT} seconds") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed (exit {done.returncode})")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


def project_prefix(root: Path) -> str:
    """Where the project folder sits inside its repository: '' at the top, else 'sub/dir/'."""
    try:
        inside = git(root, "rev-parse", "--is-inside-work-tree").strip()
    except GitError as error:
        raise GitError(f"{root.resolve()} is not in a git repository ({error})") from None
    if inside != "true":
        raise GitError(f"{root.resolve()} is not in a git working tree")
    return git(root, "rev-parse", "--show-prefix").strip()


def resolve(root: Path, revision: str) -> str:
    """The commit a revision names; a clean error for anything else (including option-like text)."""
    if revision.startswith("-"):
        raise GitError(f"'{revision}' is not a revision")
    try:
        return git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}").strip()
    except GitError:
        raise GitError(f"unknown revision '{revision}'; give a branch, tag or commit") from None


def trees(root: Path, commit: str, prefix: str) -> dict[str, str]:
    """{'playbook': tree id, 'schemas': tree id} for the folders the commit has."""
    listing = git(root, "ls-tree", commit, "--", f"{prefix}{PLAYBOOK_DIR}", f"{prefix}{SCHEMA_DIR}")
    found: dict[str, str] = {}
    for line in listing.splitlines():
        meta, _, path = line.partition("\t")
        parts = meta.split()
        if len(parts) == 3 and parts[1] == "tree":
            found[path[len(prefix):]] = parts[2]
    return found


def materialise(root: Path, commit: str, prefix: str, folders: list[str], dest: Path) -> Path:
    """Extract the folders of ``commit`` under ``dest``; returns the project folder inside it."""
    data = git(root, "archive", "--format=tar", commit, "--", *(f"{prefix}{f}" for f in folders), binary=True)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
        archive.extractall(dest, filter="data")  # refuses links and paths that leave dest
    return dest / prefix if prefix else dest


def relative_problems(problems: list[Problem], folder: Path) -> list[Problem]:
    """File names relative to the side's project folder: 'playbook/levels.yml', wherever it was loaded."""
    base = os.path.realpath(folder)
    out = []
    for problem in problems:
        full = os.path.realpath(problem.file)
        inside = full == base or full.startswith(base + os.sep)
        out.append(replace(problem, file=os.path.relpath(full, base)) if inside else problem)
    return out


def checked(name: str, revision: str | None, folder: Path) -> Side:
    """Load ``folder`` with the project's loader; any error makes the side invalid."""
    playbook, problems = load_playbook(folder)
    failing = errors(problems)
    if failing:
        raise InvalidSide({name: relative_problems(failing, folder)})
    _registry, schemas = load_schemas(folder)
    return Side(name, revision, playbook, schemas)


def load_revision(root: Path, revision: str, name: str, prefix: str | None = None) -> Side:
    """Load a git revision of the project under ``root`` through a temporary folder."""
    prefix = project_prefix(root) if prefix is None else prefix
    commit = resolve(root, revision)
    folders = trees(root, commit, prefix)
    if PLAYBOOK_DIR not in folders:
        raise GitError(f"{name}: revision '{revision}' has no {prefix}{PLAYBOOK_DIR}/ folder")
    with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
        folder = materialise(root, commit, prefix, sorted(folders), Path(tmp))
        return checked(name, revision, folder)


def load_working_tree(root: Path, name: str) -> Side:
    return checked(name, None, root)


def load_side(root: Path, revision: str | None, role: str) -> Side:
    """``role`` is 'base' or 'head'; ``revision`` None means the working tree."""
    shown = WORKING_TREE if revision is None else revision
    name = f"{role} ({shown})"
    if revision is None:
        return load_working_tree(root, name)
    return load_revision(root, revision, name)
