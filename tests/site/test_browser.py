"""The built site in a real browser: search works, templates have copy buttons, hostile text
never runs, and no page fetches anything from beyond the host serving it."""
from __future__ import annotations

from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

import pytest

from browser_kit import browser, serve

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site_browser(example_site: Path) -> Iterator[tuple[object, str]]:
    with serve(example_site) as base, browser() as chromium:
        yield chromium, base


def _search(page, query: str) -> list[str]:
    page.click("label.md-search__icon[for='__search'], .md-search__input", timeout=5000) \
        if page.is_visible(".md-search__input") is False else page.click(".md-search__input")
    page.fill(".md-search__input", "")
    page.type(".md-search__input", query, delay=20)
    page.wait_for_selector(".md-search-result__item", timeout=10000)
    return [item.inner_text() for item in page.query_selector_all(".md-search-result__item")]


@pytest.mark.parametrize("query, expected", [
    ("calm down", "Phrases"),
    ("ARR", "ARR"),
    ("Periodic customer update", "Periodic customer update"),
    ("Director of Support", "Director of Support"),
])
def test_search_finds_content_inside_tables_and_templates(site_browser, query: str, expected: str) -> None:
    chromium, base = site_browser
    page = chromium.new_page()
    page.goto(f"{base}/", wait_until="networkidle")
    results = _search(page, query)
    assert any(expected.lower() in r.lower() for r in results), results
    page.close()


def test_templates_have_copy_buttons(site_browser) -> None:
    chromium, base = site_browser
    page = chromium.new_page()
    page.goto(f"{base}/communication/", wait_until="networkidle")
    blocks = page.query_selector_all("pre > code")
    for block in blocks:  # Material adds the button as a block scrolls into view
        block.scroll_into_view_if_needed()
    page.wait_for_function(f"document.querySelectorAll('button[data-md-type=copy]').length >= {len(blocks)}", timeout=10000)
    assert len(blocks) >= 6
    page.close()


def test_no_request_leaves_loopback(example_site: Path, site_browser) -> None:
    chromium, base = site_browser
    requested: list[str] = []
    page = chromium.new_page()
    page.on("request", lambda request: requested.append(request.url))
    for html in sorted(example_site.rglob("index.html")):
        path = "/" + str(html.parent.relative_to(example_site)).strip(".") + "/"
        page.goto(f"{base}{path.replace('//', '/')}", wait_until="networkidle")
    _search(page, "escalation")
    hosts = {urlsplit(url).hostname for url in requested if not url.startswith(("data:", "blob:"))}
    assert hosts == {"127.0.0.1"}, sorted(u for u in requested if urlsplit(u).hostname != "127.0.0.1")
    assert len(requested) > 20
    page.close()
