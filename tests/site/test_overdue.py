"""Overdue reviews are visible outside `make validate`: every build prints the warnings, and each
page built from an overdue file says so at the top."""
from __future__ import annotations

import markdown
from click.testing import CliRunner

from macros.playbook import load_playbook
from macros.render.common import page_meta
from site_helpers import copy_project

LATER = "2030-01-01"  # every example file is overdue by then


def test_a_page_built_from_an_overdue_file_says_since_when(tmp_path, monkeypatch) -> None:
    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("PLAYBOOK_TODAY", LATER)
    playbook, _problems = load_playbook(root)
    data = playbook["communication"]
    html = markdown.markdown(page_meta(playbook, ["communication"]), extensions=["admonition", "md_in_html"])
    assert '<div class="admonition warning">' in html
    assert '<p class="admonition-title">Overdue for review</p>' in html
    assert "overdue for review since 20" in html and data["owner"] in html
    monkeypatch.setenv("PLAYBOOK_TODAY", data["last_reviewed"])
    assert "Overdue" not in page_meta(playbook, ["communication"])


def test_every_build_prints_the_overdue_warnings(tmp_path, monkeypatch) -> None:
    import macros.build as building
    from scripts.cli import cli

    root = copy_project(tmp_path / "project")
    monkeypatch.setenv("PLAYBOOK_TODAY", LATER)
    monkeypatch.setattr(building, "_run_interruptibly", lambda command, where, env: (1, "stub: no mkdocs here"))
    result = CliRunner().invoke(cli, ["--root", str(root), "build"], prog_name="playbook")
    warnings = [line for line in result.output.splitlines() if line.startswith("warning: ")]
    assert len(warnings) >= 10
    assert all("overdue since" in line and "[review-due]" in line for line in warnings)
    assert any(line.startswith("warning: ") and "communication.yml:" in line for line in warnings)
