"""Bad-input cases: each file in cases/ puts one defect into a copy of the example playbook
and gives the exact lines `playbook validate` must print for it.

A case file holds (only `expected` is required besides an edit):

    # one defect: <what is wrong>          first line, always
    file: levels.yml                       the file to edit, relative to playbook/
    replace:                               exact replacements; each `old` must occur exactly once
      - {old: "...", new: "..."}
    append: "..."                          text added at the end of the file
    write: "..."                           the whole new content of the file (creates it if absent)
    delete: true                           remove the file
    edits: [{file: ..., replace: ...}]     more edits, same keys, for a defect that spans two files
    args: [--strict]                       extra arguments to `validate`
    exit: 1                                the exit code (default 1)
    expected: |                            every output line but the final summary
      playbook/levels.yml:86:12: ...
"""
from __future__ import annotations

import ast
import pathlib
import re
from typing import Any

import pytest
import yaml

CASES = pathlib.Path(__file__).parent / "cases"
CASE_FILES = sorted(CASES.glob("*.yml"))
EDIT_KEYS = {"file", "replace", "append", "write", "delete"}
CASE_KEYS = EDIT_KEYS | {"edits", "args", "exit", "expected"}
SUMMARY = re.compile(r"(\d+) error\(s\), (\d+) warning\(s\)")
RULES_DIR = pathlib.Path(__file__).resolve().parents[2] / "macros" / "rules"


def read_case(path: pathlib.Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))  # test data, so plain safe_load is fine
    assert isinstance(case, dict), f"{path.name} must hold a mapping"
    unknown = set(case) - CASE_KEYS
    assert not unknown, f"{path.name}: unknown keys {sorted(unknown)}"
    return case


def apply_edit(root: pathlib.Path, edit: dict[str, Any], case: str) -> None:
    target = root / "playbook" / edit["file"]
    if edit.get("delete"):
        target.unlink()
        return
    text = edit["write"] if "write" in edit else target.read_text(encoding="utf-8")
    for step in edit.get("replace", []):
        count = text.count(step["old"])
        assert count == 1, f"{case}: {step['old']!r} occurs {count} times in {edit['file']}, not once"
        text = text.replace(step["old"], step["new"])
    text += edit.get("append", "")
    target.write_bytes(text.encode("utf-8"))  # bytes: keep \r, tabs and odd characters as written


def case_edits(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The edits a case makes: its own top-level edit (when it names a file), then its `edits`."""
    return ([{k: v for k, v in case.items() if k in EDIT_KEYS}] if "file" in case else []) + case.get("edits", [])


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_prints_exactly_its_problems(path: pathlib.Path, project: pathlib.Path, run_cli) -> None:
    case = read_case(path)
    edits = case_edits(case)
    assert edits, f"{path.name} edits nothing"
    for edit in edits:
        apply_edit(project, edit, path.name)

    result = run_cli("--root", str(project), "validate", *case.get("args", []))

    assert "Traceback" not in result.output
    *lines, summary = result.output.splitlines()
    assert "\n".join(lines) + "\n" == case["expected"], result.output
    errors = sum(": warning: " not in line for line in lines)
    assert summary == f"{errors} error(s), {len(lines) - errors} warning(s)"
    assert result.exit_code == case.get("exit", 1), result.output


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_case_says_its_defect_on_the_first_line(path: pathlib.Path) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# ") and len(first) > 10, f"{path.name}: first line must say the defect"


def rule_ids_the_rules_emit() -> set[str]:
    """Every rule id passed to pb.problem / Problem / ConditionIssue in macros/rules and the
    condition checker, read from the source, so a new rule needs a case before the suite passes."""
    sources = sorted(RULES_DIR.glob("*.py")) + [RULES_DIR.parent / "conditions.py"]
    found: set[str] = set()
    for source in sources:
        tree = ast.parse(source.read_text(encoding="utf-8"))
        own = [n.args[0].value for n in ast.walk(tree) if isinstance(n, ast.Call) and getattr(n.func, "id", "") == "Rule"
               and n.args and isinstance(n.args[0], ast.Constant)]
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "attr", None) or getattr(node.func, "id", None)
            index = {"problem": 3, "Problem": 4, "ConditionIssue": 2}.get(name or "")
            if index is None or len(node.args) <= index:
                continue
            arg = node.args[index]
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                found.add(arg.value)
            elif isinstance(arg, ast.Attribute) and ast.unparse(arg) == "RULE.id":
                found.update(own)
    return found


def test_every_rule_id_has_a_case() -> None:
    emitted = rule_ids_the_rules_emit()
    assert {"unknown-reference", "value-type", "banned-phrase", "review-due", "date"} <= emitted  # the scan works
    covered = {m.group(1) for p in CASE_FILES for m in re.finditer(r"\[([a-z0-9-]+)\]$",
                                                                    read_case(p)["expected"], re.M)}
    assert emitted - covered == set()


def test_loader_and_file_level_problems_have_cases() -> None:
    covered = {m.group(1) for p in CASE_FILES for m in re.finditer(r"\[([a-z0-9-]+)\]$",
                                                                    read_case(p)["expected"], re.M)}
    needed = {"schema", "missing-file", "unknown-file", "missing-schema", "yaml-duplicate-key", "yaml-tab"}
    assert needed - covered == set()
