"""Privacy: reports hold aggregates and at most ticket ids. No ticket text, name or e-mail address,
and no unconvertible value, in any output: text, Markdown, JSON, SVG, the site page, error messages."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
from click.testing import CliRunner

from calibrate_helpers import ROOT, SAMPLE_MAPPING
from macros.calibrate.page import calibration_page
from macros.calibrate.sample import DIRTY, generate
from macros.playbook import load_playbook
from scripts.cli import cli

PRIVATE_COLUMNS = ("Subject", "Requester", "Requester email", "Organization")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, set[str]]:
    folder = tmp_path_factory.mktemp("privacy")
    path = folder / "tickets.csv"
    generate(path, days=30, seed=3)
    with open(path, encoding="utf-8") as rows:
        private = {row[c] for row in csv.DictReader(rows) for c in PRIVATE_COLUMNS}
    private |= {value for _column, value in DIRTY}
    assert any("@" in p for p in private) and len(private) > 100
    return path, private


def outputs(path: Path, tmp: Path) -> list[str]:
    texts = []
    for fmt in ("text", "markdown", "json"):
        for extra in ([], ["--by", "week"], ["--by", "tier"]):
            chart = tmp / "chart.svg"
            result = CliRunner().invoke(cli, ["--root", str(ROOT), "calibrate", str(path), "--mapping",
                                              str(SAMPLE_MAPPING), "--format", fmt, "--svg", str(chart), *extra])
            assert result.exit_code == 0, result.output
            texts += [result.output, chart.read_text(encoding="utf-8")]
    texts.append(calibration_page(load_playbook(ROOT)[0], path, SAMPLE_MAPPING))
    return texts


def test_no_private_value_reaches_any_output(export: tuple[Path, set[str]], tmp_path: Path) -> None:
    path, private = export
    for text in outputs(path, tmp_path):
        leaked = sorted(p for p in private if p and p in text)
        assert leaked == []


def test_only_ticket_ids_name_tickets(export: tuple[Path, set[str]], tmp_path: Path) -> None:
    path, _private = export
    text = outputs(path, tmp_path)[0]
    assert "(AF-" in text  # rows that did not convert are named by row and ticket id, nothing else


def test_error_messages_do_not_quote_the_file(tmp_path: Path) -> None:
    """Engine errors quote the offending text; ours say only where."""
    path = tmp_path / "broken.jsonl"
    path.write_text('{"Subject": "secret merger with Initech"}\n{"Subject": "jane@example.com" oops}\n',
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "calibrate", str(path)])
    assert result.exit_code == 2
    assert "Initech" not in result.output and "jane@" not in result.output
    assert "line 2: not valid JSON" in result.output
