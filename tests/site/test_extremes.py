"""Valid data never crashes a later step: schema-valid extremes through validate, build, pdf and diff.

Two variants of the example playbook (see extremes.py): every free text at its length limit in
every character class with two decimal places on every quantity, and every duration and amount
scaled to its limit. Each must validate, build, print (a sheet that overflows is a reported
exit 1, never a traceback) and diff against the original with exit 1.
"""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import extremes
from site_helpers import PROJECT, copy_project

CHROMIUM = Path("/usr/bin/chromium")


def playbook(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(PROJECT), PLAYBOOK_TODAY="2026-11-01", SOURCE_DATE_EPOCH="1767225600",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1", GIT_AUTHOR_NAME="Ada", GIT_AUTHOR_EMAIL="a@x",
               GIT_COMMITTER_NAME="Ada", GIT_COMMITTER_EMAIL="a@x")
    return subprocess.run([sys.executable, "-m", "scripts.cli", "--root", str(root), *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


EXHAUSTIVE = os.environ.get("PLAYBOOK_EXHAUSTIVE") == "1"


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["text", "numbers"])
def test_extreme_valid_playbook_goes_through_every_step(tmp_path: Path, kind: str) -> None:
    """Validate and diff always; the text variant is also built (the .pptx is made there). The build of the
    numbers variant and the PDFs of both (about a minute each) run with PLAYBOOK_EXHAUSTIVE=1."""
    full = kind == "text" or EXHAUSTIVE
    root = copy_project(tmp_path / "project")
    for command in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "example"]):
        subprocess.run(["git", *command], cwd=root, check=True, capture_output=True,
                       env=dict(os.environ, GIT_CONFIG_GLOBAL=os.devnull, GIT_AUTHOR_NAME="Ada",
                                GIT_AUTHOR_EMAIL="a@x", GIT_COMMITTER_NAME="Ada", GIT_COMMITTER_EMAIL="a@x"))
    extremes.write(root, extremes.variant(root, kind))

    validated = playbook(root, "validate")
    assert validated.returncode == 0, validated.stdout
    diffed = playbook(root, "diff", "main", "--format", "text")
    assert diffed.returncode == 1, diffed.stdout + diffed.stderr
    assert "Traceback" not in diffed.stdout + diffed.stderr
    if not full:
        return
    built = playbook(root, "build")
    assert built.returncode == 0, built.stderr
    if EXHAUSTIVE and CHROMIUM.exists():
        printed = playbook(root, "pdf")
        assert printed.returncode in (0, 1), printed.stderr
        assert "Traceback" not in printed.stderr
        assert list((root / "site" / "pdf").glob("*.pdf")), printed.stderr
