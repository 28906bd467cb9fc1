"""`playbook init DIR`: a minimal valid playbook whose TODO markers validation lists until they are filled in."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from macros.build import build_site
from macros.init import SKELETON
from macros.playbook import load_playbook
from org_kit import ORG_ROOTS, data_strings, distinctive, found_in, tool_text

EXPECTED = Path(__file__).parent / "init-warnings.txt"


@pytest.fixture
def made(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli) -> Path:
    monkeypatch.chdir(tmp_path)
    done = run_cli("init", "acme")
    assert done.exit_code == 0, done.output
    assert done.output.startswith("created acme/playbook with 17 files; replace every TODO, then run:\n")
    return tmp_path / "acme"


def test_validate_lists_every_todo_as_a_warning(made: Path, run_cli):
    done = run_cli("--root", "acme", "validate")
    assert done.output == EXPECTED.read_text(encoding="utf-8")
    assert done.exit_code == 0


def test_strict_fails_until_every_todo_is_replaced(made: Path, run_cli):
    assert run_cli("--root", "acme", "validate", "--strict").exit_code == 1
    for path in (made / "playbook").glob("*.yml"):
        source = path.read_text(encoding="utf-8")
        source = re.sub(r"TODO: ([^\"\n]*)", lambda m: f"Filled in: {m.group(1)}", source)
        path.write_text(source.replace("currency: XXX", "currency: CHF").replace("currency: XXX}", "currency: CHF}"),
                        encoding="utf-8")
    done = run_cli("--root", "acme", "validate", "--strict")
    assert (done.exit_code, done.output) == (0, "playbook is valid: no problems found\n")


def test_the_site_builds_from_the_skeleton(made: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    result = build_site(made)
    assert result.ok, result.output
    index = (made / "site" / "index.html").read_text(encoding="utf-8")
    assert "TODO: your site&#39;s title" in index or "TODO: your site's title" in index
    assert (made / "site" / "downloads" / "executive-brief.pptx").is_file()


def test_the_skeleton_is_generic(made: Path):
    """No sentence or id of either example organisation is in the skeleton (words the tool itself
    prints, such as Priority, are not any organisation's)."""
    skeleton = "\n".join(p.read_text(encoding="utf-8") for p in sorted(SKELETON.glob("*.yml")))
    fresh, _problems = load_playbook(made)
    tool = tool_text()
    for root in ORG_ROOTS:
        pb, _problems = load_playbook(root)
        assert not [s for s in distinctive(data_strings(pb), "", tool) if found_in(s, skeleton)], root
        for ids in (lambda p: set(p.levels), lambda p: set(p.roles), lambda p: set(p.phases),
                    lambda p: set(p.priorities), lambda p: set(p.tiers)):
            assert not ids(pb) & ids(fresh), root


@pytest.mark.parametrize("kind", ["holds a playbook", "is a file", "is a link", "playbook is a link"])
def test_init_refuses_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, run_cli, kind):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "real").mkdir()
    if kind == "holds a playbook":
        (tmp_path / "acme" / "playbook").mkdir(parents=True)
        (tmp_path / "acme" / "playbook" / "levels.yml").write_text("mine\n", encoding="utf-8")
        message = "acme/playbook already exists; nothing was changed (init never overwrites a playbook)"
    elif kind == "is a file":
        (tmp_path / "acme").write_text("mine\n", encoding="utf-8")
        message = "acme is a file, not a folder; give a new or empty folder"
    elif kind == "is a link":
        (tmp_path / "acme").symlink_to(tmp_path / "real")
        message = "acme is a symbolic link; give the real folder (links are never followed)"
    else:
        (tmp_path / "acme").mkdir()
        (tmp_path / "acme" / "playbook").symlink_to(tmp_path / "real")
        message = "acme/playbook already exists; nothing was changed (init never overwrites a playbook)"
    before = sorted(str(p) for p in tmp_path.rglob("*"))
    done = run_cli("init", "acme")
    assert done.exit_code == 2
    assert done.output.startswith(f"Error: {message}")
    assert sorted(str(p) for p in tmp_path.rglob("*")) == before
    assert not any((tmp_path / "real").iterdir())
    if kind == "holds a playbook":
        assert (tmp_path / "acme" / "playbook" / "levels.yml").read_text(encoding="utf-8") == "mine\n"


def test_init_needs_no_project_and_help_has_an_example(run_cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(tmp_path)  # no playbook/ here: init must not ask for one
    done = run_cli("init", "--help")
    assert done.exit_code == 0 and "Example:" in done.output and "playbook init ../acme-support" in done.output
    assert run_cli("init", "fresh").exit_code == 0
