"""The one-slide executive brief as an editable .pptx, generated from playbook/executive-brief.yml.

The title and body are real PowerPoint placeholders (not text boxes), so whoever fills in
the brief types straight into them; each bullet's prompt goes into the speaker notes.
The bytes are reproducible: document dates come from SOURCE_DATE_EPOCH (else the file's
last_reviewed date) and the zip is rewritten with fixed timestamps, so two builds of one
commit give identical files.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.text import PP_ALIGN
from pptx.util import Emu, Pt

from .render.printing import aspect

if TYPE_CHECKING:
    from .playbook import Playbook

SLIDE_HEIGHT = Emu(6858000)  # 7.5 in, PowerPoint's own slide height; the width follows the aspect
TITLE_AND_CONTENT = 1        # layout index in python-pptx's default template
MARGIN = Emu(457200)         # 0.5 in
GREY = RGBColor(0x55, 0x55, 0x55)


def build_date(pb: "Playbook") -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).replace(tzinfo=None)
    return dt.datetime.fromisoformat(str(pb["executive-brief"]["last_reviewed"]))


def brief_presentation(pb: "Playbook") -> Any:
    data = pb["executive-brief"]
    width, height = aspect(pb)
    prs = Presentation()
    prs.slide_height = SLIDE_HEIGHT
    prs.slide_width = Emu(SLIDE_HEIGHT * width // height)
    slide = prs.slides.add_slide(prs.slide_layouts[TITLE_AND_CONTENT])
    _title(slide, prs, data["slide"]["title"])
    _bullets(slide, prs, data["bullets"])
    _footer(slide, prs, data["slide"]["footer"])
    slide.notes_slide.notes_text_frame.text = "\n".join(f"{b['label']}: {b['prompt']}" for b in data["bullets"])
    _properties(prs, pb)
    return prs


def _title(slide: Any, prs: Any, title: str) -> None:
    shape = slide.shapes.title
    shape.left, shape.top = MARGIN, MARGIN
    shape.width, shape.height = prs.slide_width - 2 * MARGIN, Emu(1005840)
    shape.text_frame.text = title
    shape.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT


def _bullets(slide: Any, prs: Any, bullets: list[dict[str, Any]]) -> None:
    body = slide.placeholders[1]
    body.left, body.top = MARGIN, Emu(MARGIN + 1005840 + 91440)
    body.width, body.height = prs.slide_width - 2 * MARGIN, prs.slide_height - body.top - 2 * MARGIN
    frame = body.text_frame
    for i, bullet in enumerate(bullets):
        paragraph = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        label = paragraph.add_run()
        label.text = f"{bullet['label']}: "
        label.font.bold = True
        value = paragraph.add_run()
        value.text = f"{{{bullet['placeholder']}}}"
        paragraph.font.size = Pt(28)
        paragraph.space_after = Pt(14)


def _footer(slide: Any, prs: Any, footer: str) -> None:
    box = slide.shapes.add_textbox(MARGIN, prs.slide_height - MARGIN - Emu(320040),
                                   prs.slide_width - 2 * MARGIN, Emu(320040))
    box.text_frame.text = footer
    box.text_frame.word_wrap = True
    box.text_frame.paragraphs[0].alignment = PP_ALIGN.LEFT
    run = box.text_frame.paragraphs[0].runs[0]
    run.font.size, run.font.color.rgb = Pt(14), GREY


def _properties(prs: Any, pb: "Playbook") -> None:
    props, when = prs.core_properties, build_date(pb)
    props.title = pb["executive-brief"]["slide"]["title"]
    props.author = props.last_modified_by = pb["executive-brief"]["owner"]
    props.created = props.modified = props.last_printed = when
    props.revision = 1


def reproducible_zip(data: bytes, when: dt.datetime) -> bytes:
    """The same zip with every entry's timestamp and attributes fixed."""
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.compress_type, info.external_attr = zipfile.ZIP_DEFLATED, 0o644 << 16
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def brief_pptx_bytes(pb: "Playbook") -> bytes:
    buffer = io.BytesIO()
    brief_presentation(pb).save(buffer)
    return reproducible_zip(buffer.getvalue(), build_date(pb))


def write_brief_pptx(pb: "Playbook", path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(brief_pptx_bytes(pb))
    return path
