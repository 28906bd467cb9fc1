"""An organisation that writes none of the optional print data (no slide fields, subject or team,
no chat formats, no contacts) still gets a slide, a .pptx, chat blocks and sheets, each saying
only what its data gives (no browser needed)."""
from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from macros.playbook import load_playbook

from print_helpers import REPO, build

COPIED = ("mkdocs.yml", "docs", "playbook", "schemas", "macros")


def _cut(path: Path, pattern: str) -> None:
    text = path.read_text(encoding="utf-8")
    cut, count = re.subn(pattern, "", text, flags=re.S | re.M)
    assert count == 1, f"{path.name}: {pattern!r} matched {count} times"
    path.write_text(cut, encoding="utf-8")


@pytest.fixture(scope="module")
def bare(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("bare")
    for name in COPIED:
        src = REPO / name
        (shutil.copytree(src, root / name, ignore=shutil.ignore_patterns("__pycache__")) if src.is_dir()
         else shutil.copy2(src, root / name))
    playbook = root / "playbook"
    _cut(playbook / "executive-brief.yml", r"^  subject: .*?\n")
    _cut(playbook / "executive-brief.yml", r"^  team: .*?\n")
    _cut(playbook / "executive-brief.yml", r"^  # What an executive asks first.*?(?=\n\S)")
    _cut(playbook / "communication.yml", r", formats: \[slack, teams\]")
    _cut(playbook / "on-call.yml", r"^# How to reach each rotation.*\Z")
    pb, problems = load_playbook(root)
    assert not [p for p in problems if p.severity == "error"], problems
    assert "fields" not in pb["executive-brief"]["slide"] and not pb["on-call"].get("contacts")
    return build(root, root / "site")


def test_the_slide_has_title_and_bullets_only(bare):
    html = (bare / "print" / "executive-brief" / "index.html").read_text(encoding="utf-8")
    assert 'class="pb-slide-fields"' not in html and 'class="pb-slide-bullets"' in html
    pb, _ = load_playbook(bare.parent)
    prs = Presentation(io.BytesIO((bare / "downloads" / "executive-brief.pptx").read_bytes()))
    assert len([s for s in prs.slides[0].shapes if s.is_placeholder]) == 2
    assert prs.core_properties.subject == pb["executive-brief"]["slide"]["title"]
    assert prs.core_properties.author == pb["executive-brief"]["owner"]


def test_chat_templates_have_one_block_without_formats(bare):
    html = (bare / "communication" / "index.html").read_text(encoding="utf-8")
    assert "pb-chat-versions" not in html and "· Slack" not in html


def test_sheets_say_no_contact_is_given_instead_of_inventing_one(bare):
    original, _ = load_playbook(REPO)
    names = [point["name"] for group in original["on-call"]["contacts"].values()
             for contact in group.values() for point in contact.values()]
    for page in ("print/quick-reference-level-3", f"print/{next(iter(original.roles))}"):
        html = (bare / page / "index.html").read_text(encoding="utf-8")
        assert "Who to page" in html
        assert not [name for name in names if name in html], page
