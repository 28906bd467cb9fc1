"""One set of problems, three ways of printing it: sorted, each once, and the same in every format."""
from __future__ import annotations

import json
import pathlib
import re

import pytest

from macros.problems import Problem
from macros.reporting import REPORTERS, github_report, json_report, text_report

# Several defects in several files: loader, schema, cross-reference and a warning.
DEFECTS = {
    "levels.yml": [("owner: incident-commander\n    routes_to: engineering-escalations",
                    "owner: incident-comander\n    routes_to: engineering-escalations"),
                   ("    rank: 3", "    rank: 4")],
    "communication.yml": [("  - {priority: p2, tier: starter, every: {hours: 8}}\n", ""),
                          ("    channel: status-page\n", "    channel: statuspage\n")],
    "glossary.yml": [("last_reviewed: 2026-10-12", "last_reviewed: 2025-06-01")],
    "on-call.yml": [("    wait: {minutes: 10}", "    wait: 10")],
    "training.yml": [("review_interval: {days: 180}\n", "review_interval: {days: 180}\nowner: Someone else\n")],
}
GITHUB_LINE = re.compile(r"::(error|warning) file=([^,]+),line=(\d+),col=(\d+),title=([a-z0-9-]+)::(.+)")
TEXT_LINE = re.compile(r"(?P<file>[^:]+):(?P<line>\d+):(?P<column>\d+): (?P<rest>.*) \[(?P<rule>[a-z0-9-]+)\]")


@pytest.fixture
def broken(project: pathlib.Path) -> pathlib.Path:
    for name, edits in DEFECTS.items():
        path = project / "playbook" / name
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return project


def validate(run_cli, root: pathlib.Path, fmt: str) -> tuple[int, str]:
    result = run_cli("--root", str(root), "validate", "--format", fmt)
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def test_text_problems_are_sorted_by_file_line_column_and_printed_once(broken: pathlib.Path, run_cli) -> None:
    code, output = validate(run_cli, broken, "text")
    *lines, summary = output.splitlines()
    assert code == 1
    assert len(lines) >= 6
    assert len(lines) == len(set(lines))
    keys = [(m["file"], int(m["line"]), int(m["column"])) for m in map(TEXT_LINE.fullmatch, lines) if m]
    assert len(keys) == len(lines), "every line is FILE:LINE:COLUMN: ... [rule]"
    assert keys == sorted(keys)  # numerically: line 9 before line 83
    assert {k[0] for k in keys} == {f"playbook/{name}" for name in DEFECTS}
    assert summary == f"{len(lines) - 1} error(s), 1 warning(s)"


def test_json_has_the_same_problems_as_text(broken: pathlib.Path, run_cli) -> None:
    _, text = validate(run_cli, broken, "text")
    code, output = validate(run_cli, broken, "json")
    report = json.loads(output)
    assert code == 1
    rows = report["problems"]
    rebuilt = [Problem(r["file"], r["line"], r["column"], r["message"], r["rule"], r["path"], r["severity"]).text()
               for r in rows]
    assert rebuilt == text.splitlines()[:-1]
    assert report["errors"] == sum(r["severity"] == "error" for r in rows) == len(rows) - 1
    assert report["warnings"] == 1


def test_github_lines_are_workflow_annotations(broken: pathlib.Path, run_cli) -> None:
    _, text = validate(run_cli, broken, "text")
    code, output = validate(run_cli, broken, "github")
    lines = output.splitlines()
    assert code == 1
    assert len(lines) == len(text.splitlines()) - 1
    matches = [GITHUB_LINE.fullmatch(line) for line in lines]
    assert all(matches), [line for line, m in zip(lines, matches) if not m]
    assert [(m[2], int(m[3]), int(m[4]), m[5]) for m in matches] == \
        [(m["file"], int(m["line"]), int(m["column"]), m["rule"]) for m in map(TEXT_LINE.fullmatch, text.splitlines()[:-1])]
    assert sum(m[1] == "warning" for m in matches) == 1


@pytest.mark.parametrize("fmt", sorted(REPORTERS))
def test_clean_playbook_in_every_format(project: pathlib.Path, run_cli, fmt: str) -> None:
    code, output = validate(run_cli, project, fmt)
    assert code == 0
    expected = {"text": "playbook is valid: no problems found\n",
                "json": json_report([]), "github": ""}
    assert output == expected[fmt]


def test_github_annotation_escapes_what_would_break_the_command() -> None:
    problem = Problem("odd,dir/a:b.yml", 3, 4, "50% done\nsecond line", "schema", "x.y")
    line = github_report([problem])
    assert line == "::error file=odd%2Cdir/a%3Ab.yml,line=3,col=4,title=schema::x.y: 50%25 done%0Asecond line\n"


def test_text_report_marks_warnings_and_counts() -> None:
    problems = [Problem("a.yml", 1, 1, "m", "r"), Problem("a.yml", 2, 1, "w", "review-due", severity="warning")]
    assert text_report(problems) == "a.yml:1:1: m [r]\na.yml:2:1: warning: w [review-due]\n1 error(s), 1 warning(s)\n"
