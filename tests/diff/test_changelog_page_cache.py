"""The Policy changes page is kept whole while HEAD does not move, and says the same as when built."""
from __future__ import annotations

import macros.diff.changelog as changelog
import diff_edits as edits
from diff_helpers import GitRepo
from macros.diff.page_cache import PAGE_CACHE, policy_changes_page
from test_changelog import apply, history  # noqa: F401 - the fixture


def test_the_page_is_built_once_per_head_and_equals_the_change_log(repo: GitRepo, history: list[str],  # noqa: F811
                                                                   monkeypatch) -> None:
    first = policy_changes_page(repo.path)
    assert first == changelog.changelog_page(repo.path)
    assert len(list((repo.path / PAGE_CACHE).glob("*.md"))) == 1

    def must_not_run(*args, **kwargs):
        raise AssertionError("the page was built again though HEAD did not move")

    monkeypatch.setattr(changelog, "changelog_page_complete", must_not_run)
    assert policy_changes_page(repo.path) == first
    monkeypatch.undo()

    apply(repo, edits.RENAMED)
    repo.commit("Rename a burnout flag")
    second = policy_changes_page(repo.path)
    assert second != first and "Rename a burnout flag" in second
    assert second == changelog.changelog_page(repo.path)


def test_outside_a_clone_the_sentence_is_the_change_logs(project, git_env) -> None:
    assert policy_changes_page(project) == changelog.changelog_page(project)
    assert not (project / PAGE_CACHE).exists()


def test_a_page_with_an_unreadable_commit_is_not_kept(repo: GitRepo, history: list[str],  # noqa: F811
                                                      monkeypatch) -> None:
    monkeypatch.setattr(changelog, "compare_commit", lambda sides, commit: (_ for _ in ()).throw(
        changelog.GitError("revision cannot be read: a test")))
    page = policy_changes_page(repo.path)
    assert "could not be read from git" in page
    assert list((repo.path / PAGE_CACHE).glob("*.md")) == []
