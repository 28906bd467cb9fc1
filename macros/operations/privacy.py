"""People's names in the on-call and action reports, and how `--pseudonymise` hides them.

A pseudonym is a short hash of the name as written (case and surrounding spaces ignored), so the
same person has the same pseudonym in every report and every week, and a reader who knows the
team can still follow one person's load without learning who it is.
"""
from __future__ import annotations

import hashlib
from typing import Callable

PREFIX = "person-"


def pseudonym(name: str) -> str:
    digest = hashlib.sha256(" ".join(name.split()).lower().encode("utf-8")).hexdigest()
    return PREFIX + digest[:8]


def namer(pseudonymise: bool) -> Callable[[str], str]:
    return pseudonym if pseudonymise else (lambda name: name)
