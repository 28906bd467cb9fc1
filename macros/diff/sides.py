"""The two sides of a diff: a git revision or the working tree, loaded by the one loader.

A revision is materialised with ``git archive REV -- playbook schemas`` into a temporary
folder and loaded with ``load_playbook`` like any other playbook, so both sides go through
the same strict loader, schemas and cross-reference rules. Nothing here parses YAML.

Failures are values the edges can print: ``GitError`` (no git, not a repository, unknown
revision) and ``InvalidSide`` (a side loads with errors; its problems say which side, file,
line and column, with file names relative to the project folder).
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
GIT_TIMEOUT = 60  # seconds; a hung git (a credential prompt, a network fetch) must not hang a build


class GitError(Exception):
    """git could not answer: not installed, not a repository, unknown revision."""


class UnreadableRevision(GitError):
    """A revision git can name but whose playbook cannot be read safely (a symlink, a submodule)."""

    def __init__(self, commit: str, reason: str):
        self.commit, self.reason = commit, reason
        super().__init__(f"revision {commit[:12]} cannot be read: {reason}")


def plain_name(name: str) -> str:
    """A file name from a revision, safe to print: no control characters, at most 120 characters."""
    cleaned = "".join(ch if ch.isprintable() else "?" for ch in name)
    return cleaned if len(cleaned) <= 120 else cleaned[:117] + "..."


def _tar_kind(member: tarfile.TarInfo) -> str:
    if member.issym():
        return "is a symbolic link"
    if member.islnk():
        return "is a hard link"
    if member.isfifo():
        return "is a named pipe"
    if member.ischr() or member.isblk():
        return "is a device"
    return "is not a regular file"


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
    playbook: Playbook
    schemas: dict[str, dict[str, Any]]


def git(where: Path, *args: str, binary: bool = False) -> Any:
    """Run git in ``where``; its last error line becomes a ``GitError``."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(where), *args], capture_output=True, env=env, timeout=GIT_TIMEOUT,
                              check=False)
    except FileNotFoundError:
        raise GitError("git is not installed or not on PATH") from None
    except subprocess.TimeoutExpired:
        raise GitError(f"git {args[0]} did not finish within {GIT_TIMEOUT} seconds") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(message[-1] if message else f"git {args[0]} failed (exit {done.returncode})")
    return done.stdout if binary else done.stdout.decode("utf-8", "replace")


@dataclass(frozen=True)
class Repo:
    """The git repository holding a project folder, which may sit in a subfolder (``prefix``)."""

    top: Path
    prefix: str  # '' when the project is the repository's top, else 'sub/dir/'

    @classmethod
    def of(cls, root: Path) -> "Repo":
        try:
            inside = git(root, "rev-parse", "--is-inside-work-tree").strip()
        except GitError as error:
            raise GitError(f"{root.resolve()} is not in a git repository ({error})") from None
        if inside != "true":
            raise GitError(f"{root.resolve()} is not in a git working tree")
        top = git(root, "rev-parse", "--show-toplevel").strip()
        prefix = git(root, "rev-parse", "--show-prefix").strip()
        return cls(Path(top), prefix)

    def git(self, *args: str, binary: bool = False) -> Any:
        return git(self.top, *args, binary=binary)

    def resolve(self, revision: str) -> str:
        """The commit a revision names; a clean error for anything else (including option-like text)."""
        if not revision or revision.startswith("-"):
            raise GitError(f"'{revision}' is not a revision")
        try:
            return self.git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}").strip()
        except GitError:
            raise GitError(f"unknown revision '{revision}'; give a branch, tag or commit") from None

    def folders(self, commit: str) -> dict[str, str]:
        """{'playbook': tree id, 'schemas': tree id} for the project folders the commit has."""
        listing = self.git("ls-tree", "--full-tree", commit, "--",
                           f"{self.prefix}{PLAYBOOK_DIR}", f"{self.prefix}{SCHEMA_DIR}")
        found: dict[str, str] = {}
        for line in listing.splitlines():
            meta, _, path = line.partition("\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == "tree":
                found[path[len(self.prefix):]] = parts[2]
        return found

    def materialise(self, commit: str, folders: list[str], dest: Path) -> Path:
        """Extract the folders of ``commit`` under ``dest``; returns the project folder inside it.

        Only regular files and folders are extracted: a symbolic link or a submodule in the
        revision makes it unreadable (``UnreadableRevision`` naming the file and what it is),
        never a traceback, and nothing is followed outside ``dest``.
        """
        data = self.git("archive", "--format=tar", commit, "--", *(f"{self.prefix}{f}" for f in folders),
                        binary=True)
        try:
            with tarfile.open(fileobj=io.BytesIO(data), mode="r:") as archive:
                members = archive.getmembers()
                for member in members:
                    if not (member.isfile() or member.isdir()):
                        shown = member.name[len(self.prefix):] if member.name.startswith(self.prefix) else member.name
                        raise UnreadableRevision(commit, f"{plain_name(shown)} {_tar_kind(member)} in that revision; "
                                                         "playbook and schema files must be regular files")
                archive.extractall(dest, members=members, filter="data")  # refuses paths that leave dest
        except (tarfile.TarError, OSError) as error:
            raise UnreadableRevision(commit, f"it could not be extracted ({error})") from None
        return dest / self.prefix if self.prefix else dest

    def load(self, commit: str, name: str, folders: dict[str, str] | None = None) -> Side:
        """Load a commit's playbook through a temporary folder. GitError when it has none."""
        folders = self.folders(commit) if folders is None else folders
        if PLAYBOOK_DIR not in folders:
            raise GitError(f"{name}: there is no {self.prefix}{PLAYBOOK_DIR}/ folder at that revision")
        with tempfile.TemporaryDirectory(prefix="playbook-diff-") as tmp:
            return checked(name, self.materialise(commit, sorted(folders), Path(tmp)))


def relative_problems(problems: list[Problem], folder: Path) -> list[Problem]:
    """File names relative to the side's project folder: 'playbook/levels.yml', wherever it was loaded."""
    base = os.path.realpath(folder)
    out = []
    for problem in problems:
        full = os.path.realpath(problem.file)
        inside = full.startswith(base + os.sep)
        out.append(replace(problem, file=os.path.relpath(full, base)) if inside else problem)
    return out


def checked(name: str, folder: Path) -> Side:
    """Load ``folder`` with the project's loader; any error makes the side invalid."""
    playbook, problems = load_playbook(folder, check_files=False)  # a revision holds playbook/ and schemas/ only
    failing = errors(problems)
    if failing:
        raise InvalidSide({name: relative_problems(failing, folder)})
    _registry, schemas = load_schemas(folder)
    return Side(name, playbook, schemas)


def load_side(root: Path, revision: str | None, role: str) -> Side:
    """``role`` is 'base' or 'head'; ``revision`` None means the working tree under ``root``."""
    name = f"{role} ({WORKING_TREE if revision is None else revision})"
    if revision is None:
        return checked(name, root)
    repo = Repo.of(root)
    return repo.load(repo.resolve(revision), name)
