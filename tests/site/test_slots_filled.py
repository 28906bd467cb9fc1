"""Every `{slot}` a policy sentence names is filled with its figure wherever the sentence is shown:
no page, search entry or in-browser tool's data shows a raw slot (the Policy changes page may quote a
sentence as it was written, and templates keep their own placeholders for the writer to fill)."""
from __future__ import annotations

import pathlib

from macros.loading import strings
from macros.playbook import load_playbook
from macros.sentences import slots

REPO = pathlib.Path(__file__).resolve().parents[2]
TEMPLATE_FILES = ("communication", "executive-brief", "phrases")  # placeholders there are for the writer


def data_slots() -> set[str]:
    pb, _ = load_playbook(REPO)
    return {f"{{{name}}}" for stem, doc in pb.documents.items() if stem not in TEMPLATE_FILES
            for _path, text in strings(doc.data) for name in slots(text)}


def test_no_output_shows_a_raw_slot(example_site: pathlib.Path) -> None:
    wanted = data_slots()
    assert wanted, "the example's sentences name figures by slot"
    shown = []
    for path in sorted(example_site.rglob("*")):
        if path.suffix not in (".html", ".js", ".json") or "changes" in path.parts or "search" in path.parts:
            continue
        content = path.read_text("utf-8", errors="replace")
        shown += [f"{path.relative_to(example_site)}: {slot}" for slot in wanted if slot in content]
    assert shown == []
