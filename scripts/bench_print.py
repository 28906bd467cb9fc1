"""Benchmark what issue 15 added to printing, side by side (medians of --runs):

- the .pptx as a build writes it (python-pptx, layout placeholders, app.xml, reproducible zip)
  against the same file plus its thumbnail rendered from the slide's PDF page (pdftoppm);
- the chat versions (plain, Slack, Teams) of every chat template, against the plain text alone.

Needs a slide PDF for the thumbnail: pass --slide-pdf (from `make pdf`), else that row is skipped.

Example:
    .venv/bin/python scripts/bench_print.py
    .venv/bin/python scripts/bench_print.py --runs 20 --slide-pdf site/pdf/executive-brief.pdf
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.render.chat import render, versions  # noqa: E402
from macros.site import build_playbook  # noqa: E402
from macros.slides import attach_thumbnail, brief_pptx_bytes  # noqa: E402


def median_ms(run: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return 1000 * statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--slide-pdf", type=Path, default=ROOT / "site" / "pdf" / "executive-brief.pdf")
    args = parser.parse_args()
    pb = build_playbook(ROOT)
    pptx = brief_pptx_bytes(pb)

    plain_pptx = median_ms(lambda: brief_pptx_bytes(pb), args.runs)
    print(f".pptx as built: {plain_pptx:.1f} ms median, {len(pptx)} bytes")
    if args.slide_pdf.is_file():
        target = Path("/tmp/bench-print-brief.pptx")

        def with_thumb() -> None:
            target.write_bytes(brief_pptx_bytes(pb))
            attach_thumbnail(pb, target, args.slide_pdf)

        thumbed = median_ms(with_thumb, args.runs)
        print(f".pptx + thumbnail from the PDF page: {thumbed:.1f} ms median, {target.stat().st_size} bytes "
              f"({thumbed / plain_pptx:.2f}x)")
    else:
        print(f"no slide PDF at {args.slide_pdf}; run `make pdf` or pass --slide-pdf for the thumbnail row")

    channels = pb.by_id("communication", "channels")
    chat = [t for t in pb["communication"]["templates"] if channels[t["channel"]].get("formats")]
    only_plain = median_ms(lambda: [render(t["body"], "plain") for t in chat], args.runs * 20)
    every = median_ms(lambda: [versions(t["body"], channels[t["channel"]]["formats"]) for t in chat], args.runs * 20)
    print(f"chat templates ({len(chat)}): plain only {only_plain:.3f} ms, plain + Slack + Teams {every:.3f} ms "
          f"({every / only_plain:.2f}x)")


if __name__ == "__main__":
    main()
