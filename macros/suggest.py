"""'did you mean' hints for misspelt names."""
from __future__ import annotations

import difflib
from typing import Any, Iterable


def closest(name: Any, candidates: Iterable[str]) -> str | None:
    if not isinstance(name, str):
        return None
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.75)
    return close[0] if close else None


def did_you_mean(name: Any, candidates: Iterable[str]) -> str:
    close = closest(name, candidates)
    return f" (did you mean '{close}'?)" if close else ""
