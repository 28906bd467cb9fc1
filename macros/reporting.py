"""Problems printed for people (text), bots (JSON) and GitHub (workflow annotations)."""
from __future__ import annotations

import json
from typing import Callable

from .problems import Problem


def text_report(problems: list[Problem]) -> str:
    if not problems:
        return "playbook is valid: no problems found\n"
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    lines = [p.text() for p in problems]
    lines.append(f"{errors} error(s), {warnings} warning(s)")
    return "\n".join(lines) + "\n"


def json_report(problems: list[Problem]) -> str:
    rows = [{"file": p.file, "line": p.line, "column": p.column, "path": p.path, "message": p.message,
             "rule": p.rule, "severity": p.severity} for p in problems]
    return json.dumps({"problems": rows, "errors": sum(p.severity == "error" for p in problems),
                       "warnings": sum(p.severity == "warning" for p in problems)}, indent=2) + "\n"


def _escape_annotation(value: str, property_value: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return value.replace(":", "%3A").replace(",", "%2C") if property_value else value


def github_report(problems: list[Problem]) -> str:
    lines = []
    for p in problems:
        where = f"{p.path}: " if p.path else ""
        lines.append(f"::{p.severity} file={_escape_annotation(p.file, True)},line={p.line},col={p.column},"
                     f"title={_escape_annotation(p.rule, True)}::{_escape_annotation(where + p.message)}")
    return "\n".join(lines) + ("\n" if lines else "")


REPORTERS: dict[str, Callable[[list[Problem]], str]] = {
    "text": text_report,
    "json": json_report,
    "github": github_report,
}
