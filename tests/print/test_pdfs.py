"""The PDFs a person prints: one page per sheet on Letter and A4, text from the playbook,
and a warning that names the role when its steps no longer fit."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from macros.playbook import load_playbook
from macros.render.printing import card_levels, printables
from macros.units import duration_text

from print_helpers import REPO, build, run_pdf

pytestmark = pytest.mark.browser

PLAYBOOK, _ = load_playbook(REPO)
ROLES = list(PLAYBOOK.roles)
PAPER_SIZES = {"letter": (612, 792), "a4": (595.92, 842.88)}


def pdfinfo(path: Path) -> tuple[int, float, float]:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))
    width, height = map(float, re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", out, re.M).groups())
    return pages, width, height


def pdftext(path: Path) -> str:
    out = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    return " ".join(out.split())


def test_the_export_succeeds_and_reports_its_time(exported):
    assert exported.result.exit_code == 0, exported.result.output
    assert re.search(r"\d+ PDFs written to .* in [\d.]+ s", exported.result.output)
    assert "warning" not in exported.result.output


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
@pytest.mark.parametrize("role", ROLES)
def test_each_checklist_is_exactly_one_page(exported, role, paper):
    pages, width, height = pdfinfo(exported.pdf(f"{role}-{paper}.pdf"))
    assert pages == 1
    assert (width, height) == pytest.approx(PAPER_SIZES[paper], abs=1)


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
def test_print_all_gives_each_role_its_own_page(exported, paper):
    pages, _, _ = pdfinfo(exported.pdf(f"all-checklists-{paper}.pdf"))
    assert pages == len(ROLES)
    text = pdftext(exported.pdf(f"all-checklists-{paper}.pdf"))
    assert all(f"{PLAYBOOK.roles[r]['name']}" in text for r in ROLES)


@pytest.mark.parametrize("paper", sorted(PAPER_SIZES))
@pytest.mark.parametrize("item", [i for i in printables(PLAYBOOK) if not i.landscape], ids=lambda i: i.name)
def test_every_printed_sheet_fits_its_pages_on_letter_and_a4(exported, item, paper):
    pages, width, height = pdfinfo(exported.pdf(f"{item.name}-{paper}.pdf"))
    assert pages == item.pages
    assert (width, height) == pytest.approx(PAPER_SIZES[paper], abs=1)


def test_there_is_a_card_for_every_level_whose_owner_runs_the_first_minutes(exported):
    first = next(iter(PLAYBOOK.phases))
    expected = {lid for lid, level in PLAYBOOK.levels.items() if PLAYBOOK.roles[level["owner"]]["checklist"].get(first)}
    assert expected and {i.level for i in printables(PLAYBOOK) if i.what == "card"} == expected
    for lid in expected:
        assert exported.pdf(f"quick-reference-{lid}-letter.pdf").is_file()


def test_the_slide_is_one_landscape_page_in_the_slide_shape(exported):
    pages, width, height = pdfinfo(exported.pdf("executive-brief.pdf"))
    aspect_w, aspect_h = map(int, PLAYBOOK["executive-brief"]["slide"]["aspect"].split(":"))
    assert pages == 1
    assert width > height
    assert width / height == pytest.approx(aspect_w / aspect_h, rel=0.01)


def test_checklist_text_comes_from_the_playbook(exported):
    role_id = ROLES[0]
    role = PLAYBOOK.roles[role_id]
    first_step = next(iter(role["checklist"].values()))[0]["text"]
    cadence = PLAYBOOK["communication"]["cadences"][0]["every"]
    text = pdftext(exported.pdf(f"{role_id}-letter.pdf"))
    assert first_step in text
    assert duration_text(cadence) in text
    assert PLAYBOOK["on-call"]["ladder"][0]["who"] in text
    assert "Incident id" in text


def test_site_chrome_is_left_off_the_sheet(exported):
    text = pdftext(exported.pdf(f"{ROLES[0]}-a4.pdf"))
    for chrome in ("Escalation Playbook", "Search", "Table of contents", "Print this page"):
        assert chrome not in text


@pytest.mark.parametrize("level_id", card_levels(PLAYBOOK))
def test_each_card_has_its_level_targets_and_first_steps(exported, level_id):
    level = PLAYBOOK.levels[level_id]
    first_phase = next(iter(PLAYBOOK.phases))
    owner_step = PLAYBOOK.roles[level["owner"]]["checklist"][first_phase][0]["text"]
    text = pdftext(exported.pdf(f"quick-reference-{level_id}-a4.pdf"))
    assert duration_text(level["response"]["acknowledge"]) in text
    assert duration_text(level["internal_update"]) in text
    assert owner_step in text


def test_the_slide_holds_the_five_bullets(exported):
    text = pdftext(exported.pdf("executive-brief.pdf"))
    for bullet in PLAYBOOK["executive-brief"]["bullets"]:
        assert bullet["label"] in text
        assert f"{{{bullet['placeholder']}}}" in text


LONG_STEP = ("Write down in the incident log every decision taken in the war room, who took it, at what time, "
             "and which facts it rested on, number {n}.")


@pytest.fixture(scope="module")
def overflowing(browser, tmp_path_factory):
    """A copy of the project whose first role has 60 extra long steps in its first phase."""
    root = tmp_path_factory.mktemp("overflow")
    shutil.copy(REPO / "mkdocs.yml", root)
    for folder in ("docs", "playbook", "schemas"):
        shutil.copytree(REPO / folder, root / folder)
    (root / "macros").symlink_to(REPO / "macros")
    roles = root / "playbook" / "roles.yml"
    source = roles.read_text()
    role_at = source.index(f"  - id: {ROLES[0]}\n")
    phase_at = source.index(f"      {next(iter(PLAYBOOK.phases))}:\n", role_at)
    insert_at = source.index("\n", phase_at) + 1
    extra = "".join(f"        - id: extra-step-{n}\n          text: {LONG_STEP.format(n=n)}\n" for n in range(60))
    roles.write_text(source[:insert_at] + extra + source[insert_at:])
    site = build(root, root / "site")
    return run_pdf(root, site)


def test_an_overflowing_checklist_fails_and_names_the_role_and_amount(overflowing):
    assert overflowing.exit_code == 1, overflowing.output
    for paper in ("Letter", "A4"):
        expected = (rf"print/{ROLES[0]}: checklist overflows one {paper} page by \d+ % \(about \d+ lines, "
                    rf"\d+ pages\); shorten the steps in playbook/roles.yml")
        assert re.search(expected, overflowing.output), overflowing.output
    assert "print/all: checklists print to" in overflowing.output
    assert f"print/{ROLES[1]}:" not in overflowing.output


def test_printing_the_slide_page_from_a_browser_gives_one_landscape_page(browser, print_site, tmp_path):
    """What the browser's print dialog does: the page's own @page rule picks landscape, on either paper."""
    from macros.pdf import browser_page, serve

    with serve(print_site) as base, browser_page("/usr/bin/chromium") as page:
        page.goto(base + "print/executive-brief/", wait_until="load")
        for paper in ("Letter", "A4"):
            (tmp_path / f"{paper}.pdf").write_bytes(page.pdf(format=paper, prefer_css_page_size=True))
    for paper in ("Letter", "A4"):
        pages, width, height = pdfinfo(tmp_path / f"{paper}.pdf")
        assert pages == 1 and width > height, paper


# --- what the paper carries ------------------------------------------------------------------------

from macros.render.contacts import contact_of  # noqa: E402
from macros.render.paper import first_template, paged_rotations, template_plain_text  # noqa: E402
from macros.render.printing import slide_parts  # noqa: E402


def template_segments(template_id: str) -> list[str]:
    """The template's words between its placeholders (which print as blanks), whitespace-normalised."""
    body = template_plain_text(PLAYBOOK, template_id)
    return [" ".join(part.split()) for line in body.splitlines()
            for part in re.split(r"\{[a-z][a-z0-9_]*\}", line) if part.strip()]


