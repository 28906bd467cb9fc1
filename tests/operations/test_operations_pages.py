"""The On-call health, Outcomes and Actions pages in the built site."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))

from site_helpers import article, build, copy_project, pages, visible_text  # noqa: E402

PAGES = {"oncall-health/index.html": "oncall", "outcomes/index.html": "outcomes", "actions/index.html": "actions"}


@pytest.fixture(scope="module")
def unconfigured(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    root = copy_project(tmp_path_factory.mktemp("unconfigured"))
    result = build(root)
    assert result.ok, result.output
    return pages(result.site)


def test_each_page_without_an_export_says_how_to_configure_one(unconfigured: dict[str, str]) -> None:
    for page, kind in PAGES.items():
        text = visible_text(unconfigured[page])
        assert "No export is configured for this page." in text
        assert f"exports: {kind}: export:" in text
        assert "<pre" in article(unconfigured[page])
