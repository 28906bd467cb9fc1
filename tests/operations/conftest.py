"""Fixtures for the operations reports; helpers live in operations_helpers.py."""
from __future__ import annotations

from pathlib import Path

import pytest

from operations_helpers import CASES


@pytest.fixture()
def in_cases(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the case folder so messages name files as the user typed them."""
    monkeypatch.chdir(CASES)
    return CASES
