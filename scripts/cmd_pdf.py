"""`playbook pdf`: PDFs of the printed checklists, the quick-reference cards and the slide."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from macros.pdf import CHROMIUM, ExportError, ExportResult, export_pdfs, render_png, site_url
from macros.problems import PlaybookError


@click.command("pdf")
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="The built site to print from; PDFs go to its pdf/ folder (default: site/ in the project).")
@click.option("--chromium", default=CHROMIUM, show_default=True, envvar="PLAYBOOK_CHROMIUM",
              help="The Chromium binary to print with (env PLAYBOOK_CHROMIUM).")
@click.option("--png-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Also write PNG previews of the first role's Letter checklist and of the slide here "
                   "(checklist.png, executive-brief.png; `make previews` refreshes the README's).")
@click.pass_obj
def pdf(root: Path, site_dir: Path | None, chromium: str, png_dir: Path | None) -> None:
    """Print every checklist, the quick-reference cards and the slide to PDF.

    Uses one headless Chromium for all pages on an already built site (run
    `make site` first) and writes site/pdf/<role>-letter.pdf and -a4.pdf for each
    role, all-checklists-*.pdf, quick-reference-<level>-*.pdf (one card per level) and executive-brief.pdf
    (one landscape page in the shape of the .pptx slide), and gives the built
    executive-brief.pptx a thumbnail rendered from that page. Each sheet must fit one page: a sheet that
    overflows is reported with its role and by how much, and the command exits 1.
    Exit 2 when the site or the browser is missing.

    \b
    Example:
      make site && playbook pdf
      playbook pdf --site-dir /tmp/preview --png-dir .github/img
    """
    from macros.site import build_playbook

    site = (site_dir or root / "site").resolve()
    try:
        playbook = build_playbook(root)
    except PlaybookError as error:
        click.echo(f"{error}\nthe playbook has problems; fix them, run `make site`, then print again", err=True)
        sys.exit(1)
    try:
        result = export_pdfs(site, playbook, chromium, site_url(root), _epoch(root))
        _thumbnail(playbook, result, site)
        if png_dir:
            _previews(result, png_dir)
    except ExportError as error:
        raise click.UsageError(str(error)) from None
    _report(result, site)
    sys.exit(1 if result.problems else 0)


def _epoch(root: Path) -> int | None:
    """The time the site is built as (SOURCE_DATE_EPOCH, else the last commit's), so two runs of
    `make pdf` on one commit give byte-identical PDFs; None outside git."""
    from macros.build import source_date_epoch

    found = source_date_epoch(root)
    return int(found) if found and found.isdigit() else None


PREVIEWS = ("checklist.png", "executive-brief.png")  # fixed names: the README links them whatever the roles are


def _previews(result: ExportResult, png_dir: Path) -> None:
    first = result.fits[0].item
    render_png(site_file(result, f"{first.name}-letter.pdf"), png_dir / PREVIEWS[0], dpi=72)
    render_png(site_file(result, "executive-brief.pdf"), png_dir / PREVIEWS[1], dpi=72)


def _thumbnail(playbook, result: ExportResult, site: Path) -> None:
    """The .pptx gets a thumbnail of the real slide, rendered from its PDF page."""
    from macros.render.printing import BRIEF_PPTX
    from macros.slides import attach_thumbnail

    pptx = site / BRIEF_PPTX
    if not pptx.is_file():
        return
    try:
        attach_thumbnail(playbook, pptx, site_file(result, "executive-brief.pdf"))
    except FileNotFoundError as error:  # pdftoppm missing: the .pptx stays valid, without a thumbnail
        click.echo(f"note: {error}; {BRIEF_PPTX} has no thumbnail", err=True)


def site_file(result: ExportResult, name: str) -> Path:
    return next(f for f in result.files if f.name == name)


def _report(result: ExportResult, site: Path) -> None:
    for fit in result.problems:
        click.echo(f"warning: {fit.message()}", err=True)
    pages = len(result.files)
    click.echo(f"{pages} PDFs written to {site / 'pdf'} in {result.seconds:.1f} s "
               f"({result.seconds / max(pages, 1):.2f} s per PDF, one browser)", err=True)
    if result.problems:
        click.echo(f"{len(result.problems)} sheet(s) do not fit their page", err=True)
