"""The PDFs a person prints: one page per sheet on Letter and A4, text from the playbook,
and a warning that names the role when its steps no longer fit."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from macros.playbook import load_playbook
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
def test_quick_reference_card_is_one_page(exported, paper):
    assert pdfinfo(exported.pdf(f"quick-reference-{paper}.pdf"))[0] == 1


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


def test_quick_reference_card_has_the_level_targets_and_first_steps(exported):
    level = PLAYBOOK.levels["level-3"]  # the level docs/print/quick-reference.md asks for
    first_phase = next(iter(PLAYBOOK.phases))
    owner_step = PLAYBOOK.roles[level["owner"]]["checklist"][first_phase][0]["text"]
    text = pdftext(exported.pdf("quick-reference-a4.pdf"))
    assert duration_text(level["response"]["acknowledge"]) in text
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
