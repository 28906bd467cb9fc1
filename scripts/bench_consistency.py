"""Benchmark what the consistency rules (typed-figure, sentence-slot, level-metric-target,
routing-owner, no-response-ladder) add to `playbook validate`, at 1x and at a generated size.

Each run loads and validates cold (caches cleared); with and without the rules are interleaved
so machine noise hits both alike, and CPU time is measured (not wall time, which on a shared
machine measures the other processes). Prints medians, the added share and how validation time
grows with the size of the playbook.

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
        start = time.process_time()  # CPU time: on a shared machine wall time mostly measures the neighbours
        load_playbook(root)
        return time.process_time() - start
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
    parser.add_argument("--also", type=int, nargs="*", default=[],
                        help="more generated sizes to show how validation time grows (e.g. --also 5 10)")
    args = parser.parse_args(argv)
    data = {stem: load_file(REPO / PLAYBOOK_DIR / f"{stem}.yml").data for stem in AREAS}
    timed(REPO, False)  # imports (the finder's, jsonschema's) happen once per process: not the rules' cost
    medians: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for factor in sorted({1, args.factor, *args.also}):
            root = REPO if factor == 1 else pathlib.Path(tmp) / f"x{factor}"
            if factor != 1:
                write_project(root, grown(data, factor))
            full, base = measure(root, args.runs)
            medians[factor] = full
            print(f"{factor:>3}x: validate {full * 1000:8.1f} ms with the consistency rules, {base * 1000:8.1f} ms "
                  f"without: +{(full / base - 1) * 100:.1f} %")
    print("growth: " + ", ".join(f"{f}x data -> {medians[f] / medians[1]:.1f}x time" for f in sorted(medians) if f > 1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
