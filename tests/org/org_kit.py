"""Helpers for the cross-organisation tests: what is distinctive about an organisation, read from its
data, and the text a reader gets from a built site (pages, search index, in-browser data, PDFs, slide).

Nothing here names either organisation's facts: the strings are derived from the YAML, so the
tests keep working when the data changes.
"""
from __future__ import annotations

import ast
import html
import json
import re
import subprocess
from pathlib import Path
from typing import Any, Iterator

from macros.playbook import Playbook
from macros.loading import strings
from macros.sentences import SLOT
from macros.units import money_text

REPO = Path(__file__).resolve().parents[2]
ORGS = {"main": REPO, "second": REPO / "examples" / "quillmate"}  # the two example organisations' folders
ORG_ROOTS = tuple(ORGS.values())
# Where the tool's own words live: a string the tool itself prints is no organisation's.
TOOL_TEXT = (("docs", ("*.md", "*.js", "*.css", "*.html")), ("macros", ("*.py", "*.html", "*.js", "*.json")),
             ("schemas", ("*.json",)))  # of the schemas, only the titles: their descriptions give examples
SAMPLE_GENERATORS = ("sample.py",)  # macros/calibrate/sample.py, macros/operations/sample.py
ID_LIKE = re.compile(r"^[a-z0-9_:.+-]*$")  # ids and references (sev1, level-2, first-reply): code, not words
MIN_FRAGMENT = 12  # fragments of long texts shorter than this are too common to mean anything
SHORT = 6  # a whole string shorter than this is matched as a word, case and all


def squeeze(value: str) -> str:
    return re.sub(r"\s+", " ", value).strip()


def string_leaves(value: Any) -> Iterator[str]:
    return (text for _path, text in strings(value))


def money_leaves(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if "amount" in value and "currency" in value:
            yield value
        for item in value.values():
            yield from money_leaves(item)
    elif isinstance(value, list):
        for item in value:
            yield from money_leaves(item)


def fragments(text: str) -> Iterator[str]:
    """A data string as pieces a page shows verbatim: split at {slots} and placeholders, markdown marks
    and line breaks (a template's body is shown line by line, a sentence's slot is filled in)."""
    for piece in re.split(r"\{[^}]*\}|\*\*|[\n•]|^\s*-\s", SLOT.sub("\n", text), flags=re.M):
        piece = squeeze(piece).strip(" :,.;")
        if piece:
            yield piece


def data_strings(pb: Playbook) -> set[str]:
    """Every name, sentence, phrase and template fragment of the organisation, and every amount as the
    site writes it (with its currency)."""
    found: set[str] = set()
    for stem in pb.documents:
        data = pb[stem]
        for leaf in string_leaves(data):
            if ID_LIKE.match(leaf):
                continue
            whole = squeeze(leaf)
            if len(whole) < 80 and "{" not in whole and "\n" not in leaf:
                found.add(whole)
            found.update(f for f in fragments(leaf) if len(f) >= MIN_FRAGMENT)
        found.update(money_text(m) for m in money_leaves(data))
    found.add(pb["organisation"]["currency"])
    return found


def _literals(source: str) -> Iterator[str]:
    """The string literals of a module that can reach a page: docstrings and comments left out."""
    tree = ast.parse(source)
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.value


def tool_text() -> str:
    """What the tool itself can print: the pages' prose, its scripts and styles, the schemas' titles and
    the string literals of its code (not docstrings or comments, and not the generators of the main
    example's sample exports, which are data)."""
    parts = []
    for folder, patterns in TOOL_TEXT:
        for pattern in patterns:
            for path in sorted((REPO / folder).rglob(pattern)):
                if "vendor" in path.parts or path.name in SAMPLE_GENERATORS:
                    continue
                source = path.read_text(encoding="utf-8", errors="replace")
                if path.suffix == ".py":
                    parts.extend(_literals(source))
                elif folder == "schemas":
                    parts.extend(re.findall(r'"title": "([^"]*)"', source))
                else:
                    parts.append(source)
    return squeeze("\n".join(parts))


def found_in(s: str, text: str, folded: str | None = None) -> bool:
    """Short strings match as whole words with their case ('ARR' is not in 'arrow'); longer ones
    anywhere, ignoring case (`folded`: the text already casefolded, when it is searched many times)."""
    if len(s) < SHORT:
        return re.search(rf"(?<![\w$€£]){re.escape(s)}(?!\w)", text) is not None
    return s.casefold() in (text.casefold() if folded is None else folded)


def distinctive(own: set[str], other_corpus: str, tool: str) -> list[str]:
    """Strings of one organisation that neither the other organisation's data nor the tool itself says."""
    other_folded, tool_folded = other_corpus.casefold(), tool.casefold()
    return sorted(s for s in own if not found_in(s, other_corpus, other_folded) and not found_in(s, tool, tool_folded)
                  and not s.isdigit())


def corpus(pb: Playbook) -> str:
    """Everything the organisation's data says, including the column mappings its exports are read with."""
    mappings = [(pb.root / spec["mapping"]).read_text(encoding="utf-8")
                for spec in (pb["organisation"].get("exports") or {}).values() if spec.get("mapping")]
    return squeeze("\n".join(sorted(data_strings(pb) | set(string_leaves([pb[s] for s in pb.documents])))) + "\n"
                   + "\n".join(mappings))


def _visible(page_html: str) -> str:
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", page_html, flags=re.S)
    body = re.sub(r"</?(a|strong|em|code|span|b|i|kbd|mark|abbr)\b[^>]*>", "", body)
    return html.unescape(re.sub(r"<[^>]+>", " ", body))


def site_texts(site: Path) -> dict[str, str]:
    """What a reader of the built site can get: each page's text, the search index, the in-browser
    tools' data and the slide's text (PDFs are added by pdf_texts)."""
    texts = {str(p.relative_to(site)): _visible(p.read_text(encoding="utf-8")) for p in sorted(site.rglob("*.html"))}
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    texts["search/search_index.json"] = "\n".join(_visible(f"{d.get('title', '')} {d.get('text', '')}")
                                                  for d in index["docs"])
    for data in sorted((site / "assets").glob("*-data.js")):
        payload = data.read_text(encoding="utf-8")
        texts[str(data.relative_to(site))] = json.dumps(json.loads(payload[payload.index("=") + 1:].rstrip("; \n")),
                                                        ensure_ascii=False)
    for pptx in sorted(site.rglob("*.pptx")):
        texts[str(pptx.relative_to(site))] = pptx_text(pptx)
    return {name: squeeze(value) for name, value in texts.items()}


def pptx_text(path: Path) -> str:
    from pptx import Presentation

    deck = Presentation(str(path))
    parts = [deck.core_properties.title or "", deck.core_properties.subject or ""]
    for slide in deck.slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
    return "\n".join(parts)


def pdf_texts(site: Path) -> dict[str, str]:
    out = {}
    for pdf in sorted((site / "pdf").glob("*.pdf")):
        done = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True, check=True)
        out[str(pdf.relative_to(site))] = squeeze(done.stdout.replace("-\n", ""))
    return out


def occurrences(strings: list[str], texts: dict[str, str]) -> dict[str, list[str]]:
    """string -> the outputs it appears in (matched as `found_in` does)."""
    folded = {name: value.casefold() for name, value in texts.items()}
    found: dict[str, list[str]] = {}
    for s in strings:
        where = [name for name, value in texts.items() if found_in(s, value, folded[name])]
        if where:
            found[s] = where
    return found
