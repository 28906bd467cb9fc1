"""Fixtures for the printed pages: the site built once per session, and its PDFs exported once.

Browser tests need Debian's chromium and poppler-utils (pdfinfo, pdftotext). Without them
they are skipped with the reason, except under CI=true, where a missing tool is a failure.
"""
from __future__ import annotations

import os
import pathlib
from dataclasses import dataclass

import pytest
from click.testing import Result

from print_helpers import REPO, build, missing_tools, run_pdf


@pytest.fixture(scope="session")
def browser() -> None:
    """Skip (or, under CI=true, fail) when the browser or the PDF tools are missing."""
    missing = missing_tools()
    if missing and os.environ.get("CI") == "true":
        pytest.fail("; ".join(missing) + " (CI=true: browser tests must run)")
    if missing:
        pytest.skip("; ".join(missing))


@pytest.fixture(scope="session")
def print_site(tmp_path_factory: pytest.TempPathFactory) -> pathlib.Path:
    """The site, built once for the print tests."""
    return build(REPO, tmp_path_factory.mktemp("print") / "site")


@dataclass(frozen=True)
class Export:
    site: pathlib.Path
    result: Result

    def pdf(self, name: str) -> pathlib.Path:
        return self.site / "pdf" / name


@pytest.fixture(scope="session")
def exported(browser: None, print_site: pathlib.Path) -> Export:
    """`playbook pdf` run once on the session's site, as `make pdf` runs it (no SOURCE_DATE_EPOCH set)."""
    from unittest import mock

    with mock.patch.dict(os.environ):
        os.environ.pop("SOURCE_DATE_EPOCH", None)
        return Export(print_site, run_pdf(REPO, print_site))
