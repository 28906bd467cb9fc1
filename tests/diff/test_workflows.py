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


PATHS = {"playbook/**", "schemas/**", "docs/**", "macros/**", "scripts/**", "tests/**", ".github/**", ".ci/**",
         "mkdocs.yml", "Makefile", "pyproject.toml", "requirements.lock", "examples/**"}


def test_review_runs_on_pull_requests_touching_policy_code_workflows_or_dependencies() -> None:
    workflow = load(REVIEW)
    assert list(workflow["on"]) == ["pull_request"]
    assert set(workflow["on"]["pull_request"]["paths"]) == PATHS


def test_every_tracked_top_level_entry_that_affects_the_policy_is_in_the_paths_filter() -> None:
    import subprocess

    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    tops = {name.split("/")[0] + ("/**" if "/" in name else "") for name in tracked}
    left_out = tops - PATHS - {".gitignore/**", "README.md", ".gitignore", ".pre-commit-config.yaml"}
    assert left_out == set(), "add these to the paths filter of policy-review.yml (and PATHS here)"


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


def test_review_validates_and_builds_strictly_but_computes_no_diff() -> None:
    scripts = "\n".join(s.get("run", "") for s in steps(load(REVIEW)))
    assert "playbook validate" in scripts
    assert "make site" in scripts  # `playbook build`: mkdocs --strict
    assert "playbook diff" not in scripts, "the pull request's code must not compute what reviewers are told"
    assert "comment.md" not in scripts


def test_the_comment_workflow_is_triggered_by_the_review_and_uploads_match() -> None:
    review, comment = load(REVIEW), load(COMMENT)
    assert comment["on"] == {"workflow_run": {"workflows": [review["name"]], "types": ["completed"]}}
    (upload,) = uses(review, "actions/upload-artifact")
    (download,) = uses(comment, "actions/download-artifact")
    assert upload["with"]["name"] == download["with"]["name"]
    assert download["with"]["run-id"] == "${{ github.event.workflow_run.id }}"


def test_the_comment_workflow_checks_out_only_the_base_commit() -> None:
    comment = load(COMMENT)
    (checkout,) = uses(comment, "actions/checkout")
    assert checkout["with"]["ref"] == "${{ steps.pull.outputs.base_sha }}"
    text = COMMENT.read_text(encoding="utf-8")
    assert "head.ref" not in text and "head_branch" not in text and "refs/pull" not in text
    (pull,) = [s for s in steps(comment) if s.get("id") == "pull"]
    script = pull["with"]["script"]
    assert "core.setOutput('base_sha', pull.base.sha)" in script
    assert "pull.head.sha !== process.env.RUN_HEAD_SHA" in script, "the run must belong to that PR's head"
    assert re.search(r"/\^\[1-9\]\[0-9\]\{0,9\}\$/\.test\(number\)", script), "the PR number must be checked"


def test_the_comment_workflow_runs_only_the_base_branchs_code() -> None:
    """Every shell step is the base checkout's Makefile or script; the artifact is never executed."""
    runs = [s["run"] for s in steps(load(COMMENT)) if "run" in s]
    joined = "\n".join(runs)
    assert "make setup" in joined
    assert 'bash .github/scripts/describe-pull-request.sh "$PR_NUMBER" "$BASE_SHA" "$HEAD_SHA" policy-review' in joined
    assert "policy-review-artifact" not in joined, "the artifact is read by the API check only"


def test_the_comment_workflow_fails_when_the_diff_is_not_a_result() -> None:
    comment = load(COMMENT)
    (last,) = [s for s in steps(comment) if s.get("name") == "Fail when the diff is not a result"]
    assert last["env"]["STATUS"] == "${{ steps.describe.outputs.status }}"
    assert last["run"].strip().endswith('test "$STATUS" = "0"')
    script = SCRIPT.read_text(encoding="utf-8")
    assert "0|1) exit 0 ;;" in script and "*) cat \"$out/diff.err\" >&2; exit 2 ;;" in script


def test_the_comment_workflow_has_least_privilege() -> None:
    comment = load(COMMENT)
    assert comment["permissions"] == {}
    (job,) = comment["jobs"].values()
    assert job["permissions"] == {"actions": "read", "contents": "read", "pull-requests": "write"}
    assert "workflow_run.event == 'pull_request'" in job["if"]


def test_the_comment_script_posts_only_what_the_trusted_job_wrote() -> None:
    (_check, post) = uses(load(COMMENT), "actions/github-script")
    script = post["with"]["script"]
    assert MARKER in script
    assert "eval(" not in script and "Function(" not in script and "exec" not in script
    assert "readFileSync('policy-review/comment.md'" in script
    assert "while (body.includes(MARKER))" in script
    assert "LIMIT" in script and ".slice(0, LIMIT)" in script
    assert "updateComment" in script and "createComment" in script


SCRIPT = REPO / ".github" / "scripts" / "describe-pull-request.sh"


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


def owners_of(path: str) -> list[str]:
    """GitHub's rule for the paths used here: the last matching line wins."""
    found: list[str] = []
    for pattern, teams in codeowners().items():
        anchored = pattern.lstrip("/")
        if pattern == "*" or path == anchored or (anchored.endswith("/") and path.startswith(anchored)):
            found = teams
    return found


@pytest.mark.parametrize("path", [
    "macros/diff/classify.py", "macros/diff/comment.py", "macros/loading.py", "macros/rules/approval_bands.py",
    "schemas/levels.schema.json", ".github/workflows/policy-review-comment.yml",
    ".github/scripts/describe-pull-request.sh", "scripts/cmd_diff.py", "Makefile", "pyproject.toml",
    "requirements.lock", ".ci/run",
])
def test_the_code_that_checks_the_policy_has_its_own_owners(path: str) -> None:
    assert (REPO / path).exists()
    assert owners_of(path) == ["@atlasflow/policy-integrity"] or (
        path.startswith("schemas/") and "@atlasflow/policy-integrity" in owners_of(path))


def test_money_schemas_keep_finance_beside_the_checking_owners() -> None:
    assert owners_of("schemas/decision-rights.schema.json") == ["@atlasflow/policy-integrity", "@atlasflow/finance"]
    assert owners_of("playbook/decision-rights.yml") == ["@atlasflow/finance", "@atlasflow/legal"]
