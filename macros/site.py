"""The playbook as one site build sees it: loaded and validated once per build.

Both the mkdocs hook (nav, generated pages) and the macros ask for it; the first call
loads, later calls in the same build reuse it. A change to any playbook or schema file
(as under `mkdocs serve`) makes the next build load afresh.
"""
from __future__ import annotations

import os
from pathlib import Path

from .playbook import PLAYBOOK_DIR, Playbook, load_playbook
from .problems import PlaybookError, errors

_cache: dict[str, tuple[tuple[tuple[str, int], ...], Playbook]] = {}
# The folder holding the tool's own mkdocs.yml, docs/ and schemas/.
TOOL_HOME = Path(__file__).resolve().parent.parent
# Set by `build_site` when the project folder has no mkdocs.yml: the site is then built from the tool's
# pages and mkdocs.yml, with this folder's playbook.
ROOT_ENV = "PLAYBOOK_ROOT"


def site_config(root: Path) -> Path:
    """The project's own mkdocs.yml, or the tool's when the folder holds only an organisation's playbook
    (an example under examples/, a folder made by `playbook init`)."""
    own = root / "mkdocs.yml"
    return own if own.exists() or own.is_symlink() else TOOL_HOME / "mkdocs.yml"


def project_root(config_file: str | Path) -> Path:
    """The project whose playbook a site build renders: PLAYBOOK_ROOT when set, else mkdocs.yml's folder."""
    return Path(os.environ.get(ROOT_ENV) or Path(config_file).parent)


def _stamp(root: Path) -> tuple[tuple[str, int], ...]:
    from .schemas import schemas_folder

    files = sorted([*(root / PLAYBOOK_DIR).glob("*"), *schemas_folder(root).glob("*")])
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
