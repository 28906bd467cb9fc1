"""The playbook as one site build sees it: loaded and validated once per build.

Both the mkdocs hook (nav, generated pages) and the macros ask for it; the first call
loads, later calls in the same build reuse it. A change to any playbook or schema file
(as under `mkdocs serve`) makes the next build load afresh. Across builds the validated
result is cached by content (`validated`), so `playbook build` validates once, not twice.
"""
from __future__ import annotations

import contextlib
import marshal
import os
import stat
import sys
import tempfile
from pathlib import Path

from .loading import Document, Position
from .playbook import PLAYBOOK_DIR, SCHEMA_DIR, Playbook, load_playbook
from .problems import PlaybookError, Problem, errors

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
    playbook, problems = validated(root)
    if errors(problems):
        raise PlaybookError(errors(problems))
    _cache[key] = (stamp, playbook)
    return playbook


# ------------------------------------------------------------------ validation, cached by content
# A build validates the playbook (load, schemas, rules: the largest part of what a build adds to
# mkdocs), and `playbook build` wants the warnings before it starts mkdocs. The result is kept in
# .cache/validated/ keyed by everything it depends on: the bytes of every file in playbook/ and
# schemas/, the core's code, the day (review-due warnings), the folders (messages name paths as seen
# from the working folder) and the Python version. Anything unusual (a link, a special file, a file
# changing while it is read) skips the cache; deleting .cache/ is always safe. Stored with marshal
# (plain values only: nothing in the file is ever executed).
VALIDATED = ".cache/validated"


def validated(root: Path) -> tuple[Playbook, list[Problem]]:
    """`load_playbook(root)`, from the cache when nothing it depends on changed. The files organisation.yml
    names (logo, exports) live outside playbook/, so their check is always made afresh."""
    from .rules.project_files import fresh

    from .cache import claimed

    key = _validation_key(root)
    if key is None:
        return load_playbook(root)
    entry = root / VALIDATED / key
    found = _stored(root, entry)
    if found is not None:
        return found[0], fresh(*found)
    with claimed(entry):  # the build's helper process (prewarm.py) waits for this result instead of repeating it
        found = _stored(root, entry)
        if found is not None:
            return found[0], fresh(*found)
        playbook, problems = load_playbook(root)
        if _validation_key(root) == key:  # unchanged while it was read: safe to keep
            with contextlib.suppress(OSError, ValueError):
                entry.parent.mkdir(parents=True, exist_ok=True)
                with tempfile.NamedTemporaryFile(dir=entry.parent, delete=False) as handle:
                    handle.write(marshal.dumps(_freeze(playbook, problems)))
                os.replace(handle.name, entry)
                _prune(entry.parent)
    return playbook, problems


def validation_cached(root: Path) -> bool:
    """Whether `validated(root)` would come from the cache (a cold build is about to validate, if not)."""
    key = _validation_key(root)
    return key is not None and (root / VALIDATED / key).is_file()


def validation_busy(root: Path) -> bool:
    """Whether another process is validating this playbook right now (it holds the entry's lock): its result
    will be stored, so waiting for it (`validated`) costs no work here."""
    from .cache import fcntl

    key = _validation_key(root)
    if key is None or fcntl is None:
        return False
    try:  # the lock file is never created here, and never removed: only the process making the entry does that
        handle = open(root / VALIDATED / f"{key}.lock", "rb")  # noqa: SIM115 - closed below
    except OSError:
        return False
    with handle:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        except OSError:
            return False
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)
    return False


def _stored(root: Path, entry: Path) -> tuple[Playbook, list[Problem]] | None:
    with contextlib.suppress(OSError, ValueError, EOFError, TypeError, KeyError):
        return _thaw(root, marshal.loads(entry.read_bytes()))
    return None


def _prune(folder: Path, keep: int = 8) -> None:
    """Only the newest few results are kept: a live preview writes one per edit."""
    entries = sorted((p for p in folder.iterdir() if not p.name.endswith(".lock")),
                     key=lambda p: p.stat().st_mtime_ns, reverse=True)
    for old in entries[keep:]:
        old.unlink(missing_ok=True)


def _validation_key(root: Path) -> str | None:
    from .cache import core_digest, key_of
    from .rules.freshness import today
    from .schemas import schemas_folder

    parts: list[str | bytes] = ["validated-1", sys.version, core_digest(),
                                str(root.resolve()), os.getcwd(), today().isoformat()]
    for name in (PLAYBOOK_DIR, SCHEMA_DIR):
        folder = root / name if name == PLAYBOOK_DIR else schemas_folder(root)  # the tool's, for a bare folder
        try:
            if not stat.S_ISDIR(os.lstat(folder).st_mode):
                return None
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except FileNotFoundError:
            parts.append(f"{name}: missing")
            continue
        except OSError:
            return None
        for entry in entries:
            if not entry.is_file(follow_symlinks=False):
                return None
            try:
                parts += [f"{name}/{entry.name}", Path(entry.path).read_bytes()]
            except OSError:
                return None
    return key_of(parts)


def _freeze(playbook: Playbook, problems: list[Problem]) -> tuple:
    documents = {stem: (doc.file, doc.data, [(p, (v.line, v.column)) for p, v in doc.values.items()],
                        [(p, (v.line, v.column)) for p, v in doc.keys.items()], doc.digest)
                 for stem, doc in playbook.documents.items()}
    return (documents, sorted(playbook.clean),
            [(p.file, p.line, p.column, p.message, p.rule, p.path, p.severity) for p in problems])


def _thaw(root: Path, frozen: tuple) -> tuple[Playbook, list[Problem]]:
    documents, clean, problems = frozen
    playbook = Playbook(root=root, clean=set(clean))
    for stem, (file, data, values, keys, digest) in documents.items():
        playbook.documents[stem] = Document(file, data, {p: Position(*v) for p, v in values},
                                            {p: Position(*v) for p, v in keys}, digest)
    return playbook, [Problem(*p) for p in problems]


def build_playbook_or_abort(root: Path) -> Playbook:
    """For mkdocs: stop the build with the same messages `playbook validate` prints, no traceback."""
    from mkdocs.exceptions import Abort

    try:
        return build_playbook(root)
    except PlaybookError as error:
        raise Abort(abort_message(error.problems)) from None


def abort_message(problems: list[Problem]) -> str:
    """What a build that stops on the playbook's errors says: the same lines `playbook validate` prints."""
    lines = "\n".join(p.text() for p in problems)
    return f"the playbook has {len(problems)} problem(s); fix them and build again:\n{lines}"


def exports(playbook: Playbook) -> dict:
    """organisation.yml `exports`, keyed by report (calibration, …); paths relative to the project folder."""
    return playbook["organisation"].get("exports") or {}


def site_settings(playbook: Playbook) -> dict:
    """organisation.yml `site`: title, logo, favicon, primary colour (each optional but the title)."""
    return playbook["organisation"].get("site") or {}
