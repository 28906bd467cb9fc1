"""Material's real search in Chromium over the built site: for the questions staff ask mid-incident,
the first result is the page (and, where the answer is one section, that section) that answers.
Print pages are left out of the index and the Policy changes page ranks below the answer pages."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import pytest

from browser_kit import browser, serve
from macros.playbook import load_playbook
from site_helpers import PROJECT

pytestmark = pytest.mark.browser
PB, _ = load_playbook(PROJECT)

# question -> (page, section anchor or "" when the page as a whole answers)
QUESTIONS: dict[str, tuple[str, str]] = {
    "P1": ("priorities/", "p1"),
    "critical": ("priorities/", "p1"),
    "priority": ("priorities/", ""),
    "P1 enterprise": ("priorities/", ""),
    "acknowledgement": ("communication/", "template-acknowledgement"),
    "first update template": ("first-response/", ""),
    "template": ("communication/", "templates"),
    "update": ("communication/", ""),
    "status page": ("communication/", "template-status-page-notice"),
    "daily summary": ("communication/", "template-daily-summary"),
    "credit": ("decision-rights/", "credits"),
    "refund": ("decision-rights/", "refunds"),
    "backup": ("on-call/", "backup-ladder"),
    "no response": ("routing/", "no-response"),
    "calm down": ("phrases/", "banned"),
    "war room": ("first-response/", "war-room"),
    "Level 3": ("levels/", ""),
    "find the level": ("finder/", ""),
    # An entry criterion by the words staff use: its short name is a heading on the Levels page.
    "legal threat": ("levels/", "level-4-legal-threat"),
    "single customer": ("levels/", "level-2-single-customer-p1"),
    "who to page": ("routing/", "who-to-page"),
}
# Each role's name finds its page, also where two names share words ("Security On-call" and
# "Engineering On-call"): the search splits words at brackets and hyphens, so the title words count.
ROLE_QUESTIONS = {role["name"]: (f"roles/{rid}/", "") for rid, role in PB.roles.items()}


@pytest.fixture(scope="module")
def search_page(example_site: Path) -> Iterator[Any]:
    with serve(example_site) as base, browser() as chromium:
        page = chromium.new_page()
        page.base = base  # type: ignore[attr-defined]
        yield page


def first_results(page: Any, query: str) -> list[tuple[str, str]]:
    if not page.url.startswith(page.base):
        page.goto(f"{page.base}/", wait_until="networkidle")
    page.click(".md-search__input")
    page.fill(".md-search__input", "")
    page.wait_for_selector(".md-search-result__item", state="detached", timeout=10000)
    page.type(".md-search__input", query, delay=0)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    hrefs: list[str] = []
    for _ in range(40):  # results of an earlier keystroke can still be showing: wait until they settle
        page.wait_for_timeout(150)
        now = page.eval_on_selector_all(".md-search-result__item > a.md-search-result__link",
                                        "els => els.map(e => e.href)")
        if now == hrefs:
            break
        hrefs = now
    parts = [urlsplit(h) for h in hrefs]
    return [(p.path.lstrip("/"), p.fragment) for p in parts]


@pytest.mark.parametrize("question", [*QUESTIONS, *ROLE_QUESTIONS])
def test_the_first_result_answers_the_question(search_page: Any, question: str) -> None:
    page_path, anchor = {**QUESTIONS, **ROLE_QUESTIONS}[question]
    results = first_results(search_page, question)
    assert results and results[0][0] == page_path, results[:4]
    if anchor:  # the page's best sections follow it; the answering one is among them
        sections = [frag for path, frag in results[1:4] if path == page_path]
        assert anchor in sections, results[:4]


def test_enough_questions_are_asked() -> None:
    assert len(QUESTIONS) + len(ROLE_QUESTIONS) >= 20


def test_print_pages_are_not_indexed_and_policy_changes_rank_low(example_site: Path) -> None:
    index = json.loads((example_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert not any(loc.startswith("print/") and loc != "print/" for loc in locations), sorted(locations)
    assert "print/" in locations  # the list of printouts is still found
    boosts = {doc["location"]: doc.get("boost") for doc in index["docs"] if "#" not in doc["location"]}
    assert boosts.get("policy-changes/", 1) < 1
    assert all(boosts.get(f"roles/{rid}/") for rid in PB.roles)
