"""Policy review: what a change to the playbook means, in words a reviewer can judge.

``diff_revisions(root, base, head)`` loads both sides with the project's loader and
validator (``sides``), compares their meaning (``compare``), labels each change from the
schemas and the data (``labels``), classes it as loosening, tightening or neutral
(``classify``) and returns findings that ``render`` prints as Markdown, text or JSON.
``changelog`` builds the site's "Policy changes" page from git history with the same parts;
``page_cache`` serves that page from the cache while HEAD has not moved.

The names below are imported on first use: a site build whose Policy changes page comes from
the cache never loads the diff machinery (nor jsonschema with it).
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_WHERE = {"DiffResult": "findings", "Finding": "findings", "compare_sides": "findings", "diff_revisions": "findings",
          "GitError": "sides", "InvalidSide": "sides"}
__all__ = sorted(_WHERE)


def __getattr__(name: str) -> Any:
    if name not in _WHERE:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f".{_WHERE[name]}", __name__), name)
