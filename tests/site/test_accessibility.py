"""Every built page in Chromium: axe-core (vendored from npm, tests/vendor/axe-core) finds no critical
or serious violation, and no page scrolls sideways on a phone (390 px) or a laptop (1366 px)."""
from __future__ import annotations

from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_kit import browser, serve

pytestmark = pytest.mark.browser
AXE = Path(__file__).resolve().parents[1] / "vendor" / "axe-core" / "axe.min.js"
WIDTHS = (1366, 390)
SERIOUS = ("critical", "serious")
# The header, navigation, search and footer are the same on every page: axe checks them on the home
# page, and on every other page only the content (which keeps the run inside the time budget).
RUN_AXE = """async (whole) => {
  const context = whole ? document : {include: [['.md-content']]};
  const result = await axe.run(context, {resultTypes: ['violations']});
  return result.violations.filter(v => ['critical', 'serious'].includes(v.impact)).map(v => ({
    id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.length,
    first: v.nodes[0] ? v.nodes[0].target.join(' ') : ''}));
}"""
OVERFLOW = """() => {
  const width = window.innerWidth;
  const wide = [...document.querySelectorAll('body *')].filter(e => {
    const r = e.getBoundingClientRect();
    return r.width > 0 && r.right > width + 1 && !e.closest('.md-typeset__scrollwrap, .md-sidebar, .md-search, pre, .md-nav');
  }).slice(0, 3).map(e => e.tagName.toLowerCase() + (e.className ? '.' + String(e.className).split(' ')[0] : ''));
  return {scroll: document.documentElement.scrollWidth, width, wide};
}"""


def site_pages(site: Path) -> list[str]:
    return sorted("/" + str(p.parent.relative_to(site)).replace(".", "").strip("/") + "/"
                  for p in site.rglob("index.html") if p.parent.name not in ("search",))


@pytest.fixture(scope="module")
def pages_in_browser(example_site: Path) -> Iterator[tuple[Any, str, list[str]]]:
    with serve(example_site) as base, browser() as chromium:
        page = chromium.new_page(viewport={"width": WIDTHS[0], "height": 900})
        yield page, base, [p.replace("//", "/") for p in site_pages(example_site)]


def test_every_page_has_no_serious_accessibility_violation_and_no_sideways_scroll(pages_in_browser) -> None:
    page, base, paths = pages_in_browser
    assert len(paths) > 20
    found: dict[str, Any] = {}
    for path in paths:
        page.set_viewport_size({"width": WIDTHS[0], "height": 900})
        page.goto(f"{base}{path}", wait_until="load")
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(RUN_AXE, path == "/")
        if violations:
            found[f"{path} axe"] = violations
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            size = page.evaluate(OVERFLOW)
            if size["scroll"] > size["width"]:
                found[f"{path} at {width}px"] = size
    assert found == {}
