"""libyaml's fast path (macros/loading.py) must read every file exactly as PyYAML's own parser does:
the same data, the same value and key positions, and for anything refused the same problems. A file
the fast path would accept while the slow path refuses it, or read differently, is a failure here.

Examples per test: PLAYBOOK_FUZZ_EXAMPLES (default 300); a long run:
    PLAYBOOK_FUZZ_EXAMPLES=20000 .venv/bin/python -m pytest tests/loading/test_fast_path.py
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from macros import loading

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "300"))


def read(source: str | bytes, fast: bool) -> tuple:
    saved = loading._CParser
    if not fast:
        loading._CParser = None
    try:
        doc = loading.load_text(source, "x.yml")
        return ("loaded", repr(doc.data), doc.values, doc.keys)
    except loading.LoadError as error:
        return ("refused", error.problems)
    finally:
        loading._CParser = saved


def same(source: str | bytes) -> None:
    slow = read(source, fast=False)
    assert read(source, fast=True) == slow, slow


def test_libyaml_is_there_so_the_fast_path_is_taken() -> None:
    assert loading._CParser is not None, "PyYAML without libyaml: every file is read the slow way"


YAML_FILES = sorted(p for folder in ("playbook", "examples", "tests", "docs") for p in (ROOT / folder).rglob("*.y*ml"))


@pytest.mark.parametrize("path", YAML_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_in_the_project_reads_the_same(path: Path) -> None:
    same(path.read_bytes())


TRICKY = [
    "a: 1\nb: 1.5\nc: true\nd: ~\ne: null\nf:\ng: 0755\nh: 1_000\ni: .5\nj: -0\nk: +3\n",
    "a: 'single ''quoted'''\nb: \"double \\u00e9 \\x41 \\N \\_ \\L \\P \\/\"\n",
    "a: |\n  literal\n   kept\n\n  text\n\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\n",
    "a: plain\n  continued\n  lines\nb: [x, 'y', {c: d}, [e]]\nc: {x: 1, y: [2, 3]}\n",
    "? complex\n: value\n",
    "a: b: c\n", "a:\n- 1\n-  - 2\n   - 3\n", "- not a mapping\n", "a: 1\na: 2\n", "<<: {a: 1}\n",
    "a: &x 1\nb: *x\n", "a: !!str 1\n", "a: !tag x\n", "%YAML 1.2\n---\na: 1\n", "%TAG ! tag:x,2000:\n---\na: 1\n",
    "a: 1\n---\nb: 2\n", "---\na: 1\n...\n", "a: 1 # comment\n# only\n", "a: 'x\n  y'\n", "a: \"x\\\n  y\"\n",
    "a: x\u2028y\n", "a: x\u0085y\n", "a:\u00a0b\n", "a: \ufeffb\n", "\ufeffa: 1\n", "a: b\r\nc: d\r\n", "a: b\rc: d\n",
    "a: {b: c,}\n", "a: [b, c,]\n", "a: {b}\n", "a: [b: c]\n", "{a: 1}\n", "[a]\n", "a: -\n", "a: - b\n", "a: ? b\n",
    "a: `b\n", "a: @b\n", "a: %b\n", "a: b #c\n", "a: b#c\n", "a: 'b'c\n", "a:b\n", "'a':b\n", "\"a\":b\n",
    "a: {\"b\":c}\n", "a: [\"b\":c]\n", "a: |2\n   x\n", "a: |-2\n    x\n", "a: >\n\n  x\n", "a: |\n  x\n y\n",
    "a:\n  - b\n  c: d\n", "a:\n    b: 1\n  c: 2\n", "a: 1\n b: 2\n", "a: \"\\uD800\"\n", "a: \"\\U0001F600\"\n",
    "a: \"\\e\\a\\b\\0\"\n", "a: x\tb\n", "a: 'x\ty'\n", "a: |\n  x\ty\n", "a: 1e3\n", "a: 0x1F\n", "a: .inf\n",
    "a: 99999999999999999999\n", "a: 1234567890123456\n", "'': 1\n", "? ''\n: 1\n", "a: {? b : c}\n",
    "a: [? b : c]\n", "a:\n  ? b\n  : c\n", "a: 'it''s'\n", "key with spaces: v\n", "k: v with: colon\n",
    "k: - x\n", "- a\n- b: c\n", "a: [\n  b,\n  c\n]\n", "a: {\n b: c\n}\n", "a: x\n...\n---\nb: y\n",
]


@pytest.mark.parametrize("source", TRICKY)
def test_tricky_yaml_reads_the_same(source: str) -> None:
    same(source)


ALPHABET = st.sampled_from(list("ab1 :-?,[]{}#&*!|>'\"%@`\\\n\t.~+0eE") + ["\u2028", "\u00e9", "\u00a0", "\r\n", "  "])
yamlish = st.lists(ALPHABET, max_size=60).map("".join)


@settings(max_examples=EXAMPLES, deadline=None)
@given(yamlish)
def test_yaml_like_text_reads_the_same(text: str) -> None:
    same(text)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.lists(yamlish, min_size=1, max_size=6), st.lists(st.integers(0, 6), min_size=1, max_size=6))
def test_yaml_like_lines_under_keys_read_the_same(pieces: list[str], indents: list[int]) -> None:
    lines = [" " * indents[i % len(indents)] + (f"k{i}: " if i % 2 == 0 else "- ") + piece
             for i, piece in enumerate(pieces)]
    same("\n".join(lines) + "\n")


scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
structures = st.recursive(
    scalars, lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=25)


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.dictionaries(st.text(max_size=8), structures, min_size=1, max_size=4), st.booleans(),
       st.sampled_from([None, "'", '"', "|", ">"]), st.integers(10, 80))
def test_dumped_structures_read_the_same(value: Any, flow: bool, style: str | None, width: int) -> None:
    same(yaml.safe_dump(value, default_flow_style=flow, default_style=style, width=width, allow_unicode=True))


@settings(max_examples=EXAMPLES, deadline=None)
@given(st.binary(max_size=80))
def test_any_bytes_read_the_same(data: bytes) -> None:
    same(data)
