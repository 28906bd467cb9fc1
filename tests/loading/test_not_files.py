"""Links and special files under playbook/ and schemas/ are refused by every command, never followed.

Scripted cases: each makes one defect in a copy of the example project and states the exact
messages and exit code. A link to a file outside the project must never have its content
printed (the bad-input campaign's `glossary.yml -> /etc/shadow` printed every line of it).
"""
from __future__ import annotations

import os
import pathlib
import subprocess
from typing import Callable

import pytest

SECRET = "root:$6$not-for-your-eyes:19000:0:99999:7:::"
TAIL = "not a regular file; put the file itself here (links and special files are never read) [not-a-file]"


def secret_file(tmp_path: pathlib.Path) -> pathlib.Path:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir(exist_ok=True)
    (outside / "shadow").write_text(f"{SECRET}\nbin:*:19000:0:99999:7:::\n", encoding="utf-8")
    return outside / "shadow"


def link_outside(project: pathlib.Path) -> None:
    (project / "playbook" / "glossary.yml").unlink()
    (project / "playbook" / "glossary.yml").symlink_to(secret_file(project))


def link_inside(project: pathlib.Path) -> None:
    (project / "playbook" / "glossary.yml").unlink()
    os.symlink("../README.md", project / "playbook" / "glossary.yml")
    (project / "README.md").write_text("# Read me\n", encoding="utf-8")


def dangling_link(project: pathlib.Path) -> None:
    (project / "playbook" / "glossary.yml").unlink()
    os.symlink("nowhere.yml", project / "playbook" / "glossary.yml")


def directory(project: pathlib.Path) -> None:
    (project / "playbook" / "glossary.yml").unlink()
    (project / "playbook" / "glossary.yml").mkdir()


def named_pipe(project: pathlib.Path) -> None:
    (project / "playbook" / "glossary.yml").unlink()
    os.mkfifo(project / "playbook" / "glossary.yml")


def linked_schema(project: pathlib.Path) -> None:
    target = project / "schemas" / "glossary.schema.json"
    (project / "elsewhere.json").write_bytes(target.read_bytes())
    target.unlink()
    target.symlink_to(project / "elsewhere.json")


def linked_playbook_folder(project: pathlib.Path) -> None:
    (project / "playbook").rename(project / "real-playbook")
    (project / "playbook").symlink_to(project / "real-playbook")


def linked_schemas_folder(project: pathlib.Path) -> None:
    (project / "schemas").rename(project / "real-schemas")
    (project / "schemas").symlink_to(project / "real-schemas")


CASES: dict[str, tuple[Callable[[pathlib.Path], None], list[str]]] = {
    "link-outside": (link_outside, [f"playbook/glossary.yml:1:1: is a symbolic link, {TAIL}"]),
    "link-inside": (link_inside, [f"playbook/glossary.yml:1:1: is a symbolic link, {TAIL}"]),
    "dangling-link": (dangling_link, [f"playbook/glossary.yml:1:1: is a symbolic link, {TAIL}"]),
    "directory": (directory, [f"playbook/glossary.yml:1:1: is a directory, {TAIL}"]),
    "named-pipe": (named_pipe, [f"playbook/glossary.yml:1:1: is a named pipe, {TAIL}"]),
    "linked-schema": (linked_schema, [f"schemas/glossary.schema.json:1:1: is a symbolic link, {TAIL}"]),
    "linked-playbook-folder": (linked_playbook_folder, [
        "playbook:1:1: is a symbolic link, not a folder; put the folder itself here (links are never followed) "
        "[not-a-file]"]),
    "linked-schemas-folder": (linked_schemas_folder, [
        "schemas:1:1: is a symbolic link, not a folder; put the folder itself here (links are never followed) "
        "[not-a-file]"]),
}


@pytest.mark.parametrize("name", CASES)
def test_validate_refuses_and_names_what_it_is(project: pathlib.Path, run_cli, name: str) -> None:
    make, expected = CASES[name]
    make(project)
    result = run_cli("validate")
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert [line for line in lines if "[not-a-file]" in line] == expected
    assert "missing" not in result.output
    assert SECRET not in result.output and "root:" not in result.output
    assert "Traceback" not in result.output


def test_diff_against_a_working_tree_with_a_link_is_an_invalid_side(project, git_env, run_cli) -> None:
    subprocess.run(["git", "init", "-q", "-b", "main"], check=True)
    subprocess.run(["git", "add", "-A"], check=True)
    subprocess.run(["git", "commit", "-qm", "policy"], check=True)
    link_outside(project)
    result = run_cli("diff", "main", "--format", "text")
    assert result.exit_code == 2
    assert result.output == f"head (working tree): playbook/glossary.yml:1:1: is a symbolic link, {TAIL}\n"


@pytest.fixture
def linked_history(project: pathlib.Path, git_env: None) -> list[str]:
    """Three commits: the policy, glossary.yml as an absolute link, then the file back."""
    def commit(message: str) -> str:
        subprocess.run(["git", "add", "-A"], check=True)
        subprocess.run(["git", "commit", "-qm", message], check=True)
        return subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, check=True).stdout.strip()

    subprocess.run(["git", "init", "-q", "-b", "main"], check=True)
    first = commit("policy")
    text = (project / "playbook" / "glossary.yml").read_bytes()
    link_outside(project)
    linked = commit("glossary as a link")
    (project / "playbook" / "glossary.yml").unlink()
    (project / "playbook" / "glossary.yml").write_bytes(text)
    back = commit("glossary back")
    return [first, linked, back]


def test_diff_over_a_revision_with_a_link_exits_2_naming_the_revision_and_the_reason(linked_history, run_cli) -> None:
    first, linked, back = linked_history
    for base, head in ((first, linked), (linked, back)):
        result = run_cli("diff", base, head)
        assert result.exit_code == 2, result.output
        assert result.output == (f"Error: revision {linked[:12]} cannot be read: playbook/glossary.yml is a symbolic "
                                 "link in that revision; playbook and schema files must be regular files\n")
    assert run_cli("diff", first, back).exit_code == 0  # the same policy either side of the link


def test_the_change_log_reports_the_unreadable_revision_and_goes_on(linked_history) -> None:
    from macros.diff.changelog import changelog_page

    first, linked, back = linked_history
    page = changelog_page(pathlib.Path("."))
    reason = (f"revision {linked[:12]} cannot be read: playbook/glossary\\.yml is a symbolic link in that revision; "
              "playbook and schema files must be regular files")
    assert page.count("Not compared: the policy could not be read from git.") == 2  # the link commit and the next
    assert page.count(f"- {reason}") == 2
    assert "The first version of the policy." in page
    assert SECRET not in page
