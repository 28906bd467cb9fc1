"""Benchmark `playbook pdf`: one browser for every page, against one Chromium process per page.

Builds the site into a temporary folder, times the whole PDF export (median of --runs),
then prints the same pages the naive way (`chromium --headless --print-to-pdf`, one
process per PDF) and reports both and the ratio.

Example:
    .venv/bin/python scripts/bench_pdf.py
    .venv/bin/python scripts/bench_pdf.py --runs 5 --naive-runs 0
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.build import build_site  # noqa: E402
from macros.pdf import CHROMIUM, CHROMIUM_ARGS, export_pdfs, serve  # noqa: E402
from macros.render.printing import page_url, printables  # noqa: E402
from macros.site import build_playbook  # noqa: E402


def time_export(site: Path, runs: int) -> tuple[float, int]:
    playbook = build_playbook(ROOT)
    times, count = [], 0
    for _ in range(runs):
        result = export_pdfs(site, playbook)
        times.append(result.seconds)
        count = len(result.files)
    return statistics.median(times), count


def time_naive(site: Path, workdir: Path) -> tuple[float, int]:
    """One fresh Chromium per PDF, the way a shell script would do it."""
    playbook = build_playbook(ROOT)
    jobs = [(item, rel) for item in printables(playbook) for rel in item.pdfs().values()]
    started = time.perf_counter()
    with serve(site) as base:
        for n, (item, rel) in enumerate(jobs):
            out = workdir / f"naive-{n}.pdf"
            subprocess.run([CHROMIUM, *CHROMIUM_ARGS, f"--user-data-dir={workdir / f'profile-{n}'}",
                            "--no-pdf-header-footer", f"--print-to-pdf={out}", base + page_url(item.page)],
                           check=True, capture_output=True, timeout=120)
    return time.perf_counter() - started, len(jobs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of the export (median is reported)")
    parser.add_argument("--naive-runs", type=int, default=1, help="runs of the one-process-per-page way (0 to skip)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        built = build_site(ROOT, Path(tmp) / "site")
        if not built.ok:
            sys.exit(f"the site did not build:\n{built.output}")
        ours, count = time_export(built.site, args.runs)
        print(f"playbook pdf (one browser): {ours:.2f} s for {count} PDFs, {ours / count:.3f} s per PDF "
              f"(median of {args.runs})")
        if args.naive_runs:
            naive = statistics.median(time_naive(built.site, Path(tmp))[0] for _ in range(args.naive_runs))
            print(f"one chromium per PDF:       {naive:.2f} s for {count} PDFs, {naive / count:.3f} s per PDF "
                  f"(median of {args.naive_runs})")
            print(f"ratio: the naive way takes {naive / ours:.1f}x as long")


if __name__ == "__main__":
    main()
