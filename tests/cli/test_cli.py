"""The `playbook` command's contract: every command documented with an example, exit codes
0 clean / 1 problems / 2 usage error, and never a traceback."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys

import pytest

from scripts.cli import cli

REPO = pathlib.Path(__file__).resolve().parents[2]
PLAYBOOK_BIN = pathlib.Path(sys.executable).parent / "playbook"
COMMANDS = cli.list_commands(None)  # type: ignore[arg-type]  # every command, lazily registered ones too


def test_there_is_at_least_one_command() -> None:
    assert "validate" in COMMANDS


def test_every_registered_command_answers_to_its_own_name() -> None:
    for name in cli.lazy:
        command = cli.get_command(None, name)  # type: ignore[arg-type]
        assert command is not None and command.name == name


def test_validate_does_not_import_the_heavy_engines() -> None:
    """`playbook validate` runs often (editors, hooks): DuckDB, the PDF exporter and the diff machinery
    are imported only by the commands that use them."""
    code = ("import sys; from scripts.cli import cli; cli.get_command(None, 'validate'); "
            "print(sorted(m for m in ('duckdb', 'macros.pdf', 'macros.diff.compare', 'pptx') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_group_help_has_an_example_and_lists_every_command(run_cli) -> None:
    result = run_cli("--help")
    assert result.exit_code == 0
    assert "Example" in result.output
    for name in COMMANDS:
        assert name in result.output


@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("flag", ["--help", "-h"])
def test_every_command_has_help_with_an_example(run_cli, name: str, flag: str) -> None:
    result = run_cli(name, flag)
    assert result.exit_code == 0, result.output
    assert "Example" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("name", COMMANDS)
def test_help_works_outside_a_project_folder(run_cli, tmp_path: pathlib.Path, monkeypatch: pytest.MonkeyPatch,
                                             name: str) -> None:
    monkeypatch.chdir(tmp_path)
    result = run_cli(name, "--help")
    assert result.exit_code == 0, result.output
    assert "Example" in result.output


def test_clean_playbook_exits_0(project: pathlib.Path, run_cli) -> None:
    result = run_cli("--root", str(project), "validate")
    assert (result.exit_code, "Traceback" in result.output) == (0, False)


def test_problems_exit_1(project: pathlib.Path, run_cli) -> None:
    (project / "playbook" / "glossary.yml").unlink()
    result = run_cli("--root", str(project), "validate")
    assert (result.exit_code, "Traceback" in result.output) == (1, False)
    assert "required playbook file is missing" in result.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["validate", "--bogus"], "--bogus"),
        (["--bogus", "validate"], "--bogus"),
        (["validate", "--format", "xml"], "Invalid value for '--format'"),
        (["no-such-command"], "No such command 'no-such-command'"),
        (["--root", "empty", "validate"], "no playbook/ folder in"),
        (["--root", "missing-folder", "validate"], "no playbook/ folder in"),
        (["--root", "a-file", "validate"], "is a file"),
        ([], "Usage:"),
    ],
)
def test_usage_errors_exit_2(project: pathlib.Path, run_cli, args: list[str], says: str) -> None:
    (project / "empty").mkdir()
    (project / "a-file").write_text("x")
    result = run_cli(*args)
    assert result.exit_code == 2, result.output
    assert says in result.output
    assert "Traceback" not in result.output


def test_a_bad_playbook_today_is_a_usage_error(project: pathlib.Path, run_cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAYBOOK_TODAY", "tomorrow")
    result = run_cli("--root", str(project), "validate")
    assert result.exit_code == 2
    assert "PLAYBOOK_TODAY is not a date" in result.output
    assert "Traceback" not in result.output


# ---------------------------------------------------------------- the installed command, as a real process

def run_installed(*args: str, cwd: pathlib.Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PLAYBOOK_TODAY="2026-11-01")
    return subprocess.run([str(PLAYBOOK_BIN), *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=120)


needs_installed = pytest.mark.skipif(not PLAYBOOK_BIN.exists(), reason="the playbook command is not installed here")


@needs_installed
def test_installed_command_exits_0_on_the_example() -> None:
    done = run_installed("validate", cwd=REPO)
    assert (done.returncode, done.stdout, done.stderr) == (0, "playbook is valid: no problems found\n", "")


@needs_installed
def test_installed_command_exits_1_on_problems(project: pathlib.Path) -> None:
    path = project / "playbook" / "levels.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("rank: 3", "rank: 4"), encoding="utf-8")
    done = run_installed("validate", "--format", "github", cwd=project)
    assert done.returncode == 1
    assert done.stdout.startswith("::error file=playbook/levels.yml,line=89,col=11,title=level-order::")
    assert "Traceback" not in done.stdout + done.stderr


@needs_installed
def test_installed_command_exits_2_on_usage_error(tmp_path: pathlib.Path) -> None:
    done = run_installed("validate", cwd=tmp_path)
    assert done.returncode == 2
    assert "no playbook/ folder" in done.stderr
    assert "Traceback" not in done.stdout + done.stderr
