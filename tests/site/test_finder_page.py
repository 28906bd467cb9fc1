"""The finder page in Chromium agrees with the Python reference (macros.conditions via
macros.finder): on the shared vectors and on tickets hypothesis generates over the catalogue,
empty fields and every threshold included, entered through the page's own inputs."""
from __future__ import annotations

import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any, Iterator

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from browser_kit import browser, serve
from macros import conditions
from macros.finder import find_level
from macros.playbook import load_playbook

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "finder"))
from vector_kit import REPO_ROOT, VECTORS, answer, candidates, python_ticket  # noqa: E402

pytestmark = pytest.mark.browser
PB, _ = load_playbook(REPO_ROOT)
FIELDS = conditions.catalogue_from(PB["ticket-fields"])
CANDIDATES = candidates(PB)
BATCH = 40
EXAMPLES = int(os.environ.get("PLAYBOOK_FINDER_EXAMPLES", "10"))  # batches of BATCH tickets

# Enter each ticket through the form (durations in minutes), read the result region, and also ask
# the pure evaluator with the ticket as JSON: both must equal Python.
ENTER = """(tickets) => {
  const form = document.getElementById('finder-form');
  const result = document.getElementById('finder-result');
  const data = window.PlaybookFinder.data;
  return tickets.map((ticket) => {
    const js = {};
    for (const field of data.fields) {
      const value = ticket[field.id];
      const input = form.elements.namedItem(field.id);
      input.value = value === null || value === undefined ? ''
        : field.type === 'timestamp' ? value.replace('Z', '') : String(value);
      const unit = form.elements.namedItem(field.id + '__unit');
      if (unit) unit.value = 'minutes';
      js[field.id] = value === null || value === undefined ? null
        : field.type === 'timestamp' ? Date.parse(value) : value;
    }
    window.PlaybookFinder.update();
    const pure = window.PlaybookFinder.find(data, js);
    const next = pure.level ? window.PlaybookFinder.nextSteps(data, pure, js) : null;
    const words = (name) => { const v = result.getAttribute(name); return v ? v.split(' ') : []; };
    const by = result.querySelector('[data-page-by]');
    const minutes = result.getAttribute('data-acknowledge-minutes');
    return {
      shown: {level: result.getAttribute('data-level') || null, criteria: words('data-criteria'),
              owner: result.getAttribute('data-owner') || null, page: words('data-page'),
              page_by: by ? by.getAttribute('data-page-by') : null,
              acknowledge_within_minutes: minutes ? Number(minutes) : null},
      pure: {level: pure.level, criteria: pure.criteria, owner: next ? next.owner.role : null,
             page: next ? next.page.map((p) => p.rotation) : [], page_by: next ? next.page_by : null,
             acknowledge_within_minutes: next ? next.acknowledge_within_minutes : null},
    };
  });
}"""


@pytest.fixture(scope="module")
def finder_page(example_site: Path) -> Iterator[Any]:
    with serve(example_site) as base, browser() as chromium:
        page = chromium.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{base}/finder/", wait_until="networkidle")
        page.base = base  # type: ignore[attr-defined]
        page.chromium = chromium  # type: ignore[attr-defined]
        yield page
        assert errors == []


def check(page: Any, tickets: list[dict[str, Any]]) -> None:
    """Each ticket as the page shows it (form in, data attributes out) and as the pure functions give
    it equals the Python reference: level, criteria, owner, who is paged and why, acknowledgement."""
    answers = page.evaluate(ENTER, tickets)
    for ticket, got in zip(tickets, answers):
        want = answer(find_level(PB, python_ticket(ticket, FIELDS)))
        assert got["shown"] == want, ticket
        assert got["pure"] == want, ticket


def test_shared_vectors_give_the_same_answers_in_the_page(finder_page: Any) -> None:
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    check(finder_page, [v["ticket"] for v in vectors])
    answers = finder_page.evaluate(ENTER, [v["ticket"] for v in vectors])
    assert [a["shown"] for a in answers] == [{k: v for k, v in vector.items() if k != "ticket"} for vector in vectors]


def _stamp(moment: dt.datetime) -> str:
    return moment.replace(microsecond=0).strftime("%Y-%m-%dT%H:%M:%SZ")


