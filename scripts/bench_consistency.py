"""Benchmark what the consistency rules (typed-figure, sentence-slot, level-metric-target,
routing-owner, no-response-ladder) add to `playbook validate`, at 1x and at a generated size.

Each run loads and validates cold (caches cleared); with and without the rules are interleaved
so machine noise hits both alike. Prints medians and the added share.

Example:
  .venv/bin/python scripts/bench_consistency.py --runs 9 --factor 20
"""
from __future__ import annotations

import argparse
import pathlib
import statistics
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from macros import rules  # noqa: E402
from macros.loading import clear_cache as clear_load_cache, load_file  # noqa: E402
from macros.playbook import AREAS, PLAYBOOK_DIR, load_playbook  # noqa: E402
from macros.schemas import clear_cache as clear_schema_cache  # noqa: E402
from scripts.bench_validate import grown, write_project  # noqa: E402

CONSISTENCY = ("typed-figure", "sentence-slot", "level-metric-target", "routing-owner", "no-response-ladder")


def timed(root: pathlib.Path, without: bool) -> float:
    clear_load_cache()
    clear_schema_cache()
    original = rules.all_rules
    if without:
        kept = {k: v for k, v in original().items() if k not in CONSISTENCY}
        rules.all_rules = lambda: kept  # type: ignore[assignment]
    try:
        start = time.perf_counter()
        load_playbook(root)
        return time.perf_counter() - start
    finally:
        rules.all_rules = original  # type: ignore[assignment]


def measure(root: pathlib.Path, runs: int) -> tuple[float, float]:
    with_rules, without_rules = [], []
    for _ in range(runs):
        without_rules.append(timed(root, True))
        with_rules.append(timed(root, False))
    return statistics.median(with_rules), statistics.median(without_rules)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--factor", type=int, default=20)
    args = parser.parse_args(argv)
    data = {stem: load_file(REPO / PLAYBOOK_DIR / f"{stem}.yml").data for stem in AREAS}
    with tempfile.TemporaryDirectory() as tmp:
        big = pathlib.Path(tmp) / "big"
        write_project(big, grown(data, args.factor))
        for label, root in (("1x", REPO), (f"{args.factor}x", big)):
            full, base = measure(root, args.runs)
            print(f"{label:>4}: validate {full * 1000:8.1f} ms with the consistency rules, {base * 1000:8.1f} ms without: "
                  f"+{(full / base - 1) * 100:.1f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
