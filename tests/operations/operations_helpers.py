"""Helpers for the operations tests: run the CLI as a user does."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from scripts.cli import cli

ROOT = Path(__file__).resolve().parents[2]
CASES = Path(__file__).parent / "cases"


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(ROOT), *args], prog_name="playbook")
