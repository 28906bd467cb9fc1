"""The executive slide in HTML and .pptx: every field the data lists, each exactly once, as an
editable placeholder; the .pptx describes itself from the data (no browser needed)."""
from __future__ import annotations

import io
import re
import zipfile

import pytest
from pptx import Presentation

from macros.playbook import load_playbook
from macros.render.printing import slide_parts
from macros.slides import brief_pptx_bytes, with_thumbnail, build_date

from print_helpers import REPO

PLAYBOOK, _ = load_playbook(REPO)
PARTS = slide_parts(PLAYBOOK)
SHOWN = PARTS["fields"] + PARTS["bullets"]


def test_the_data_lists_the_fields_an_executive_asks_first():
    labels = [f["label"] for f in PARTS["fields"]]
    assert len(labels) >= 6 and len(PARTS["bullets"]) == 5
    placeholders = [f["placeholder"] for f in SHOWN] + re.findall(r"\{([a-z_]+)\}", PARTS["title"])
    assert len(placeholders) == len(set(placeholders)), "each placeholder once on the slide"


def visible_slide_text(page: str) -> str:
    """The slide's text without the prompts (small print) and the footer, which may name anything."""
    slide = re.search(r'<div class="pb-slide".*?<p class="pb-slide-footer">', page, re.S).group(0)
    return re.sub(r"\s+", " ", re.sub(r"<small>.*?</small>|<[^>]+>", " ", slide))


def test_the_html_slide_shows_every_field_and_bullet_once(print_site):
    import html

    page = (print_site / "print" / "executive-brief" / "index.html").read_text(encoding="utf-8")
    text = html.unescape(visible_slide_text(page))
    for item in SHOWN:
        assert text.count(f"{{{item['placeholder']}}}") == 1, item["placeholder"]
        assert len(re.findall(rf"(?<![\w]){re.escape(item['label'])}(?![\w])", text)) == 1, item["label"]
    assert PARTS["title"] in text


@pytest.fixture(scope="module")
def pptx_bytes() -> bytes:
    return brief_pptx_bytes(PLAYBOOK)


def slide_texts(data: bytes) -> tuple[object, list[str]]:
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == 1
    return prs, [shape.text_frame.text for shape in prs.slides[0].shapes if shape.has_text_frame and shape.name != "Footer"]


def test_every_field_is_an_editable_placeholder_shown_once(pptx_bytes):
    prs, texts = slide_texts(pptx_bytes)
    slide = prs.slides[0]
    joined = "\n".join(texts)
    for item in SHOWN:
        assert joined.count(f"{{{item['placeholder']}}}") == 1, item["placeholder"]
        assert len(re.findall(rf"(?<!\w){re.escape(item['label'])}(?!\w)", joined)) == 1, item["label"]
    for field in PARTS["fields"]:
        holder = next(s for s in slide.placeholders if f"{{{field['placeholder']}}}" in s.text_frame.text)
        assert holder.text_frame.text == f"{field['label']}\n{{{field['placeholder']}}}"
        assert holder.name == field["label"]
        # the layout has the matching placeholder, so PowerPoint offers it as a real placeholder
        assert holder.placeholder_format.idx in {p.placeholder_format.idx for p in slide.slide_layout.placeholders}
    assert slide.shapes.title.text_frame.text == PARTS["title"]
    notes = slide.notes_slide.notes_text_frame.text
    assert all(f"{item['label']}: {item['prompt']}" in notes for item in SHOWN)


def test_the_pptx_says_the_right_things_about_itself(pptx_bytes):
    prs = Presentation(io.BytesIO(pptx_bytes))
    props, brief = prs.core_properties, PLAYBOOK["executive-brief"]
    assert props.title == brief["slide"]["title"]
    assert props.subject == brief["slide"]["subject"]
    assert props.author == props.last_modified_by == brief["slide"]["team"]
    package = zipfile.ZipFile(io.BytesIO(pptx_bytes))
    app = package.read("docProps/app.xml").decode("utf-8")
    width, height = brief["slide"]["aspect"].split(":")
    assert f"<PresentationFormat>On-screen Show ({width}:{height})</PresentationFormat>" in app
    assert "<Slides>1</Slides>" in app and f"<Company>{PLAYBOOK['organisation']['name']}</Company>" in app
    every_part = b"".join(package.read(n) for n in package.namelist() if n.startswith("docProps/"))
    for credit in (b"python-pptx", b"Steve Canny", b"4:3", b"Macintosh"):
        assert credit not in every_part
    # no thumbnail until one is rendered from the real slide: never python-pptx's blank 4:3 one
    assert "docProps/thumbnail.jpeg" not in package.namelist()
    assert b"metadata/thumbnail" not in package.read("_rels/.rels")
    assert prs.slide_width / prs.slide_height == pytest.approx(int(width) / int(height), rel=0.001)


def test_a_thumbnail_is_added_with_its_relationship(pptx_bytes):
    jpeg = b"\xff\xd8\xff\xe0fake-jpeg"
    data = with_thumbnail(pptx_bytes, jpeg, build_date(PLAYBOOK))
    package = zipfile.ZipFile(io.BytesIO(data))
    assert package.read("docProps/thumbnail.jpeg") == jpeg
    rels = package.read("_rels/.rels").decode()
    assert rels.count("metadata/thumbnail") == 1 and 'Target="docProps/thumbnail.jpeg"' in rels
    assert len(set(re.findall(r'Id="(rId\d+)"', rels))) == rels.count("<Relationship ")
    Presentation(io.BytesIO(data))  # still opens
