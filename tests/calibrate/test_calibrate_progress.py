"""Progress: shown on a terminal for a long query, never in a pipe or a file."""
from __future__ import annotations

import io

import duckdb
import pytest

import macros.calibrate.progress as progress
from macros.calibrate.progress import Progress

SLOW = "SELECT count(*) FROM range(300000000) t(x) WHERE x % 7 = 3"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_terminal_sees_percentages_then_a_clean_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(progress, "QUIET_SECONDS", 0.0)
    monkeypatch.setattr(progress, "POLL_SECONDS", 0.05)
    stream, con = Terminal(), duckdb.connect()
    with Progress(stream).watch(con, "calibrating t.csv"):
        con.execute(SLOW).fetchall()
    shown = stream.getvalue()
    assert "\rcalibrating t.csv: " in shown and " %" in shown
    assert shown.endswith("\r")  # the line is wiped, so the report starts on a clean line


def test_a_pipe_sees_nothing() -> None:
    stream, con = io.StringIO(), duckdb.connect()
    with Progress(stream).watch(con, "calibrating t.csv"):
        con.execute("SELECT 1").fetchall()
    assert stream.getvalue() == ""
