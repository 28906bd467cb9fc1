"""Benchmark the level finder, side by side:

- `playbook level` against `playbook validate`, each as a new process (medians and their ratio):
  the finder loads and validates the playbook and must not build the site;
- the finder's data file (assets/finder-data.js) for the example and for a generated playbook N
  times larger (the generator of bench_validate.py): size and size per level, to show linear growth;
- the page's answer time in Chromium after an input changes (median over many changes), from a
  site built into a temporary folder (or --site DIR, an already built site).
"""
from __future__ import annotations

import argparse
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

from macros.finder.export import finder_script  # noqa: E402
from macros.loading import load_file  # noqa: E402
from macros.playbook import AREAS, PLAYBOOK_DIR, load_playbook  # noqa: E402
from scripts.bench_validate import grown, write_project  # noqa: E402

EPILOG = """\
examples:
  python scripts/bench_finder.py                  # 7 CLI runs each, 20x playbook, 200 input changes
  python scripts/bench_finder.py --runs 3 --changes 50 --site site
"""
LEVEL_ARGS = ["level", "--set", "priority=p1", "--set", "customers_affected=3", "--format", "json"]


def cli(root: pathlib.Path, args: list[str]) -> float:
    command = [str(pathlib.Path(sys.executable).parent / "playbook"), "--root", str(root), *args]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def cli_medians(runs: int) -> tuple[float, float]:
    validate, level = [], []
    for _ in range(runs):  # interleaved, so machine noise hits both alike
        validate.append(cli(REPO, ["validate"]))
        level.append(cli(REPO, LEVEL_ARGS))
    return statistics.median(validate), statistics.median(level)


def data_sizes(factor: int) -> list[tuple[str, int, int]]:
    example = {stem: load_file(REPO / PLAYBOOK_DIR / f"{stem}.yml").data for stem in AREAS}
    os.environ.setdefault("PLAYBOOK_TODAY", max(str(d["last_reviewed"]) for d in example.values()))
    out = []
    with tempfile.TemporaryDirectory(prefix="bench-finder-") as temp:
        big = pathlib.Path(temp) / "big"
        write_project(big, grown(example, factor))
        for label, root in (("example", REPO), (f"{factor}x", big)):
            pb, _problems = load_playbook(root)
            out.append((label, len(finder_script(pb).encode("utf-8")), len(pb.levels)))
    return out


def page_timings(site: pathlib.Path, changes: int) -> list[float]:
    from browser_kit import browser, serve

    with serve(site) as base, browser() as chromium:
        page = chromium.new_page()
        page.goto(f"{base}/finder/", wait_until="networkidle")
        # Each change: set one input and dispatch the event the page listens to; the handler answers
        # synchronously, so the time from dispatch to the updated result region is measured in the page.
        return page.evaluate("""(n) => {
          const form = document.getElementById('finder-form');
          const selects = [...form.querySelectorAll('select:not([name$="__unit"])')];
          const times = [];
          for (let i = 0; i < n; i++) {
            const s = selects[i % selects.length];
            s.selectedIndex = (s.selectedIndex + 1) % s.options.length;
            const t0 = performance.now();
            s.dispatchEvent(new Event('change', {bubbles: true}));
            document.getElementById('finder-result').getAttribute('data-level');
            times.push(performance.now() - t0);
          }
          return times;
        }""", changes)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7, help="CLI runs of each command (default: 7)")
    parser.add_argument("--factor", type=int, default=20, help="size of the generated playbook (default: 20)")
    parser.add_argument("--changes", type=int, default=200, help="input changes timed in Chromium (default: 200)")
    parser.add_argument("--site", type=pathlib.Path, help="an already built site (default: build one)")
    args = parser.parse_args(argv)

    validate, level = cli_medians(args.runs)
    print(f"CLI, new process, median of {args.runs}: validate {validate * 1000:.0f} ms, "
          f"level {level * 1000:.0f} ms, ratio {level / validate:.2f}x")
    sizes = data_sizes(args.factor)
    base_bytes, base_levels = sizes[0][1], sizes[0][2]
    for label, size, levels in sizes:
        print(f"finder data ({label}): {size / 1024:.1f} KiB for {levels} levels "
              f"({size / base_bytes:.1f}x the bytes for {levels / base_levels:.1f}x the levels)")
    if args.site:
        timings = page_timings(args.site, args.changes)
    else:
        from macros.build import build_site

        with tempfile.TemporaryDirectory(prefix="bench-finder-site-") as temp:
            result = build_site(REPO, pathlib.Path(temp) / "site")
            if not result.ok:
                raise SystemExit(result.output)
            timings = page_timings(result.site, args.changes)
    print(f"finder page, Chromium, {len(timings)} input changes: median {statistics.median(timings):.2f} ms, "
          f"max {max(timings):.2f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
