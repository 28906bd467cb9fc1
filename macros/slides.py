"""The one-slide executive brief as an editable .pptx, generated from playbook/executive-brief.yml.

Every piece an executive reads is a real PowerPoint placeholder (not a text box), so whoever
fills in the brief types straight into it: the title, one placeholder per slide field
(incident, as of, level, owner, ... in the data's order, added to the slide's layout) and the
body with the bullets. Each prompt goes into the speaker notes.

The file describes itself from the data: title, subject and owning team in the core
properties, the presentation format (for example "On-screen Show (16:9)") in
docProps/app.xml, no tool credit. A thumbnail is only written from the real slide (its PDF
page, `with_thumbnail`, when `playbook pdf` has Chromium); python-pptx's blank 4:3 one is
dropped.

The bytes are reproducible: document dates come from SOURCE_DATE_EPOCH (else the file's
last_reviewed date) and the zip is rewritten with fixed timestamps, so two builds of one
commit give identical files.
"""
from __future__ import annotations

import copy
import datetime as dt
import io
import os
import re
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from lxml import etree
from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from .render.printing import aspect, slide_parts

if TYPE_CHECKING:
    from .playbook import Playbook

INCH = 914400
SLIDE_HEIGHT = Emu(6858000)  # 7.5 in, PowerPoint's own slide height; the width follows the aspect
TITLE_AND_CONTENT = 1        # layout index in python-pptx's default template
MARGIN = Emu(INCH // 2)
TITLE_HEIGHT = Emu(INCH * 85 // 100)
FIELD_HEIGHT = Emu(INCH * 68 // 100)
FIELD_COLUMNS = 3
FOOTER_HEIGHT = Emu(320040)
FIRST_FIELD_IDX = 20         # placeholder idx of the first slide field (the template uses 0, 1, 10-12)
GREY = RGBColor(0x55, 0x55, 0x55)
THUMBNAIL = "docProps/thumbnail.jpeg"
THUMBNAIL_REL = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"


def build_date(pb: "Playbook") -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.fromisoformat(str(pb["executive-brief"]["last_reviewed"]))


def brief_presentation(pb: "Playbook") -> Any:
    data = pb["executive-brief"]
    parts = slide_parts(pb)
    width, height = aspect(pb)
    prs = Presentation()
    prs.slide_height = SLIDE_HEIGHT
    prs.slide_width = Emu(SLIDE_HEIGHT * width // height)
    layout = prs.slide_layouts[TITLE_AND_CONTENT]
    _shape_layout(layout, prs, parts["fields"])
    slide = prs.slides.add_slide(layout)  # clones every layout placeholder, fields included
    slide.shapes.title.text_frame.text = parts["title"]
    slide.shapes.title.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    for i, field in enumerate(parts["fields"]):
        _field(slide.placeholders[FIRST_FIELD_IDX + i], field)
    _bullets(slide.placeholders[1], parts["bullets"])
    _footer(slide, prs, data["slide"]["footer"])
    slide.notes_slide.notes_text_frame.text = "\n".join(
        f"{item['label']}: {item['prompt']}" for item in parts["fields"] + parts["bullets"])
    _properties(prs, pb)
    return prs


# --- layout: where each placeholder sits -----------------------------------------------------

def _box(shape: Any, left: int, top: int, width: int, height: int) -> None:
    shape.left, shape.top, shape.width, shape.height = Emu(left), Emu(top), Emu(width), Emu(height)


def _fields_bottom(count: int) -> int:
    rows = -(-count // FIELD_COLUMNS)
    return MARGIN + TITLE_HEIGHT + Emu(INCH // 10) + rows * FIELD_HEIGHT


def _shape_layout(layout: Any, prs: Any, fields: list[dict[str, Any]]) -> None:
    """Place the title and body on the layout and add one body placeholder per slide field."""
    inner = prs.slide_width - 2 * MARGIN
    _box(layout.placeholders[0], MARGIN, MARGIN, inner, TITLE_HEIGHT)
    body = layout.placeholders[1]
    template = copy.deepcopy(body._element)
    columns = min(FIELD_COLUMNS, len(fields)) or 1
    for i, field in enumerate(fields):
        element = _field_placeholder(template, FIRST_FIELD_IDX + i, field["label"])
        layout.shapes._spTree.append(element)
        shape = next(p for p in layout.placeholders if p.placeholder_format.idx == FIRST_FIELD_IDX + i)
        row, col = divmod(i, columns)
        _box(shape, MARGIN + col * inner // columns, MARGIN + TITLE_HEIGHT + INCH // 10 + row * FIELD_HEIGHT,
             inner // columns, FIELD_HEIGHT)
    top = _fields_bottom(len(fields)) + INCH // 8
    _box(body, MARGIN, top, inner, prs.slide_height - top - MARGIN - FOOTER_HEIGHT)


def _field_placeholder(template: Any, idx: int, label: str) -> Any:
    """A body placeholder without bullets, named after its field, prompting with the label."""
    element = copy.deepcopy(template)
    c_nv_pr = element.find(f"{qn('p:nvSpPr')}/{qn('p:cNvPr')}")
    c_nv_pr.set("id", str(100 + idx))
    c_nv_pr.set("name", f"{label} Placeholder")
    ph = element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    ph.set("type", "body")
    ph.set("sz", "quarter")
    ph.set("idx", str(idx))
    body = element.find(qn("p:txBody"))
    for child in list(body):
        if child.tag in (qn("a:lstStyle"), qn("a:p")):
            body.remove(child)
    style = etree.SubElement(body, qn("a:lstStyle"))
    level = etree.SubElement(style, qn("a:lvl1pPr"), marL="0", indent="0")
    etree.SubElement(level, qn("a:buNone"))
    paragraph = etree.SubElement(body, qn("a:p"))
    run = etree.SubElement(paragraph, qn("a:r"))
    etree.SubElement(run, qn("a:rPr"), lang="en-US")
    etree.SubElement(run, qn("a:t")).text = label
    return element


# --- the slide's text --------------------------------------------------------------------------

def _field(shape: Any, field: dict[str, Any]) -> None:
    shape.name = field["label"]
    frame = shape.text_frame
    label = frame.paragraphs[0].add_run()
    label.text = field["label"]
    label.font.size, label.font.bold, label.font.color.rgb = Pt(14), True, GREY
    value = frame.add_paragraph().add_run()
    value.text = f"{{{field['placeholder']}}}"
    value.font.size = Pt(22)


def _bullets(body: Any, bullets: list[dict[str, Any]]) -> None:
    frame = body.text_frame
    for i, bullet in enumerate(bullets):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        label = paragraph.add_run()
        label.text = f"{bullet['label']}: "
        label.font.bold = True
        value = paragraph.add_run()
        value.text = f"{{{bullet['placeholder']}}}"
        paragraph.font.size = Pt(26)
        paragraph.space_after = Pt(12)


def _footer(slide: Any, prs: Any, footer: str) -> None:
    box = slide.shapes.add_textbox(MARGIN, prs.slide_height - MARGIN - FOOTER_HEIGHT,
                                   prs.slide_width - 2 * MARGIN, FOOTER_HEIGHT)
    box.name = "Footer"
    box.text_frame.text = footer
    box.text_frame.word_wrap = True
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    run = box.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.color.rgb = Pt(14), GREY


# --- what the file says about itself -----------------------------------------------------------

def owning_team(pb: "Playbook") -> str:
    data = pb["executive-brief"]
    return data["slide"].get("team") or data["owner"]


def _properties(prs: Any, pb: "Playbook") -> None:
    data, props, when = pb["executive-brief"], prs.core_properties, build_date(pb)
    props.title = data["slide"]["title"]
    props.subject = data["slide"].get("subject") or data["slide"]["title"]
    props.author = props.last_modified_by = owning_team(pb)
    props.comments = props.keywords = props.category = ""  # the template says "generated using python-pptx"
    props.created = props.modified = props.last_printed = when
    props.revision = 1


def presentation_format(pb: "Playbook") -> str:
    """What PowerPoint shows under File > Info for a slide of this shape."""
    return "On-screen Show ({}:{})".format(*aspect(pb))


def app_xml(pb: "Playbook") -> bytes:
    """docProps/app.xml for one slide with notes: format, parts and company from the data, no tool credit."""
    title = escape(pb["executive-brief"]["slide"]["title"])
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
        'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
        f'<PresentationFormat>{escape(presentation_format(pb))}</PresentationFormat>'
        '<Slides>1</Slides><Notes>1</Notes><HiddenSlides>0</HiddenSlides><MMClips>0</MMClips>'
        '<ScaleCrop>false</ScaleCrop>'
        '<HeadingPairs><vt:vector size="4" baseType="variant">'
        '<vt:variant><vt:lpstr>Theme</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>'
        '<vt:variant><vt:lpstr>Slide Titles</vt:lpstr></vt:variant><vt:variant><vt:i4>1</vt:i4></vt:variant>'
        '</vt:vector></HeadingPairs>'
        f'<TitlesOfParts><vt:vector size="2" baseType="lpstr"><vt:lpstr>Office Theme</vt:lpstr>'
        f'<vt:lpstr>{title}</vt:lpstr></vt:vector></TitlesOfParts>'
        f'<Company>{escape(pb["organisation"]["name"])}</Company>'
        '<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged>'
        '</Properties>').encode("utf-8")


# --- the package -------------------------------------------------------------------------------

def _package_rels(rels: bytes, thumbnail: bool) -> bytes:
    """The package relationships with the thumbnail relationship present or absent."""
    text = re.sub(r'<Relationship [^>]*Type="' + re.escape(THUMBNAIL_REL) + r'"[^>]*/>', "", rels.decode("utf-8"))
    if thumbnail:
        used = {int(n) for n in re.findall(r'Id="rId(\d+)"', text)}
        rid = next(n for n in range(1, len(used) + 2) if n not in used)
        text = text.replace("</Relationships>", f'<Relationship Id="rId{rid}" Type="{THUMBNAIL_REL}" '
                                                f'Target="{THUMBNAIL}"/></Relationships>')
    return text.encode("utf-8")


def repackage(data: bytes, when: dt.datetime, replace: dict[str, bytes | None] | None = None) -> bytes:
    """The same zip with some parts replaced (None drops one), every entry's timestamp and
    attributes fixed. Dropping or adding the thumbnail also fixes the package relationships."""
    replace = dict(replace or {})
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        names = [n for n in src.namelist() if n not in replace] + [n for n, b in replace.items() if b is not None]
        if THUMBNAIL in replace:
            replace["_rels/.rels"] = _package_rels(src.read("_rels/.rels"), replace[THUMBNAIL] is not None)
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(info, replace[name] if name in replace else src.read(name))
    return out.getvalue()


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry's timestamp and attributes fixed."""
    return repackage(data, when)


def brief_pptx_bytes(pb: "Playbook") -> bytes:
    buffer = io.BytesIO()
    brief_presentation(pb).save(buffer)
    return repackage(buffer.getvalue(), build_date(pb), {"docProps/app.xml": app_xml(pb), THUMBNAIL: None})


def with_thumbnail(pptx: bytes, jpeg: bytes, when: dt.datetime) -> bytes:
    """The .pptx with `jpeg` (the slide as rendered) as the thumbnail file managers and PowerPoint show."""
    return repackage(pptx, when, {THUMBNAIL: jpeg})


def write_brief_pptx(pb: "Playbook", path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(brief_pptx_bytes(pb))
    return path


def slide_thumbnail(pdf: Path, width_px: int = 256) -> bytes:
    """The slide's PDF page as a small JPEG (poppler's pdftoppm), the .pptx thumbnail."""
    import shutil
    import subprocess
    import tempfile

    if not shutil.which("pdftoppm"):
        raise FileNotFoundError("pdftoppm not found; install poppler-utils (apt-get install poppler-utils)")
    with tempfile.TemporaryDirectory() as tmp:
        stem = Path(tmp) / "thumbnail"
        subprocess.run(["pdftoppm", "-jpeg", "-scale-to", str(width_px), "-f", "1", "-l", "1", "-singlefile",
                        str(pdf), str(stem)], check=True, capture_output=True)
        return stem.with_suffix(".jpg").read_bytes()


def attach_thumbnail(pb: "Playbook", pptx: Path, pdf: Path) -> Path:
    """Rewrite the built .pptx with a thumbnail of the real slide, rendered from its PDF page."""
    pptx.write_bytes(with_thumbnail(pptx.read_bytes(), slide_thumbnail(pdf), build_date(pb)))
    return pptx
