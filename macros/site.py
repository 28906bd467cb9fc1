"""The playbook as one site build sees it: loaded and validated once per build.

Both the mkdocs hook (nav, generated pages) and the macros ask for it; the first call
loads, later calls in the same build reuse it. A change to any playbook or schema file
(as under `mkdocs serve`) makes the next build load afresh.
"""
from __future__ import annotations

from pathlib import Path

from .playbook import PLAYBOOK_DIR, SCHEMA_DIR, Playbook, load_playbook
from .problems import PlaybookError, errors

_cache: dict[str, tuple[tuple[tuple[str, int], ...], Playbook]] = {}


def _stamp(root: Path) -> tuple[tuple[str, int], ...]:
    files = sorted([*(root / PLAYBOOK_DIR).glob("*"), *(root / SCHEMA_DIR).glob("*")])
    return tuple((str(f), f.stat().st_mtime_ns) for f in files if f.is_file())


def build_playbook(root: Path) -> Playbook:
    """The validated playbook, or PlaybookError carrying the same problems `playbook validate` prints."""
    key, stamp = str(root.resolve()), _stamp(root)
    cached = _cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    playbook, problems = load_playbook(root)
    if errors(problems):
        raise PlaybookError(errors(problems))
    _cache[key] = (stamp, playbook)
    return playbook


def build_playbook_or_abort(root: Path) -> Playbook:
    """For mkdocs: stop the build with the same messages `playbook validate` prints, no traceback."""
    from mkdocs.exceptions import Abort

    try:
        return build_playbook(root)
    except PlaybookError as error:
        lines = "\n".join(p.text() for p in error.problems)
        raise Abort(f"the playbook has {len(error.problems)} problem(s); fix them and build again:\n{lines}") from None


def exports(playbook: Playbook) -> dict:
    """organisation.yml `exports`, keyed by report (calibration, …); paths relative to the project folder."""
    return playbook["organisation"].get("exports") or {}


def site_settings(playbook: Playbook) -> dict:
    """organisation.yml `site`: title, logo, favicon, primary colour (each optional but the title)."""
    return playbook["organisation"].get("site") or {}
