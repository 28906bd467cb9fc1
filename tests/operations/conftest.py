"""Fixtures for the operations reports: run the CLI from the case folder, so messages name files as typed."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from scripts.cli import cli

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(ROOT), *args], prog_name="playbook")


@pytest.fixture()
def in_cases(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(CASES)
    return CASES
