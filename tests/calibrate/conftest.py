"""Fixtures for the calibrate tests; helpers live in calibrate_helpers.py."""
from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture()
def in_cases(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run from the case folder so messages name files as the user typed them."""
    folder = Path(__file__).parent / "cases"
    monkeypatch.chdir(folder)
    return folder
