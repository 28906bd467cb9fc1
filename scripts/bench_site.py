"""Benchmark the site build: the real build (load, validate, macros, mkdocs) against a plain
`mkdocs build` of the very same pages with the macros already rendered.

The real build runs five times per round: cold (no .cache/, as a fresh clone in CI) with the helper
process that validates the playbook and then makes the costly parts while mkdocs renders the pages
(macros/prewarm.py, macros/pending.py), cold in one process (PLAYBOOK_PREWARM=0: validation first,
then everything in the build's own process), and warm (right after, with what the cold build kept:
the validated playbook, the reports, the in-browser tools' data, the slide), each as `mkdocs build`;
then cold and warm again through `playbook build`, what `make site` runs (the same helper, and the
site built into a staging folder swapped in on success). Wall and CPU seconds are both printed.

The plain build gets the same pages, the same nav (with the role pages and sheets the hooks add) and the
same front matter (search exclusions and boosts), so both builds index and draw the same site; only
the site settings from organisation.yml (title, logo) differ. The ratio shows what loading, validation
and the macros cost on top of mkdocs itself. It runs
for the example playbook and for a generated one N times larger (the generator of
bench_validate.py), interleaving runs so machine noise hits every variant alike.
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

import yaml

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from macros.loading import clear_cache as clear_load_cache, load_file  # noqa: E402
from macros.schemas import clear_cache as clear_schema_cache  # noqa: E402
from macros.playbook import AREAS, PLAYBOOK_DIR, load_playbook  # noqa: E402
from scripts.bench_validate import grown, write_project  # noqa: E402

EPILOG = """\
examples:
  python scripts/bench_site.py              # 5 runs of each variant, example and 20x playbook
  python scripts/bench_site.py --runs 3 --factor 10
  python scripts/bench_site.py --runs 3 --factor 5 --history   # also a git clone (the Policy changes page)
"""

CPU_TIME = False  # wall seconds from mkdocs(); both wall and CPU seconds are printed
DUMP_HOOK = '''
import json, os, pathlib
import yaml
def on_config(config):  # after the playbook's hooks: the nav with the role pages and sheets they add
    out = pathlib.Path(os.environ["PLAYBOOK_BENCH_DUMP"]).with_suffix(".nav.json")
    out.write_text(json.dumps(config.nav), encoding="utf-8")
    return config
def on_page_markdown(markdown, page, config, files):
    out = pathlib.Path(os.environ["PLAYBOOK_BENCH_DUMP"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    # the page's front matter too (search exclusion and boosts): the plain build indexes what the real one does
    meta = "---\\n" + yaml.safe_dump(page.meta) + "---\\n" if page.meta else ""
    out.write_text(meta + markdown, encoding="utf-8")
    return markdown
'''


def make_project(folder: pathlib.Path, playbook_from: pathlib.Path | None = None) -> pathlib.Path:
    """A copy of the site sources; its playbook from `playbook_from` (a generated one) or the example."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("mkdocs.yml", "docs", "macros", "schemas") + (() if playbook_from else ("playbook",)):
        src = REPO / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, folder / name)
    if playbook_from:
        shutil.copytree(playbook_from / PLAYBOOK_DIR, folder / PLAYBOOK_DIR)
    return folder


def clone_project(folder: pathlib.Path) -> pathlib.Path:
    """A git clone of this repository at HEAD: the Policy changes page then replays the playbook's history."""
    subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", str(REPO), str(folder)], check=True)
    return folder


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


LAST_CPU = [0.0]  # CPU seconds of the last build (its helper process included), whatever --cpu says


