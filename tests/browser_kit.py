"""A real browser for tests: Debian's chromium driven by Playwright, pages served on loopback.

Without chromium the tests skip with the reason, except under CI=true, where that is a failure.
"""
from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import pytest

from macros.pdf import CHROMIUM_ARGS


def chromium_path() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    reason = "chromium not installed (Debian package 'chromium'); browser tests need it"
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}, and CI=true makes that a failure")
    pytest.skip(reason)


@contextmanager
def serve(folder: Path) -> Iterator[str]:
    """Serve a folder on 127.0.0.1 at a free port (the PDF export's server); yields the base URL."""
    from macros.pdf import serve as serve_site

    with serve_site(folder) as url:
        yield url.rstrip("/")


@contextmanager
def browser() -> Iterator[object]:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        flags = [a for a in CHROMIUM_ARGS if a != "--headless"]  # Playwright adds its own headless flag
        launched = playwright.chromium.launch(executable_path=executable, args=flags, headless=True)
        try:
            yield launched
        finally:
            launched.close()
