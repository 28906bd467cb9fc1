"""The playbook: every area file loaded once, with positions, and lookups by id.

`load_playbook(root)` is the one entry point. It returns the playbook and every problem
found (loading, schema, cross-reference), sorted; callers decide whether to stop.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cached_property, wraps
from pathlib import Path as FsPath
from typing import Any, Callable, TypeVar

from .loading import Document, LoadError, Path, Position, excerpt, file_kind, format_path, load_file, not_regular_message
from .problems import Problem
from .suggest import did_you_mean

# Every area the product knows, in reading order. The stem is the file name and the schema name.
AREAS: dict[str, str] = {
    "organisation": "Organisation",
    "priorities": "Priorities",
    "ticket-fields": "Ticket fields",
    "levels": "Levels and entry criteria",
    "intake": "Intake",
    "roles": "Roles",
    "routing": "Routing and ownership",
    "on-call": "On-call and paging",
    "communication": "Communication",
    "phrases": "Phrases",
    "decision-rights": "Decision rights",
    "service-recovery": "Service recovery",
    "executive-brief": "Executive brief",
    "review": "Post-escalation review",
    "metrics": "Metrics",
    "training": "Training and QA",
    "glossary": "Glossary",
}

PLAYBOOK_DIR = "playbook"
SCHEMA_DIR = "schemas"
T = TypeVar("T")


def display_path(path: FsPath) -> str:
    """Path as the user can click it: relative to the working directory when inside it."""
    try:
        rel = os.path.relpath(path)
    except ValueError:
        return str(path)
    return str(path) if rel.startswith("..") else rel


@dataclass
class Playbook:
    root: FsPath
    documents: dict[str, Document] = field(default_factory=dict)
    # Stems that loaded and passed their schema; rules read only these.
    clean: set[str] = field(default_factory=set)
    # Whether the files organisation.yml names (logo, exports) belong to what was read: not for a git
    # revision or a what-if copy, which hold playbook/ (and schemas/) only.
    check_files: bool = True
    # What `per_playbook` functions made from this playbook (the data is not changed once loaded).
    memo: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False, compare=False)

    def __getitem__(self, stem: str) -> Any:
        return self.documents[stem].data

    def file(self, stem: str) -> str:
        return self.documents[stem].file

    def position(self, stem: str, path: Path) -> Position:
        return self.documents[stem].position(path)

    def problem(self, stem: str, path: Path, message: str, rule: str, severity: str = "error") -> Problem:
        pos = self.position(stem, path)
        return Problem(self.file(stem), pos.line, pos.column, clip_message(message), rule, format_path(path), severity)  # type: ignore[arg-type]

    def by_id(self, stem: str, key: str) -> dict[str, dict[str, Any]]:
        found: dict[str, dict[str, Any]] = {}
        for entry in self[stem].get(key, []):
            if isinstance(entry, dict) and "id" in entry:
                found.setdefault(entry["id"], entry)  # a duplicate id is reported; the first entry counts
        return found

    @cached_property
    def roles(self) -> dict[str, dict[str, Any]]:
        return self.by_id("roles", "roles")

    @cached_property
    def levels(self) -> dict[str, dict[str, Any]]:
        return self.by_id("levels", "levels")

    @cached_property
    def templates(self) -> dict[str, dict[str, Any]]:
        return self.by_id("communication", "templates")

    @cached_property
    def priorities(self) -> dict[str, dict[str, Any]]:
        return self.by_id("priorities", "priorities")

    @cached_property
    def tiers(self) -> dict[str, dict[str, Any]]:
        return self.by_id("organisation", "tiers")

    @cached_property
    def rotations(self) -> dict[str, dict[str, Any]]:
        return self.by_id("on-call", "rotations")

    @cached_property
    def approvers(self) -> dict[str, dict[str, Any]]:
        return self.by_id("decision-rights", "approvers")

    @cached_property
    def phases(self) -> dict[str, dict[str, Any]]:
        return self.by_id("roles", "phases")


MAX_MESSAGE = 600  # characters; a rule quoting a long value must not print the whole of it


def per_playbook(fn: Callable[..., T]) -> Callable[..., T]:
    """Work a result out once per loaded playbook, for what many pages ask again: the printed reference block
    is on every role's checklist, the priority field is looked up by every card (at 20 times the example's
    size that repetition cost seconds per sheet). Only for functions of the playbook and hashable arguments
    whose result nobody can change (text, tuples of text), since every caller gets the same object."""
    @wraps(fn)
    def made_once(pb: "Playbook", *args: Any) -> T:
        key = (fn.__module__, fn.__qualname__, args)
        if key not in pb.memo:
            pb.memo[key] = fn(pb, *args)
        return pb.memo[key]
    return made_once


def clip_message(message: str) -> str:
    """A safety net under every rule: one line, invisible characters escaped, at most MAX_MESSAGE characters."""
    return excerpt(" ".join(message.split("\n")), MAX_MESSAGE)


def load_documents(root: FsPath) -> tuple[Playbook, list[Problem]]:
    """Load every area file; a file that does not load is left out and reported."""
    playbook = Playbook(root=root)
    problems: list[Problem] = []
    folder = root / PLAYBOOK_DIR
    problems.extend(refused_folders(root))
    if any(p.file == display_path(folder) for p in problems):
        return playbook, problems
    for stem in AREAS:
        path = folder / f"{stem}.yml"
        shown = display_path(path)
        kind = file_kind(path)
        if kind == "is missing":
            problems.append(Problem(shown, 1, 1, f"required playbook file is missing; create {PLAYBOOK_DIR}/{stem}.yml",
                                    "missing-file"))
            continue
        if kind is not None and not kind.startswith("cannot"):
            problems.append(Problem(shown, 1, 1, not_regular_message(kind), "not-a-file"))
            continue
        try:
            playbook.documents[stem] = load_file(path, display=shown)
        except LoadError as error:
            problems.extend(error.problems)
    for extra in sorted(folder.glob("*.y*ml")) if folder.is_dir() else []:
        if extra.stem not in AREAS or extra.suffix != ".yml":
            known = [f"{s}.yml" for s in AREAS]
            problems.append(Problem(display_path(extra), 1, 1,
                                    f"unknown playbook file{did_you_mean(extra.name, known)}; "
                                    f"known areas are {', '.join(known)}", "unknown-file"))
    return playbook, problems


def refused_folders(root: FsPath) -> list[Problem]:
    """playbook/ and schemas/ must be real folders, and every schema a regular file: nothing is read through a link."""
    from .schemas import SCHEMA_SUFFIX

    problems = []
    for name in (PLAYBOOK_DIR, SCHEMA_DIR):
        kind = file_kind(root / name)
        if kind not in (None, "is a directory", "is missing"):
            problems.append(Problem(display_path(root / name), 1, 1,
                                    f"{kind}, not a folder; put the folder itself here (links are never followed)",
                                    "not-a-file"))
    if not problems and (root / SCHEMA_DIR).is_dir():
        for path in sorted((root / SCHEMA_DIR).glob(f"*{SCHEMA_SUFFIX}")):
            kind = file_kind(path)
            if kind is not None:
                problems.append(Problem(display_path(path), 1, 1, not_regular_message(kind), "not-a-file"))
    return problems


def load_playbook(root: FsPath | str = ".", check_files: bool = True) -> tuple[Playbook, list[Problem]]:
    """Load, schema-check and cross-check the playbook under `root`. Problems come back sorted.
    `check_files=False` for a copy of playbook/ alone (a git revision): the files it names are not there."""
    from .schemas import check_schemas
    from .rules import run_rules

    playbook, problems = load_documents(FsPath(root))
    playbook.check_files = check_files
    schema_problems, playbook.clean = check_schemas(playbook)
    problems.extend(schema_problems)
    problems.extend(run_rules(playbook, playbook.clean))
    return playbook, sorted(set(problems))
