"""`make site` after `make pdf` keeps the PDFs whose page did not change, drops the others, and a link
to a PDF the site does not hold becomes text saying how to make it: never a dead link."""
from __future__ import annotations

import json
from pathlib import Path

from macros.build import PDF_SOURCES, keep_current_pdfs, page_digest, unlink_missing_pdfs

PRINT_PAGE = ('<h1>Print</h1><p><a href="../pdf/lead-letter.pdf">Letter</a> · <a href="../pdf/lead-a4.pdf">A4</a>'
              ' · <a href="https://example.com/x.pdf">theirs</a></p><p>{body}</p>')


def site_with(folder: Path, body: str, pdfs: dict[str, str]) -> Path:
    (folder / "print").mkdir(parents=True)
    (folder / "print" / "index.html").write_text(PRINT_PAGE.format(body=body), encoding="utf-8")
    if pdfs:
        (folder / "pdf").mkdir()
    for name, content in pdfs.items():
        (folder / "pdf" / name).write_text(content)
    return folder


def test_pdfs_of_unchanged_pages_are_kept_and_links_to_missing_ones_become_text(tmp_path: Path) -> None:
    old = site_with(tmp_path / "site", "steps", {"lead-letter.pdf": "letter", "lead-a4.pdf": "a4"})
    unlink_missing_pdfs(old)  # as built before any PDF existed … then `make pdf` printed them:
    digest = page_digest(old, "print/index.html")
    sources = {name: {"page": "print/index.html", "sha256": digest} for name in ("lead-letter.pdf", "lead-a4.pdf")}
    (old / "pdf" / PDF_SOURCES).write_text(json.dumps(sources))

    same = site_with(tmp_path / "same", "steps", {})
    assert keep_current_pdfs(old, same) == ["lead-a4.pdf", "lead-letter.pdf"]
    assert unlink_missing_pdfs(same) == 0
    assert (same / "pdf" / "lead-letter.pdf").read_text() == "letter"
    assert '<a href="../pdf/lead-a4.pdf">A4</a>' in (same / "print" / "index.html").read_text()

    changed = site_with(tmp_path / "changed", "other steps", {})
    assert keep_current_pdfs(old, changed) == []
    assert unlink_missing_pdfs(changed) == 1
    html = (changed / "print" / "index.html").read_text()
    assert '<span class="pb-pdf-missing">Letter (not made yet: run <code>make pdf</code>)</span>' in html
    assert '<a href="https://example.com/x.pdf">theirs</a>' in html  # links elsewhere are not ours to judge
    assert not (changed / "pdf").exists()


def test_a_damaged_or_hostile_sources_file_keeps_nothing(tmp_path: Path) -> None:
    old = site_with(tmp_path / "site", "steps", {"lead-letter.pdf": "letter"})
    (old / "pdf" / PDF_SOURCES).write_text('{"../../etc/passwd": {"page": "print/index.html"}, "x.pdf": 3}')
    assert keep_current_pdfs(old, site_with(tmp_path / "new", "steps", {})) == []
    (old / "pdf" / PDF_SOURCES).write_text("not json")
    assert keep_current_pdfs(old, site_with(tmp_path / "new2", "steps", {})) == []
