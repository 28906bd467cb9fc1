"""PDFs of the printed pages, and the check that each sheet fits its page.

One headless Chromium (driven through Playwright over the DevTools protocol) renders every
page of an already built site, served on a loopback port: one browser and one tab for all
pages, so the whole export takes seconds. For each sheet and paper size the page is laid out
with print media at the paper's printable width and measured; the PDF's page count is the
verdict, the measurement says by how much a sheet overflows.
"""
from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator

from .render.printing import Printable, aspect, page_url, printables

if TYPE_CHECKING:
    from .playbook import Playbook

CHROMIUM = "/usr/bin/chromium"
# Chromium talks to Google (updates, accounts, autofill, safe browsing, field trials) even with
# --disable-background-networking: one export once made 244 DNS look-ups. Every host name but the
# loopback server's now resolves to nothing inside the browser (no DNS query leaves it), and the
# features that phone home are off as well.
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1 , EXCLUDE localhost",
                 "--disable-domain-reliability", "--disable-client-side-phishing-detection", "--disable-default-apps",
                 "--disable-extensions", "--no-default-browser-check", "--no-pings", "--disable-breakpad",
                 "--metrics-recording-only", "--disable-field-trial-config", "--safebrowsing-disable-auto-update",
                 "--disable-features=OptimizationHints,MediaRouter,Translate,AutofillServerCommunication,"
                 "CertificateTransparencyComponentUpdater,DialMediaRouteProvider,InterestFeedContentSuggestions,"
                 "NetworkTimeServiceQuerying,SafeBrowsing,NetworkPrediction,PrivacySandboxSettings4"]
MM_PER_PX = 25.4 / 96
MIN_FONT_PT = 9.0  # the smallest type a sheet may use: overflowing is reported, never shrunk away
SLIDE_HEIGHT_IN = 7.5  # PowerPoint's slide height, so the PDF and the .pptx have one shape (print.css uses it too)


class ExportError(Exception):
    """The export cannot run: no site, no browser. The message says what to do."""


@dataclass(frozen=True)
class Paper:
    name: str
    label: str
    width_mm: float
    height_mm: float


PAPERS = {"letter": Paper("letter", "Letter", 215.9, 279.4), "a4": Paper("a4", "A4", 210.0, 297.0)}


