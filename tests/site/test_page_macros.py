"""The pages' macro calls (macros/pages.py): what a page may hold, and the message for each bad call.

Each file in page_cases/ is a page with one defect; the .expected file beside it is the exact message.
Lists in a message (the macros, the playbook's files, roles and levels) are written there as MACROS,
FILES, ROLES and LEVELS and filled in from the playbook, so the cases hold for any organisation."""
from __future__ import annotations

import pathlib

import pytest

from macros.pages import PageError, expand, page_macros
from macros.render.markdown import Linker
from macros.site import build_playbook

CASES = pathlib.Path(__file__).parent / "page_cases"
REPO = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def macros() -> dict:
    return page_macros(build_playbook(REPO), REPO)


def _lists(macros: dict) -> dict[str, str]:
    playbook = build_playbook(REPO)
    return {"MACROS": ", ".join(sorted(macros)), "FILES": ", ".join(sorted(playbook.documents)),
            "ROLES": ", ".join(playbook.roles), "LEVELS": ", ".join(playbook.levels)}


@pytest.mark.parametrize("case", sorted(CASES.glob("*.md")), ids=lambda p: p.stem)
def test_a_bad_call_is_named_with_its_place_and_what_to_do(case: pathlib.Path, macros: dict) -> None:
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").strip()
    for mark, value in _lists(macros).items():
        expected = expected.replace(mark, value)
    with pytest.raises(PageError) as caught:
        expand(case.read_text(encoding="utf-8"), case.name, macros)
    assert str(caught.value) == expected


def test_every_expected_file_has_a_case() -> None:
    assert sorted(p.stem for p in CASES.glob("*.expected")) == sorted(p.stem for p in CASES.glob("*.md"))


def test_calls_are_replaced_and_everything_else_is_kept() -> None:
    calls = []

    def echo(linker: Linker, *words: str) -> str:
        calls.append((linker.page, words))
        return "<" + "|".join(words) + ">"

    page = "a {{ echo() }} b {{echo('x', \"y z\")}} c\n{{  echo( 'p' , ) }}\n{ {not a call} }"
    assert expand(page, "roles/x.md", {"echo": echo}) == "a <> b <x|y z> c\n<p>\n{ {not a call} }"
    assert calls == [("roles/x.md", ()), ("roles/x.md", ("x", "y z")), ("roles/x.md", ("p",))]


def test_what_a_macro_returns_is_never_read_for_calls_again() -> None:
    """Data that looks like a template (a role named "{{ config }}") stays text: nothing is rendered twice."""
    def hostile(linker: Linker) -> str:
        return "{{ hostile() }} {% include 'x' %} {{ config }}"

    assert expand("{{ hostile() }}", "index.md", {"hostile": hostile}) == \
        "{{ hostile() }} {% include 'x' %} {{ config }}"


def test_lines_are_counted_from_the_file_when_front_matter_was_taken_off() -> None:
    with pytest.raises(PageError, match=r"^docs/p\.md:7:3: unknown macro nope\(\)"):
        expand("\n\n  {{ nope() }}", "p.md", {}, first_line=5)


def test_every_page_in_docs_expands(macros: dict) -> None:
    """The pages shipped in docs/ hold only calls the core knows, with arguments it accepts."""
    pages = sorted((REPO / "docs").rglob("*.md"))
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        body = text.split("---\n", 2)[2] if text.startswith("---\n") else text
        expanded = expand(body, page.relative_to(REPO / "docs").as_posix(), macros)
        assert ("{{" in body) == (expanded != body), page
