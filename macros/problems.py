"""Problems found in the playbook, as values: where, what, which rule, how bad.

Every check in the project returns or raises these; nothing prints on its own.
Reporters (text, JSON, GitHub annotations) live in ``macros.reporting``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, order=True)
class Problem:
    """One finding. Sorted by file, then line, then column, then message."""

    file: str
    line: int
    column: int
    message: str
    rule: str = field(default="schema")
    path: str = field(default="")
    severity: Severity = field(default="error")

    def location(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"

    def text(self) -> str:
        where = f"{self.path}: " if self.path else ""
        level = "" if self.severity == "error" else "warning: "
        return f"{self.location()}: {level}{where}{self.message} [{self.rule}]"


class PlaybookError(Exception):
    """Raised at an edge (build, CLI) when problems stop the work. Carries them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(p.text() for p in self.problems))


def errors(problems: list[Problem]) -> list[Problem]:
    return [p for p in problems if p.severity == "error"]

