"""Bad input: one case file each in cases/, with the exact message the user sees and the exit code.

A case is an export (CSV, JSON Lines, Parquet or anything else), optionally `<stem>.args` with
extra options and `<stem>.mapping.yml`; `<stem>.expected` holds `exit N` and then stderr, line
for line. Nothing reaches stdout, and no traceback ever.
"""
from __future__ import annotations

import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from calibrate_helpers import ROOT, SAMPLE, SAMPLE_MAPPING
from macros.calibrate.plan import plan_from
from macros.playbook import load_playbook
from scripts.cli import cli

CASES = Path(__file__).parent / "cases"
CATALOGUE = plan_from(load_playbook(ROOT)[0]).catalogue
BREAKDOWNS = ", ".join(["day", "month", "week"] + [f.id for f in CATALOGUE.values()
                                                   if f.type in ("enum", "boolean", "integer")])
EXPORTS = sorted(p for p in CASES.iterdir() if p.suffix not in (".expected", ".args", ".yml"))


def run(*args: str):  # noqa: ANN201 - click Result
    return CliRunner().invoke(cli, ["--root", str(ROOT), "calibrate", *args], prog_name="playbook")


@pytest.mark.parametrize("case", EXPORTS, ids=lambda p: p.name)
def test_case_gives_its_exact_message(in_cases: Path, case: Path) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    args = shlex.split(case.with_suffix(".args").read_text()) if case.with_suffix(".args").exists() else []
    result = run(case.name, *args)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert [f"exit {result.exit_code}"] + result.stderr.splitlines() == expected
    assert result.stdout == ""


def test_every_expected_file_has_one_case() -> None:
    stems = [p.stem for p in EXPORTS]
    assert len(stems) == len(set(stems))
    assert [p.name for p in CASES.glob("*.expected") if p.stem not in stems] == []


@pytest.mark.parametrize(("args", "message"), [
    (["nothing.csv"], "nothing.csv: no such file; check the path"),
    (["--map", "arr"], "--map arr: write --map FIELD=COLUMN, e.g. --map arr='ARR (USD)'"),
    (["--map", "ar=ARR (USD)"], "--map ar=ARR (USD): unknown ticket field 'ar' (did you mean 'arr'?); "
                                "use a field id from playbook/ticket-fields.yml"),
    (["--unit", "arr=days"], "--unit arr=days: 'arr' is money, not a duration"),
    (["--unit", "termination_notice=fortnights"],
     "--unit termination_notice=fortnights: unknown unit 'fortnights'; use one of: minutes, hours, days, weeks"),
    (["--by", "ticket_id"], "--by ticket_id: cannot break down by this (ticket_id is string; free text would print "
                            f"ticket contents); use one of: {BREAKDOWNS}"),
    (["--by", "teir"], f"--by teir: cannot break down by this (did you mean 'tier'?); use one of: {BREAKDOWNS}"),
    (["--svg", "no/such/folder/chart.svg"], "--svg no/such/folder/chart.svg: cannot write the chart (No such file or "
                                            "directory); check the folder exists and is writable"),
])
def test_option_problems_are_usage_errors(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: list[str],
                                          message: str) -> None:
    monkeypatch.chdir(tmp_path)
    export = [] if args[0].endswith(".csv") else [str(SAMPLE), "--mapping", str(SAMPLE_MAPPING)]
    result = run(*export, *args)
    assert (result.exit_code, result.stderr.splitlines(), result.stdout) == (2, [message], "")


def test_unknown_option_and_format_are_click_usage_errors() -> None:
    assert run(str(SAMPLE), "--colour").exit_code == 2
    assert run(str(SAMPLE), "--input-format", "xlsx").exit_code == 2
