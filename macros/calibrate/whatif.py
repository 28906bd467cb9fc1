"""What-if: the criteria of another revision (or a changed levels file) replayed over the same export.

Both sides' criteria are evaluated in ONE pass over the export: the second side's criteria take
the mask bits after the first's, so a what-if costs about one calibration run, not two. Each
side's report is then built from its half of the masks, and the delta is per level, per band and
per criterion. When the two catalogues read a shared field differently (another type, range or
values), the two sides are run one after the other instead: still exactly right, twice the time.
Both sides count the same tickets: a row excluded on either side's fields is excluded on both.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from ..playbook import PLAYBOOK_DIR, Playbook, load_playbook
from ..schemas import schemas_folder
from .errors import USAGE, CalibrateError
from .mapping import Mapping
from .plan import Criterion, Plan, plan_from
from .query import Group, Scan
from .render import count, md, md_table, share, table
from .report import Report

AREAS = ("levels", "ticket-fields", "metrics", "organisation")


@dataclass(frozen=True)
class WhatIf:
    before: Report
    after: Report
    before_label: str
    after_label: str


# ---------------------------------------------------------------- the other side

def playbook_at(root: Path, revision: str) -> Playbook:
    """The playbook of a git revision, read from git objects into a private folder (nothing is run)."""
    if revision.startswith("-"):
        raise CalibrateError(f"--against {revision}: not a revision; name a commit, branch or tag", USAGE)
    folder = Path(tempfile.mkdtemp(prefix="playbook-whatif-"))
    try:
        names = _git(root, ["ls-tree", "-r", "-z", "--name-only", revision, "--", PLAYBOOK_DIR, "schemas"],
                     revision).decode("utf-8", "replace").split("\0")
        for name in filter(None, names):
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(_git(root, ["show", f"{revision}:{name}"], revision))
        return _load(folder, f"--against {revision}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def playbook_with_levels(root: Path, levels_file: Path) -> Playbook:
    """This playbook with its levels.yml replaced by `levels_file`."""
    if not levels_file.is_file():
        raise CalibrateError(f"--levels {levels_file}: no such file; check the path", USAGE)
    folder = Path(tempfile.mkdtemp(prefix="playbook-whatif-"))
    try:
        shutil.copytree(root / PLAYBOOK_DIR, folder / PLAYBOOK_DIR)
        shutil.copytree(schemas_folder(root), folder / "schemas")
        shutil.copyfile(levels_file, folder / PLAYBOOK_DIR / "levels.yml")
        return _load(folder, f"--levels {levels_file}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def _load(folder: Path, option: str) -> Playbook:
    from ..problems import errors

    pb, problems = load_playbook(folder, check_files=False)  # a copy of playbook/ alone: no data files here
    wanted = {f"{PLAYBOOK_DIR}/{stem}.yml" for stem in AREAS}
    blocking = [p for p in errors(problems) if any(str(p.file).endswith(w) for w in wanted)]
    if blocking:
        shown = [f"{option}: {p.text().split(str(folder) + os.sep, 1)[-1]}" for p in blocking[:10]]
        raise CalibrateError(shown + [f"{option}: that side of the playbook has errors in the files calibrate "
                                      "reads; fix them first"])
    return pb


def _git(root: Path, args: list[str], revision: str) -> bytes:
    try:
        done = subprocess.run(["git", "-C", str(root), *args], capture_output=True, timeout=60)
    except (OSError, subprocess.SubprocessError) as error:
        raise CalibrateError(f"--against {revision}: git could not run ({error})", USAGE) from None
    if done.returncode != 0:
        why = done.stderr.decode("utf-8", "replace").strip().splitlines()[:1] or ["unknown error"]
        raise CalibrateError(f"--against {revision}: {why[0]}; name a revision of this repository", USAGE)
    return done.stdout


# ---------------------------------------------------------------- one pass, two reports

def combined(first: Plan, second: Plan) -> Plan | None:
    """One plan holding both sides' criteria (the second's bits after the first's), or None when a field
    both read is not the same field on both sides."""
    shared = set(first.fields_needed()) & set(second.fields_needed())
    if any(first.catalogue[f] != second.catalogue[f] for f in shared):
        return None
    offset = len(first.criteria)
    moved = tuple(replace(c, bit=c.bit + offset) for c in second.criteria)
    return Plan((), first.criteria + moved, (), {**second.catalogue, **first.catalogue}, first.currency)


def split(scan: Scan, bits: int, first: bool) -> Scan:
    """One side's scan from the combined one: its half of each mask, equal groups merged."""
    merged: dict[tuple, int] = {}
    for g in scan.groups:
        mask = g.mask & ((1 << bits) - 1) if first else g.mask >> bits
        key = (mask, g.bad, g.key, g.actual, g.day, g.ids)
        merged[key] = merged.get(key, 0) + g.tickets
    groups = tuple(Group(m, b, k, n, a, d, i) for (m, b, k, a, d, i), n in merged.items())
    return Scan(scan.fields, groups, scan.bad_columns)