@pytest.mark.parametrize("role_id", ROLES)
def test_each_checklist_carries_its_first_template_and_who_to_page(exported, role_id):
    text = pdftext(exported.pdf(f"{role_id}-letter.pdf"))
    template_id = first_template(PLAYBOOK, role_id)
    if template_id:
        assert PLAYBOOK.templates[template_id]["name"] in text
        for segment in template_segments(template_id):
            assert segment in text, (role_id, segment)
        for name in re.findall(r"\{([a-z][a-z0-9_]*)\}", PLAYBOOK.templates[template_id]["body"]):
            assert name.replace("_", " ") in text  # the blank is labelled
    for rotation_id in paged_rotations(PLAYBOOK, PLAYBOOK.levels):
        assert PLAYBOOK.rotations[rotation_id]["name"] in text
        contact = contact_of(PLAYBOOK, "rotations", rotation_id) or {}
        for kind in ("paging", "chat", "bridge"):
            if kind in contact:
                assert contact[kind]["name"] in text, (rotation_id, kind)
    for step in PLAYBOOK["on-call"]["ladder"]:
        assert step["who"] in text
    for level in PLAYBOOK.levels.values():
        assert f"Level {level['rank']}: {level['name']}" in text
        assert duration_text(level["internal_update"]) in text


def test_the_liaison_sheet_carries_the_acknowledgement_it_points_to(exported):
    """The complaint that started it: 'use Customer acknowledgement' with the text nowhere on paper."""
    liaison = next(r for r in ROLES if any(s.get("template") == "acknowledgement"
                                           for s in next(iter(PLAYBOOK.roles[r]["checklist"].values()))))
    text = pdftext(exported.pdf(f"{liaison}-a4.pdf"))
    assert first_template(PLAYBOOK, liaison) == "acknowledgement"
    assert all(segment in text for segment in template_segments("acknowledgement"))


