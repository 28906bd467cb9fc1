"""The print pages and the slide as built by mkdocs: no browser needed."""
from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from pptx import Presentation

from macros.playbook import load_playbook
from macros.render.markdown import Linker
from macros.render.printing import (executive_slide, page_url, print_checklist, print_index, printables,
                                    quick_reference_card)
from macros.slides import brief_pptx_bytes

from print_helpers import REPO, run_pdf

PLAYBOOK, _ = load_playbook(REPO)


def page(site, path: str) -> str:
    return (site / path / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("role_id", list(PLAYBOOK.roles))
def test_each_role_has_a_checklist_page_with_a_box_per_step(print_site, role_id):
    html = page(print_site, f"print/{role_id}")
    steps = sum(len(s) for s in PLAYBOOK.roles[role_id]["checklist"].values())
    assert html.count('<input type="checkbox" class="pb-check"') == steps
    for label in ("Incident id", "Date", "Start time", "Customer", "Level"):
        assert f"<b>{label}</b>" in html
    link = f'href="../../pdf/{role_id}-letter.pdf"'
    if link in html:  # never a dead link (issue 9.12)
        assert (print_site / "pdf" / f"{role_id}-letter.pdf").is_file()
    else:  # built before `make pdf`: the page says how to make it
        assert "(not made yet: run <code>make pdf</code>)" in html


def test_print_all_holds_every_role(print_site):
    html = page(print_site, "print/all")
    assert html.count('class="pb-sheet') == len(PLAYBOOK.roles)
    assert html.count("pb-new-page") == len(PLAYBOOK.roles) - 1


def test_the_print_stylesheet_is_on_every_page(print_site):
    assert 'href="../../assets/print.css"' in page(print_site, "print/incident-commander")
    assert 'href="../assets/print.css"' in page(print_site, "levels")


def test_the_executive_briefing_page_links_the_pptx_and_has_copyable_blocks(print_site):
    html = page(print_site, "executive-briefing")
    assert 'href="../downloads/executive-brief.pptx"' in html
    assert (print_site / "downloads" / "executive-brief.pptx").is_file()
    brief = PLAYBOOK["executive-brief"]
    for template_id in (brief["chat_template"], brief["daily_summary"]["template"]):
        first_line = PLAYBOOK.templates[template_id]["body"].splitlines()[0]
        assert re.search(r"<pre[^>]*>.*" + re.escape(first_line.split("{")[0].strip()), html, re.S)


HOSTILE = "<script>alert(1)</script> *not bold* [x](javascript:alert(3)) </title>"


def rendered(markdown_text: str) -> str:
    import markdown

    return markdown.Markdown(extensions=["md_in_html", "attr_list", "tables"]).convert(markdown_text)


def test_data_strings_are_escaped_on_the_print_pages():
    pb, _ = load_playbook(REPO)
    role_id, level_id = next(iter(pb.roles)), next(iter(pb.levels))
    role = pb.roles[role_id]
    role["purpose"] = role["name"] = HOSTILE
    next(iter(role["checklist"].values()))[0]["text"] = HOSTILE
    pb.levels[level_id]["name"] = HOSTILE
    pb["executive-brief"]["slide"]["title"] = HOSTILE
    pb["executive-brief"]["bullets"][0]["prompt"] = HOSTILE
    linker = Linker("print/x.md")
    for out in (print_checklist(pb, linker, role_id), quick_reference_card(pb, linker, level_id),
                executive_slide(pb, linker), print_index(pb, Linker("print/index.md"))):
        html = rendered(out)
        assert "<script>" not in html and "</title>" not in html
        assert 'href="javascript' not in html  # the link syntax shows as text


def test_an_unknown_role_or_level_says_which_exist():
    with pytest.raises(ValueError, match="unknown level 'level-9'; known levels: level-1"):
        quick_reference_card(PLAYBOOK, Linker("print/quick-reference.md"), "level-9")
    with pytest.raises(ValueError, match="unknown role 'nobody'"):
        print_checklist(PLAYBOOK, Linker("print/x.md"), "nobody")


def test_the_pptx_has_one_slide_with_the_five_bullets_in_placeholders(print_site):
    prs = Presentation(str(print_site / "downloads" / "executive-brief.pptx"))
    assert len(prs.slides) == 1
    slide = prs.slides[0]
    width, height = map(int, PLAYBOOK["executive-brief"]["slide"]["aspect"].split(":"))
    assert prs.slide_width / prs.slide_height == pytest.approx(width / height, rel=0.001)
    placeholders = [shape for shape in slide.shapes if shape.is_placeholder]
    # title, body and one per slide field, editable in PowerPoint
    assert len(placeholders) == 2 + len(PLAYBOOK["executive-brief"]["slide"]["fields"])
    body = slide.placeholders[1].text_frame.text
    for bullet in PLAYBOOK["executive-brief"]["bullets"]:
        assert f"{bullet['label']}: {{{bullet['placeholder']}}}" in body
        assert bullet["prompt"] in slide.notes_slide.notes_text_frame.text
    assert placeholders[0].text_frame.text == PLAYBOOK["executive-brief"]["slide"]["title"]


def test_the_pptx_bytes_are_reproducible(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    first, second = brief_pptx_bytes(PLAYBOOK), brief_pptx_bytes(PLAYBOOK)
    assert first == second
    stamp = dt.datetime.fromtimestamp(1700000000, dt.timezone.utc).timetuple()[:6]
    assert {info.date_time for info in zipfile.ZipFile(io.BytesIO(first)).infolist()} == {stamp}


def test_every_printable_has_its_page_in_the_site(print_site):
    for item in printables(PLAYBOOK):
        assert (print_site / page_url(item.page) / "index.html").is_file(), item.page


def test_pdf_without_a_built_site_is_a_usage_error(tmp_path):
    result = run_pdf(REPO, tmp_path / "nothing-here")
    assert result.exit_code == 2
    assert "no built site in" in result.output and "run `make site` first" in result.output


def test_pdf_without_chromium_is_a_usage_error(print_site):
    result = run_pdf(REPO, print_site, "--chromium", "/nonexistent/chromium")
    assert result.exit_code == 2
    assert "chromium not found at /nonexistent/chromium" in result.output


def test_pdf_help_has_an_example():
    from click.testing import CliRunner

    from scripts.cli import cli

    result = CliRunner().invoke(cli, ["pdf", "--help"], prog_name="playbook")
    assert result.exit_code == 0
    assert "Example:" in result.output and "playbook pdf" in result.output


def test_a_card_prints_its_level_instead_of_asking_to_circle_one(print_site):
    from macros.render.printing import card_levels, card_page

    for level_id in card_levels(PLAYBOOK):
        html = page(print_site, page_url(card_page(level_id)).rstrip("/"))
        level = PLAYBOOK.levels[level_id]
        assert "circle one" not in html and 'class="pb-circle"' not in html
        assert f"<b>Level</b> Level {level['rank']}: {level['name']}" in html
    assert "circle one" in page(print_site, f"print/{next(iter(PLAYBOOK.roles))}")


def test_the_war_room_is_on_a_card_only_when_the_level_sends_a_chat_message_first():
    from macros.render.printing import card_levels, card_roles

    first = next(iter(PLAYBOOK.phases))
    channels = {c["id"]: c for c in PLAYBOOK["communication"]["channels"]}
    seen = set()
    for level_id in card_levels(PLAYBOOK):
        level = PLAYBOOK.levels[level_id]
        chat = any(channels[PLAYBOOK.templates[t]["channel"]].get("formats") for t in level["templates"].get(first, []))
        out = quick_reference_card(PLAYBOOK, Linker("print/x.md"), level_id)
        assert ("**War room**" in out) == chat, level_id
        roles = card_roles(PLAYBOOK, level_id)
        assert roles[0] == level["owner"]
        assert all(PLAYBOOK.roles[r]["core"] for r in roles[1:]) or not chat
        seen.add(chat)
    assert seen == {True, False}, "the example has levels of both kinds"
