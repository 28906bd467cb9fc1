"""A small on-disk cache for build outputs that depend only on content.

Some pages cost more than the rest of the build together (the calibration report runs
DuckDB over a ticket export; the slide is a zip written by python-pptx). Their result is
stored under `.cache/<namespace>/` keyed by a hash of everything it depends on, including
the code that makes it, so a stale entry can never be served: any change makes a new key.

Several processes may want the same entry at once (a build and its helper process, see
prewarm.py, or two builds side by side): whoever holds the entry's lock computes it, and the
others wait for the result instead of computing it again. A lock dies with its process, so a
crashed helper never blocks a build: the build then computes the entry itself.
"""
from __future__ import annotations

import contextlib
import contextvars
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable, Iterator

try:
    import fcntl
except ImportError:  # not POSIX: no cross-process locks, so no helper process either (prewarm.py)
    fcntl = None  # type: ignore[assignment]

CACHE_DIR = Path(".cache")
_CORE = Path(__file__).resolve().parent


def code_digest(patterns: Iterable[str]) -> str:
    """A hash of the core's source files matching `patterns` (relative to macros/)."""
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(_CORE.glob(pattern)):
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


_CORE_PATTERNS = ("*.py", "*/*.py", "*/*/*.py")
_core_memo: dict[tuple, str] = {}


def core_digest() -> str:
    """A hash of all of the core's code, for results that may depend on any of it (validation, the
    in-browser tools' data). Hashed once per process while no file's time or size changes."""
    files = sorted(p for pattern in _CORE_PATTERNS for p in _CORE.glob(pattern))
    stamp = tuple((str(p), p.stat().st_mtime_ns, p.stat().st_size) for p in files)
    if stamp not in _core_memo:
        _core_memo.clear()
        _core_memo[stamp] = code_digest(_CORE_PATTERNS)
    return _core_memo[stamp]


def key_of(parts: Iterable[str | bytes]) -> str:
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode() if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class Busy(Exception):
    """Another process is making this entry (raised only under `elsewhere_busy()`)."""


class Missing(Exception):
    """The entry is not stored (raised only under `probing()`)."""


_MODE: contextvars.ContextVar[str] = contextvars.ContextVar("cache_mode", default="")


@contextlib.contextmanager
def _mode(mode: str) -> Iterator[None]:
    token = _MODE.set(mode)
    try:
        yield
    finally:
        _MODE.reset(token)


def probing() -> contextlib.AbstractContextManager[None]:
    """Inside: `cached_bytes` computes nothing; it returns a stored entry or raises Missing."""
    return _mode("probe")


def elsewhere_busy() -> contextlib.AbstractContextManager[None]:
    """Inside: an entry another process is making raises Busy instead of being waited for (a helper
    process leaves it to the build and goes on to the next one)."""
    return _mode("skip-busy")


def cached_bytes(root: Path, namespace: str, parts: Iterable[str | bytes], compute: Callable[[], bytes]) -> bytes:
    """The stored result for these parts, or `compute()` stored for next time. Cache trouble
    (read-only folder, full disk) only costs the recomputation, never the build."""
    path = root / CACHE_DIR / namespace / key_of(parts)
    try:
        return path.read_bytes()
    except OSError:
        pass
    with claimed(path):
        try:  # made by another process while this one waited for the lock
            return path.read_bytes()
        except OSError:
            pass
        result = compute()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(dir=path.parent, delete=False) as handle:
                handle.write(result)
            os.replace(handle.name, path)
        except OSError:
            pass
    return result


@contextlib.contextmanager
def claimed(path: Path) -> Iterator[None]:
    """For making the entry stored at `path` when it is not there: hold its lock while inside (so another
    process wanting it waits, then reads it), and look for it again once inside. Under `probing()` raise
    Missing instead; under `elsewhere_busy()` raise Busy when another process holds the lock."""
    mode = _MODE.get()
    if mode == "probe":
        raise Missing(path.parent.name)
    with _claimed(path, wait=mode != "skip-busy"):
        yield


@contextlib.contextmanager
def _claimed(path: Path, wait: bool = True) -> Iterator[None]:
    """Hold the entry's lock (a file beside it) while inside; without `wait`, raise Busy when another
    process holds it. No lock at all where locks cannot be had (no fcntl, a read-only folder)."""
    handle = None
    if fcntl is not None:
        with contextlib.suppress(OSError):
            path.parent.mkdir(parents=True, exist_ok=True)
            handle = open(path.with_name(path.name + ".lock"), "a+b")  # noqa: SIM115 - closed below
    if handle is None:
        yield
        return
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            raise Busy(path.name) from None
        except OSError:
            pass  # a file system without locks: compute without one
        try:
            yield
        finally:
            # Removed while still held: a process waiting on this lock file finds the result when it gets
            # the lock; one arriving later finds the result before it looks for a lock.
            with contextlib.suppress(OSError):
                os.unlink(handle.name)
    finally:
        handle.close()
