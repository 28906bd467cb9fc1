"""`playbook build`: a bad playbook stops the build with validate's messages and keeps the
last good site; two builds of one commit are byte-identical; a macro error fails the build."""
from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from site_helpers import build, copy_project, edit


def tree_digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_broken_playbook_keeps_the_last_good_site(project_copy: Path) -> None:
    good = build(project_copy)
    assert good.ok, good.output
    before = tree_digest(good.site)
    edit(project_copy, "playbook/levels.yml", "owner: incident-commander\n", "owner: incident-comander\n")
    failed = build(project_copy)
    assert not failed.ok
    assert ("playbook/levels.yml:92:12: levels[2].owner: unknown role 'incident-comander' "
            "(did you mean 'incident-commander'?)") in failed.output
    assert "Traceback" not in failed.output
    assert tree_digest(failed.site) == before
    assert not list(project_copy.glob(".site-build-*")), "the staging folder was left behind"


def test_cli_build_exit_code_and_message(project_copy: Path) -> None:
    edit(project_copy, "playbook/phrases.yml", "text: calm down", "text: calm down\n    text: again")
    done = subprocess.run([sys.executable, "-m", "scripts.cli", "--root", str(project_copy), "build"],
                          capture_output=True, text=True, cwd=project_copy,
                          env=dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2])))
    assert done.returncode == 1
    assert "duplicate key 'text'" in done.stderr and "[yaml-duplicate-key]" in done.stderr
    assert "was left as it was" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


def test_two_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build(copy_project(tmp_path / "one"))
    second = build(copy_project(tmp_path / "two"))
    assert first.ok and second.ok
    assert tree_digest(first.site) == tree_digest(second.site)


def test_a_macro_error_fails_the_build_instead_of_publishing_it(project_copy: Path) -> None:
    (project_copy / "docs" / "glossary.md").write_text("---\ntitle: Glossary\n---\n# Glossary\n\n{{ no_such_macro() }}\n",
                                                      encoding="utf-8")
    result = build(project_copy)
    assert not result.ok
    # named in the file as the author sees it, front matter counted
    assert "docs/glossary.md:6:1: unknown macro no_such_macro(); the macros a page can call are: " in result.output
    assert "Traceback" not in result.output


def test_cached_outputs_follow_their_inputs(project_copy: Path) -> None:
    """The calibration page and the .pptx are cached under .cache/ by content; a change to the
    data they come from must show in the next build, never a stale copy."""
    first = build(project_copy)
    assert first.ok, first.output
    calibration = (first.site / "calibration" / "index.html").read_text(encoding="utf-8")
    pptx = (first.site / "downloads" / "executive-brief.pptx").read_bytes()
    assert list((project_copy / ".cache" / "calibration").iterdir()), "the calibration page was not cached"
    edit(project_copy, "playbook/levels.yml", "{field: disputed_amount, op: above, value: {amount: 1000, currency: USD}}",
         "{field: disputed_amount, op: above, value: {amount: 900000, currency: USD}}")
    edit(project_copy, "playbook/executive-brief.yml", "label: Next decision needed,", "label: Decision we need,")
    second = build(project_copy)
    assert second.ok, second.output
    assert (second.site / "calibration" / "index.html").read_text(encoding="utf-8") != calibration
    assert (second.site / "downloads" / "executive-brief.pptx").read_bytes() != pptx
