"""Benchmark the message checker and the escalation timeline, in Python and in their pages.

Not a test: it prints tables of medians. Side by side in one run:
- the checker on drafts of 2,500 to 40,000 characters (growth with text length), with the
  example's banned phrases and with 100 and 1,000 generated ones, in Python and in Chromium
  (the page's own `PlaybookChecker.Checker`, timed with performance.now());
- a 30-day timeline computed in-process (Python) and in the page (pure function), and the page's
  update after an input changes (compute plus redrawing the table), median in Chromium.

    .venv/bin/python scripts/bench_checker.py              # builds site/ first if it is missing
    .venv/bin/python scripts/bench_checker.py --runs 21 --no-browser
"""
from __future__ import annotations

import argparse
import pathlib
import random
import statistics
import subprocess
import sys
import time
from datetime import datetime, timedelta
from typing import Any, Callable

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from macros.checker.engine import Checker, checker_data  # noqa: E402
from macros.playbook import load_playbook  # noqa: E402
from macros.timeline.engine import Request, compute, timeline_data  # noqa: E402

LENGTHS = (2_500, 5_000, 10_000, 20_000, 40_000)
PHRASES = (None, 100, 1_000)
WORDS = ("update", "customer", "forms", "workflow", "we", "are", "checking", "the", "connector", "and", "will",
         "write", "again", "by", "14:30", "UTC", "impact", "onboarding", "calm", "down", "not", "our")


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def draft(length: int, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts, size = [], 0
    while size < length:
        line = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
        parts.append(line)
        size += len(line) + 1
    return "\n".join(parts)[:length]


def generated_phrases(count: int, seed: int = 11) -> list[dict[str, str]]:
    rng = random.Random(seed)
    return [{"id": f"gen-{n}", "text": " ".join(rng.choice(WORDS) + str(n % 7 if rng.random() < .5 else "")
                                                  for _ in range(rng.randint(2, 4))),
             "instead": "Something kinder."} for n in range(count)]


def data_with(base: dict[str, Any], phrases: int | None) -> dict[str, Any]:
    return base if phrases is None else {**base, "banned": base["banned"] + generated_phrases(phrases)}


def python_checker(base: dict[str, Any], runs: int) -> dict[tuple[int, int | None], float]:
    results = {}
    for phrases in PHRASES:
        checker = Checker(data_with(base, phrases))
        for length in LENGTHS:
            text = draft(length)
            results[(length, phrases)] = median_ms(lambda: checker.check(text, "periodic-update"), runs)
    return results


def browser_runs(base: dict[str, Any], tdata: dict[str, Any], runs: int) -> dict[str, Any]:
    site = REPO / "site"
    if not (site / "checker" / "index.html").exists() or not (site / "timeline" / "index.html").exists():
        subprocess.run([sys.executable, "-m", "scripts.cli", "build"], cwd=REPO, check=True)
    from playwright.sync_api import sync_playwright

    from macros.pdf import CHROMIUM_ARGS, serve

    out: dict[str, Any] = {"checker": {}}
    with serve(site) as base_url, sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path="/usr/bin/chromium", headless=True,
                                      args=[a for a in CHROMIUM_ARGS if a != "--headless"])
        page = chromium.new_page()
        page.goto(f"{base_url}checker/", wait_until="networkidle")
        for phrases in PHRASES:
            data = data_with(base, phrases)
            for length in LENGTHS:
                out["checker"][(length, phrases)] = page.evaluate(
                    """([data, text, runs]) => { const c = new window.PlaybookChecker.Checker(data); const t = [];
                       for (let i = 0; i < runs; i++) { const s = performance.now(); c.check(text, 'periodic-update', null);
                         t.push(performance.now() - s); }
                       t.sort((a, b) => a - b); return t[Math.floor(t.length / 2)]; }""", [data, draft(length), runs])
        page.goto(f"{base_url}timeline/", wait_until="networkidle")
        start = int(datetime.fromisoformat("2026-03-02T09:00:00+00:00").timestamp() * 1000)
        out["timeline_pure"] = page.evaluate(
            """([start, runs]) => { const t = [];
               for (let i = 0; i < runs; i++) { const s = performance.now();
                 window.PlaybookTimeline.compute({level: 'level-3', priority: 'p1', tier: 'enterprise', start: start,
                   span: 30 * 1440, region: 'europe', resolved: null}); t.push(performance.now() - s); }
               t.sort((a, b) => a - b); return t[Math.floor(t.length / 2)]; }""", [start, runs])
        page.select_option("#timeline-level", "level-3")
        page.select_option("#timeline-priority", "p1")
        page.select_option("#timeline-tier", "enterprise")
        page.select_option("#timeline-region", "europe")
        page.fill("#timeline-start", "2026-03-02T09:00")
        out["timeline_update"] = page.evaluate(
            """(runs) => { const t = []; const box = document.getElementById('timeline-for');
               for (let i = 0; i < runs; i++) { box.value = (i % 2 ? '30d' : '29d');
                 const s = performance.now(); box.dispatchEvent(new Event('input', {bubbles: true}));
                 document.body.offsetHeight; t.push(performance.now() - s); }
               t.sort((a, b) => a - b); return t[Math.floor(t.length / 2)]; }""", runs)
        out["timeline_rows"] = page.locator("#timeline-events tbody tr").count()
        chromium.close()
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="runs per measurement (median reported)")
    parser.add_argument("--no-browser", action="store_true", help="Python only")
    args = parser.parse_args()
    pb, _ = load_playbook(REPO)
    base = checker_data(pb)
    tdata = timeline_data(pb)
    request = Request("level-3", "p1", "enterprise", datetime.fromisoformat("2026-03-02T09:00:00+00:00"),
                      timedelta(days=30), "europe")
    events = compute(tdata, request)
    py_timeline = median_ms(lambda: compute(tdata, request), args.runs)
    py_checker = python_checker(base, args.runs)
    browser = None if args.no_browser else browser_runs(base, tdata, args.runs)

    print(f"Message checker, median of {args.runs} runs, ms (banned phrases: example "
          f"{len(base['banned'])}, +100, +1,000 generated)")
    print(f"{'chars':>7}  " + "  ".join(f"{'py ' + str(p or 'ex'):>9}" for p in PHRASES)
          + ("  " + "  ".join(f"{'page ' + str(p or 'ex'):>10}" for p in PHRASES) if browser else ""))
    for length in LENGTHS:
        row = "  ".join(f"{py_checker[(length, p)]:9.2f}" for p in PHRASES)
        if browser:
            row += "  " + "  ".join(f"{browser['checker'][(length, p)]:10.2f}" for p in PHRASES)
        print(f"{length:>7}  {row}")
    grow = py_checker[(40_000, None)] / py_checker[(2_500, None)]
    print(f"growth 2,500 -> 40,000 chars (16x): Python {grow:.1f}x"
          + (f", page {browser['checker'][(40_000, None)] / browser['checker'][(2_500, None)]:.1f}x" if browser else ""))
    print(f"20,000 chars, example -> 1,000 extra phrases: Python "
          f"{py_checker[(20_000, 1_000)] / py_checker[(20_000, None)]:.2f}x"
          + (f", page {browser['checker'][(20_000, 1_000)] / browser['checker'][(20_000, None)]:.2f}x" if browser else ""))
    print()
    print(f"Timeline, 30 days, level-3 P1 Enterprise ({len(events)} events), median ms:")
    print(f"  Python in-process compute: {py_timeline:.2f}")
    if browser:
        print(f"  page, pure compute:        {browser['timeline_pure']:.2f}")
        print(f"  page, update after input:  {browser['timeline_update']:.2f} ({browser['timeline_rows']} rows)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
