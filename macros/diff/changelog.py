"""The site's "Policy changes" page: every commit that changed playbook/, newest first, with
the same plain-language diff as ``playbook diff`` and loosening changes marked.

The history followed is HEAD's first-parent line (one entry per merged pull request), and each
commit is compared with its first parent. The result for a commit is cached on disk
under ``.cache/policy-diff/`` keyed by (commit, parent, code version), so a rebuild only
compares new commits; the code version is a hash of the loader, validator and diff code,
so a change to how the diff works recomputes everything. Within one build each revision is
loaded once, however many commits share it.

Without usable history (no git, not a repository, a shallow clone) the page says so in a
sentence and the build goes on. Commit messages and author names are untrusted text and
are escaped like everything else (``render.markdown_escape``).
"""
from __future__ import annotations

import logging
import json
import os
import re
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..playbook import PLAYBOOK_DIR, SCHEMA_DIR
from .findings import Finding, compare_sides, counts
from .page_cache import GIT_MISSING, NO_GIT, code_version
from .render import markdown_bullet, markdown_escape, plain, summary_line
from .sides import GitError, InvalidSide, Repo, Side, checked

CACHE_DIR = Path(".cache") / "policy-diff"
MAX_PROBLEM_LINES = 10

SHALLOW = ("The policy change log is built from the git history of <code>playbook/</code>, but this build was made "
           "from a shallow clone that holds only the latest commits, so the history is incomplete and is not shown. "
           "Build from a full clone (<code>git fetch --unshallow</code>) to see every policy change.")
NO_COMMITS = "No commit has changed <code>playbook/</code> yet."



class ShallowClone(GitError):
    """A shallow clone: the history stops early, so a change log would silently miss commits."""


@dataclass(frozen=True)
class Commit:
    sha: str
    parent: str | None  # the first parent; None for a root commit
    date: str  # author date, YYYY-MM-DD
    author: str
    subject: str
    body: str


@dataclass(frozen=True)
class Entry:
    """What one commit did to the policy."""

    status: str  # 'changes', 'introduced', 'invalid', 'unreadable'
    findings: tuple[Finding, ...] = ()
    problems: tuple[str, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, "findings": [f.as_dict() for f in self.findings],
                "problems": list(self.problems)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Entry":
        return cls(data["status"], tuple(Finding.from_dict(f) for f in data["findings"]), tuple(data["problems"]))


# ------------------------------------------------------------------ history

_SHA = re.compile(r"[0-9a-f]{40}|[0-9a-f]{64}")
_PARENTS = re.compile(r"(?:(?:[0-9a-f]{40}|[0-9a-f]{64})(?: (?:[0-9a-f]{40}|[0-9a-f]{64}))*)?")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:Z|[+-]\d{2}:\d{2})")
# Fields git itself writes (ids, the author date as git formats it, the author name git cleaned), NUL-separated:
# no byte a commit message may hold can shift them. Messages come from a second listing, cut at commit ids.
_META = "%H%x00%P%x00%aI%x00%an"


def policy_commits(repo: Repo, limit: int | None = None) -> list[Commit]:
    """Commits that touched playbook/, newest first, along the first-parent line of HEAD.

    The first-parent line is the history of the branch itself: a pull request merged into it is
    one merge commit, compared with the branch as it was before (all of the request's changes as
    one entry, exactly what ``playbook diff MERGE^1 MERGE`` says); the commits inside the request,
    and merges of the branch into the request ("merge main"), are not entries of their own.

    Commit messages are untrusted: a message holding \\x1e, \\x1f or any other byte cannot
    hide a commit or add one, because the commit list, ids, dates and authors come from a
    listing that holds no message, every field's shape is checked, and each message is
    matched to its commit by id.
    """
    try:
        repo.git("rev-parse", "--verify", "--quiet", "HEAD")
    except GitError:
        return []  # a repository with no commit yet
    args = ["--first-parent", *([f"--max-count={limit}"] if limit is not None else [])]
    where = ("--", f"{repo.prefix}{PLAYBOOK_DIR}/")  # git runs at the top of the repository
    meta = repo.git("log", "-z", f"--format={_META}", *args, *where).split("\0")
    meta = meta[:-1] if meta and meta[-1] == "" else meta
    if len(meta) % 4:
        raise GitError("git log gave commit data in an unexpected shape; the change log is not shown")
    heads = [meta[i:i + 4] for i in range(0, len(meta), 4)]
    for sha, parents, date, _author in heads:
        if not (_SHA.fullmatch(sha) and _PARENTS.fullmatch(parents) and _DATE.fullmatch(date)):
            raise GitError(f"git log gave a commit in an unexpected shape ({plain(sha)[:12]}); "
                           "the change log is not shown")
    messages = _messages(repo, [sha for sha, *_ in heads], args, where)
    return [Commit(sha, parents.split()[0] if parents else None, date[:10], author, *_subject_body(messages[sha]))
            for sha, parents, date, author in heads]


