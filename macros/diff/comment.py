"""The pull-request comment reviewers rely on, composed by the trusted review job.

The privileged job (``.github/workflows/policy-review-comment.yml``) runs the *base* branch's
code: it fetches the pull request's commits as git objects, runs ``playbook diff`` over them
(``.github/scripts/describe-pull-request.sh``) and then this module turns the diff, its exit
code and the list of changed files into the comment's body. Nothing here trusts its input:

- the diff's own Markdown carries text from the pull request's data;
- the changed file names are chosen by the pull request's author.

So every at-sign, literal or written as an HTML character reference (``&#64;``, ``&#x40;``,
``&commat;``, with or without the semicolon), is followed by a zero-width space so that no
team or person is notified; and the marker that identifies our one comment is removed until
none is left (removing it once can rebuild it from its halves).

Run as ``python -m macros.diff.comment --status N --diff FILE --errors FILE --changed FILE``.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
from pathlib import Path

from .render import HEADING, markdown_escape

MARKER = "<!-- playbook-diff -->"
LIMIT = 60_000  # GitHub refuses comments over 65,536 characters; the poster adds a few lines
MAX_FILES = 30
MAX_ERROR_LINES = 20

# A file whose change changes how the policy is checked, rendered or built, rather than the policy itself.
CHECKING = ("schemas/", "macros/", "scripts/", "tests/", ".github/", ".ci/", "Makefile", "pyproject.toml",
            "requirements.lock", "mkdocs.yml", ".pre-commit-config.yaml", ".gitattributes")
CHECKING_LINE = ("**This pull request also changes how the policy is checked:** review those files too; "
                 "the diff above was computed by the base branch's code, not by this pull request's.")

# A character reference as HTML reads it: named, decimal or hexadecimal, the semicolon optional.
_REFERENCE = re.compile(r"&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);?")
_AT_SIGNS = {"@", "\uff20", "\ufe6b"}  # the at sign, its full-width and small forms
_BREAK = "\u200b"


def remove_marker(text: str) -> str:
    """No copy of the marker is left, however it was nested ('<!-- playbook<!-- playbook-diff -->-diff -->')."""
    while MARKER in text:
        text = text.replace(MARKER, "")
    return text


_SIGN_OR_REFERENCE = re.compile(r"[@\uff20\ufe6b]|" + _REFERENCE.pattern)


def neutralise_mentions(text: str) -> str:
    """Every at sign, however it is written, is followed by a zero-width space: '@team' cannot notify.

    Character references are decoded to see what they mean; the text itself keeps them, so
    escaped HTML stays escaped. A sign already followed by the zero-width space is left alone.
    """
    def breaking(found: re.Match[str]) -> str:
        token = found.group()
        is_sign = html.unescape(token) in _AT_SIGNS if token.startswith("&") else True
        already = text.startswith(_BREAK, found.end())
        return token + _BREAK if is_sign and not already else token

    return _SIGN_OR_REFERENCE.sub(breaking, text)


def sanitise(text: str) -> str:
    """Marker gone to the last copy, then every mention broken; neither step can undo the other."""
    return neutralise_mentions(remove_marker(text))


def checking_files(changed: list[str]) -> list[str]:
    return [name for name in changed if name.startswith(CHECKING) or name in CHECKING]


def compose(status: int, diff: str, errors: str, changed: list[str], base_commit: str = "",
            calibration: str = "") -> str:
    """The comment body (without the marker, which only the poster adds). `calibration`: Markdown of what the
    change does to ticket volume (macros/calibrate/review.py), sanitised like the rest."""
    lines: list[str] = []
    if status in (0, 1):
        lines.append(diff.rstrip("\n"))
    else:
        lines += [f"## {HEADING}", "",
                  f"**The policy diff could not be produced** (<code>playbook diff</code> exit {int(status)}); "
                  "the workflow run failed. What it said:", ""]
        said = [line for line in errors.splitlines() if line.strip()][:MAX_ERROR_LINES]
        lines += [f"- {markdown_escape(line)}" for line in said] or ["- (nothing)"]
        body = diff.strip()
        if body:
            lines += ["", body.removeprefix(f"## {HEADING}").strip()]
    if calibration.strip():
        lines += ["", calibration.strip("\n")]
    checking = checking_files(changed)
    if checking:
        lines += ["", CHECKING_LINE, ""]
        lines += [f"- <code>{markdown_escape(name)}</code>" for name in checking[:MAX_FILES]]
        if len(checking) > MAX_FILES:
            lines.append(f"- … and {len(checking) - MAX_FILES} more")
    if base_commit:
        lines += ["", f"<sub>Computed by the base branch's code at <code>{markdown_escape(base_commit[:12])}</code>."
                      "</sub>"]
    body = sanitise("\n".join(lines).strip("\n") + "\n")
    if len(body) > LIMIT:
        body = body[:LIMIT] + "\n\n… (cut: the full diff is in the workflow run)\n"
    return body


def _read(path: str | None) -> str:
    if not path:
        return ""
    try:
        return Path(path).read_bytes().decode("utf-8", "replace")
    except OSError:
        return ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m macros.diff.comment", description=__doc__.splitlines()[0])
    parser.add_argument("--status", type=int, required=True, help="playbook diff's exit code")
    parser.add_argument("--diff", help="file holding playbook diff's Markdown output")
    parser.add_argument("--errors", help="file holding playbook diff's error output")
    parser.add_argument("--changed", help="file of changed paths, NUL-separated (git diff --name-only -z)")
    parser.add_argument("--base-commit", default="", help="the commit whose code computed the diff")
    parser.add_argument("--calibration", help="file holding the calibration what-if's Markdown (may be empty)")
    args = parser.parse_args(argv)
    changed = [name for name in _read(args.changed).split("\0") if name]
    sys.stdout.write(compose(args.status, _read(args.diff), _read(args.errors), changed, args.base_commit,
                             _read(args.calibration)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
