"""What-if: another revision's criteria (or a changed levels file) replayed over the same export, in one
pass; the delta per level, band and criterion; the policy-review comment's calibration part."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from calibrate_helpers import ROOT, SAMPLE, SAMPLE_MAPPING
from macros.calibrate.plan import plan_from
from macros.calibrate.run import Options, calibrate_plan, mapping_for
from macros.calibrate.whatif import combined, playbook_with_levels, what_if
from macros.playbook import load_playbook
from scripts.cli import cli

WIDER = ("            - {field: customers_affected, op: at_least, value: 2}",
         "            - {field: customers_affected, op: at_least, value: 1}")


def wider_levels(folder: Path) -> Path:
    text = (ROOT / "playbook" / "levels.yml").read_text(encoding="utf-8")
    assert text.count(WIDER[0]) == 1
    path = folder / "levels-wider.yml"
    path.write_text(text.replace(*WIDER), encoding="utf-8")
    return path


def test_one_pass_gives_the_same_reports_as_two_runs(tmp_path: Path) -> None:
    before = plan_from(load_playbook(ROOT)[0])
    after = plan_from(playbook_with_levels(ROOT, wider_levels(tmp_path)))
    assert combined(before, after) is not None
    options = Options(mapping_file=SAMPLE_MAPPING, by="week")
    mapping = mapping_for(after, options)
    result = what_if(before, after, SAMPLE, mapping, options, ("before", "after"))
    assert result.before == calibrate_plan(before, SAMPLE, mapping, options)
    assert result.after == calibrate_plan(after, SAMPLE, mapping, options)


def test_the_delta_per_band_level_and_criterion(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "calibrate", str(SAMPLE), "--mapping", str(SAMPLE_MAPPING),
                                      "--levels", str(wider_levels(tmp_path))])
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "  Tickets that reach Level 3: 1.47 % → 2.17 % of tickets, above its 0.5 % to 2 % band (was inside)" in lines
    assert "  Tickets that escalate: 8.52 % → 8.52 % of tickets, inside its 5 % to 10 % band" in lines
    assert "  level-2   70 (0.95 %)   18 (0.24 %)     -52" in lines
    assert "  level-3   99 (1.34 %)  151 (2.04 %)     +52" in lines
    assert lines[-1] == "  level-3/multi-customer-p1      62    117     +55"


def test_against_a_revision_that_does_not_exist_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "calibrate", str(SAMPLE), "--mapping", str(SAMPLE_MAPPING),
                                      "--against", "no-such-revision-xyz"])
    assert result.exit_code == 2
    assert result.stderr.startswith("--against no-such-revision-xyz: fatal: Not a valid object name")


@pytest.fixture()
def repository(tmp_path: Path) -> Path:
    """A small repository: the example playbook, the configured sample export; a commit that widens Level 3."""
    if shutil.which("git") is None:
        pytest.skip("no git")
    repo = tmp_path / "repo"
    for part in ("playbook", "schemas"):
        shutil.copytree(ROOT / part, repo / part)
    (repo / "docs" / "data").mkdir(parents=True)
    shutil.copy(SAMPLE, repo / "docs" / "data" / SAMPLE.name)
    shutil.copy(SAMPLE_MAPPING, repo / "docs" / "data" / SAMPLE_MAPPING.name)
    (repo / "mkdocs.yml").write_text("site_name: x\nextra:\n  calibration:\n    export: docs/data/sample-tickets.csv\n"
                                     "    mapping: docs/data/sample-tickets.mapping.yml\n", encoding="utf-8")
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    levels = repo / "playbook" / "levels.yml"
    levels.write_text(levels.read_text(encoding="utf-8").replace(*WIDER), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "widen level 3"], check=True)
    return repo


def test_the_review_comment_part_says_what_the_change_does(repository: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "macros.calibrate.review", "HEAD~1", "HEAD"], cwd=repository,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("### Calibration: what this change does to ticket volume\n")
    assert ("- Tickets that reach Level 3: 1\\.47 % → 2\\.17 % of tickets, above its 0\\.5 % to 2 % band "
            "\\(was inside\\)") in done.stdout


def test_the_review_says_nothing_when_the_criteria_did_not_change(repository: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "macros.calibrate.review", "HEAD~1", "HEAD~1"], cwd=repository,
                          capture_output=True, text=True, env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"})
    assert (done.returncode, done.stdout) == (0, "")
