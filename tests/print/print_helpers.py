"""Helpers for the print tests (imported by name: tests/print is on sys.path under pytest)."""
from __future__ import annotations

import pathlib
import shutil

from click.testing import CliRunner, Result

from macros.build import build_site
from macros.pdf import CHROMIUM

REPO = pathlib.Path(__file__).resolve().parents[2]


def missing_tools() -> list[str]:
    missing = [] if pathlib.Path(CHROMIUM).exists() else [f"chromium not installed: no {CHROMIUM}"]
    missing += [f"poppler-utils not installed: no {tool}"
                for tool in ("pdfinfo", "pdftotext", "pdftoppm") if not shutil.which(tool)]
    try:
        import playwright  # noqa: F401
    except ImportError:
        missing.append("playwright not installed in this environment")
    return missing


def build(root: pathlib.Path, site: pathlib.Path) -> pathlib.Path:
    result = build_site(root, site)
    assert result.ok, result.output
    return result.site


def run_pdf(root: pathlib.Path, site: pathlib.Path, *extra: str) -> Result:
    from scripts.cli import cli

    args = ["--root", str(root), "pdf", "--site-dir", str(site), *extra]
    return CliRunner().invoke(cli, args, prog_name="playbook")