@pytest.mark.parametrize("level_id", card_levels(PLAYBOOK))
def test_each_card_names_its_level_and_carries_cadence_contacts_and_first_template(exported, level_id):
    level = PLAYBOOK.levels[level_id]
    text = pdftext(exported.pdf(f"quick-reference-{level_id}-letter.pdf"))
    assert "circle one" not in text
    assert f"Level Level {level['rank']}: {level['name']}" in text or f"Level {level['rank']}: {level['name']}" in text
    assert "Customer update at least every" in text
    cadence = [c for c in PLAYBOOK["communication"]["cadences"]]
    assert any(duration_text(c["every"]) in text for c in cadence)
    owner_contact = contact_of(PLAYBOOK, "roles", level["owner"]) or {}
    for kind in ("paging", "chat", "bridge"):
        if kind in owner_contact:
            assert owner_contact[kind]["name"] in text
    for rotation_id in paged_rotations(PLAYBOOK, [level_id]):
        assert PLAYBOOK.rotations[rotation_id]["name"] in text
    first = next(iter(PLAYBOOK.phases))
    templates = level["templates"].get(first, [])
    if templates:
        assert all(segment in text for segment in template_segments(templates[0]))
    for step in PLAYBOOK["on-call"]["ladder"]:
        assert step["who"] in text


def test_checklists_still_ask_to_circle_the_level(exported):
    assert "circle one" in pdftext(exported.pdf(f"{ROLES[0]}-letter.pdf"))


def test_the_slide_pdf_shows_every_field_once(exported):
    text = pdftext(exported.pdf("executive-brief.pdf"))
    parts = slide_parts(PLAYBOOK)
    shown = parts["fields"] + parts["bullets"]
    # the footer and the prompts (small print under each bullet) are free text and may name anything
    for free in [PLAYBOOK["executive-brief"]["slide"]["footer"]] + [b["prompt"] for b in parts["bullets"]]:
        text = text.replace(" ".join(free.split()), " ")
    for item in shown:
        assert text.count(f"{{{item['placeholder']}}}") == 1, item["placeholder"]
        assert len(re.findall(rf"(?<!\w){re.escape(item['label'])}(?!\w)", text)) == 1, item["label"]


def test_the_pptx_gets_a_thumbnail_of_the_real_slide(exported):
    import io
    import zipfile

    from PIL import Image, ImageStat
    from pptx import Presentation

    data = (exported.site / "downloads" / "executive-brief.pptx").read_bytes()
    Presentation(io.BytesIO(data))
    package = zipfile.ZipFile(io.BytesIO(data))
    assert "metadata/thumbnail" in package.read("_rels/.rels").decode()
    image = Image.open(io.BytesIO(package.read("docProps/thumbnail.jpeg")))
    assert image.format == "JPEG"
    aspect_w, aspect_h = map(int, PLAYBOOK["executive-brief"]["slide"]["aspect"].split(":"))
    assert image.width / image.height == pytest.approx(aspect_w / aspect_h, rel=0.02)
    grey = image.convert("L")
    assert ImageStat.Stat(grey).stddev[0] > 10, "the thumbnail is blank"
    assert grey.getextrema()[0] < 80, "the thumbnail has no dark text"


def test_two_exports_are_byte_identical_the_executive_brief_included(exported, tmp_path, monkeypatch):
    """Two runs of `make pdf` on one commit give the same bytes, whenever the site was written: the
    dates are the last commit's, not the site's file times (a second build rewrites those)."""
    import os
    import time

    from macros.build import source_date_epoch

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # as `make pdf` runs: the date comes from git
    epoch = source_date_epoch(REPO)
    if not epoch:
        pytest.skip("not a git checkout: the PDFs' date falls back to the site's file time")
    again = tmp_path / "site"
    shutil.copytree(exported.site, again, copy_function=shutil.copy)  # new file times, as a rebuild gives
    later = time.time() + 3600
    os.utime(again / "index.html", (later, later))
    assert run_pdf(REPO, again, "--png-dir", str(tmp_path / "img")).exit_code == 0
    # the README's previews (`make previews`): fixed names, whatever the first role is
    assert sorted(p.name for p in (tmp_path / "img").iterdir()) == ["checklist.png", "executive-brief.png"]
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in (tmp_path / "img").iterdir())
    first = {p.name: p.read_bytes() for p in (exported.site / "pdf").glob("*.pdf")}
    second = {p.name: p.read_bytes() for p in (again / "pdf").glob("*.pdf")}
    assert "executive-brief.pdf" in first and sorted(first) == sorted(second)
    assert [name for name in sorted(first) if first[name] != second[name]] == []
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(int(epoch))).encode()
    assert b"/CreationDate (D:" + stamp in first["executive-brief.pdf"]
