"""Benchmark `playbook diff` and the "Policy changes" page on a generated git history.

Not a test: it prints a table. It copies the example playbook into a temporary git
repository and makes N commits (500 by default), each changing one value the way a policy
pull request would: the Enterprise P1 update cadence, a metric target or a glossary
definition, in turn, so every commit stays valid and every diff has something to say.
Then it times:

- `playbook diff HEAD~1 HEAD` as a user runs it (a new process each time: start-up included)
  and in-process, median of several runs;
- the change-log page cold (empty cache: every commit compared) and warm (all cached);
- one `load_playbook` of the example, for scale: a diff loads two sides.

Wall time is what a user waits; CPU time (this process and its children, such as git and the
`playbook` process) is printed beside it because it hardly moves when other work shares the
machine, which wall time does.
"""
from __future__ import annotations

import argparse
import os
import pathlib
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Callable

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from macros.diff import diff_revisions  # noqa: E402
from macros.diff.changelog import CACHE_DIR, changelog_page  # noqa: E402
from macros.loading import clear_cache as clear_load_cache  # noqa: E402
from macros.playbook import load_playbook  # noqa: E402
from macros.schemas import clear_cache as clear_schema_cache  # noqa: E402


def cold_load(folder: pathlib.Path) -> None:
    """One load as `playbook validate` does it: nothing cached from an earlier run."""
    clear_load_cache()
    clear_schema_cache()
    load_playbook(folder)

EPILOG = """\
examples:
  python scripts/bench_diff.py                     # 500 commits, 5 runs of each diff
  python scripts/bench_diff.py --commits 100 --runs 3
  python scripts/bench_diff.py --keep /tmp/history # also keep the generated repository
"""

GIT_ENV = {"GIT_AUTHOR_NAME": "Bench", "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "Bench",
           "GIT_COMMITTER_EMAIL": "bench@example.com", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}

# (file, text before, text after with {n}): each commit applies one, in turn.
CADENCE = "  - {priority: p1, tier: enterprise, every: {minutes: 45}}\n"
TARGET = "target: {above: {percent: 95}}"
DEFINITION = "The longest allowed gap between two customer updates."
EDITS = (
    ("communication", CADENCE, "  - {{priority: p1, tier: enterprise, every: {{minutes: {n}}}}}\n",
     lambda i: 30 + i % 15),
    ("metrics", TARGET, "target: {{above: {{percent: {n}}}}}", lambda i: 90 + i % 9),
    ("glossary", DEFINITION, "The longest allowed gap between two customer updates (revision {n}).", lambda i: i),
)


def git(where: pathlib.Path, *args: str, date: int | None = None) -> str:
    env = {**os.environ, **GIT_ENV}
    if date is not None:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = f"@{date} +0000"
    return subprocess.run(["git", *args], cwd=where, env=env, check=True, capture_output=True, text=True).stdout


def make_history(folder: pathlib.Path, commits: int) -> None:
    for name in ("playbook", "schemas", "docs/data"):  # docs/data: the files organisation.yml names
        shutil.copytree(REPO / name, folder / name)
    git(folder, "init", "-q", "-b", "main")
    git(folder, "add", "-A")
    clock = 1_790_000_000
    git(folder, "commit", "-q", "-m", "Policy as first written", date=clock)
    current = {stem: before for stem, before, _after, _n in EDITS}
    for i in range(1, commits + 1):
        stem, _before, after, value = EDITS[i % len(EDITS)]
        path = folder / "playbook" / f"{stem}.yml"
        new = after.format(n=value(i))
        if new == current[stem]:  # the same value again would be no change: nudge it
            new = after.format(n=value(i + 1))
        path.write_text(path.read_text(encoding="utf-8").replace(current[stem], new), encoding="utf-8")
        current[stem] = new
        git(folder, "commit", "-q", "-am", f"Policy change {i}: {stem}", date=clock + i * 3600)


def cpu_seconds() -> float:
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def timed(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    """(median wall, fastest wall, median CPU) in seconds."""
    walls, cpus = [], []
    for _ in range(runs):
        start, cpu = time.perf_counter(), cpu_seconds()
        action()
        walls.append(time.perf_counter() - start)
        cpus.append(cpu_seconds() - cpu)
    return statistics.median(walls), min(walls), statistics.median(cpus)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--commits", type=int, default=500, help="policy commits to generate (default 500)")
    parser.add_argument("--runs", type=int, default=5, help="runs of each diff timing (default 5)")
    parser.add_argument("--keep", type=pathlib.Path, help="build the history here and keep it")
    args = parser.parse_args()

    folder = args.keep or pathlib.Path(tempfile.mkdtemp(prefix="bench-diff-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        start = time.perf_counter()
        make_history(folder, args.commits)
        print(f"generated {args.commits} policy commits in {time.perf_counter() - start:.1f} s ({folder})")
        playbook_cli = pathlib.Path(sys.executable).parent / "playbook"

        def cli_diff() -> None:
            done = subprocess.run([str(playbook_cli), "--root", str(folder), "diff", "HEAD~1", "HEAD"],
                                  capture_output=True, text=True)
            assert done.returncode == 1, done.stdout + done.stderr

        rows = [
            ("load_playbook, example, cold (reference)", timed(lambda: cold_load(folder), args.runs)),
            ("playbook diff HEAD~1 HEAD (new process)", timed(cli_diff, args.runs)),
            ("diff HEAD~1 HEAD (in-process)", timed(lambda: diff_revisions(folder, "HEAD~1", "HEAD"), args.runs)),
            (f"diff first..HEAD, {args.commits} commits apart",
             timed(lambda: diff_revisions(folder, "main~" + str(args.commits), "HEAD"), args.runs)),
        ]
        shutil.rmtree(folder / CACHE_DIR, ignore_errors=True)
        cold = timed(lambda: changelog_page(folder), 1)
        cached = len(list((folder / CACHE_DIR).glob("*.json")))
        warm = timed(lambda: changelog_page(folder), args.runs)
        rows += [(f"change log, cold ({cached} commits compared)", cold),
                 (f"change log, warm ({cached} commits cached)", warm)]
        width = max(len(name) for name, _ in rows)
        print(f"{'what':<{width}}  {'wall':>9}  {'fastest':>9}  {'CPU':>9}")
        for name, (median, fastest, cpu) in rows:
            print(f"{name:<{width}}  {median:>8.3f}s  {fastest:>8.3f}s  {cpu:>8.3f}s")
        print(f"cold change log: {cold[2] / max(cached, 1) * 1000:.0f} ms CPU per commit "
              f"(one load_playbook is {rows[0][1][2] * 1000:.0f} ms CPU)")
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
