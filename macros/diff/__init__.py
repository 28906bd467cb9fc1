"""Policy review: what a change to the playbook means, in words a reviewer can judge.

``diff_revisions(root, base, head)`` loads both sides with the project's loader and
validator (``sides``), compares their meaning (``compare``), labels each change from the
schemas and the data (``labels``), classes it as loosening, tightening or neutral
(``classify``) and returns findings that ``render`` prints as Markdown, text or JSON.
``changelog`` builds the site's "Policy changes" page from git history with the same parts.
"""
from __future__ import annotations

from .findings import DiffResult, Finding, compare_sides, diff_revisions
from .sides import GitError, InvalidSide

__all__ = ["DiffResult", "Finding", "GitError", "InvalidSide", "compare_sides", "diff_revisions"]