def _messages(repo: Repo, shas: list[str], args: list[str], where: tuple[str, ...]) -> dict[str, str]:
    """{commit: message}; each message is the text between its commit's id and the next one's."""
    text = repo.git("log", "-z", "--format=%H%x00%B", *args, *where)
    out: dict[str, str] = {}
    position = 0
    for number, sha in enumerate(shas):
        start = text.find(sha + "\0", position) if number == 0 else position
        if not text.startswith(sha + "\0", start):
            raise GitError("git log gave commit messages in an unexpected shape; the change log is not shown")
        start += len(sha) + 1
        if number + 1 < len(shas):
            end = text.find("\0" + shas[number + 1] + "\0", start)
            if end < 0:
                raise GitError("git log gave commit messages in an unexpected shape; the change log is not shown")
            out[sha], position = text[start:end], end + 1
        else:
            out[sha] = text[start:].removesuffix("\0")
    return out


def _subject_body(message: str) -> tuple[str, str]:
    subject, _, body = message.strip().partition("\n")
    return subject.strip(), body.strip()


class _Sides:
    """Each revision loaded once per build, keyed by its playbook and schemas trees.

    Revisions are written into one work folder per distinct ``schemas`` tree: the schemas are
    extracted once and ``playbook/`` is replaced for each revision, so the compiled schemas
    are reused from commit to commit. (A new folder per schemas version, because the schema
    cache is keyed by folder and file times, and git archive stamps files with commit times.)
    """

    def __init__(self, repo: Repo, work: Path):
        self.repo, self.work = repo, work
        self.loaded: dict[tuple[tuple[str, str], ...], Side | InvalidSide] = {}
        self.trees: dict[str, dict[str, str]] = {}

    def folders(self, commit: str) -> dict[str, str]:
        if commit not in self.trees:
            self.trees[commit] = self.repo.folders(commit)
        return self.trees[commit]

    def get(self, commit: str, name: str) -> Side | None:
        """The side, None when the commit has no playbook/; InvalidSide raised when it does not validate."""
        folders = self.folders(commit)
        if PLAYBOOK_DIR not in folders:
            return None
        key = tuple(sorted(folders.items()))
        if key not in self.loaded:
            if len(self.loaded) > 8:  # a walk newest-first needs only the last few
                self.loaded.pop(next(iter(self.loaded)))
            try:
                self.loaded[key] = checked(name, self._write(commit, folders))
            except InvalidSide as error:
                self.loaded[key] = error
        found = self.loaded[key]
        if isinstance(found, InvalidSide):
            raise found
        return found

    def _write(self, commit: str, folders: dict[str, str]) -> Path:
        dest = self.work / folders.get(SCHEMA_DIR, "no-schemas")
        project = dest / self.repo.prefix if self.repo.prefix else dest
        if SCHEMA_DIR in folders and not (project / SCHEMA_DIR).is_dir():
            self.repo.materialise(commit, [SCHEMA_DIR], dest)
        shutil.rmtree(project / PLAYBOOK_DIR, ignore_errors=True)
        self.repo.materialise(commit, [PLAYBOOK_DIR], dest)
        return project


def compare_commit(sides: _Sides, commit: Commit) -> Entry:
    try:
        head = sides.get(commit.sha, commit.sha[:7])
        base = sides.get(commit.parent, commit.parent[:7]) if commit.parent else None
    except InvalidSide as error:
        return Entry("invalid", problems=tuple(error.lines()))
    if head is None:
        return Entry("changes")  # playbook/ was deleted: nothing to show as policy
    if base is None:
        return Entry("introduced")
    return Entry("changes", tuple(compare_sides(base, head)))


# ------------------------------------------------------------------ cache

def _cache_file(root: Path, commit: Commit, version: str) -> Path:
    return root / CACHE_DIR / f"{commit.sha}-{commit.parent or 'root'}-{version}.json"


