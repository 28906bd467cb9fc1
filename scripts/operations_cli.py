"""What the three operations commands share at the edge: playbook checks, writing files, failing."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import NoReturn

import click

from macros.calibrate.errors import FINDINGS, CalibrateError
from macros.playbook import PLAYBOOK_DIR, Playbook, display_path, load_playbook
from macros.problems import errors


def playbook_ready(root: Path, areas: tuple[str, ...]) -> Playbook:
    """Stop when the files the report reads have errors: its rules could not be trusted."""
    pb, problems = load_playbook(root)
    files = {display_path(pb.root / PLAYBOOK_DIR / f"{stem}.yml") for stem in areas}
    blocking = [p for p in errors(problems) if p.file in files]
    if blocking:
        raise CalibrateError([p.text() for p in blocking] +
                             ["the playbook has errors in the files this report reads; fix them (playbook validate)"],
                             FINDINGS)
    return pb


def write(option: str, path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CalibrateError(f"{option} {path}: cannot write ({error.strerror or error}); "
                             "check the folder exists and is writable") from None


def fail(error: CalibrateError) -> NoReturn:
    for message in error.messages:
        click.echo(message, err=True)
    sys.exit(error.exit_code)
