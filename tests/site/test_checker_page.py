"""The checker page in Chromium gives the same findings as the Python checker on the shared
vectors (typed into the page's text area and read back from the findings list), highlights
what it finds, picks a template from the address, and loads nothing from outside the site."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterator

import pytest

from browser_kit import browser, serve

pytestmark = pytest.mark.browser
VECTORS = json.loads((Path(__file__).resolve().parents[1] / "checker" / "vectors.json").read_text("utf-8"))["vectors"]

# Set each draft in the page's controls, fire the input event, read the list back; also ask the
# pure function. Both must equal the findings Python gave.
RUN = """(vectors) => vectors.map((v) => {
  document.getElementById('checker-template').value = v.template || '';
  document.getElementById('checker-channel').value = v.channel || '';
  const box = document.getElementById('message');
  box.value = v.text;
  box.dispatchEvent(new Event('input'));
  const items = Array.from(document.querySelectorAll('#checker-findings li[data-rule]'));
  return {rules: items.map((li) => [li.dataset.rule, +li.dataset.line, +li.dataset.column]),
          pure: window.PlaybookChecker.check(v.text, v.template, v.channel)};
})"""


@pytest.fixture(scope="module")
def checker_page(example_site: Path) -> Iterator[Any]:
    with serve(example_site) as base, browser() as chromium:
        page = chromium.new_page()
        errors: list[str] = []
        outside: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("request", lambda r: None if r.url.startswith(base) else outside.append(r.url))
        page.goto(f"{base}/checker/", wait_until="networkidle")
        page.base = base  # type: ignore[attr-defined]
        yield page
        assert errors == []
        assert outside == []


def test_the_page_gives_the_same_findings_as_python(checker_page: Any) -> None:
    answers = checker_page.evaluate(RUN, VECTORS)
    for vector, answer in zip(VECTORS, answers):
        assert answer["pure"] == vector["findings"], vector["name"]
        assert answer["rules"] == [[f["rule"], f["line"], f["column"]] for f in vector["findings"]], vector["name"]


def test_typing_updates_the_findings_and_highlights_the_phrase(checker_page: Any) -> None:
    checker_page.select_option("#checker-template", "war-room-brief")
    checker_page.fill("#message", "")
    checker_page.locator("#message").type("Please c\u0430lm down")
    assert checker_page.locator("#checker-findings li[data-rule='banned-phrase']").count() == 1
    assert checker_page.locator("#checker-highlights mark[data-rule='banned-phrase']").inner_text() == "c\u0430lm down"
    checker_page.locator("#message").type("stairs")
    assert checker_page.locator("#checker-findings li").count() == 0


def test_a_template_link_picks_the_template_and_starts_from_its_body(checker_page: Any) -> None:
    checker_page.goto(f"{checker_page.base}/checker/?template=periodic-update", wait_until="networkidle")
    assert checker_page.locator("#checker-template").input_value() == "periodic-update"
    assert checker_page.locator("#message").input_value().startswith("Subject: [{ticket_id}]")
    assert checker_page.locator("#checker-findings li[data-rule='unfilled-placeholder']").count() == 11


def test_every_template_links_to_the_checker(example_site: Path) -> None:
    html = (example_site / "communication" / "index.html").read_text(encoding="utf-8")
    for template in ("acknowledgement", "periodic-update", "resolution", "status-page-notice", "war-room-brief",
                     "executive-brief", "daily-summary"):
        assert f'href="../checker/?template={template}"' in html


def test_generated_phrases_and_drafts_agree(checker_page: Any) -> None:
    """1,000 generated phrases (shared prefixes, one nested in another) over generated drafts with
    look-alikes, invisible characters and wraps mixed in: the page equals Python finding for finding."""
    import random

    from macros.checker.engine import Checker, checker_data
    from macros.playbook import load_playbook

    pb, _ = load_playbook(Path(__file__).resolve().parents[2])
    data = checker_data(pb)
    rng = random.Random(5)
    words = ["calm", "down", "now", "not", "our", "fault", "that's", "policy", "soon", "fixed", "we", "the"]
    extra = [{"id": f"g{n}", "text": " ".join(rng.choice(words) for _ in range(rng.randint(1, 4))), "instead": f"x{n}"}
             for n in range(1000)]
    data = {**data, "banned": data["banned"] + extra}
    noise = ["\u200b", "\u00ad", "\u0430", "\u00a0", "\n", "\r\n", "\n\n", " ", "  ", "\u202e", "\U0001f600", "-"]
    drafts = []
    for _ in range(40):
        parts = []
        for _ in range(rng.randint(5, 60)):
            word = rng.choice(words)
            if rng.random() < .2:
                word = word.replace("a", "\u0430", 1)
            parts.append(word + rng.choice(noise if rng.random() < .3 else [" "]))
        drafts.append("".join(parts))
    checker = Checker(data)
    want = [[f.as_dict() for f in checker.check(text, "war-room-brief")] for text in drafts]
    got = checker_page.evaluate("""([data, drafts]) => { const c = new window.PlaybookChecker.Checker(data);
        return drafts.map((t) => c.check(t, 'war-room-brief', null).map((f) => ({rule: f.rule, line: f.line,
          column: f.column, text: f.text, suggestion: f.suggestion}))); }""", [data, drafts])
    assert sum(len(w) for w in want) > 100
    for text, w, g in zip(drafts, want, got):
        assert g == w, repr(text)
