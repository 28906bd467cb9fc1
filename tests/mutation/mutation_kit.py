"""Runs mutations of the playbook's figures through real builds and collects what readers see.

Outputs are texts by name: every built page's article (`site:` and the printed sheets under
`site:print/`), the search index by page (`search:`), and with `printed=True` the PDFs of `playbook pdf`
(`pdf:`) and the editable slide (`pptx:`). The core (`macros.mutation`) finds, mutates and judges.
"""
from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "print"))

from site_helpers import build, copy_project, pages, visible_text  # noqa: E402

from macros.mutation import (Figure, Finding, Mutation, Unmutable, Workspace, batches, choose,  # noqa: E402
                             find_figures, judge, occurrences)

BATCH = int(os.environ.get("PLAYBOOK_MUTATION_BATCH", "80"))  # mutations built together
REPO = Path(__file__).resolve().parents[2]
# Every organisation in the repository: this project's own playbook and each example's folder.
ORGANISATIONS = {"main": REPO, **{p.name: p for p in sorted((REPO / "examples").glob("*")) if (p / "playbook").is_dir()}}


def organisation_copy(source: Path, dest: Path) -> Path:
    """A throw-away copy to mutate: the whole project for this one, the organisation's folder for an example."""
    if source == REPO:
        return copy_project(dest)
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns("site", ".cache", "__pycache__"))
    return dest


def search_texts(site: Path) -> dict[str, str]:
    """The search index's words, by page."""
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_page: dict[str, list[str]] = {}
    for doc in index["docs"]:
        page = doc["location"].split("#")[0] or "index"
        by_page.setdefault(page, []).extend([doc.get("title", ""), doc.get("text", "")])
    return {f"search:{page}": re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", _no_charts(" ".join(parts)))))
            for page, parts in by_page.items()}


def _no_charts(source: str) -> str:
    """Charts left out: their axes print round numbers that are no figure of the playbook."""
    return re.sub(r"<svg\b.*?</svg>", " ", source, flags=re.S)


def printed_texts(root: Path, site: Path) -> dict[str, str]:
    """`playbook pdf` on the built site, then the words of every PDF (pdftotext) and of the .pptx slide."""
    from click.testing import CliRunner

    from scripts.cli import cli

    result = CliRunner().invoke(cli, ["--root", str(root), "pdf", "--site-dir", str(site)], prog_name="playbook")
    assert result.exit_code in (0, 1) and list((site / "pdf").glob("*.pdf")), result.output  # 1: a sheet overflows
    texts = {}
    for pdf in sorted((site / "pdf").glob("*.pdf")):
        words = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                               check=True).stdout
        texts[f"pdf:{pdf.name}"] = re.sub(r"\s+", " ", words)
    for pptx in sorted(site.rglob("*.pptx")):
        texts[f"pptx:{pptx.name}"] = re.sub(r"\s+", " ", slide_words(pptx.read_bytes()))
    return texts


def slide_words(data: bytes) -> str:
    import io

    from pptx import Presentation

    words = []
    for slide in Presentation(io.BytesIO(data)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                words.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                words.extend(cell.text for row in shape.table.rows for cell in row.cells)
    return " ".join(words)


def outputs(root: Path, printed: bool) -> dict[str, str]:
    """Build the project at `root` and read every output."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    try:
        result = build(root)  # sets a fixed SOURCE_DATE_EPOCH; later tests must not inherit it
    finally:
        if epoch is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
    assert result.ok, result.output
    texts = {f"site:{page}": visible_text(_no_charts(source))
             for page, source in pages(result.site).items()}
    texts.update(search_texts(result.site))
    if printed:
        texts.update(printed_texts(root, result.site))
    return texts


@dataclass
class Report:
    figures: list[Figure]
    mutated: list[Mutation] = field(default_factory=list)
    unmutable: list[Unmutable] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    builds: int = 0
    seconds: float = 0.0
    rebuilt: list[str] = field(default_factory=list)  # batch findings built again alone (another change's doing?)

    def failures(self) -> list[str]:
        """Figures no output shows, shows the old way or keeps stale, and figures the run could not change."""
        return [f"{u.figure.id} ({u.figure.text}): no new value found: {u.reason}" for u in self.unmutable
                if not u.pinned] + sorted({f.text() for f in self.findings})

    def pinned(self) -> list[str]:
        """Figures the playbook's own rules fix (every value tried is refused): reported, not failures."""
        return [f"{u.figure.id} ({u.figure.text}): {u.reason}" for u in self.unmutable if u.pinned]

    def summary(self) -> str:
        return (f"{len(self.figures)} figures, {len({m.figure.id for m in self.mutated})} changed in {self.builds} "
                f"builds ({self.seconds:.1f} s), {len(self.pinned())} fixed by the playbook's rules, "
                f"{len(self.failures())} failures")


def run(root: Path, pick: Callable[[list[Figure]], list[Figure]], printed: bool = False,
        batch: int = BATCH) -> Report:
    """Mutate the figures `pick` chooses in the project copy at `root`, in as few builds as validate together.
    A figure whose batch found a problem is built again on its own, so findings never come from another
    figure's change."""
    started = time.perf_counter()
    workspace = Workspace(root)
    every = find_figures(workspace.playbook)
    report = Report(every)
    before = outputs(root, printed)
    report.builds += 1
    corpus = "\n".join(before.values())
    changes, report.unmutable = choose(workspace, pick(every), lambda words: occurrences(corpus, words) > 0, every)
    report.mutated = [m for change in changes for m in change]
    old_texts = [f.text for f in every]
    suspects: list[Mutation] = []
    for group in batches(workspace, changes, batch):
        found = _built(workspace, group, before, old_texts, printed)
        report.builds += 1
        if len(group) <= 2:
            report.findings += found
        else:
            suspects += [m for m in group if any(f.figure == m.figure for f in found)]
            report.rebuilt += sorted({f.text() for f in found})
    for change in [c for c in changes if any(m in suspects for m in c)]:
        report.findings += _built(workspace, list(change), before, old_texts, printed)
        report.builds += 1
    report.seconds = time.perf_counter() - started
    return report


def _built(workspace: Workspace, group: list[Mutation], before: dict[str, str], old_texts: list[str],
           printed: bool) -> list[Finding]:
    workspace.write(group)
    try:
        after = outputs(workspace.root, printed)
    finally:
        workspace.restore()
    return judge(group, before, after, old_texts)


__all__ = ["ORGANISATIONS", "Report", "copy_project", "organisation_copy", "run", "outputs"]
