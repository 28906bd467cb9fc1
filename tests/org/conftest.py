"""Both example organisations built once per session: the site (with its slide) and the PDFs.

The PDFs need Debian's chromium and poppler-utils; without them the PDF part is skipped with the
reason, except under CI=true, where a missing tool is a failure.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from click.testing import CliRunner

from macros.build import build_site
from macros.pdf import CHROMIUM
from macros.playbook import Playbook, load_playbook
from org_kit import ORGS, pdf_texts, site_texts


@dataclass
class Org:
    name: str
    root: Path
    site: Path
    playbook: Playbook
    build_output: str
    texts: dict[str, str] = field(default_factory=dict)
    pdf_exit: int | None = None
    pdf_output: str = ""


def _missing_pdf_tools() -> list[str]:
    missing = [] if Path(CHROMIUM).exists() else [f"chromium not installed: no {CHROMIUM}"]
    return missing + [f"poppler-utils not installed: no {t}" for t in ("pdftotext", "pdftoppm") if not shutil.which(t)]


@pytest.fixture(scope="session")
def orgs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Org]:
    built = {}
    with pytest.MonkeyPatch.context() as patch:  # a fixed build date, not left set for other tests
        patch.setenv("SOURCE_DATE_EPOCH", os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))
        for name, root in ORGS.items():
            playbook, _problems = load_playbook(root)
            result = build_site(root, tmp_path_factory.mktemp(f"org-{name}") / "site")
            assert result.ok, result.output
            built[name] = Org(name, root, result.site, playbook, result.output, site_texts(result.site))
    return built


@pytest.fixture(scope="session")
def orgs_with_pdfs(orgs: dict[str, Org]) -> dict[str, Org]:
    missing = _missing_pdf_tools()
    if missing and os.environ.get("CI") == "true":
        pytest.fail("; ".join(missing) + " (CI=true: the PDF part must run)")
    if missing:
        pytest.skip("; ".join(missing))
    from scripts.cli import cli

    for org in orgs.values():
        if org.pdf_exit is None:
            done = CliRunner().invoke(cli, ["--root", str(org.root), "pdf", "--site-dir", str(org.site)],
                                      prog_name="playbook")
            org.pdf_exit, org.pdf_output = done.exit_code, done.output
            org.texts.update(pdf_texts(org.site))
    return orgs
