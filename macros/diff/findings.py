"""From two loaded sides to findings: each change labelled, classified and sorted.

A ``Finding`` holds only text and numbers, so it can be printed, turned into JSON and
cached on disk (the change log caches one list per commit).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..playbook import AREAS, PLAYBOOK_DIR
from .classify import DIRECTIONS, Direction, classify
from .compare import Change, Kind, compare_areas
from .labels import Labels, excerpts, quoted, technical_path
from .sides import InvalidSide, Side, load_side


@dataclass(frozen=True)
class Finding:
    area: str  # the file stem, e.g. 'communication'
    area_name: str  # 'Communication'
    where: tuple[str, ...]  # labels below the area: ('Update cadences', 'P1 · Enterprise', 'Update every')
    kind: Kind
    direction: Direction
    old: str | None  # the value in words, when there is a value to show
    new: str | None
    path: str  # for tools: 'cadences[p1/enterprise].every'
    file: str  # 'playbook/communication.yml'
    line: int  # in head's file, or base's for something removed

    def summary(self) -> str:
        """What happened, after the colon: '45 minutes → 60 minutes', 'added', 'removed “x”'."""
        if self.kind == "changed":
            return f"{self.old} → {self.new}"
        if self.kind == "renamed":
            return f"renamed (id {self.old} → {self.new})"
        shown = self.new if self.kind == "added" else self.old
        return f"{self.kind} {shown}" if shown is not None else self.kind

    def text(self) -> str:
        """'Communication · Update cadences · P1 · Enterprise · Update every: 45 minutes → 60 minutes'."""
        return f"{' · '.join((self.area_name, *self.where))}: {self.summary()}"

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["where"] = list(self.where)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Finding":
        return cls(**{**data, "where": tuple(data["where"])})


@dataclass(frozen=True)
class DiffResult:
    base: str  # as given: 'main', 'origin/main', 'a1b2c3d'
    head: str  # a revision, or 'working tree'
    findings: list[Finding] = field(default_factory=list)

    def counts(self) -> dict[Direction, int]:
        return counts(self.findings)


def counts(findings: list[Finding] | tuple[Finding, ...]) -> dict[Direction, int]:
    """{'loosens': 1, 'tightens': 0, 'neutral': 2}, always in that order."""
    return {d: sum(f.direction == d for f in findings) for d in DIRECTIONS}


def finding(change: Change, labels: Labels) -> Finding:
    old, new = values(change, labels)
    side, path = (labels.head, change.side_path("head")) if change.side_path("head") is not None else \
        (labels.base, change.side_path("base"))
    line = side.playbook.documents[change.stem].position(path or ()).line
    return Finding(change.stem, AREAS.get(change.stem, change.stem), tuple(labels.where(change)), change.kind,
                   classify(change), old, new, technical_path(change), f"{PLAYBOOK_DIR}/{change.stem}.yml", line)


def values(change: Change, labels: Labels) -> tuple[str | None, str | None]:
    """The old and new value in words; none for a whole entry added or removed (its label says which)."""
    if change.kind == "renamed":
        return str(change.old), str(change.new)
    if change.steps and change.steps[-1].kind == "entry":
        return None, None
    old = None if change.old is None else labels.value(change.stem, change.pattern, change.old, labels.base)
    new = None if change.new is None else labels.value(change.stem, change.pattern, change.new, labels.head)
    if change.kind == "changed" and isinstance(change.old, str) and isinstance(change.new, str) \
            and old == quoted(change.old) and new == quoted(change.new):  # free text, not a name
        return excerpts(change.old, change.new)
    return old, new


def order(findings: list[Finding]) -> list[Finding]:
    """Loosening first, then tightening, then neutral; by area in reading order; stable within."""
    areas = list(AREAS)
    return sorted(findings, key=lambda f: (DIRECTIONS.index(f.direction),
                                           areas.index(f.area) if f.area in areas else len(areas)))


def compare_sides(base: Side, head: Side) -> list[Finding]:
    old, new = base.playbook.documents, head.playbook.documents
    # A file with the same bytes on both sides cannot hold a change: skip walking it.
    unchanged = {s for s in old.keys() & new.keys() if old[s].digest and old[s].digest == new[s].digest}
    changes = compare_areas({s: d.data for s, d in old.items() if s not in unchanged},
                            {s: d.data for s, d in new.items() if s not in unchanged})
    labels = Labels(base, head)
    return order([finding(c, labels) for c in changes])


def diff_revisions(root: Path, base: str, head: str | None = None) -> DiffResult:
    """The one entry point: load both sides (GitError, InvalidSide on failure) and compare them."""
    loaded: list[Side] = []
    invalid: InvalidSide | None = None
    for revision, role in ((base, "base"), (head, "head")):  # both sides checked: all problems at once
        try:
            loaded.append(load_side(root, revision, role))
        except InvalidSide as error:
            invalid = error if invalid is None else invalid + error
    if invalid is not None:
        raise invalid
    return DiffResult(base, head or "working tree", compare_sides(*loaded))
