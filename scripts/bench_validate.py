"""Benchmark `playbook validate` on the example playbook and on a generated one N times larger.

Not a test: it prints a table. The larger playbook is built from the example in a temporary
folder by repeating every list of entries with renamed ids (roles, templates, phrases, levels,
rotations, fields, ...), keeping every cross-reference valid; the script checks that it
validates clean before timing anything.
"""
from __future__ import annotations

import argparse
import copy
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any, Callable

import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from macros.loading import clear_cache as clear_load_cache, load_file  # noqa: E402
from macros.playbook import AREAS, PLAYBOOK_DIR, SCHEMA_DIR, load_documents, load_playbook  # noqa: E402
from macros.rules import all_rules, run_rules  # noqa: E402
from macros.schemas import check_schemas, clear_cache as clear_schema_cache  # noqa: E402

EPILOG = """\
examples:
  python scripts/bench_validate.py                  # 15 in-process runs, 5 CLI runs, 20x playbook
  python scripts/bench_validate.py --runs 5 --factor 10
  python scripts/bench_validate.py --keep /tmp/big  # also keep the generated playbook to inspect
"""


# ---------------------------------------------------------------- generating a larger playbook

def renamed(entry: dict[str, Any], copy_number: int, key: str = "id", sep: str = "-") -> dict[str, Any]:
    twin = copy.deepcopy(entry)
    twin[key] = f"{entry[key]}{sep}x{copy_number}"
    return twin


def repeat(entries: list[dict[str, Any]], factor: int, key: str = "id", sep: str = "-") -> list[dict[str, Any]]:
    """The entries, then factor-1 renamed copies of them: `<id>-x2` … `<id>-x<factor>`."""
    return entries + [renamed(e, n, key, sep) for n in range(2, factor + 1) for e in entries]


def more_levels(data: dict[str, dict[str, Any]], factor: int) -> None:
    """factor times as many levels, ranks 1..N; each added level copies the top one (same response
    times, so each responds at least as fast as the one below) and gets intake requirements."""
    levels = data["levels"]["levels"]
    top = levels[-1]
    requirement = next(r for r in data["intake"]["requirements"] if r["level"] == top["id"])
    for rank in range(len(levels) + 1, len(levels) * factor + 1):
        level = copy.deepcopy(top)
        level.update(id=f"level-{rank}", rank=rank, name=f"{top['name']} {rank}")
        level["criteria"] = [renamed(c, rank) for c in top["criteria"]]
        levels.append(level)
        data["intake"]["requirements"].append({**copy.deepcopy(requirement), "level": level["id"]})


def more_tiers(data: dict[str, dict[str, Any]], factor: int) -> None:
    """factor times as many support tiers, each with an update cadence for every priority."""
    tiers, cadences = data["organisation"]["tiers"], data["communication"]["cadences"]
    original_tiers, original_cadences = list(tiers), list(cadences)
    for n in range(2, factor + 1):
        for tier in original_tiers:
            twin = renamed(tier, n)
            tiers.append(twin)
            cadences.extend({**copy.deepcopy(c), "tier": twin["id"]} for c in original_cadences if c["tier"] == tier["id"])


# What to multiply in each file: (path to the list, how to rename). Lists whose length is a policy
# fact (priorities and tiers with their cadences, score weights, bands, ladder steps) stay as they are.
LISTS: dict[str, list[tuple[tuple[str, ...], str, str]]] = {
    "roles": [(("roles",), "id", "-")],
    "communication": [(("templates",), "id", "-"), (("channels",), "id", "-"), (("war_room_brief",), "id", "-")],
    "phrases": [(("approved",), "id", "-"), (("banned",), "id", "-")],
    "glossary": [(("terms",), "term", " ")],
    "intake": [(("facts",), "id", "-")],
    "on-call": [(("rotations",), "id", "-"), (("health", "burnout_flags"), "id", "-")],
    "routing": [(("queues",), "id", "-"), (("escalation_types",), "id", "-")],
    "ticket-fields": [(("fields",), "id", "_")],
    "metrics": [(("outcomes",), "id", "-"), (("calibration",), "id", "-")],
    "training": [(("modules",), "id", "-")],
    "review": [(("sections",), "id", "-"), (("action_fields",), "id", "-")],
    "decision-rights": [(("approvers",), "id", "-"), (("exceptions",), "id", "-")],
    "service-recovery": [(("rules",), "id", "-")],
    "organisation": [(("coverage_hours",), "id", "-")],
}


