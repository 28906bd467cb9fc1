"""The pull-request workflows: valid YAML, the right triggers, least privilege, no untrusted code
with a write token. Read with the project's own strict loader (which keeps `on:` as the text 'on')."""
from __future__ import annotations

import pathlib
import re
from typing import Any, Iterator

import pytest

from macros.loading import load_file

REPO = pathlib.Path(__file__).resolve().parents[2]
WORKFLOWS = REPO / ".github" / "workflows"
REVIEW = WORKFLOWS / "policy-review.yml"
COMMENT = WORKFLOWS / "policy-review-comment.yml"
MARKER = "<!-- playbook-diff -->"


def load(path: pathlib.Path) -> dict[str, Any]:
    return load_file(path).data


def steps(workflow: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in workflow["jobs"].values():
        yield from job.get("steps", [])


def uses(workflow: dict[str, Any], action: str) -> list[dict[str, Any]]:
    return [s for s in steps(workflow) if str(s.get("uses", "")).split("@")[0] == action]


@pytest.mark.parametrize("path", [REVIEW, COMMENT], ids=lambda p: p.name)
def test_never_pull_request_target_and_no_secrets(path: pathlib.Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert "pull_request_target" not in text
    assert not re.search(r"\bsecrets\.\w", text), "no secret may be reachable"


@pytest.mark.parametrize("path", [REVIEW, COMMENT], ids=lambda p: p.name)
def test_no_event_text_is_expanded_inside_a_script(path: pathlib.Path) -> None:
    """Titles, branch names and bodies are attacker-controlled: they reach scripts only through env."""
    for step in steps(load(path)):
        for key in ("run", "script"):
            body = step.get(key) or step.get("with", {}).get(key) or ""
            assert "${{" not in body, f"{step.get('name')}: pass values through env, not ${{{{ }}}} in {key}"


@pytest.mark.parametrize("path", [REVIEW, COMMENT], ids=lambda p: p.name)
def test_actions_are_pinned_to_a_version(path: pathlib.Path) -> None:
    for step in steps(load(path)):
        if "uses" in step:
            assert re.fullmatch(r"actions/[a-z-]+@(v\d+|[0-9a-f]{40})", step["uses"]), step["uses"]


def test_review_runs_on_pull_requests_touching_the_policy() -> None:
    workflow = load(REVIEW)
    assert list(workflow["on"]) == ["pull_request"]
    assert set(workflow["on"]["pull_request"]["paths"]) == {"playbook/**", "schemas/**", "docs/**", "macros/**"}


def test_review_can_only_read() -> None:
    workflow = load(REVIEW)
    assert workflow["permissions"] == {"contents": "read"}
    assert all("permissions" not in job for job in workflow["jobs"].values())


def test_review_checks_out_full_history_without_keeping_the_token() -> None:
    workflow = load(REVIEW)
    (checkout,) = uses(workflow, "actions/checkout")
    assert checkout["with"]["fetch-depth"] == 0
    assert checkout["with"]["persist-credentials"] is False
    (python,) = uses(workflow, "actions/setup-python")
    assert python["with"]["python-version"] == "3.11"


def test_review_validates_builds_strictly_and_diffs_against_the_base_branch() -> None:
    scripts = "\n".join(s.get("run", "") for s in steps(load(REVIEW)))
    assert "make validate" in scripts
    assert "make site" in scripts  # `playbook build`: mkdocs --strict
    assert 'playbook diff "origin/${BASE_REF}" --format markdown' in scripts


def test_the_comment_workflow_is_triggered_by_the_review_and_uploads_match() -> None:
    review, comment = load(REVIEW), load(COMMENT)
    assert comment["on"] == {"workflow_run": {"workflows": [review["name"]], "types": ["completed"]}}
    (upload,) = uses(review, "actions/upload-artifact")
    (download,) = uses(comment, "actions/download-artifact")
    assert upload["with"]["name"] == download["with"]["name"]
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"


def test_the_comment_workflow_never_runs_pull_request_code() -> None:
    comment = load(COMMENT)
    assert uses(comment, "actions/checkout") == []
    assert [s for s in steps(comment) if "run" in s] == []  # nothing but actions: no shell at all


def test_the_comment_workflow_has_least_privilege() -> None:
    comment = load(COMMENT)
    assert comment["permissions"] == {}
    (job,) = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "pull-requests": "write"}
    assert "workflow_run.event == 'pull_request'" in job["if"]


def test_the_comment_script_treats_the_artifact_as_untrusted() -> None:
    (script_step,) = uses(load(COMMENT), "actions/github-script")
    script = script_step["with"]["script"]
    assert MARKER in script
    assert "eval(" not in script and "Function(" not in script and "exec" not in script
    assert re.search(r"/\^\[1-9\]\[0-9\]\{0,9\}\$/\.test\(number\)", script), "the PR number must be checked"
    assert "pull.head.sha !== process.env.RUN_HEAD_SHA" in script, "the artifact must belong to that PR's head"
    assert "LIMIT" in script and ".slice(0, LIMIT)" in script
    assert "updateComment" in script and "createComment" in script


OWNERS = REPO / ".github" / "CODEOWNERS"


def codeowners() -> dict[str, list[str]]:
    rules = {}
    for line in OWNERS.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            pattern, *teams = line.split()
            rules[pattern] = teams
    return rules


@pytest.mark.parametrize(("path", "team"), [
    ("/playbook/decision-rights.yml", "@atlasflow/finance"),
    ("/playbook/service-recovery.yml", "@atlasflow/finance"),
    ("/playbook/phrases.yml", "@atlasflow/legal"),
    ("/playbook/decision-rights.yml", "@atlasflow/legal"),
    ("/playbook/on-call.yml", "@atlasflow/engineering"),
    ("*", "@atlasflow/support-ops"),
])
def test_codeowners_assigns_areas_to_their_teams(path: str, team: str) -> None:
    assert team in codeowners()[path]


def test_codeowners_names_only_files_that_exist() -> None:
    for pattern, teams in codeowners().items():
        assert teams and all(re.fullmatch(r"@atlasflow/[a-z-]+", t) for t in teams), pattern
        if pattern != "*":
            assert (REPO / pattern.strip("/")).exists(), pattern