@dataclass(frozen=True)
class Fit:
    """How one printable came out on one paper."""

    item: Printable
    paper: str
    pages: int
    content_px: float = 0.0
    page_px: float = 0.0
    line_px: float = 0.0
    min_font_pt: float = 0.0

    @property
    def readable(self) -> bool:
        return not self.min_font_pt or self.min_font_pt >= MIN_FONT_PT - 0.05

    @property
    def fits(self) -> bool:
        return self.pages == self.item.pages and self.readable

    @property
    def overflow_percent(self) -> int:
        return max(1, round(100 * (self.content_px - self.page_px) / self.page_px))

    @property
    def overflow_lines(self) -> int:
        return max(1, -(-int(self.content_px - self.page_px) // int(self.line_px or 16)))

    def message(self) -> str:
        where = f"{self.item.page[:-len('.md')]}: {self.item.what}"
        paper = "landscape" if self.item.landscape else PAPERS[self.paper].label
        if self.pages == self.item.pages:
            return (f"{where} has text at {self.min_font_pt:.1f} pt on {paper} paper; keep all text at "
                    f"{MIN_FONT_PT:g} pt or larger in docs/assets/print.css")
        if self.item.pages > 1:
            return (f"{where} print to {self.pages} {paper} pages, not {self.item.pages} (one per role); "
                    f"a checklist overflows its page, see its own warning")
        if not self.page_px:
            return f"{where} prints to {self.pages} {paper} pages, not one; {self.item.hint}"
        return (f"{where} overflows one {paper} page by {self.overflow_percent} % (about {self.overflow_lines} lines, "
                f"{self.pages} pages); {self.item.hint}")


@dataclass
class ExportResult:
    files: list[Path] = field(default_factory=list)
    fits: list[Fit] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def problems(self) -> list[Fit]:
        return [f for f in self.fits if not f.fits]


def pdf_page_count(data: bytes) -> int:
    """Pages in a PDF written by Chromium: one `/Type /Page` object each (`/Pages` is the tree)."""
    return len(re.findall(rb"/Type\s*/Page\b", data))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the stdlib's name
        pass


@contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve `site` on a free loopback port for as long as the block runs."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def browser_page(chromium: str) -> Iterator[Any]:
    """One Chromium and one tab; Playwright gives it a fresh, throw-away profile."""
    if not Path(chromium).exists() and not shutil.which(chromium):
        raise ExportError(f"chromium not found at {chromium}; install Debian's chromium (apt-get install chromium) "
                          f"or pass --chromium PATH")
    try:
        from playwright.sync_api import Error as PlaywrightError, sync_playwright
    except ImportError:
        raise ExportError("the playwright package is not installed; run `make setup`") from None
    with sync_playwright() as driver:
        try:
            browser = driver.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        except PlaywrightError as error:
            raise ExportError(f"chromium at {chromium} did not start: {str(error).splitlines()[0]}") from None
        try:
            yield browser.new_page()
        finally:
            browser.close()


# The page margins from the stylesheet's @page rule, in CSS pixels: top, right, bottom, left.
_MARGINS = """() => {
  const px = (len) => { const d = document.createElement('div');
    d.style.cssText = `position:absolute;visibility:hidden;height:${len || '0px'}`;
    document.body.appendChild(d); const h = d.getBoundingClientRect().height; d.remove(); return h; };
  let m = {};
  for (const s of document.styleSheets) { let rules = []; try { rules = [...s.cssRules]; } catch (e) {}
    for (const r of rules) if (r instanceof CSSPageRule && !r.selectorText)
      m = {top: r.style.marginTop, right: r.style.marginRight,
           bottom: r.style.marginBottom, left: r.style.marginLeft}; }
  return [px(m.top), px(m.right), px(m.bottom), px(m.left)];
}"""

# Under print media: how far the content reaches (each later sheet of a multi-sheet page
# starts its own page), a step's line height and the smallest type on the sheet.
_MEASURE = """() => {
  const sheets = [...document.querySelectorAll('.pb-sheet')];
  const first = document.querySelector('.md-content') || sheets[0];
  const box = (el) => el.getBoundingClientRect();
  const bottoms = sheets.length > 1 ? sheets.map((s, i) => i ? box(s).height : box(s).bottom + scrollY)
                                    : [box(first).bottom + scrollY];
  const li = document.querySelector('.pb-steps li');
  const lh = li ? parseFloat(getComputedStyle(li).lineHeight) || 1.2 * parseFloat(getComputedStyle(li).fontSize) : 16;
  let min = 1e9;
  const walk = document.createTreeWalker(sheets[0] || document.body, NodeFilter.SHOW_TEXT);
  while (walk.nextNode()) { const el = walk.currentNode.parentElement;
    if (walk.currentNode.textContent.trim() && el.getClientRects().length)
      min = Math.min(min, parseFloat(getComputedStyle(el).fontSize)); }
  return {content: Math.max(0, ...bottoms), line: lh, minFontPt: min * 0.75};
}"""


def _measure(page: Any, paper: Paper, margins: list[float]) -> dict[str, Any]:
    """Lay the page out at the paper's printable width and height, then measure it."""
    top, right, bottom, left = margins
    height = paper.height_mm / MM_PER_PX - top - bottom
    page.set_viewport_size({"width": int(paper.width_mm / MM_PER_PX - left - right), "height": int(height)})
    found = page.evaluate(_MEASURE)
    found["page"] = height
    return found


def _slide_size(pb: "Playbook") -> dict[str, str]:
    width, height = aspect(pb)
    return {"width": f"{SLIDE_HEIGHT_IN * width / height:.4f}in", "height": f"{SLIDE_HEIGHT_IN}in"}


# Links to the site itself point at the temporary loopback server while printing: they become links
# to the configured site_url, or plain text when there is none. Links elsewhere stay as they are.
_SITE_LINKS = """(siteUrl) => {
  for (const a of document.querySelectorAll('a[href]')) {
    const url = new URL(a.href, location.href);
    if (url.origin !== location.origin) continue;
    if (siteUrl) a.href = new URL(url.pathname.replace(/^\\//, '') + url.search + url.hash, siteUrl).href;
    else a.removeAttribute('href');
  }
}"""
_PDF_DATE = re.compile(rb"/(CreationDate|ModDate) \(D:(\d{14})([^)]*)\)")


def reproducible(data: bytes, epoch: int) -> bytes:
    """The PDF's dates set to the build's time (SOURCE_DATE_EPOCH), same length so offsets stay valid."""
    stamp = time.strftime("%Y%m%d%H%M%S", time.gmtime(epoch)).encode()

    def fixed(found: re.Match[bytes]) -> bytes:
        zone = b"+00'00'" if len(found.group(3)) == 7 else found.group(3)
        return b"/" + found.group(1) + b" (D:" + stamp + zone + b")"

    return _PDF_DATE.sub(fixed, data)


def site_url(root: Path) -> str | None:
    """mkdocs.yml's site_url, when set (read as text: mkdocs.yml may hold tags no safe loader reads)."""
    from .site import site_config

    try:
        found = re.search(r"^site_url:\s*['\"]?([^'\"\s#]+)", site_config(root).read_text(encoding="utf-8"), re.M)
    except OSError:
        return None
    return found.group(1).rstrip("/") + "/" if found else None


def _export_one(page: Any, base: str, item: Printable, out: Path, pb: "Playbook",
                margins: list[float], link_base: str | None = None, epoch: int = 0) -> tuple[list[Path], list[Fit]]:
    page.goto(base + page_url(item.page), wait_until="load")
    page.evaluate(_SITE_LINKS, link_base)
    page.emulate_media(media="print")
    if not margins:
        margins += page.evaluate(_MARGINS)  # one stylesheet for every page: read its @page margins once
    files, fits = [], []
    for paper, rel in item.pdfs().items():
        path = out / Path(rel).name
        if item.landscape:
            data = page.pdf(**_slide_size(pb), print_background=True)
            fits.append(Fit(item, paper, pdf_page_count(data)))
        else:
            found = _measure(page, PAPERS[paper], margins)
            data = page.pdf(format=PAPERS[paper].label, print_background=True)
            fits.append(Fit(item, paper, pdf_page_count(data), found["content"], found["page"], found["line"],
                            found["minFontPt"]))
        path.write_bytes(reproducible(data, epoch))
        files.append(path)
    return files, fits


def check_site(site: Path, items: list[Printable]) -> None:
    if not (site / "index.html").is_file():
        raise ExportError(f"no built site in {site}; run `make site` first")
    missing = [i.page for i in items if not (site / page_url(i.page) / "index.html").is_file()]
    if missing:
        raise ExportError(f"{site} has no page for {', '.join(missing)}; the site is out of date, "
                          f"run `make site` first")


def export_pdfs(site: Path, pb: "Playbook", chromium: str = CHROMIUM, link_base: str | None = None,
                epoch: int | None = None) -> ExportResult:
    """Write site/pdf/*.pdf for every printable and measure how each fits its paper.

    Links to the site point at ``link_base`` (the configured site_url) or are left as plain text;
    two exports of one commit are byte-identical: the PDFs' dates are ``epoch`` (the build's
    SOURCE_DATE_EPOCH: the last commit's time), never the time the site happened to be written.
    """
    items = printables(pb)
    check_site(site, items)
    out = site / "pdf"
    out.mkdir(exist_ok=True)
    for stale in out.glob("*.pdf"):  # a role removed since the last export must not leave its sheet behind
        stale.unlink()
    result, started = ExportResult(), time.perf_counter()
    margins: list[float] = []
    if epoch is None:
        epoch = int(os.environ.get("SOURCE_DATE_EPOCH") or (site / "index.html").stat().st_mtime)
    with serve(site) as base, browser_page(chromium) as page:
        for item in items:
            files, fits = _export_one(page, base, item, out, pb, margins, link_base, epoch)
            result.files += files
            result.fits += fits
    result.seconds = time.perf_counter() - started
    _record_sources(site, items, out)
    return result


def _record_sources(site: Path, items: list[Printable], out: Path) -> None:
    """pdf/sources.json: the page each PDF was printed from and its digest, so a later build keeps the
    PDFs whose page did not change (macros.build.keep_current_pdfs) and drops the others."""
    import json

    from .build import PDF_SOURCES, page_digest

    sources = {}
    for item in items:
        page = f"{page_url(item.page)}index.html"
        for rel in item.pdfs().values():
            sources[Path(rel).name] = {"page": page, "sha256": page_digest(site, page)}
    (out / PDF_SOURCES).write_text(json.dumps(sources, indent=1, sort_keys=True), encoding="utf-8")


def render_png(pdf: Path, png: Path, dpi: int = 60) -> Path:
    """The first page of a PDF as a PNG (poppler's pdftoppm), for the docs and the README."""
    if not shutil.which("pdftoppm"):
        raise ExportError("pdftoppm not found; install poppler-utils (apt-get install poppler-utils)")
    png.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["pdftoppm", "-png", "-r", str(dpi), "-f", "1", "-l", "1", "-singlefile", str(pdf),
                    str(png.with_suffix(""))], check=True, capture_output=True)
    return png
