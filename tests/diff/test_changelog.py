"""The "Policy changes" page: built from git history, cached by commit, safe with any message."""
from __future__ import annotations

import html
import re
import subprocess

import markdown
import pytest

import diff_edits as edits
import macros.diff.changelog as changelog
from diff_helpers import GitRepo, golden
from macros.diff.changelog import CACHE_DIR, NO_COMMITS, SHALLOW, changelog_page

HOSTILE = ("Ban “to be honest” {{ config }} {% raw %} <script>alert(1)</script> | @atlasflow/legal\n\n"
           "Asked for by *Support* in [the review](javascript:alert(2)).")
# The extensions mkdocs.yml turns on for every page.
QUOTED_OWNER = [("decision-rights", "owner: VP Finance\n", "owner: \"VP Finance\"  # quoted, same value\n")]
BROKEN_TARGET = [("metrics", "target: {above: {percent: 95}}", "target: {above: {percent: 195}}")]
EXTENSIONS = ["admonition", "attr_list", "md_in_html", "tables", "toc", "pymdownx.details", "pymdownx.superfences"]


def apply(repo: GitRepo, edit: edits.Edit, undo: bool = False) -> None:
    for stem, old, new in edit:
        repo.edit(stem, new, old) if undo else repo.edit(stem, old, new)


@pytest.fixture
def history(repo: GitRepo) -> list[str]:
    """Commits of every kind, oldest first (the first is the fixture's)."""
    shas = [repo.git("rev-parse", "HEAD").strip()]
    apply(repo, edits.VALUE_CHANGED)
    shas.append(repo.commit("Raise the CSM credit limit; slower Enterprise P1 updates"))
    apply(repo, QUOTED_OWNER)
    shas.append(repo.commit("Tidy decision-rights.yml"))
    (repo.path / "notes.txt").write_text("not policy\n")
    shas.append(repo.commit("Notes outside playbook/"))
    apply(repo, edits.ENTRY_ADDED)
    shas.append(repo.commit(HOSTILE, author="Eve <img src=x onerror=alert(3)> {{ x }}"))
    apply(repo, BROKEN_TARGET)
    shas.append(repo.commit("Break a metric target"))
    apply(repo, BROKEN_TARGET, undo=True)
    shas.append(repo.commit("Fix the metric target"))
    return shas


def with_placeholders(page: str, shas: list[str]) -> str:
    for number, sha in enumerate(shas):
        page = page.replace(sha[:10], f"<commit {number}>").replace(sha[:7], f"<commit {number}>")
    return page


def test_page_lists_policy_commits_newest_first(repo: GitRepo, history: list[str]) -> None:
    page = changelog_page(repo.path)
    golden("changelog.md", with_placeholders(page, history))


def test_page_renders_untrusted_text_as_text(repo: GitRepo, history: list[str]) -> None:
    rendered = markdown.markdown(changelog_page(repo.path), extensions=EXTENSIONS)
    assert "<script" not in rendered and "<img" not in rendered
    assert not re.search(r"<a\s", rendered), "no link may come from a commit message"
    shown = html.unescape(re.sub(r"<[^>]+>", "", rendered))
    assert "{{ config }} {% raw %} <script>alert(1)</script> | @\u200batlasflow/legal" in shown
    assert "Eve img src=x onerror=alert(3) {{ x }}" in shown  # git itself drops the <…> from author names
    assert "{{" not in rendered and "{%" not in rendered  # nothing left for Jinja, even if rendered twice


def test_rebuild_reads_every_commit_from_the_cache(repo: GitRepo, history: list[str], monkeypatch) -> None:
    first = changelog_page(repo.path)
    cached = sorted((repo.path / CACHE_DIR).glob("*.json"))
    assert len(cached) == 6  # every commit that touched playbook/, the invalid one included

    def must_not_run(*args, **kwargs):
        raise AssertionError("a cached commit was compared again")

    monkeypatch.setattr(changelog, "compare_commit", must_not_run)
    assert changelog_page(repo.path) == first


def test_a_new_commit_is_the_only_one_compared(repo: GitRepo, history: list[str], monkeypatch) -> None:
    changelog_page(repo.path)
    apply(repo, edits.RENAMED)
    new = repo.commit("Rename a burnout flag")
    compared: list[str] = []
    real = changelog.compare_commit
    monkeypatch.setattr(changelog, "compare_commit", lambda sides, commit: compared.append(commit.sha) or real(
        sides, commit))
    assert "renamed (id weekend" in changelog_page(repo.path).replace("\\", "")
    assert compared == [new]


def test_new_code_version_recomputes_and_a_damaged_file_is_ignored(repo: GitRepo, history: list[str],
                                                                     monkeypatch) -> None:
    first = changelog_page(repo.path)
    for path in (repo.path / CACHE_DIR).glob("*.json"):
        path.write_text("{not json")
    assert changelog_page(repo.path) == first
    monkeypatch.setattr(changelog, "code_version", lambda: "0" * 16)
    assert changelog_page(repo.path) == first
    assert len(list((repo.path / CACHE_DIR).glob("*-" + "0" * 16 + ".json"))) == 6


def test_no_repository_says_so_and_does_not_fail(project, git_env) -> None:
    page = changelog_page(project)
    assert page.startswith("The policy change log is built from the git history of <code>playbook/</code>, and this "
                           "build has none: it was made from a folder that is not a git clone")
    assert str(project) not in page, "the page must not depend on where it was built"


def test_a_shallow_clone_says_so(repo: GitRepo, history: list[str], tmp_path) -> None:
    shallow = tmp_path / "shallow"
    subprocess.run(["git", "clone", "-q", "--depth", "1", f"file://{repo.path}", str(shallow)], check=True)
    assert changelog_page(shallow) == SHALLOW + "\n"


def test_without_git_installed_says_so(project, git_env, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(project / "no-bin-here"))
    assert "git is not installed where it was built" in changelog_page(project)


def test_a_repository_without_policy_commits(project, git_env) -> None:
    made = GitRepo(project)
    made.git("init", "-q", "-b", "main")
    assert changelog_page(project) == NO_COMMITS + "\n"  # no commit at all yet
    (project / "playbook").rename(project / "drafts")
    made.commit("Drafts and schemas only")
    assert changelog_page(project) == NO_COMMITS + "\n"


def test_limit_keeps_the_newest(repo: GitRepo, history: list[str]) -> None:
    page = with_placeholders(changelog_page(repo.path, limit=2), history)
    assert "Fix the metric target" in page and "Break a metric target" in page and "Raise the CSM" not in page