def field_values(field: conditions.Field) -> st.SearchStrategy[Any]:
    near = st.sampled_from(CANDIDATES[field.id])  # empty, every threshold and its neighbours
    random = {
        "boolean": st.booleans(),
        "enum": st.sampled_from(field.values) if field.values else st.none(),
        "integer": st.integers(-10**6, 10**6),
        "number": st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
        "money": st.floats(-1e9, 1e9, allow_nan=False, allow_infinity=False),
        "percent": st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False),
        "duration": st.floats(0, 1e7, allow_nan=False, allow_infinity=False),
        "timestamp": st.datetimes(dt.datetime(2000, 1, 1), dt.datetime(2100, 1, 1)).map(_stamp),
        "string": st.text("abcXYZ019-_", min_size=1, max_size=12),
    }[field.type]
    return st.one_of(st.none(), near, random)


TICKETS = st.fixed_dictionaries({name: field_values(field) for name, field in FIELDS.items()})


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                       HealthCheck.function_scoped_fixture])
@given(batch=st.lists(TICKETS, min_size=BATCH, max_size=BATCH))
def test_generated_tickets_give_the_same_answers_in_the_page(finder_page: Any, batch: list[dict[str, Any]]) -> None:
    check(finder_page, batch)


def test_inputs_follow_the_catalogue_and_the_url_keeps_them(finder_page: Any) -> None:
    page = finder_page
    names = page.eval_on_selector_all("#finder-form [name]:not([name$='__unit'])", "els => els.map(e => e.name)")
    assert names == list(FIELDS)
    page.goto(f"{page.base}/finder/?priority=p1&customers_affected=2&tier=business", wait_until="networkidle")
    result = page.locator("#finder-result")
    assert result.get_attribute("data-level") == "level-3"
    assert result.locator("li[data-criterion]").all_inner_texts() == ["Level 3: A P1 outage affecting more than one customer."]
    assert "60 minutes (P1, Business)" in result.inner_text()
    page.select_option("select[name=legal_threat]", "true")
    assert result.get_attribute("data-level") == "level-4"
    assert "legal_threat=true" in page.url
    page.fill("input[name=customers_affected]", "")
    page.select_option("select[name=legal_threat]", "")
    assert result.get_attribute("data-level") == "" and "customers_affected" not in page.url  # P1, count unknown
    assert "normal support queue" in result.inner_text()


def test_the_result_has_the_next_steps_and_labelled_copy_buttons(finder_page: Any) -> None:
    page = finder_page
    page.goto(f"{page.base}/finder/?security_indicators=true&priority=p2&tier=enterprise", wait_until="networkidle")
    result = page.locator("#finder-result")
    steps = find_level(PB, {"security_indicators": True, "priority": "p2", "tier": "enterprise"}).steps
    text = result.inner_text()
    assert steps["owner"]["name"] in text and steps["acknowledge_within"] in text
    for template in steps["templates"]:
        assert template["name"] in text
    buttons = result.locator("button.pb-copy", has_text="Copy template")
    assert buttons.count() == len(steps["templates"])
    assert buttons.first.is_visible()
    assert page.locator("#finder-result a[href^='https://atlasflow.pagerduty.com']").count() >= 2
    assert "When unsure:" in text


def governed_tickets() -> list[dict[str, Any]]:
    """Vector tickets whose owner, acknowledgement or specialist target the data answers twice."""
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    found = [(v["ticket"], find_level(PB, python_ticket(v["ticket"], FIELDS)).steps) for v in vectors]
    return [ticket for ticket, steps in found
            if steps and (steps["owner_why"] or steps["acknowledge_why"] or steps["engage_sme_why"])]


def test_where_the_data_gives_two_answers_the_result_shows_the_governing_one_and_why(finder_page: Any) -> None:
    page, tickets = finder_page, governed_tickets()
    assert tickets, "the example has cases whose owner or targets differ between routing, levels and metrics"
    for ticket in tickets[:12]:
        steps = find_level(PB, python_ticket(ticket, FIELDS)).steps
        page.evaluate(ENTER, [ticket])
        text = page.locator("#finder-result").inner_text()
        lines = [f"Why: {reason}" for key in ("owner_why", "acknowledge_why", "engage_sme_why") for reason in steps[key]]
        assert all(line in text for line in lines), (ticket, lines)
        assert steps["owner"]["name"] in text and steps["acknowledge_within"] in text and steps["engage_sme_within"] in text
        chosen = page.locator("#finder-result [data-page-by]")
        assert chosen.get_attribute("data-page-by") == steps["page_by"]
        assert steps["page_basis"] in chosen.inner_text()


