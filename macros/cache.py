"""A small on-disk cache for build outputs that depend only on content.

Some pages cost more than the rest of the build together (the calibration report runs
DuckDB over a ticket export; the slide is a zip written by python-pptx). Their result is
stored under `.cache/<namespace>/` keyed by a hash of everything it depends on, including
the code that makes it, so a stale entry can never be served: any change makes a new key.
"""
from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import Callable, Iterable

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


def cached_bytes(root: Path, namespace: str, parts: Iterable[str | bytes], compute: Callable[[], bytes]) -> bytes:
    """The stored result for these parts, or `compute()` stored for next time. Cache trouble
    (read-only folder, full disk) only costs the recomputation, never the build."""
    path = root / CACHE_DIR / namespace / key_of(parts)
    try:
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
