"""The built HTML of every page shows what the playbook says."""
from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from macros import sentences
from macros.playbook import load_playbook
from macros.render.chat import render
from macros.units import duration_text

from site_helpers import PROJECT, article, pages, visible_text

PLAYBOOK, _ = load_playbook(PROJECT)

NAV_PAGES = ["index.html", "first-response/index.html", "levels/index.html", "intake/index.html",
             "routing/index.html", "roles/index.html", "communication/index.html", "phrases/index.html",
             "executive-briefing/index.html", "decision-rights/index.html", "service-recovery/index.html",
             "on-call/index.html", "review/index.html", "metrics/index.html", "training/index.html",
             "glossary/index.html"]


def test_every_page_is_built_with_its_owner_and_review_date(example_site: Path) -> None:
    built = pages(example_site)
    for page in NAV_PAGES + [f"roles/{rid}/index.html" for rid in PLAYBOOK.roles]:
        assert page in built, f"{page} was not built"
        text = visible_text(built[page])
        assert "Owner:" in text and "last reviewed" in text, f"{page} lacks its owner line"
        assert "Source: playbook/" in text


def test_no_macro_source_or_error_is_published(example_site: Path) -> None:
    for page, source in pages(example_site).items():
        body = article(source)
        assert "{{" not in body and "{%" not in body, f"{page} shows unrendered macro text"
        assert "Traceback" not in body and "Macro Rendering Error" not in body, page


def test_role_pages_have_every_step_as_a_task(example_site: Path) -> None:
    for rid, role in PLAYBOOK.roles.items():
        page = (example_site / "roles" / rid / "index.html").read_text(encoding="utf-8")
        text = visible_text(page)
        assert role["name"] in text and role["purpose"] in text
        steps = [s for phase in role["checklist"].values() for s in phase]
        assert len(re.findall(r'class="task-list-item"', page)) == len(steps), rid
        for step in steps:
            assert step["text"] in text, f"{rid}: step {step['id']} missing"
        for phase_id in role["checklist"]:
            assert f'id="phase-{phase_id}"' in page


def test_levels_page_shows_criteria_as_text_and_condition(example_site: Path) -> None:
    text = visible_text((example_site / "levels" / "index.html").read_text(encoding="utf-8"))
    for level in PLAYBOOK["levels"]["levels"]:
        assert f"Level {level['rank']}: {level['name']}" in text
        assert duration_text(level["response"]["acknowledge"]) in text
        for criterion in level["criteria"]:
            assert sentences.fill(criterion, "text") in text
    assert "ARR is above $50,000" in text and "Stated termination within is at most 30 days" in text


def test_every_template_is_a_copyable_code_block(example_site: Path) -> None:
    page = (example_site / "communication" / "index.html").read_text(encoding="utf-8")
    blocks = [html.unescape(re.sub(r"<[^>]+>", "", b)) for b in re.findall(r"<code>(.*?)</code></pre>", page, re.S)]
    chat = {c["id"] for c in PLAYBOOK["communication"]["channels"] if c.get("formats")}
    for template in PLAYBOOK["communication"]["templates"]:
        # A chat template shows its plain-text version (markup taken out) beside the chat apps' versions.
        body = render(template["body"], "plain") if template["channel"] in chat else template["body"]
        assert any(body.strip() in b for b in blocks), f"template {template['id']} not in a code block"
        assert f'id="template-{template["id"]}"' in page


def test_mentions_of_roles_levels_and_templates_link_to_their_definition(example_site: Path) -> None:
    page = (example_site / "levels" / "index.html").read_text(encoding="utf-8")
    for level in PLAYBOOK["levels"]["levels"]:
        role = PLAYBOOK.roles[level["owner"]]
        assert re.search(rf'<a href="\.\./roles/{level["owner"]}/">{re.escape(role["name"])}</a>', page)
    home = (example_site / "index.html").read_text(encoding="utf-8")
    for lid in PLAYBOOK.levels:
        assert f'href="levels/#{lid}"' in home
    routing = (example_site / "routing" / "index.html").read_text(encoding="utf-8")
    assert 'href="../on-call/#rotation-engineering-primary"' in routing
    training = (example_site / "training" / "index.html").read_text(encoding="utf-8")
    assert 'href="../roles/customer-liaison/#phase-first-15-minutes"' in training


def test_search_index_holds_table_and_template_content(example_site: Path) -> None:
    index = (example_site / "search" / "search_index.json").read_text(encoding="utf-8")
    for needle in ("calm down", "ARR", "Periodic customer update", "Director of Support", "{next_update_time}"):
        assert needle in index, needle


@pytest.mark.parametrize("page", NAV_PAGES)
def test_pages_load_nothing_from_other_hosts(example_site: Path, page: str) -> None:
    """Static check of what the HTML asks the browser to fetch; the browser test checks what it really fetched."""
    source = (example_site / page).read_text(encoding="utf-8")
    loaded = re.findall(r'<(?:script|link|img|iframe|source|video|audio)\b[^>]*?(?:src|href)="((?:https?:)?//[^"]+)"',
                        source)
    assert loaded == [], loaded
    assert "fonts.googleapis" not in source and "fonts.gstatic" not in source


def test_role_names_and_levels_inside_playbook_sentences_are_links(example_site: Path) -> None:
    page = (example_site / "roles" / "incident-commander" / "index.html").read_text(encoding="utf-8")
    assert 'Assign <a href="../customer-liaison/">Customer Liaison</a>, <a href="../sme-lead/">SME Lead</a>' in page
    own_name = PLAYBOOK.roles["incident-commander"]["name"]
    assert f'<a href="./">{own_name}</a>' not in page and f'href="#">{own_name}' not in page
    sponsor = (example_site / "roles" / "executive-sponsor" / "index.html").read_text(encoding="utf-8")
    assert '<a href="../../levels/#level-4">Level 4</a>' in sponsor