def test_a_duration_unit_counts(finder_page: Any) -> None:
    page = finder_page
    query = ("priority=p2&tier=enterprise&production_impact=true&customers_affected=1&workaround_available=false"
             "&time_without_workaround=2&time_without_workaround__unit=hours")
    page.goto(f"{page.base}/finder/?{query}", wait_until="networkidle")
    assert page.locator("#finder-result").get_attribute("data-level") == "level-2"
    page.select_option("select[name=time_without_workaround__unit]", "minutes")
    assert page.locator("#finder-result").get_attribute("data-level") == "level-1"


# A port with one deliberate mistake must disagree with the vectors somewhere: this proves the
# vectors (and the page's own data attributes) can catch a wrong threshold, a wrong choice of who
# to page, of the owner or of the target that governs.
MUTANTS = {
    "at_least reads as above": ('case "at_least": return actual >= expected;', 'case "at_least": return actual > expected;'),
    "page every type of the queue": ("if (pages.length) { return { by: \"criteria\"",
                                     "if (false) { return { by: \"criteria\""),
    "owner is always the level's": ("return { role: owners.length === 1 ? owners[0] : own.owner, why: reasons };",
                                    "return { role: own.owner, why: reasons };"),
    "targets ignore the priority": ('data.targets[found.level][priority] ? priority : ""]',
                                    'data.targets[found.level][priority] ? "" : ""]'),
}


@pytest.mark.parametrize("mutant", MUTANTS)
def test_a_deliberately_broken_port_disagrees_with_the_vectors(finder_page: Any, example_site: Path, mutant: str) -> None:
    original, broken = MUTANTS[mutant]
    source = (example_site / "assets" / "finder.js").read_text(encoding="utf-8")
    assert source.count(original) == 1, f"the mutant's text is no longer in finder.js: {original}"
    vectors = json.loads(VECTORS.read_text(encoding="utf-8"))
    page = finder_page.chromium.new_page()
    try:
        page.route("**/assets/finder.js", lambda route: route.fulfill(
            status=200, content_type="text/javascript", body=source.replace(original, broken)))
        page.goto(f"{finder_page.base}/finder/", wait_until="networkidle")
        answers = page.evaluate(ENTER, [v["ticket"] for v in vectors])
    finally:
        page.close()
    wrong = [v for v, a in zip(vectors, answers) if a["shown"] != {k: x for k, x in v.items() if k != "ticket"}]
    assert wrong, f"no vector catches the mutant '{mutant}'"


def test_on_a_phone_a_bar_at_the_foot_names_the_level_and_jumps_to_the_answer(finder_page: Any) -> None:
    page = finder_page.chromium.new_page(viewport={"width": 390, "height": 844})
    try:
        page.goto(f"{finder_page.base}/finder/?priority=p1&customers_affected=3", wait_until="networkidle")
        level = page.locator("#finder-result").get_attribute("data-level")
        jump = page.locator("#finder-jump")
        assert jump.is_visible() and find_level(PB, {"priority": "p1", "customers_affected": 3}).steps["title"] in jump.inner_text()
        assert level and page.evaluate("document.getElementById('finder-result').getBoundingClientRect().top") > 844
        jump.click()
        page.wait_for_function("document.getElementById('finder-result').getBoundingClientRect().top < 844")
        page.set_viewport_size({"width": 1366, "height": 900})
        assert not jump.is_visible()  # beside the form on a wide screen, the answer needs no bar
    finally:
        page.close()


def test_the_levels_page_says_where_another_target_or_owner_governs(example_site: Path) -> None:
    """The Levels page shows, beside each level's own targets, what the finder would answer for the
    priorities where a metric governs, and the owner routing gives some criteria's cases to."""
    from macros.governing import owner_claims, response_target
    from macros.render.common import criterion_name
    from macros.units import duration_minutes
    from site_helpers import visible_text

    shown = visible_text((example_site / "levels" / "index.html").read_text(encoding="utf-8"))
    notes = 0
    for lid, level in PB.levels.items():
        own = duration_minutes(level["response"]["acknowledge"])
        differ: dict[str, list[str]] = {}
        for pid, priority in PB.priorities.items():
            target = response_target(PB, lid, "acknowledge", pid)
            if target.minutes != own:
                differ.setdefault(target.text, []).append(priority["name"])
        for value, names in differ.items():
            assert f"{value} for {', '.join(names)}, as the metrics require" in shown, lid
            notes += 1
        for cid, claims in owner_claims(PB, lid).items():
            for claim in claims:
                if claim.role != level["owner"]:
                    criterion = next(c for c in level["criteria"] if c["id"] == cid)
                    assert f"{criterion_name(criterion)} cases: {PB.roles[claim.role]['name']}" in shown, lid
                    notes += 1
    assert notes, "the example has levels whose cases another target or owner governs"