def _read_cache(path: Path) -> Entry | None:
    try:
        return Entry.from_dict(json.loads(path.read_text(encoding="utf-8")))
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing or damaged: compute again


def _write_cache(path: Path, entry: Entry) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8", suffix=".tmp") as out:
            json.dump(entry.as_dict(), out, ensure_ascii=False)
        os.replace(out.name, path)  # atomic: a parallel build never reads half a file
    except OSError:
        pass  # a read-only checkout still builds, just without a cache


def history(root: Path, limit: int | None = None) -> list[tuple[Commit, Entry]]:
    """Every policy commit with what it changed; GitError when there is no usable history."""
    repo = Repo.of(root)
    if repo.git("rev-parse", "--is-shallow-repository").strip() == "true":
        raise ShallowClone()
    version = code_version()
    out = []
    with tempfile.TemporaryDirectory(prefix="policy-history-") as work:
        sides = _Sides(repo, Path(work))
        for commit in policy_commits(repo, limit):
            out.append((commit, _entry(root, sides, commit, version)))
    return out


def _entry(root: Path, sides: _Sides, commit: Commit, version: str) -> Entry:
    """From the cache, or compared and then cached (an unreadable commit is not cached: git may recover)."""
    path = _cache_file(root, commit, version)
    entry = _read_cache(path)
    if entry is None:
        try:
            entry = compare_commit(sides, commit)
        except GitError as error:  # one unreadable commit does not hide the rest
            return Entry("unreadable", problems=(str(error),))
        _write_cache(path, entry)
    return entry


# ------------------------------------------------------------------ the page

def changelog_page(root: Path, limit: int | None = None) -> str:
    """Markdown for the "Policy changes" page. Never raises for missing or partial history."""
    return changelog_page_complete(root, limit)[0]


def changelog_page_complete(root: Path, limit: int | None = None) -> tuple[str, bool]:
    """The page, and whether it is complete (every commit read: the whole page may be kept)."""
    try:
        entries = history(Path(root), limit)
    except ShallowClone:
        return SHALLOW + "\n", True
    except GitError as error:
        # The page must not depend on where it was built, so git's own words (with paths) go to the log.
        logging.getLogger("mkdocs.plugins.playbook").info("policy change log: %s", error)
        missing = isinstance(error.__cause__, FileNotFoundError) or "not installed" in str(error)
        return NO_GIT.format(reason=GIT_MISSING if missing else "") + "\n", False
    complete = all(entry.status != "unreadable" for _commit, entry in entries)
    shown = [(c, e) for c, e in entries if e.status != "changes" or e.findings]
    if not shown:
        return NO_COMMITS + "\n", complete
    quiet = len(entries) - len(shown)
    lines = [f"{len(shown)} {'commit' if len(shown) == 1 else 'commits'} changed the policy, newest first. "
             "Changes that loosen the policy are marked <strong>loosens</strong> and listed first in each commit.",
             ""]
    for commit, entry in shown:
        lines += commit_section(commit, entry)
    if quiet:
        one = quiet == 1
        lines += [f"{quiet} more {'commit' if one else 'commits'} touched <code>playbook/</code> without changing "
                  f"the policy (formatting, comments or order only) and {'is' if one else 'are'} not listed.", ""]
    return "\n".join(lines), complete


def commit_section(commit: Commit, entry: Entry) -> list[str]:
    lines = [f"## {commit.date} · {markdown_escape(commit.subject or '(no message)')}", "",
             f"<code>{commit.sha[:10]}</code> · {markdown_escape(commit.author)} · {commit.date}", ""]
    if commit.body:
        lines += [f"> {markdown_escape(line)}" if line.strip() else ">" for line in commit.body.splitlines()]
        lines.append("")
    if entry.status == "introduced":
        lines += ["The first version of the policy.", ""]
    elif entry.status in ("invalid", "unreadable"):
        why = ("does not pass validation in this commit or its parent" if entry.status == "invalid"
               else "could not be read from git")
        lines += [f"Not compared: the policy {why}.", ""]
        lines += [f"- {markdown_escape(p)}" for p in entry.problems[:MAX_PROBLEM_LINES]]
        if len(entry.problems) > MAX_PROBLEM_LINES:
            lines.append(f"- … and {len(entry.problems) - MAX_PROBLEM_LINES} more")
        lines.append("")
    else:
        lines += [f"**{summary_line(counts(entry.findings))}**", ""]
        lines += [markdown_bullet(f, with_area=True, mark=True) for f in entry.findings]
        lines.append("")
    return lines