def what_if(before: Plan, after: Plan, export_path: Path, mapping: Mapping, options: "Options",  # noqa: F821
            labels: tuple[str, str]) -> WhatIf:
    from .run import calibrate_plan, calibrate_scans

    both = combined(before, after)
    if both is None:
        return WhatIf(calibrate_plan(before, export_path, mapping, options),
                      calibrate_plan(after, export_path, mapping, options), *labels)
    reports = calibrate_scans(both, export_path, mapping, options,
                              [(before, lambda s: split(s, len(before.criteria), True)),
                               (after, lambda s: split(s, len(before.criteria), False))])
    return WhatIf(reports[0], reports[1], *labels)


# ---------------------------------------------------------------- rendering

def band_sentences(w: WhatIf) -> list[str]:
    """'Tickets that reach Level 3: 1.47 % → 2.30 % of tickets, above its 0.5 % to 2 % band (was inside)'."""
    before = {b.id: b for b in w.before.bands}
    lines = []
    for b in w.after.bands:
        old = before.get(b.id)
        was = f"{share(old.share)}" if old else "no band"
        where = "inside" if b.verdict == "inside" else b.verdict
        lines.append(f"{b.name}: {was} → {share(b.share)} of tickets, {where} its "
                     f"{b.min:g} % to {b.max:g} % band" + (f" (was {old.verdict})" if old and old.verdict != b.verdict
                                                          else ""))
    return lines


def _rows(w: WhatIf) -> tuple[list[list[str]], list[list[str]]]:
    before_levels = {lv.id: lv for lv in w.before.levels}
    levels = []
    for lv in w.after.levels:
        old = before_levels.get(lv.id)
        was = old.would_land_at if old else 0
        levels.append([lv.id, f"{count(was)} ({share(w.before.share(was))})",
                       f"{count(lv.would_land_at)} ({share(w.after.share(lv.would_land_at))})",
                       _signed(lv.would_land_at - was)])
    for lv in w.before.levels:
        if lv.id not in {x.id for x in w.after.levels}:
            levels.append([lv.id, f"{count(lv.would_land_at)}", "removed", _signed(-lv.would_land_at)])
    before_criteria = {(c.level, c.id): c.matches for c in w.before.criteria}
    after_criteria = {(c.level, c.id): c.matches for c in w.after.criteria}
    criteria = []
    for key in list(dict.fromkeys(list(before_criteria) + list(after_criteria))):
        old, new = before_criteria.get(key), after_criteria.get(key)
        if old == new:
            continue
        criteria.append([f"{key[0]}/{key[1]}", "new" if old is None else count(old),
                         "removed" if new is None else count(new), _signed((new or 0) - (old or 0))])
    return levels, criteria


def _signed(n: int) -> str:
    return f"{n:+,}" if n else "0"


def text_what_if(w: WhatIf) -> str:
    levels, criteria = _rows(w)
    lines = [f"What if: the criteria of {w.after_label} instead of {w.before_label}, over {w.after.export} "
             f"({count(w.after.counted)} tickets counted)", "", "Bands"]
    lines += [f"  {s}" for s in band_sentences(w)]
    lines += ["", "Would land at, per level"] + table(["Level", "Before", "After", "Change"], levels, {1, 2, 3})
    lines += ["", "Criteria whose matches change"]
    lines += table(["Criterion", "Before", "After", "Change"], criteria, {1, 2, 3}) if criteria else ["  none"]
    return "\n".join(lines) + "\n"


def markdown_what_if(w: WhatIf, heading: str = "###") -> str:
    levels, criteria = _rows(w)
    lines = [f"{heading} Calibration: what this change does to ticket volume", "",
             md(f"The criteria of {w.after_label} instead of {w.before_label}, replayed over "
                f"{w.after.export} ({count(w.after.counted)} tickets counted)."), ""]
    lines += [f"- {md(s)}" for s in band_sentences(w)]
    lines += [""] + md_table(["Level", "Would land at before", "After", "Change"], levels, {1, 2, 3})
    lines += [""] + (md_table(["Criterion", "Matches before", "After", "Change"], criteria, {1, 2, 3})
                     if criteria else ["No criterion matches a different number of tickets."])
    return "\n".join(lines) + "\n"


def json_what_if(w: WhatIf) -> str:
    import json

    from .render import json_report

    return json.dumps({"before": {"label": w.before_label, **json.loads(json_report(w.before))},
                       "after": {"label": w.after_label, **json.loads(json_report(w.after))},
                       "bands": band_sentences(w)}, indent=2, ensure_ascii=False) + "\n"


RENDERERS = {"text": text_what_if, "markdown": markdown_what_if, "json": json_what_if}
