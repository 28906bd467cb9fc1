"""The On-call health, Outcomes and Actions pages in the built site: from the exports configured in
organisation.yml (the example's committed samples), and without one."""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))

from site_helpers import article, build, copy_project, pages, visible_text  # noqa: E402

from macros.operations.sample import BUSY_WEEK, CUSTOMERS, LATE_MONTH, NIGHT_WEEK, PLANTED_ACTION  # noqa: E402

def _text(page_html: str) -> str:
    """The page's text without its charts (their descriptions list every period, oldest first)."""
    return visible_text(re.sub(r"<svg\b.*?</svg>", " ", page_html, flags=re.S))


PAGES = {"oncall-health/index.html": "oncall", "outcomes/index.html": "outcomes", "actions/index.html": "actions"}


@pytest.fixture(scope="module")
def configured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    result = build(copy_project(tmp_path_factory.mktemp("configured")))
    assert result.ok, result.output
    return pages(result.site)


@pytest.fixture(scope="module")
def unconfigured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = copy_project(tmp_path_factory.mktemp("unconfigured"))
    org = root / "playbook/organisation.yml"
    text = org.read_text(encoding="utf-8")
    cut = re.sub(r"^  (oncall|outcomes|actions):\n(?:    .*\n)+", "", text, flags=re.M)
    assert cut != text
    org.write_text(cut, encoding="utf-8")
    result = build(root)
    assert result.ok, result.output
    return pages(result.site)


def test_each_page_without_an_export_says_how_to_configure_one(unconfigured: dict[str, str]) -> None:
    for page, kind in PAGES.items():
        text = visible_text(unconfigured[page])
        assert "No export is configured for this page." in text
        assert f"exports: {kind}: export:" in text
        assert "<pre" in article(unconfigured[page])


def test_the_actions_page_lists_the_escalated_action_first(configured: dict[str, str]) -> None:
    text = _text(configured["actions/index.html"])
    escalated = text.split("Escalated to leadership")[1].split("Overdue")[0]
    assert f"{PLANTED_ACTION} 20 2026-11-10" in escalated and "Director of Support" in escalated


def test_the_outcomes_page_shows_the_latest_month_first_with_verdicts_and_a_chart(configured: dict[str, str]) -> None:
    html = article(configured["outcomes/index.html"])
    text = _text(configured["outcomes/index.html"])
    assert text.index("2026-11") < text.index(LATE_MONTH)
    late = text.split(LATE_MONTH, 1)[1].split("2026-09")[0]
    assert re.search(r"Update compliance [0-9.]+ %, \d+ of \d+ on time above 95 % fail", late)
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html and "outcomes-chart" in html


def test_the_oncall_page_shows_the_planted_flags_and_charts(configured: dict[str, str]) -> None:
    html = article(configured["oncall-health/index.html"])
    text = _text(configured["oncall-health/index.html"])
    assert text.index("2026-W49") < text.index(NIGHT_WEEK) < text.index(BUSY_WEEK)
    assert "consecutive-nights" in text.split(NIGHT_WEEK)[1] and "over-page-threshold" in text.split(BUSY_WEEK)[1]
    assert "oncall-chart" in html and "threshold 30 %" in html


def test_no_customer_name_reaches_the_pages(configured: dict[str, str]) -> None:
    for page in PAGES:
        assert not any(c in configured[page] for c in CUSTOMERS), page
