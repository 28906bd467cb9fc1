"""Issue 10's mutation test: each structured figure, changed to a value no output shows yet, follows into
every output that showed it (site pages, printed sheets, search index; PDFs and the slide in the slow run),
and no output keeps the old value. A figure no output shows is a failure. The slow run does so for every
organisation in the repository (this one and each under examples/).

The default run changes a deterministic sample (PLAYBOOK_MUTATION_SAMPLE, at least 40; PLAYBOOK_MUTATION_SEED
picks another sample). The slow test changes every figure and prints the PDFs and the slide too (a few
minutes); it runs with PLAYBOOK_EXHAUSTIVE=1, like the other exhaustive runs:

    PLAYBOOK_EXHAUSTIVE=1 .venv/bin/python -m pytest tests/mutation -m slow
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from mutation_kit import ORGANISATIONS, copy_project, organisation_copy, run

from macros.mutation import sample

SAMPLE = max(40, int(os.environ.get("PLAYBOOK_MUTATION_SAMPLE", "40")))
SEED = os.environ.get("PLAYBOOK_MUTATION_SEED", "")
EXHAUSTIVE = os.environ.get("PLAYBOOK_EXHAUSTIVE") == "1"


def test_a_sample_of_figures_follows_into_every_output(tmp_path: Path) -> None:
    report = run(copy_project(tmp_path / "project"), lambda figures: sample(figures, SAMPLE, SEED))
    print(report.summary(), *report.pinned(), sep="\n  ")
    assert len({m.figure.id for m in report.mutated}) >= min(SAMPLE, len(report.figures)) - len(report.pinned())
    assert report.failures() == []


@pytest.mark.slow
@pytest.mark.browser
@pytest.mark.skipif(not EXHAUSTIVE, reason="every figure with PDFs takes minutes: set PLAYBOOK_EXHAUSTIVE=1")
@pytest.mark.parametrize("organisation", sorted(ORGANISATIONS))
def test_every_figure_follows_into_every_output_pdf_and_slide(tmp_path: Path, organisation: str) -> None:
    from print_helpers import missing_tools

    if missing_tools():
        if os.environ.get("CI") == "true":
            pytest.fail("; ".join(missing_tools()))
        pytest.skip("; ".join(missing_tools()))
    report = run(organisation_copy(ORGANISATIONS[organisation], tmp_path / "project"), lambda figures: figures,
                 printed=True)
    print(report.summary(), *report.pinned(), sep="\n  ")
    assert report.failures() == []


def test_a_renderer_that_stops_showing_a_figure_is_caught(tmp_path: Path) -> None:
    """The test can fail: the copy's on-call page drops the ladder's waits. A wait that no other output shows
    is reported (a wait a rule ties to another figure, shown there, may stay unreported), and nothing else is."""
    root = copy_project(tmp_path / "project")
    renderer = root / "macros" / "render" / "routing.py"
    source = renderer.read_text(encoding="utf-8")
    shown = 'cell(duration_text(step["wait"]))'
    assert source.count(shown) == 1
    renderer.write_text(source.replace(shown, 'cell("")'), encoding="utf-8")
    report = run(root, lambda figures: [f for f in figures if f.stem == "on-call" and f.path[0] == "ladder"])
    waits = [m.figure for m in report.mutated if m.figure.stem == "on-call"]
    assert waits and report.failures()
    assert all(any(f"ladder[{w.path[1]}].wait" in failure for w in waits) for failure in report.failures())
    assert any("no output shows it" in failure for failure in report.failures())
