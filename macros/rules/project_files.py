"""project-file: the files organisation.yml names (site logo and favicon, each export and its mapping)
exist as regular files inside the project folder, so the site never silently loses its logo and a
report page never stops the build.

A playbook read from a git revision or a what-if copy (``Playbook.check_files`` false) is not checked:
its data files are not part of what was read.

FAIL: site.logo: docs/data/missing.svg -> "docs/data/missing.svg: no such file in the project folder; …"
FAIL: exports.calibration.export: ../tickets.csv -> "../tickets.csv is outside the project folder; …"
FAIL: exports.oncall.export: a symbolic link -> "docs/data/pages.csv is a symbolic link; …"
"""
from __future__ import annotations

import os
from pathlib import Path as FsPath
from typing import TYPE_CHECKING, Any, Iterator

from ..loading import Path, file_kind
from ..problems import Problem
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

SITE_FILES = ("logo", "favicon")
EXPORT_FILES = ("export", "mapping", "updates", "updates_mapping")


def named_files(organisation: dict[str, Any]) -> Iterator[tuple[Path, str]]:
    """(path in organisation.yml, the file's path as written) for every file the organisation names."""
    site = organisation.get("site") or {}
    for key in SITE_FILES:
        if isinstance(site.get(key), str):
            yield ("site", key), site[key]
    for report, settings in sorted((organisation.get("exports") or {}).items()):
        for key in EXPORT_FILES:
            if isinstance(settings, dict) and isinstance(settings.get(key), str):
                yield ("exports", report, key), settings[key]


def problem_with(root: FsPath, written: str) -> str | None:
    """What is wrong with a named file, as the message starts; None when it is a regular file in the project."""
    if os.path.isabs(written):
        return (f"{written} is an absolute path; give the file's path relative to the project folder "
                "and keep the file inside it")
    project = os.path.abspath(root)
    if not os.path.normpath(os.path.join(project, written)).startswith(project + os.sep):
        return f"{written} is outside the project folder; put the file inside it and give its path relative to it"
    parts = FsPath(os.path.normpath(written)).parts
    for end in range(1, len(parts) + 1):
        step = root.joinpath(*parts[:end])
        kind = file_kind(step)
        if kind == "is a symbolic link":
            return (f"{FsPath(*parts[:end]).as_posix()} is a symbolic link; put the file itself inside the project "
                    "folder (links are never followed)")
        if kind == "is missing":
            return f"{written}: no such file in the project folder; check the path or add the file"
        if end < len(parts) and kind != "is a directory":
            return f"{written}: {FsPath(*parts[:end]).as_posix()} {kind or 'is a file'}, not a folder; check the path"
    kind = file_kind(root / written)
    if kind is not None:
        return f"{written} {kind}, not a regular file; name the file itself"
    return None


def check(pb: "Playbook") -> Iterator[Problem]:
    if not getattr(pb, "check_files", True):
        return
    for path, written in named_files(pb["organisation"]):
        found = problem_with(pb.root, written)
        if found:
            yield pb.problem("organisation", path, found, RULE.id)


def fresh(pb: "Playbook", problems: list[Problem]) -> list[Problem]:
    """`problems` with this rule's findings made again now: the files it looks at live outside playbook/,
    so a validation kept in a cache cannot know whether they still exist."""
    kept = [p for p in problems if p.rule != RULE.id]
    return sorted(set(kept + (list(check(pb)) if "organisation" in pb.clean else [])))


RULE = Rule("project-file", ("organisation",), check,
            "The logo, favicon, exports and mappings organisation.yml names are regular files in the project.")