def mkdocs(root: pathlib.Path, config: str, out: pathlib.Path, env: dict[str, str] | None = None) -> float:
    """Seconds the build took: CPU seconds of the build process (and of the helper process a cold build
    starts, see macros/prewarm.py) with --cpu (a shared, loaded machine stretches wall time by whatever
    else runs), else wall seconds, which is what a user waits for."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(out)], cwd=root,
                          capture_output=True, text=True, env=dict(os.environ, **(env or {})))
    LAST_CPU[0] = _children_cpu() - cpu
    elapsed = LAST_CPU[0] if CPU_TIME else time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"mkdocs build of {root / config} failed:\n{done.stdout}{done.stderr}")
    return elapsed


def prerender(root: pathlib.Path) -> str:
    """Render every page once through the real macros, then write a plain config over the result."""
    dump = root / "prerendered"
    (root / "bench_dump_hook.py").write_text(DUMP_HOOK, encoding="utf-8")
    config = yaml.safe_load((root / "mkdocs.yml").read_text(encoding="utf-8"))
    dumping = dict(config, hooks=config.get("hooks", []) + ["bench_dump_hook.py"])
    (root / "bench-dump.yml").write_text(yaml.safe_dump(dumping), encoding="utf-8")
    mkdocs(root, "bench-dump.yml", root / "out-dump", {"PLAYBOOK_BENCH_DUMP": str(dump)})
    shutil.copytree(root / "docs" / "assets", dump / "assets", dirs_exist_ok=True)
    plain = {k: v for k, v in config.items() if k not in ("hooks", "nav", "validation")}
    # the same nav as the real build (with the pages its hooks add), so Material draws the same menu on every page
    nav = json.loads(dump.with_suffix(".nav.json").read_text(encoding="utf-8"))
    plain.update(docs_dir="prerendered", plugins=["search"], strict=False, nav=nav)
    (root / "bench-plain.yml").write_text(yaml.safe_dump(plain), encoding="utf-8")
    return "bench-plain.yml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="builds of each variant (default: 5)")
    parser.add_argument("--factor", type=int, default=20, help="size of the generated playbook (default: 20)")
    parser.add_argument("--history", action="store_true",
                        help="also time a git clone of this repository, whose Policy changes page replays its history")
    args = parser.parse_args(argv)
    if args.runs < 1 or args.factor < 2:
        parser.error("--runs must be at least 1 and --factor at least 2")
    example = {stem: load_file(REPO / PLAYBOOK_DIR / f"{stem}.yml").data for stem in AREAS}
    os.environ.setdefault("PLAYBOOK_TODAY", max(d["last_reviewed"] for d in example.values()))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    variants = ("cold", "cold-alone", "warm", "make-cold", "make-warm", "plain")
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temp:
        base = pathlib.Path(temp)
        write_project(base / "generated", grown(example, args.factor))
        projects = {"example (1x)": make_project(base / "small")}
        if args.history:
            projects["example, git clone"] = clone_project(base / "clone")
        projects[f"generated ({args.factor}x)"] = make_project(base / "big", base / "generated")
        plain = {name: prerender(root) for name, root in projects.items()}
        wall: dict[str, dict[str, list[float]]] = {n: {v: [] for v in variants + ("validate",)} for n in projects}
        cpu: dict[str, dict[str, list[float]]] = {n: {v: [] for v in variants + ("validate",)} for n in projects}

        def timed(name: str, variant: str, root: pathlib.Path, config: str, env: dict[str, str] | None = None) -> None:
            start = time.perf_counter()
            mkdocs(root, config, root / f"out-{variant}", env)
            wall[name][variant].append(time.perf_counter() - start)
            cpu[name][variant].append(LAST_CPU[0])

        def timed_cli(name: str, variant: str, root: pathlib.Path) -> None:
            start, used = time.perf_counter(), _children_cpu()
            done = subprocess.run([str(pathlib.Path(sys.executable).parent / "playbook"), "--root", str(root), "build",
                                   "--site-dir", str(root / f"out-{variant}")], cwd=root, capture_output=True, text=True)
            if done.returncode != 0:
                raise SystemExit(f"playbook build in {root} failed:\n{done.stdout}{done.stderr}")
            wall[name][variant].append(time.perf_counter() - start)
            cpu[name][variant].append(_children_cpu() - used)

        for _ in range(args.runs):
            for name, root in projects.items():
                # cold: .cache/ removed, as in a fresh clone in CI; once with the helper process (the default),
                # once without it (PLAYBOOK_PREWARM=0: everything in the build's own process)
                shutil.rmtree(root / ".cache", ignore_errors=True)
                timed(name, "cold-alone", root, "mkdocs.yml", {"PLAYBOOK_PREWARM": "0"})
                shutil.rmtree(root / ".cache", ignore_errors=True)
                timed(name, "cold", root, "mkdocs.yml")
                timed(name, "warm", root, "mkdocs.yml")  # .cache/ kept from the cold build
                # what `make site` runs: `playbook build` (the helper beside mkdocs, built aside and swapped in)
                shutil.rmtree(root / ".cache", ignore_errors=True)
                timed_cli(name, "make-cold", root)
                timed_cli(name, "make-warm", root)
                timed(name, "plain", root, plain[name])
                clear_load_cache()
                clear_schema_cache()
                start, used = time.perf_counter(), time.process_time()
                load_playbook(root)
                wall[name]["validate"].append(time.perf_counter() - start)
                cpu[name]["validate"].append(time.process_time() - used)
        pages = {n: len(list((r / "out-cold").rglob("index.html"))) for n, r in projects.items()}
        print(f"site build: median of {args.runs} runs each, interleaved; Python {sys.version.split()[0]}, "
              f"{len(os.sched_getaffinity(0))} cores, load average {os.getloadavg()[0]:.1f} at the end\n")
        print("cold: .cache/ removed first (a fresh clone, as in CI), with the helper process that validates and\n"
              "makes the costly parts while mkdocs renders (macros/prewarm.py); cold alone: the same in one process\n"
              "(PLAYBOOK_PREWARM=0); warm: the build right after, .cache/ kept; make cold/warm: the same through\n"
              "`playbook build`, what `make site` runs (the site built aside and swapped in); plain: mkdocs alone\n"
              "over the pre-rendered pages\n")
        for label, table in (("wall seconds (what a user waits for)", wall),
                             ("CPU seconds (every process of the build; steadier on a busy machine)", cpu)):
            print(label)
            shown = ("cold", "cold-alone", "warm", "make-cold", "make-warm")
            print(f"{'':<22}{'pages':>6}" + "".join(f"{v:>11}" for v in shown + ("plain",)) + "  ratio to plain: "
                  + " / ".join(shown) + f"{'validate ms':>13}")
            for name in projects:
                m = {v: statistics.median(table[name][v]) for v in variants + ("validate",)}
                print(f"{name:<22}{pages[name]:>6}" + "".join(f"{m[v]:>11.2f}" for v in shown + ("plain",))
                      + "  " + " / ".join(f"{m[v] / m['plain']:.2f}x" for v in shown)
                      + f"{m['validate'] * 1000:>13.0f}")
            print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
