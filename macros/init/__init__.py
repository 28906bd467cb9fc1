"""`playbook init DIR`: a new organisation's minimal valid playbook, with TODO markers to fill in.

The skeleton (``skeleton/*.yml``) is generic on purpose: two priorities, one tier, two levels, two
roles. Every value only the organisation can give is a "TODO: …" text (and the currency is XXX),
which validation reports as warnings (rule todo-placeholder) until replaced. Nothing is ever
overwritten: a folder that already holds a playbook, a file or a symbolic link is refused.
"""
from __future__ import annotations

import os
from pathlib import Path

from ..playbook import AREAS, PLAYBOOK_DIR
from ..schemas import TOOL_SCHEMAS

SKELETON = Path(__file__).resolve().parent / "skeleton"


class InitRefused(Exception):
    """DIR cannot take a new playbook; nothing was written. The message says why and what to do."""


def check_target(folder: Path) -> None:
    if folder.is_symlink():
        raise InitRefused(f"{folder} is a symbolic link; give the real folder (links are never followed)")
    if folder.exists() and not folder.is_dir():
        raise InitRefused(f"{folder} is a file, not a folder; give a new or empty folder")
    playbook = folder / PLAYBOOK_DIR
    if playbook.exists() or playbook.is_symlink():
        raise InitRefused(f"{playbook} already exists; nothing was changed (init never overwrites a playbook). "
                          "Give another folder, or edit that playbook")


def scaffold(folder: Path, today: str) -> list[Path]:
    """Write the skeleton into folder/playbook/; returns the files written."""
    check_target(folder)
    target = folder / PLAYBOOK_DIR
    target.mkdir(parents=True)
    schemas = Path(os.path.relpath(TOOL_SCHEMAS, target.resolve())).as_posix()
    written = []
    for stem in AREAS:
        text = (SKELETON / f"{stem}.yml").read_text(encoding="utf-8")
        path = target / f"{stem}.yml"
        with open(path, "x", encoding="utf-8") as out:  # "x": never replaces a file that appeared meanwhile
            out.write(text.replace("$schema=SCHEMAS/", f"$schema={schemas}/").replace("TODAY", today))
        written.append(path)
    return written
