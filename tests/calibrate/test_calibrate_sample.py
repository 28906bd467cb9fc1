"""The sample generator: seeded, committed as the example export, inside the bands in-band, above them out-of-band."""
from __future__ import annotations

from pathlib import Path

from calibrate_helpers import ROOT, SAMPLE, SAMPLE_MAPPING
from macros.calibrate.run import Options, calibrate
from macros.calibrate.sample import generate
from macros.playbook import load_playbook


def test_the_same_seed_gives_the_same_file(tmp_path: Path) -> None:
    for fmt in ("csv", "jsonl", "parquet"):
        first, second = tmp_path / f"a.{fmt}", tmp_path / f"b.{fmt}"
        generate(first, days=10)
        generate(second, days=10)
        assert first.read_bytes() == second.read_bytes()


def test_the_committed_sample_is_what_the_generator_writes(tmp_path: Path) -> None:
    """docs/data/sample-tickets.csv is `python scripts/generate_tickets.py docs/data/sample-tickets.csv`."""
    fresh = tmp_path / "sample.csv"
    generate(fresh)
    assert fresh.read_bytes() == SAMPLE.read_bytes()
    assert SAMPLE.stat().st_size < 3_000_000


def test_limit_gives_exactly_that_many_tickets(tmp_path: Path) -> None:
    assert generate(tmp_path / "t.csv", per_day=50, limit=1234) == 1234


def test_in_band_profile_lands_inside_every_band() -> None:
    report = calibrate(load_playbook(ROOT)[0], SAMPLE, Options(mapping_file=SAMPLE_MAPPING))
    assert [(b.id, b.verdict) for b in report.bands] == [(b.id, "inside") for b in report.bands]
    assert all(c.matches > 0 for c in report.criteria)  # every criterion is exercised by the example data


def test_out_of_band_profile_lands_above(tmp_path: Path) -> None:
    path = tmp_path / "busy.csv"
    generate(path, profile="out-of-band")
    report = calibrate(load_playbook(ROOT)[0], path, Options(mapping_file=SAMPLE_MAPPING))
    assert [b.verdict for b in report.bands] == ["above"] * len(report.bands)
    assert all(b.drivers for b in report.bands)
