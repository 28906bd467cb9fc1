"""`playbook diff` as a reviewer sees it: one commit per kind of change, golden Markdown for each."""
from __future__ import annotations

import json

import pytest

import diff_edits as edits
from diff_helpers import GOLDEN, GitRepo, golden


def apply(repo: GitRepo, edit: edits.Edit) -> None:
    for stem, old, new in edit:
        repo.edit(stem, old, new)


CASES = [
    # name, edit, exit code
    ("value-changed", edits.VALUE_CHANGED, 1),
    ("entry-added", edits.ENTRY_ADDED, 1),
    ("entry-removed", edits.ENTRY_REMOVED, 1),
    ("renamed", edits.RENAMED, 1),
    ("reordered", edits.REORDERED, 0),
    ("formatting-only", edits.FORMATTING_ONLY, 0),
]


@pytest.mark.parametrize(("name", "edit", "code"), CASES, ids=[c[0] for c in CASES])
def test_committed_change_between_two_revisions(repo: GitRepo, run_cli, name: str, edit: edits.Edit,
                                                code: int) -> None:
    apply(repo, edit)
    repo.commit(f"Change: {name}")
    result = run_cli("diff", "HEAD~1", "HEAD")
    assert result.exit_code == code, result.output
    golden(f"{name}.md", result.output)


@pytest.mark.parametrize(("name", "edit", "code"), CASES, ids=[c[0] for c in CASES])
def test_working_tree_is_the_default_head(repo: GitRepo, run_cli, name: str, edit: edits.Edit, code: int) -> None:
    apply(repo, edit)
    result = run_cli("diff", "main")
    assert result.exit_code == code, result.output
    # the same words as between two commits; only the names of the sides differ
    expected = (GOLDEN / f"{name}.md").read_text(encoding="utf-8")
    expected = expected.replace("<code>HEAD\\~1</code>", "<code>main</code>")
    expected = expected.replace("compared with <code>HEAD</code>", "compared with the working tree")
    assert result.output == expected


def test_value_change_as_text(repo: GitRepo, run_cli) -> None:
    apply(repo, edits.VALUE_CHANGED)
    result = run_cli("diff", "main", "--format", "text")
    assert result.exit_code == 1
    golden("value-changed.txt", result.output)


def test_value_change_as_json(repo: GitRepo, run_cli) -> None:
    apply(repo, edits.VALUE_CHANGED)
    result = run_cli("diff", "main", "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.output)
    assert data["summary"] == {"changes": 3, "loosens": 2, "tightens": 0, "neutral": 1}
    first = data["changes"][0]
    assert first["text"] == "Communication · Update cadences · P1 · Enterprise · Update every: 45 minutes → 60 minutes"
    assert (first["path"], first["file"], first["line"]) == ("cadences[p1/enterprise].every",
                                                             "playbook/communication.yml", 9)
    assert [c["direction"] for c in data["changes"]] == ["loosens", "loosens", "neutral"]


def test_invalid_head_names_the_side_file_line_and_column(repo: GitRepo, run_cli) -> None:
    apply(repo, edits.INVALID)
    result = run_cli("diff", "main")
    assert result.exit_code == 2
    golden("invalid-head.md", result.output)
    text = run_cli("diff", "main", "--format", "text")
    assert text.exit_code == 2
    assert text.output == ("head (working tree): playbook/communication.yml:9:55: cadences[0].every.minutes: "
                           "the number -5 must be greater than 0 [schema]\n")


def test_invalid_committed_side_is_reported_as_that_revision(repo: GitRepo, run_cli) -> None:
    apply(repo, edits.INVALID)
    repo.commit("Broken cadence")
    apply(repo, [(stem, new, old) for stem, old, new in edits.INVALID])  # fixed in the working tree only
    result = run_cli("diff", "HEAD", "--format", "json")
    assert result.exit_code == 2
    data = json.loads(result.output)
    assert list(data["sides"]) == ["base (HEAD)"]
    assert data["sides"]["base (HEAD)"][0]["file"] == "playbook/communication.yml"
    assert (data["sides"]["base (HEAD)"][0]["line"], data["sides"]["base (HEAD)"][0]["column"]) == (9, 55)


@pytest.mark.parametrize(("args", "message"), [
    (("diff", "no-such-branch"), "Error: unknown revision 'no-such-branch'; give a branch, tag or commit\n"),
    (("diff", "main", "no-such-branch"), "Error: unknown revision 'no-such-branch'; give a branch, tag or commit\n"),
    (("diff", "--", "--output=/tmp/x"), "Error: '--output=/tmp/x' is not a revision\n"),
])
def test_git_errors_exit_2_with_one_clean_line(repo: GitRepo, run_cli, args: tuple[str, ...], message: str) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.output == message


def test_outside_a_repository_exits_2_without_a_traceback(project, git_env, run_cli) -> None:
    result = run_cli("diff", "main")
    assert result.exit_code == 2
    assert result.output.startswith("Error: ") and "is not in a git repository" in result.output
    assert "Traceback" not in result.output


def test_missing_base_argument_is_a_usage_error(repo: GitRepo, run_cli) -> None:
    result = run_cli("diff")
    assert result.exit_code == 2
    assert "Missing argument 'BASE'" in result.output


def test_help_has_an_example(run_cli) -> None:
    result = run_cli("diff", "--help")
    assert result.exit_code == 0
    assert "Example:\n    playbook diff main " in result.output
    assert "--format [markdown|text|json]" in result.output


def test_a_revision_without_playbook_is_a_git_error(repo: GitRepo, run_cli) -> None:
    empty = repo.git("commit-tree", "-m", "empty", repo.git("mktree").strip() or "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
    result = run_cli("diff", empty.strip())
    assert result.exit_code == 2
    assert "there is no playbook/ folder at that revision" in result.output