def grown(data: dict[str, dict[str, Any]], factor: int) -> dict[str, dict[str, Any]]:
    data = copy.deepcopy(data)
    for stem, lists in LISTS.items():
        for path, key, sep in lists:
            *parents, last = path
            holder = data[stem]
            for step in parents:
                holder = holder[step]
            holder[last] = repeat(holder[last], factor, key, sep)
    more_levels(data, factor)
    more_tiers(data, factor)
    return data


def write_project(folder: pathlib.Path, data: dict[str, dict[str, Any]]) -> None:
    (folder / PLAYBOOK_DIR).mkdir(parents=True)
    shutil.copytree(REPO / SCHEMA_DIR, folder / SCHEMA_DIR)
    shutil.copytree(REPO / "docs" / "data", folder / "docs" / "data")  # the files organisation.yml names
    for stem, content in data.items():
        modeline = f"# yaml-language-server: $schema=../{SCHEMA_DIR}/{stem}.schema.json\n"
        text = yaml.safe_dump(content, allow_unicode=True, sort_keys=False, width=120, default_flow_style=None)
        (folder / PLAYBOOK_DIR / f"{stem}.yml").write_text(modeline + text, encoding="utf-8")


# ---------------------------------------------------------------- timing

def size(folder: pathlib.Path) -> tuple[int, int]:
    files = sorted((folder / PLAYBOOK_DIR).glob("*.yml"))
    return sum(p.stat().st_size for p in files), sum(len(p.read_text(encoding="utf-8").splitlines()) for p in files)


def stages(root: pathlib.Path) -> dict[str, float]:
    """One validation, timed by stage: YAML loading, schema checks, cross-reference rules.
    The content caches are emptied first: this times a cold validation, as `playbook validate` runs."""
    clear_load_cache()
    clear_schema_cache()
    t0 = time.perf_counter()
    playbook, _problems = load_documents(root)
    t1 = time.perf_counter()
    _schema_problems, playbook.clean = check_schemas(playbook)
    t2 = time.perf_counter()
    run_rules(playbook, playbook.clean)
    t3 = time.perf_counter()
    return {"load": t1 - t0, "schema": t2 - t1, "rules": t3 - t2, "total": t3 - t0}


def cli_seconds(root: pathlib.Path) -> float:
    command = [str(pathlib.Path(sys.executable).parent / "playbook"), "--root", str(root), "validate"]
    if not pathlib.Path(command[0]).exists():  # not installed: run the module instead
        command = [sys.executable, "-m", "scripts.cli", "--root", str(root), "validate"]
    start = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"validate failed on {root}:\n{done.stdout}{done.stderr}")
    return elapsed


def slowest_rules(root: pathlib.Path, runs: int, top: int = 3) -> list[tuple[str, float]]:
    """Median seconds of each cross-reference rule on root, slowest first."""
    playbook, _problems = load_documents(root)
    _schema_problems, playbook.clean = check_schemas(playbook)
    timings = []
    for rule_id, rule in all_rules().items():
        samples = []
        for _ in range(runs):
            start = time.perf_counter()
            list(rule.check(playbook))
            samples.append(time.perf_counter() - start)
        timings.append((rule_id, statistics.median(samples)))
    return sorted(timings, key=lambda t: -t[1])[:top]


def interleaved(measure: Callable[[pathlib.Path], Any], roots: list[pathlib.Path], runs: int) -> list[list[Any]]:
    """runs measurements of each root, alternating roots so machine noise hits both alike."""
    results: list[list[Any]] = [[] for _ in roots]
    for _ in range(runs):
        for i, root in enumerate(roots):
            results[i].append(measure(root))
    return results


def median_stage(samples: list[dict[str, float]], stage: str) -> float:
    return statistics.median(s[stage] for s in samples)


