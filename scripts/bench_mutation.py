"""What the mutation test costs: figures found, how many are changed, builds, seconds; the default sample
and the full set side by side in one run, against one plain site build (the unit everything costs).

Example:
  .venv/bin/python scripts/bench_mutation.py                  # default sample and full set, site only
  .venv/bin/python scripts/bench_mutation.py --printed        # the full set also prints PDFs and the slide
  .venv/bin/python scripts/bench_mutation.py --root examples/quillmate
"""
from __future__ import annotations

import argparse
import pathlib
import sys
import tempfile
import time

REPO = pathlib.Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests" / "mutation"))

from mutation_kit import build, organisation_copy, run  # noqa: E402

from macros.mutation import sample  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=pathlib.Path, default=REPO, help="this project or an example organisation's folder")
    parser.add_argument("--sample", type=int, default=40)
    parser.add_argument("--printed", action="store_true", help="the full set also prints PDFs and the slide")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = organisation_copy(args.root.resolve(), pathlib.Path(tmp) / "project")
        start = time.perf_counter()
        assert build(root).ok
        plain = time.perf_counter() - start
        rows = [("one site build", "", "", "", plain)]
        for name, pick, printed in (("default sample", lambda f: sample(f, args.sample), False),
                                    ("full set" + (" + PDFs, slide" if args.printed else ""), lambda f: f, args.printed)):
            report = run(root, pick, printed=printed)
            rows.append((name, len(report.figures), len({m.figure.id for m in report.mutated}), report.builds,
                         report.seconds))
            print(f"{name}: {report.summary()}", *report.failures(), *report.pinned(), sep="\n  ", file=sys.stderr)
    print(f"{'run':<28} {'figures':>8} {'changed':>8} {'builds':>7} {'seconds':>8} {'× one build':>12}")
    for name, figures, changed, builds, seconds in rows:
        print(f"{name:<28} {figures!s:>8} {changed!s:>8} {builds!s:>7} {seconds:>8.1f} {seconds / plain:>12.1f}")


if __name__ == "__main__":
    main()
