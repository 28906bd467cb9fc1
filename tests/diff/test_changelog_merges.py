"""The change log follows the branch's own history: one merged pull request is one entry.

A real repository: a feature branch with two policy commits and a "merge main" of its own, merged
into main with a merge commit, while main moved on. Main's change log lists the merge once (all of
the request's changes as one, exactly what `playbook diff MERGE^1 MERGE` says) and none of the
commits inside the request, the "merge main" least of all.
"""
from __future__ import annotations

import json

import diff_edits as edits
from diff_helpers import GitRepo
from macros.diff.changelog import changelog_page, history
from macros.diff.render import markdown_escape
from test_changelog import apply

MERGE_SUBJECT = "Merge pull request #7 from support/credit-limits"


def _merged_pull_request(repo: GitRepo) -> dict[str, str]:
    shas = {"base": repo.git("rev-parse", "HEAD").strip()}
    repo.git("checkout", "-q", "-b", "credit-limits")
    apply(repo, edits.VALUE_CHANGED)
    shas["feature-1"] = repo.commit("Raise the CSM credit limit")
    repo.git("checkout", "-q", "main")
    apply(repo, edits.ENTRY_ADDED)
    shas["main"] = repo.commit("Ban 'to be honest'")
    repo.git("checkout", "-q", "credit-limits")
    repo.git("merge", "-q", "--no-ff", "--no-edit", "-m", "merge main", "main")
    shas["merge-main"] = repo.git("rev-parse", "HEAD").strip()
    apply(repo, edits.ENTRY_REMOVED)
    shas["feature-2"] = repo.commit("Drop a phrase and a closing step")
    repo.git("checkout", "-q", "main")
    repo.git("merge", "-q", "--no-ff", "-m", MERGE_SUBJECT, "credit-limits")
    shas["merge"] = repo.git("rev-parse", "HEAD").strip()
    return shas


def test_a_merged_pull_request_is_one_entry_and_agrees_with_playbook_diff(repo: GitRepo, run_cli) -> None:
    shas = _merged_pull_request(repo)
    entries = history(repo.path)
    assert [commit.sha for commit, _entry in entries] == [shas["merge"], shas["main"], shas["base"]]
    merge, entry = entries[0]
    assert (merge.subject, merge.parent) == (MERGE_SUBJECT, shas["main"])

    result = run_cli("diff", f"{shas['merge']}^1", shas["merge"], "--format", "json")
    assert result.exit_code == 1, result.output
    from_diff = [change["text"] for change in json.loads(result.output)["changes"]]
    assert [finding.text() for finding in entry.findings] == from_diff
    # The request's two commits as one; the change main made meanwhile is not the request's.
    assert any("45 minutes → 60 minutes" in text for text in from_diff)
    assert any(text.startswith("Phrases") and "removed" in text for text in from_diff)
    assert not any("to be honest" in text for text in from_diff)

    page = changelog_page(repo.path)
    assert page.count("\n## ") == 3 and f"· {markdown_escape(MERGE_SUBJECT)}\n" in page
    for inside in ("merge main", "Raise the CSM credit limit", "Drop a phrase and a closing step"):
        assert markdown_escape(inside) not in page
