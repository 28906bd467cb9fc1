"""`playbook calibrate` as a user runs it: help with an example, outputs, exit codes."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from calibrate_helpers import ROOT, SAMPLE, SAMPLE_MAPPING
from macros.calibrate.sample import generate
from scripts.cli import cli

SAMPLE_ARGS = [str(SAMPLE), "--mapping", str(SAMPLE_MAPPING)]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["--root", str(ROOT), "calibrate", *args], prog_name="playbook")


@pytest.fixture(scope="module")
def out_of_band(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("busy") / "busy.csv"
    generate(path, profile="out-of-band")
    return path


def test_help_has_an_example_and_the_exit_codes() -> None:
    result = CliRunner().invoke(cli, ["calibrate", "--help"], prog_name="playbook")
    assert result.exit_code == 0
    assert ("  Example:\n    playbook calibrate docs/data/sample-tickets.csv --mapping "
            "docs/data/sample-tickets.mapping.yml\n") in result.output
    assert "--fail-outside-bands" in result.output and "Exit codes:" in result.output
    assert "calibrate" in CliRunner().invoke(cli, ["--help"], prog_name="playbook").output


def test_the_sample_runs_inside_its_bands_with_exit_0() -> None:
    result = run(*SAMPLE_ARGS, "--fail-outside-bands")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Calibration of ")
    assert "Tickets that escalate" in result.stdout and "inside" in result.stdout


def test_strict_fails_when_rows_were_excluded() -> None:
    result = run(*SAMPLE_ARGS, "--strict")
    assert result.exit_code == 1
    assert "3 tickets excluded because a value does not convert" in result.stdout


def test_a_band_outside_fails_only_when_asked(out_of_band: Path) -> None:
    args = [str(out_of_band), "--mapping", str(SAMPLE_MAPPING)]
    assert run(*args).exit_code == 0
    result = run(*args, "--fail-outside-bands")
    assert result.exit_code == 1
    assert "is above its target by" in result.stdout and "Look first at:" in result.stdout


def test_json_output_is_complete_and_parses() -> None:
    data = json.loads(run(*SAMPLE_ARGS, "--format", "json", "--by", "tier").stdout)
    assert set(data) == {"export", "format", "tickets", "bands", "levels", "criteria", "overlaps", "excluded",
                         "empty_fields", "breakdown", "outcomes", "staffing"}
    assert data["tickets"]["excluded"] == 3 and data["tickets"]["counted"] + 3 == data["tickets"]["total"]
    assert [b["verdict"] for b in data["bands"]] == ["inside", "inside"]
    assert [r["key"] for r in data["breakdown"]["rows"]] == ["enterprise", "business", "starter"]
    assert sum(e["tickets"] for e in data["excluded"]) == 3


def test_markdown_output_is_tables() -> None:
    text = run(*SAMPLE_ARGS, "--format", "markdown").stdout
    assert "### Bands\n\n| Band | From | Share | Target | Verdict |\n| --- | --- | ---: | --- | --- |" in text


def test_svg_chart_is_written(tmp_path: Path) -> None:
    chart = tmp_path / "bands.svg"
    assert run(*SAMPLE_ARGS, "--svg", str(chart)).exit_code == 0
    svg = chart.read_text(encoding="utf-8")
    assert svg.startswith("<svg ") and 'role="img"' in svg and "\n\n" not in svg


def test_map_options_alone_are_enough(tmp_path: Path) -> None:
    """Field ids as column names need no mapping; --map and --unit fill the rest."""
    path = tmp_path / "t.csv"
    path.write_text("ticket_id,priority,production_impact,notice_days\nA,p2,yes,20\nB,p3,no,\n", encoding="utf-8")
    result = run(str(path), "--map", "termination_notice=notice_days", "--unit", "termination_notice=days")
    assert result.exit_code == 2  # other fields the criteria need are missing, and each is named
    assert "no column for ticket field 'arr' (ARR)" in result.stderr
    assert "termination_notice" not in result.stderr


def test_errors_in_the_playbook_stop_the_run_with_exit_1(project: Path, run_cli) -> None:  # noqa: ANN001
    levels = project / "playbook" / "levels.yml"
    levels.write_text(levels.read_text(encoding="utf-8").replace("field: legal_threat,", "field: legal_thread,"),
                      encoding="utf-8")
    result = run_cli("--root", ".", "calibrate", str(SAMPLE), "--mapping", str(SAMPLE_MAPPING))
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert "unknown ticket field 'legal_thread' (did you mean 'legal_threat'?)" in lines[0]
    assert lines[-1] == "the playbook has errors in the files calibrate reads; fix them (playbook validate)"
    assert result.stdout == ""
