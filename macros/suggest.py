"""'did you mean' hints for misspelt names."""
from __future__ import annotations

import difflib
from typing import Any, Iterable


def did_you_mean(name: Any, candidates: Iterable[str]) -> str:
    if not isinstance(name, str):
        return ""
    close = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""
