"""Exports as people really have them: odd folder names, counts with thousands separators,
values outside what a real ticket can hold."""
from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from calibrate_helpers import ROOT, SAMPLE, SAMPLE_MAPPING
from scripts.cli import cli


def run(*args: str):  # noqa: ANN201 - click Result
    return CliRunner().invoke(cli, ["--root", str(ROOT), "calibrate", *args], prog_name="playbook")


def sample_lines(count: int) -> list[str]:
    return SAMPLE.read_text(encoding="utf-8").splitlines()[:count]


def test_glob_characters_in_folder_and_file_names_read_only_that_file(tmp_path: Path) -> None:
    folder = tmp_path / "exports [2026] *?"
    folder.mkdir()
    (folder / "tickets?.csv").write_text("\n".join(sample_lines(41)) + "\n", encoding="utf-8")
    (folder / "other.csv").write_text("\n".join(sample_lines(101)) + "\n", encoding="utf-8")  # a pattern would match
    (tmp_path / "exports 2 x.csv").write_text("\n".join(sample_lines(201)) + "\n", encoding="utf-8")
    result = run(str(folder / "tickets?.csv"), "--mapping", str(SAMPLE_MAPPING), "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert '"total": 40,' in result.stdout


def with_values(tmp_path: Path, column: str, values: dict[int, str]) -> Path:
    """The first 30 sample tickets with some values of one column replaced (1-based ticket numbers)."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO("\n".join(sample_lines(31)))))
    index = rows[0].index(column)
    for number, value in values.items():
        rows[number][index] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path = tmp_path / "t.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def test_counts_with_thousands_separators_convert(tmp_path: Path) -> None:
    path = with_values(tmp_path, "Accounts affected", {1: "1,000", 2: "12,500", 3: "1,00"})
    result = run(str(path), "--mapping", str(SAMPLE_MAPPING))
    assert result.exit_code == 0, result.stderr
    excluded = result.stdout[result.stdout.index("\nExcluded rows\n"):].splitlines()[2:]
    assert excluded == [f"  {path} row 4 (AF-100002): column 'Accounts affected' (field customers_affected) is not a "
                        "whole number; fix the values or the mapping"]


def test_values_outside_the_plausible_range_are_excluded_and_reported(tmp_path: Path) -> None:
    path = with_values(tmp_path, "ARR (USD)", {2: "-12000", 5: "$-1,000.00", 6: "0"})
    result = run(str(path), "--mapping", str(SAMPLE_MAPPING))
    assert result.exit_code == 0, result.stderr
    assert "2 tickets excluded because a value does not convert or is outside its plausible range" in result.stdout
    excluded = result.stdout[result.stdout.index("\nExcluded rows\n"):].splitlines()[2:]
    assert excluded == [f"  {path} row 3 (AF-100001), row 6 (AF-100004): column 'ARR (USD)' (field arr) is outside "
                        "the plausible range (at least 0 USD, from playbook/ticket-fields.yml); fix the values or the "
                        "mapping"]
