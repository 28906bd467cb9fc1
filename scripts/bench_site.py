"""Benchmark the site build: the real build (load, validate, macros, mkdocs) against a plain
`mkdocs build` of the very same pages with the macros already rendered.

The real build runs twice per round: cold (no .cache/, as a fresh clone in CI) and warm (right
after, with what the cold build kept: the validated playbook, the in-browser tools' data, the slide).

The ratio shows what loading, validation and the macros cost on top of mkdocs itself. It runs
for the example playbook and for a generated one N times larger (the generator of
bench_validate.py), interleaving runs so machine noise hits every variant alike.
"""
from __future__ import annotations

import argparse
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
  python scripts/bench_site.py --runs 3 --cpu   # on a busy machine: CPU seconds, not wall seconds
"""

CPU_TIME = False  # --cpu sets it
DUMP_HOOK = '''
import os, pathlib
def on_page_markdown(markdown, page, config, files):
    out = pathlib.Path(os.environ["PLAYBOOK_BENCH_DUMP"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown, encoding="utf-8")
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


def _children_cpu() -> float:
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    return used.ru_utime + used.ru_stime


def mkdocs(root: pathlib.Path, config: str, out: pathlib.Path, env: dict[str, str] | None = None) -> float:
    """Seconds the build took: CPU seconds of the build process with --cpu (a shared, loaded machine
    stretches wall time by whatever else runs), else wall seconds."""
    start, cpu = time.perf_counter(), _children_cpu()
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "-q", "-f", config, "-d", str(out)], cwd=root,
                          capture_output=True, text=True, env=dict(os.environ, **(env or {})))
    elapsed = _children_cpu() - cpu if CPU_TIME else time.perf_counter() - start
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
    plain.update(docs_dir="prerendered", plugins=["search"], strict=False)
    (root / "bench-plain.yml").write_text(yaml.safe_dump(plain), encoding="utf-8")
    return "bench-plain.yml"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], epilog=EPILOG,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="builds of each variant (default: 5)")
    parser.add_argument("--factor", type=int, default=20, help="size of the generated playbook (default: 20)")
    parser.add_argument("--cpu", action="store_true",
                        help="measure CPU seconds of each build instead of wall seconds (for a loaded machine)")
    args = parser.parse_args(argv)
    global CPU_TIME
    CPU_TIME = args.cpu
    if args.runs < 1 or args.factor < 2:
        parser.error("--runs must be at least 1 and --factor at least 2")
    example = {stem: load_file(REPO / PLAYBOOK_DIR / f"{stem}.yml").data for stem in AREAS}
    os.environ.setdefault("PLAYBOOK_TODAY", max(d["last_reviewed"] for d in example.values()))
    os.environ["NO_MKDOCS_2_WARNING"] = "1"
    with tempfile.TemporaryDirectory(prefix="bench-site-") as temp:
        base = pathlib.Path(temp)
        write_project(base / "generated", grown(example, args.factor))
        projects = {"example (1x)": make_project(base / "small"),
                    f"generated ({args.factor}x)": make_project(base / "big", base / "generated")}
        plain = {name: prerender(root) for name, root in projects.items()}
        times: dict[str, dict[str, list[float]]] = {n: {"cold": [], "full": [], "plain": [], "validate": []}
                                                    for n in projects}
        for _ in range(args.runs):
            for name, root in projects.items():
                shutil.rmtree(root / ".cache", ignore_errors=True)  # cold: as in CI, nothing kept from before
                times[name]["cold"].append(mkdocs(root, "mkdocs.yml", root / "out-full"))
                times[name]["full"].append(mkdocs(root, "mkdocs.yml", root / "out-full"))  # warm: .cache kept
                times[name]["plain"].append(mkdocs(root, plain[name], root / "out-plain"))
                clear_load_cache()
                clear_schema_cache()
                start, cpu = time.perf_counter(), time.process_time()
                load_playbook(root)
                times[name]["validate"].append(time.process_time() - cpu if CPU_TIME else time.perf_counter() - start)
        pages = {n: len(list((r / "out-full").rglob("index.html"))) for n, r in projects.items()}
        print(f"site build: median of {args.runs} runs each, interleaved, {'CPU' if CPU_TIME else 'wall'} seconds; "
              f"Python {sys.version.split()[0]}\n")
        print("cold: .cache/ removed first (a fresh clone, as in CI); warm: the build right after it, .cache/ kept\n")
        print(f"{'':<20}{'pages':>7}{'cold s':>9}{'warm s':>9}{'plain mkdocs s':>16}{'cold/plain':>12}"
              f"{'warm/plain':>12}{'validate ms':>13}{'validate/cold':>15}")
        for name in projects:
            cold, full = statistics.median(times[name]["cold"]), statistics.median(times[name]["full"])
            bare, check = statistics.median(times[name]["plain"]), statistics.median(times[name]["validate"])
            print(f"{name:<20}{pages[name]:>7}{cold:>9.2f}{full:>9.2f}{bare:>16.2f}{cold / bare:>11.2f}x"
                  f"{full / bare:>11.2f}x{check * 1000:>13.0f}{check / cold:>14.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
