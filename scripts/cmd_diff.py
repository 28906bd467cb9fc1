"""`playbook diff`: what a change to the playbook means, for the people who review it."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from macros.diff import GitError, InvalidSide, diff_revisions
from macros.diff.render import INVALID_RENDERERS, RENDERERS

NO_CHANGE, CHANGES, FAILED = 0, 1, 2


class DiffFailed(click.ClickException):
    """A git problem: printed as 'Error: …', exit 2 like a usage error."""

    exit_code = FAILED


@click.command("diff")
@click.argument("base")
@click.argument("head", required=False)
@click.option("--format", "fmt", type=click.Choice(list(RENDERERS)), default="markdown", show_default=True,
              help="markdown for a pull-request comment, text for a terminal, json for tools.")
@click.pass_obj
def diff(root: Path, base: str, head: str | None, fmt: str) -> None:
    """Show what changed in the policy between two git revisions, in plain language.

    BASE and HEAD are git revisions (a branch, tag or commit); without HEAD the working
    tree is compared. Both sides are loaded and validated like `playbook validate`.
    Entries are matched by id, so reordering, comments and formatting are no change.
    Each change is classed as loosens, tightens or neutral; loosening ones come first.

    Exits 0 when the policy did not change, 1 when it did, 2 on a usage or git error
    or when a side does not pass validation (its problems are printed).

    \b
    Example:
      playbook diff main                      # main against the working tree
      playbook diff origin/main HEAD --format text
      playbook diff v3.1 v3.2 --format json > changes.json
    """
    try:
        result = diff_revisions(root, base, head)
    except GitError as error:
        raise DiffFailed(str(error)) from None
    except InvalidSide as error:
        click.echo(INVALID_RENDERERS[fmt](error, base, head or "working tree"), nl=False)
        sys.exit(FAILED)
    click.echo(RENDERERS[fmt](result), nl=False)
    sys.exit(CHANGES if result.findings else NO_CHANGE)
