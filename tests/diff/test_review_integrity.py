"""The verdict reviewers see is computed by the base branch's code, never by the pull request's.

A simulated pull request edits one line of the classifier so that raising an approver's limit
reads as a tightening, and raises that limit. Run the way the privileged workflow runs it
(`.github/scripts/describe-pull-request.sh` from a clone of the base commit, the pull request
fetched as objects only), the comment reports the loosening and says that the pull request also
changes how the policy is checked. Run by the pull request's own code, the same change is
reported as a tightening: that is the forgery the design prevents.
"""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import sys

import pytest

from diff_helpers import REPO, GitRepo

SCRIPT = REPO / ".github" / "scripts" / "describe-pull-request.sh"
BIN = pathlib.Path(sys.executable).parent
CLASSIFIER_ROW = '"decision-rights: credits.bands.*.max_amount": H,'
FORGED_ROW = '"decision-rights: credits.bands.*.max_amount": L,'
LIMIT = "max_amount: {amount: 500, currency: USD}"
RAISED = "max_amount: {amount: 900, currency: USD}"


def copy_project(dest: pathlib.Path) -> None:
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for folder in ("macros", "scripts", "playbook", "schemas"):
        shutil.copytree(REPO / folder, dest / folder, ignore=ignore)
    shutil.copy(REPO / "pyproject.toml", dest / "pyproject.toml")


@pytest.fixture
def origin(tmp_path: pathlib.Path, git_env: None, monkeypatch: pytest.MonkeyPatch) -> tuple[GitRepo, str, str]:
    """A repository whose main is the base and whose refs/pull/7/head is a pull request."""
    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-01")
    root = tmp_path / "origin"
    root.mkdir()
    copy_project(root)
    repo = GitRepo(root)
    repo.git("init", "-q", "-b", "main")
    base = repo.commit("Base: policy and the code that checks it")
    repo.git("checkout", "-q", "-b", "contributor")
    classify = root / "macros" / "diff" / "classify.py"
    text = classify.read_text(encoding="utf-8")
    assert text.count(CLASSIFIER_ROW) == 1
    classify.write_text(text.replace(CLASSIFIER_ROW, FORGED_ROW), encoding="utf-8")
    repo.edit("decision-rights", LIMIT, RAISED)
    head = repo.commit("Tidy the classifier; adjust a limit")
    repo.git("update-ref", "refs/pull/7/head", head)
    repo.git("checkout", "-q", "main")
    return repo, base, head


def trusted_clone(origin: GitRepo, tmp_path: pathlib.Path) -> pathlib.Path:
    """What actions/checkout gives the privileged job: the base commit only."""
    clone = tmp_path / "trusted"
    subprocess.run(["git", "clone", "-q", str(origin.path), str(clone)], check=True)
    return clone


def describe(clone: pathlib.Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PLAYBOOK": str(BIN / "playbook"), "PLAYBOOK_PYTHON": sys.executable}
    return subprocess.run(["bash", str(SCRIPT), *args], cwd=clone, env=env, capture_output=True, text=True,
                          timeout=300)


def test_base_code_reports_the_loosening_that_the_pull_requests_code_hides(origin, tmp_path) -> None:
    repo, base, head = origin
    clone = trusted_clone(repo, tmp_path)
    done = describe(clone, "7", base, head, str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    comment = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert "**1 change: 1 loosens, 0 tightens, 0 neutral**" in comment
    assert "### Loosens (1)" in comment
    assert "**This pull request also changes how the policy is checked:**" in comment
    assert "- <code>macros/diff/classify\\.py</code>" in comment  # the escaper's \. renders as .
    assert "playbook/decision-rights.yml" not in comment.split("checked:**")[1]  # policy files are not listed
    assert (tmp_path / "out" / "exit-code").read_text().strip() == "1"
    # Nothing of the pull request was checked out in the trusted clone.
    assert subprocess.run(["git", "status", "--porcelain"], cwd=clone, capture_output=True, text=True).stdout == ""
    assert CLASSIFIER_ROW in (clone / "macros" / "diff" / "classify.py").read_text(encoding="utf-8")

    # The pull request's own code, run on its own checkout, calls the same change a tightening.
    subprocess.run(["git", "worktree", "add", "-q", str(tmp_path / "pr"), head], cwd=repo.path, check=True)
    own = subprocess.run([sys.executable, "-m", "scripts.cli", "diff", base, head, "--format", "text"],
                         cwd=tmp_path / "pr", capture_output=True, text=True, timeout=300)
    assert own.returncode == 1, own.stderr
    assert "1 change: 0 loosens, 1 tightens, 0 neutral" in own.stdout


def test_a_policy_only_pull_request_gets_no_checking_line(origin, tmp_path) -> None:
    repo, base, _head = origin
    repo.git("checkout", "-q", "-b", "policy-only", base)
    repo.edit("decision-rights", LIMIT, RAISED)
    head = repo.commit("Raise the support lead's limit")
    repo.git("update-ref", "refs/pull/8/head", head)
    clone = trusted_clone(repo, tmp_path)
    done = describe(clone, "8", base, head, str(tmp_path / "out"))
    assert done.returncode == 0, done.stderr
    comment = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert "1 loosens" in comment
    assert "changes how the policy is checked" not in comment


def test_a_side_that_does_not_validate_fails_the_run_and_says_why(origin, tmp_path) -> None:
    repo, base, _head = origin
    repo.git("checkout", "-q", "-b", "broken", base)
    repo.edit("decision-rights", LIMIT, "max_amount: {amount: 900}")
    head = repo.commit("Forget the currency")
    repo.git("update-ref", "refs/pull/9/head", head)
    clone = trusted_clone(repo, tmp_path)
    done = describe(clone, "9", base, head, str(tmp_path / "out"))
    assert done.returncode == 2
    assert (tmp_path / "out" / "exit-code").read_text().strip() == "2"
    comment = (tmp_path / "out" / "comment.md").read_text(encoding="utf-8")
    assert "**The policy diff could not be produced** (<code>playbook diff</code> exit 2)" in comment
    assert "does not pass validation" in comment


@pytest.mark.parametrize(("args", "message"), [
    (("07", "a" * 40, "b" * 40), "not a pull-request number: '07'"),
    (("7", "main", "b" * 40), "not a commit id: 'main'"),
    (("7", "a" * 40, "--upload-pack=touch x"), "not a commit id: '--upload-pack=touch x'"),
])
def test_arguments_are_checked_before_git_runs(origin, tmp_path, args, message) -> None:
    clone = trusted_clone(origin[0], tmp_path)
    done = describe(clone, *args, str(tmp_path / "out"))
    assert done.returncode == 2
    assert done.stderr.strip() == f"describe-pull-request: {message}"


def test_a_head_that_is_not_the_pull_requests_is_refused(origin, tmp_path) -> None:
    repo, base, _head = origin
    clone = trusted_clone(repo, tmp_path)
    done = describe(clone, "7", base, "c" * 40, str(tmp_path / "out"))
    assert done.returncode == 2
    assert f"commit {'c' * 40} is not the head of pull request #7" in done.stderr