# ---------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15, help="in-process runs of each playbook (default: 15)")
    parser.add_argument("--cli-runs", type=int, default=5, help="runs of the CLI as a subprocess (default: 5)")
    parser.add_argument("--factor", type=int, default=20, help="how many times larger the generated playbook is "
                                                                "(default: 20)")
    parser.add_argument("--keep", type=pathlib.Path, help="write the generated playbook here instead of a temp folder")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.cli_runs < 0 or args.factor < 2:
        parser.error("--runs must be at least 1, --cli-runs at least 0, --factor at least 2")

    example = {stem: load_file(REPO / PLAYBOOK_DIR / f"{stem}.yml").data for stem in AREAS}
    # Review dates must not turn into warnings as the calendar moves on.
    os.environ.setdefault("PLAYBOOK_TODAY", max(d["last_reviewed"] for d in example.values()))

    with tempfile.TemporaryDirectory(prefix="bench-validate-") as temp:
        big = args.keep or pathlib.Path(temp) / "big"
        if big.exists():
            parser.error(f"{big} already exists; choose a new folder for --keep")
        write_project(big, grown(example, args.factor))
        _playbook, problems = load_playbook(big)
        if problems:
            print("\n".join(p.text() for p in problems[:20]), file=sys.stderr)
            raise SystemExit(f"the generated playbook is not valid ({len(problems)} problems); fix the generator")
        report(REPO, big, args)
    return 0


def report(small: pathlib.Path, big: pathlib.Path, args: argparse.Namespace) -> None:
    roots = [small, big]
    for root in roots:  # warm up: schema registry and imports, like every later run
        stages(root)
    samples = interleaved(stages, roots, args.runs)
    cli = interleaved(cli_seconds, roots, args.cli_runs) if args.cli_runs else [[], []]
    sizes = [size(root) for root in roots]

    label = ["example (1x)", f"generated ({args.factor}x)"]
    print(f"playbook validate: median of {args.runs} in-process runs (interleaved), "
          f"{args.cli_runs} CLI runs; Python {sys.version.split()[0]}")
    print()
    print(f"{'':<22}{'bytes':>10}{'lines':>8}{'load ms':>10}{'schema ms':>11}{'rules ms':>10}"
          f"{'total ms':>10}{'ms/KB':>8}{'CLI ms':>9}")
    for i, root in enumerate(roots):
        total = median_stage(samples[i], "total")
        kb = sizes[i][0] / 1024
        cli_ms = f"{statistics.median(cli[i]) * 1000:>9.0f}" if cli[i] else f"{'-':>9}"
        print(f"{label[i]:<22}{sizes[i][0]:>10,}{sizes[i][1]:>8,}"
              f"{median_stage(samples[i], 'load') * 1000:>10.1f}{median_stage(samples[i], 'schema') * 1000:>11.1f}"
              f"{median_stage(samples[i], 'rules') * 1000:>10.1f}{total * 1000:>10.1f}{total * 1000 / kb:>8.2f}{cli_ms}")

    def ratio(stage: str) -> float:
        return median_stage(samples[1], stage) / median_stage(samples[0], stage)

    size_ratio = sizes[1][0] / sizes[0][0]
    cli_ratio = f"{statistics.median(cli[1]) / statistics.median(cli[0]):.1f}x" if cli[0] else "-"
    print(f"{'ratio big/small':<22}{size_ratio:>9.1f}x{sizes[1][1] / sizes[0][1]:>7.1f}x"
          f"{ratio('load'):>9.1f}x{ratio('schema'):>10.1f}x{ratio('rules'):>9.1f}x{ratio('total'):>9.1f}x"
          f"{ratio('total') / size_ratio:>7.2f}x{cli_ratio:>9}")
    print()
    growth = ratio("total") / size_ratio
    shape = "about linear" if growth < 1.3 else "faster than linear"
    print(f"Validation time grows {ratio('total'):.1f}x for {size_ratio:.1f}x the bytes: {shape} "
          f"(cost per KB x{growth:.2f}).")
    rules = ", ".join(f"{rule_id} {seconds * 1000:.1f} ms" for rule_id, seconds in slowest_rules(big, 5))
    print(f"Slowest rules on the {args.factor}x playbook: {rules}.")
    if cli[0]:
        start_up = statistics.median(cli[0]) - median_stage(samples[0], "total")
        print(f"CLI start-up (interpreter, imports) is about {start_up * 1000:.0f} ms of each CLI run.")


if __name__ == "__main__":
    sys.exit(main())
