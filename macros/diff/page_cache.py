"""The "Policy changes" page, kept whole while HEAD has not moved.

Rebuilding the page means listing the history and reading every commit's cached comparison,
and importing the loader, validator and diff code to do it: most of a site build's time
beyond mkdocs when nothing changed. The page depends only on the commits reachable from HEAD
and on the code that compares them, so it is stored under ``.cache/policy-changes/`` keyed by
(HEAD, shallow or not, the project's folder in the repository, the code version). A page with a
commit git could not read is not stored (git may recover). Outside a git clone the page's
sentence is given here without importing anything heavy.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import tempfile
from pathlib import Path

from ..cache import claimed

PAGE_CACHE = Path(".cache") / "policy-changes"
NO_GIT = ("The policy change log is built from the git history of <code>playbook/</code>, and this build has none: "
          "it was made from a folder that is not a git clone (a release archive, for example){reason}. "
          "Build the site from a git clone to see every policy change.")
GIT_MISSING = " and git is not installed where it was built"
# The code a change-log entry depends on: the loader, the validator and the diff itself.
CODE = ("diff/*.py", "loading.py", "playbook.py", "schemas.py", "units.py", "conditions.py", "rules/*.py")


def code_version() -> str:
    macros = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for pattern in CODE:
        for path in sorted(macros.glob(pattern)):
            digest.update(path.relative_to(macros).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def policy_changes_page(root: Path) -> str:
    """The page's Markdown: from the cache while HEAD is where it was, else built and stored."""
    head = _head(Path(root))
    if isinstance(head, str) and head.startswith("The policy change log"):
        return head
    path = Path(root) / PAGE_CACHE / f"{head}.md" if head else None
    if path is not None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
    from .changelog import changelog_page_complete

    if path is None:
        return changelog_page_complete(Path(root))[0]
    with claimed(path):  # a second process making the page (prewarm.py) is waited for, not repeated
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            pass
        page, complete = changelog_page_complete(Path(root))
        if complete:
            _store(path, page)
    return page


def _head(root: Path) -> str | None:
    """The cache key, the no-history sentence outside a git clone, or None (no cache: build it)."""
    env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"}
    try:
        done = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD",
                               "--is-shallow-repository", "--show-prefix"], capture_output=True, env=env, timeout=60,
                              check=False)
    except FileNotFoundError:
        return NO_GIT.format(reason=GIT_MISSING) + "\n"
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        if b"not a git repository" in done.stderr:
            return NO_GIT.format(reason="") + "\n"
        return None  # no commit yet, or something unusual: the full path says what
    lines = done.stdout.decode("utf-8", "replace").split("\n")
    if len(lines) < 3 or len(lines[0]) not in (40, 64):
        return None
    return hashlib.sha256("\0".join(["policy-changes-1", *lines[:3], code_version()]).encode()).hexdigest()


def _store(path: Path, page: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8", suffix=".tmp") as out:
            out.write(page)
        os.replace(out.name, path)
    except OSError:
        pass  # a read-only checkout still builds, just without a cache
