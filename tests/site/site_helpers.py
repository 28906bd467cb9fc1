"""Helpers for site tests: build copies of the project and read the built HTML as users see it."""
from __future__ import annotations

import html
import os
import re
import shutil
from pathlib import Path

from macros.build import BuildResult, build_site

PROJECT = Path(__file__).resolve().parents[2]
COPIED = ("mkdocs.yml", "docs", "playbook", "schemas", "macros")


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = PROJECT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def edit(root: Path, file: str, old: str, new: str, count: int | None = 1) -> None:
    """Replace text in a copied file; the old text must be there, so an edit never silently stops applying."""
    path = root / file
    source = path.read_text(encoding="utf-8")
    found = source.count(old)
    assert found and (count is None or found == count), f"{file}: expected {count} of {old!r}, found {found}"
    path.write_text(source.replace(old, new), encoding="utf-8")


def build(root: Path) -> BuildResult:
    """Build with a fixed build date (reproducible pages), leaving the environment as it was for later tests."""
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1767225600")
    try:
        return build_site(root, root / "site")
    finally:
        if before is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)


def pages(site: Path) -> dict[str, str]:
    """Every built page (relative path -> HTML), 404 and search excluded."""
    return {str(p.relative_to(site)): p.read_text(encoding="utf-8") for p in sorted(site.rglob("index.html"))}


def article(page_html: str) -> str:
    start, end = page_html.find("<article"), page_html.find("</article>")
    return page_html[start:end] if start >= 0 else page_html


def visible_text(page_html: str) -> str:
    """The article's text as a reader sees it: tags dropped, entities decoded, spaces collapsed."""
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", article(page_html), flags=re.S)
    body = re.sub(r"</?(a|strong|em|code|span)\b[^>]*>", "", body)  # inline tags add no space
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


