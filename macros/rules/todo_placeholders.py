"""todo-placeholder (warning): a TODO marker left in a playbook value (as `playbook init` writes them),
and the placeholder currency XXX (ISO 4217's code for "no currency"). Validation passes with them;
`--strict` fails until every one is replaced.

WARN: name: "TODO: your organisation's name" -> "replace the TODO placeholder with your organisation's name"
WARN: currency: XXX -> "replace the placeholder currency XXX (ISO 4217 for no currency) with your …"
PASS: name: Example Ltd
"""
from __future__ import annotations

import re
from dataclasses import replace
from typing import TYPE_CHECKING, Iterator

from ..loading import Path, strings
from ..problems import Problem
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

MARK = re.compile(r"\bTODO\b:?[ \t]*([^\n]*)")
NO_CURRENCY = "XXX"


def in_block(pb: "Playbook", stem: str, path: Path, value: str, at: int) -> tuple[int, int] | None:
    """Line and column of the marker inside a block scalar (`body: |`), whose value starts on the next line."""
    pos = pb.position(stem, path)
    try:
        lines = (pb.root / "playbook" / f"{stem}.yml").read_text(encoding="utf-8").splitlines()
        if not lines[pos.line - 1][pos.column - 1:].lstrip().startswith(("|", ">")):
            return None
        before = value[:at].split("\n")
        line = pos.line + len(before)
        indent = len(lines[line - 1]) - len(lines[line - 1].lstrip(" "))
    except (OSError, UnicodeDecodeError, IndexError):
        return None
    return line, indent + len(before[-1]) + 1


def check(pb: "Playbook") -> Iterator[Problem]:
    for stem in sorted(pb.documents):
        for path, value in strings(pb[stem]):
            found = MARK.search(value)
            if not found:
                continue
            what = found.group(1).strip().rstrip(".\"'") or "your own text"
            problem = pb.problem(stem, path, f"replace the TODO placeholder with {what}", RULE.id, "warning")
            inside = in_block(pb, stem, path, value, found.start()) if "\n" in value else None
            yield replace(problem, line=inside[0], column=inside[1]) if inside else problem
    if "organisation" in pb.documents and isinstance(pb["organisation"], dict) \
            and pb["organisation"].get("currency") == NO_CURRENCY:
        yield pb.problem("organisation", ("currency",),
                         f"replace the placeholder currency {NO_CURRENCY} (ISO 4217 for no currency) with your "
                         "currency's three-letter code, such as EUR, and use it in every amount", RULE.id, "warning")


RULE = Rule("todo-placeholder", (), check, "Placeholders left by `playbook init` are reported until replaced.")
