"""`playbook check-message`: check a draft customer message against the playbook's policy."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from macros.playbook import load_playbook
from macros.problems import errors
from macros.reporting import REPORTERS


# A draft longer than this is not a customer message; refusing it keeps a mistaken path (a log, a dump) quick.
MAX_DRAFT_BYTES = 1_000_000


def _read(source: str) -> tuple[str, str]:
    """(label, text) of the draft: a file, or standard input for '-'."""
    if source == "-":
        return "<stdin>", sys.stdin.read()
    path = Path(source)
    if not path.exists():
        raise click.UsageError(f"{source}: no such file; give a draft file or - for standard input")
    if not path.is_file():
        kind = "is a directory" if path.is_dir() else "is not a regular file"
        raise click.UsageError(f"{source} {kind}; give a draft file or - for standard input")
    size = path.stat().st_size
    if size > MAX_DRAFT_BYTES:
        raise click.UsageError(f"{source}: {size:,} bytes is not a message draft (the limit is "
                               f"{MAX_DRAFT_BYTES:,} bytes); give the draft itself")
    try:
        return source, path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise click.UsageError(f"{source}: not UTF-8 text ({error.reason} at byte {error.start}); "
                               "save the draft as UTF-8") from error


@click.command("check-message")
@click.argument("draft", default="-", metavar="[FILE|-]")
@click.option("--template", "template", metavar="ID",
              help="The template the draft is based on (communication.yml): its placeholders and the update "
                   "elements it claims are checked, and its channel's length limit applies.")
@click.option("--channel", metavar="ID", help="The channel the message goes to (communication.yml channels, "
                                              "for example email or chat): picks the length limit.")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True,
              help="text for people, json for tools.")
@click.pass_obj
def check_message(root: Path, draft: str, template: str | None, channel: str | None, fmt: str) -> None:
    """Check a draft message: banned phrases (look-alike letters and invisible characters
    included), update elements it lacks, placeholders left in, length over the channel's limit.

    Each finding has a rule id (banned-phrase, missing-element, unfilled-placeholder,
    unknown-placeholder, too-long), a line:column, the text and what to write instead.
    Exit codes: 0 no findings, 1 findings (or a playbook with errors), 2 usage error.

    \b
    Example:
      playbook check-message draft.txt --template periodic-update
      pbpaste | playbook check-message - --channel chat --format json
    """
    from macros.checker.engine import Checker, CheckerError, checker_data, visible

    label, text = _read(draft)
    pb, problems = load_playbook(root)
    if errors(problems):
        click.echo(REPORTERS["text"](problems), nl=False, err=True)
        click.echo("the playbook has errors; fix them (playbook validate) before checking a message", err=True)
        sys.exit(1)
    try:
        findings = Checker(checker_data(pb)).check(text, template, channel)
    except CheckerError as error:
        raise click.UsageError(str(error)) from error
    if fmt == "json":
        click.echo(json.dumps({"findings": [f.as_dict() for f in findings]}, ensure_ascii=False, indent=2))
    else:
        for f in findings:
            click.echo(f"{label}:{f.line}:{f.column}: {f.rule}: {visible(f.text)}: {f.suggestion}")
        click.echo(f"{len(findings)} finding(s)" if findings else "no findings: the draft follows the policy")
    sys.exit(1 if findings else 0)
