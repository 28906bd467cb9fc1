"""The strict loader: one defect per case file, scalar resolution, positions, hostile input."""
from __future__ import annotations

import pathlib
import time
from typing import Any

import pytest
import yaml

import macros.loading as loading
from macros.loading import (
    MAX_BYTES,
    MAX_DEPTH,
    Document,
    LoadError,
    Position,
    format_path,
    load_file,
    load_text,
)

CASES = pathlib.Path(__file__).parent / "cases"
CASE_FILES = sorted(p for p in CASES.iterdir() if p.suffix in (".yml", ".yaml", ".bin"))


def problems_of(text: str | bytes) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_text(text, "x.yml")
    return [p.text() for p in caught.value.problems]


def rules_of(text: str | bytes) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_text(text, "x.yml")
    return [p.rule for p in caught.value.problems]


@pytest.mark.parametrize("case", CASE_FILES, ids=lambda p: p.name)
def test_case_file_gives_expected_problems(case: pathlib.Path) -> None:
    expected = case.with_suffix(".expected")
    assert expected.exists(), f"{case.name} has no {expected.name}"
    with pytest.raises(LoadError) as caught:
        load_file(case, display=case.name)
    assert [p.text() for p in caught.value.problems] == expected.read_text().splitlines()


def test_every_expected_file_has_a_case() -> None:
    stems = {p.stem for p in CASE_FILES}
    orphans = [p.name for p in CASES.glob("*.expected") if p.stem not in stems]
    assert orphans == []


def test_case_names_are_unique_by_stem() -> None:
    stems = [p.stem for p in CASE_FILES]
    assert len(stems) == len(set(stems))


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("NO", "NO"),
        ("no", "no"),
        ("yes", "yes"),
        ("on", "on"),
        ("off", "off"),
        ("True", "True"),
        ("FALSE", "FALSE"),
        ("Null", "Null"),
        ("1:30", "1:30"),
        ("12:00:00", "12:00:00"),
        ("0755", "0755"),
        ("0x1F", "0x1F"),
        ("0o17", "0o17"),
        ("1_000", "1_000"),
        ("2026-01-17", "2026-01-17"),
        ("1e3", "1e3"),
        ("1.5e3", "1.5e3"),
        (".inf", ".inf"),
        (".NaN", ".NaN"),
        ("1.", "1."),
        (".5", ".5"),
        ("true", True),
        ("false", False),
        ("12", 12),
        ("0", 0),
        ("-3", -3),
        ("+7", 7),
        ("2.5", 2.5),
        ("-0.25", -0.25),
        ('"12"', "12"),
        ("'true'", "true"),
        ('"~"', "~"),
        ("''", ""),
        ("~", None),
        ("null", None),
        ("", None),
        ("|\n  12\n", "12\n"),
        (">-\n  true\n", "true"),
    ],
)
def test_scalar_resolution_keeps_text_unless_unambiguous(source: str, expected: Any) -> None:
    value = load_text(f"v: {source}\n", "x.yml").data["v"]
    assert value == expected
    assert type(value) is type(expected)


def test_huge_integer_stays_text_rather_than_failing() -> None:
    digits = "9" * 5000  # past Python's int-from-str digit limit
    assert load_text(f"v: {digits}\n", "x.yml").data["v"] == digits


def test_keys_are_always_strings() -> None:
    data = load_text("1: a\ntrue: b\n2.5: c\n~: d\n", "x.yml").data
    assert data == {"1": "a", "true": "b", "2.5": "c", "~": "d"}


def test_quoted_and_plain_key_are_the_same_key() -> None:
    assert problems_of('owner: a\n"owner": b\n') == [
        "x.yml:2:1: duplicate key 'owner' (first defined on line 1); remove one of them [yaml-duplicate-key]"
    ]


def test_several_duplicates_are_all_reported() -> None:
    assert rules_of("a: 1\na: 2\nb:\n  c: 1\n  c: 2\n") == ["yaml-duplicate-key", "yaml-duplicate-key"]


SAMPLE = """\
name: Sev1
levels:
  - owner: alice
    steps:
      - page the lead
      - "open a ticket"
  - owner: bob
"""


def test_value_positions_are_one_based() -> None:
    doc = load_text(SAMPLE, "x.yml")
    assert doc.values[()] == Position(1, 1)
    assert doc.values[("name",)] == Position(1, 7)
    assert doc.values[("levels",)] == Position(3, 3)
    assert doc.values[("levels", 0)] == Position(3, 5)
    assert doc.values[("levels", 0, "owner")] == Position(3, 12)
    assert doc.values[("levels", 0, "steps", 1)] == Position(6, 9)
    assert doc.values[("levels", 1, "owner")] == Position(7, 12)


def test_key_positions_are_one_based() -> None:
    doc = load_text(SAMPLE, "x.yml")
    assert doc.keys[("name",)] == Position(1, 1)
    assert doc.keys[("levels",)] == Position(2, 1)
    assert doc.keys[("levels", 0, "steps")] == Position(4, 5)
    assert doc.keys[("levels", 1, "owner")] == Position(7, 5)
    assert ("levels", 0) not in doc.keys  # list items have no key


def test_positions_ignore_a_byte_order_mark() -> None:
    doc = load_text("\ufeffname: Sev1\n".encode(), "x.yml")
    assert doc.data == {"name": "Sev1"}
    assert doc.values[("name",)] == Position(1, 7)


def test_position_falls_back_to_deepest_existing_parent() -> None:
    doc = load_text(SAMPLE, "x.yml")
    assert doc.position(("levels", 0, "owner")) == Position(3, 12)
    assert doc.position(("levels", 0, "timeout")) == Position(3, 5)
    assert doc.position(("levels", 9, "owner")) == Position(3, 3)
    assert doc.position(("nothing", "here")) == Position(1, 1)
    assert doc.position(()) == Position(1, 1)


def test_position_never_raises() -> None:
    empty = Document(file="x.yml", data={}, values={}, keys={})
    assert empty.position(("a",)) == Position(1, 1)
    doc = load_text(SAMPLE, "x.yml")
    assert doc.position((["unhashable"],)) == Position(1, 1)  # type: ignore[arg-type]


def test_document_keeps_display_name() -> None:
    assert load_text("a: 1\n", "playbook/levels.yml").file == "playbook/levels.yml"


@pytest.mark.parametrize(
    ("path", "text"),
    [
        (("levels", 2, "owner"), "levels[2].owner"),
        ((), ""),
        (("levels",), "levels"),
        ((0,), "[0]"),
        (("levels", "a b"), 'levels["a b"]'),
        (("on-call", 1), '["on-call"][1]'),
        (("a", 'say "hi"'), 'a["say \\"hi\\""]'),
    ],
)
def test_format_path(path: tuple[str | int, ...], text: str) -> None:
    assert format_path(path) == text


def test_over_size_text_is_refused_before_parsing() -> None:
    text = "a: [" + "1, " * (MAX_BYTES // 3) + "]\n"  # valid YAML, just too big
    size = len(text.encode())
    assert problems_of(text) == [
        f"x.yml:1:1: file is {size} bytes, over the 1048576-byte limit; split it or shorten it [yaml-size]"
    ]


def test_over_size_file_is_refused(tmp_path: pathlib.Path) -> None:
    big = tmp_path / "big.yml"
    big.write_bytes(b"# " + b"x" * MAX_BYTES + b"\n")
    with pytest.raises(LoadError) as caught:
        load_file(big, display="big.yml")
    assert [p.text() for p in caught.value.problems] == [
        f"big.yml:1:1: file is {MAX_BYTES + 3} bytes, over the 1048576-byte limit; split it or shorten it [yaml-size]"
    ]


def test_exactly_max_bytes_is_allowed() -> None:
    text = "a: 1\n# " + "x" * (MAX_BYTES - 8) + "\n"
    assert len(text.encode()) == MAX_BYTES
    assert load_text(text, "x.yml").data == {"a": 1}


def test_missing_file_is_a_load_error(tmp_path: pathlib.Path) -> None:
    with pytest.raises(LoadError) as caught:
        load_file(tmp_path / "nope.yml")
    assert [p.rule for p in caught.value.problems] == ["yaml-read"]
    assert caught.value.problems[0].file == str(tmp_path / "nope.yml")


def test_invalid_utf8_reports_line_and_column() -> None:
    assert problems_of(b"a: 1\nb: \xff\xfe\n") == [
        "x.yml:2:4: file is not valid UTF-8 (byte 0xff); save it as UTF-8 [yaml-encoding]"
    ]


def test_tab_after_spaces_is_reported_at_the_tab() -> None:
    assert problems_of("a:\n  b: 1\n  \tc: 2\n") == ["x.yml:3:3: tab used for indentation; indent with spaces [yaml-tab]"]


def test_tabs_inside_a_line_are_fine() -> None:
    assert load_text("a: 'x\ty'\nb: 1 # note\there\n", "x.yml").data == {"a": "x\ty", "b": 1}


def test_anchors_tags_and_aliases_are_collected_together() -> None:
    assert rules_of("a: &x 1\nb: !!str 2\nc: *x\n") == ["yaml-anchor", "yaml-tag", "yaml-alias"]


def test_bare_non_specific_tag_is_refused() -> None:
    assert problems_of("a: ! 'x'\n") == ["x.yml:1:4: explicit tags (!) are not allowed; remove the tag [yaml-tag]"]


def test_tag_on_a_collection_is_refused() -> None:
    assert rules_of("a: !!set {x: 1}\n") == ["yaml-tag"]


def test_quoted_merge_key_is_an_ordinary_key() -> None:
    assert load_text('"<<": 1\n', "x.yml").data == {"<<": 1}


def test_billion_laughs_is_refused_fast() -> None:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{previous}"] * 9) + "]")
    start = time.perf_counter()
    with pytest.raises(LoadError) as caught:
        load_text("\n".join(lines) + "\n", "x.yml")
    assert time.perf_counter() - start < 1.0
    assert {p.rule for p in caught.value.problems} == {"yaml-anchor", "yaml-alias"}


def test_self_referencing_alias_is_refused() -> None:
    assert problems_of("a: &a [*a]\n") == [
        "x.yml:1:4: anchors and aliases are not allowed; write the value out in full [yaml-anchor]",
        "x.yml:1:8: anchors and aliases are not allowed; write the value out in full [yaml-alias]",
    ]


def test_deep_flow_nesting_is_refused_without_recursion() -> None:
    start = time.perf_counter()
    assert rules_of("[" * 100_000) == ["yaml-depth"]
    assert time.perf_counter() - start < 5.0


def test_deep_block_nesting_is_refused() -> None:
    text = "".join("  " * level + f"k{level}:\n" for level in range(1000))
    assert rules_of(text) == ["yaml-depth"]


def test_depth_limit_is_exact() -> None:
    allowed = "a: " + "[" * (MAX_DEPTH - 1) + "]" * (MAX_DEPTH - 1) + "\n"
    assert load_text(allowed, "x.yml").data["a"] is not None
    too_deep = "a: " + "[" * MAX_DEPTH + "]" * MAX_DEPTH + "\n"
    assert problems_of(too_deep) == [
        f"x.yml:1:{3 + MAX_DEPTH}: nesting is deeper than 32 levels; flatten the structure [yaml-depth]"
    ]


def test_second_document_after_explicit_start() -> None:
    assert problems_of("---\na: 1\n---\nb: 2\n") == [
        "x.yml:3:1: file holds several YAML documents; keep one per file [yaml-multi-document]"
    ]


def test_single_explicit_document_is_fine() -> None:
    assert load_text("---\na: 1\n...\n", "x.yml").data == {"a": 1}


def test_pure_whitespace_is_empty() -> None:
    assert rules_of("  \n\n") == ["yaml-empty"]
    assert rules_of(b"") == ["yaml-empty"]


def test_null_root_is_not_a_mapping() -> None:
    assert rules_of("~\n") == ["yaml-root"]


def test_unexpected_parser_failure_becomes_syntax_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(self: object, text: str) -> None:
        raise yaml.YAMLError("boom")  # a YAMLError with no mark

    monkeypatch.setattr(loading._Events, "__init__", explode)
    monkeypatch.setattr(loading, "_CParser", None)  # PyYAML's own parser, as without libyaml
    assert problems_of("a: 1\n") == ["x.yml:1:1: YAML syntax error: boom [yaml-syntax]"]


def test_a_libyaml_failure_falls_back_to_pyyamls_parser(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(text: str) -> None:
        raise MemoryError("libyaml gave up")

    monkeypatch.setattr(loading, "_CParser", explode)
    assert load_text("a: 1\n", "x.yml").data == {"a": 1}


def test_empty_plain_key_is_refused() -> None:
    assert problems_of("a: 1\n?\n: v\n") == ["x.yml:2:2: mapping key is empty; write a name before the colon [yaml-key]"]


def test_empty_quoted_key_is_allowed() -> None:
    assert load_text('"": v\n', "x.yml").data == {"": "v"}


def test_a_caller_editing_loaded_data_does_not_change_the_next_load(tmp_path):
    """load_file caches parsed files by content; the cache must never leak one caller's edits."""
    path = tmp_path / "area.yml"
    path.write_text("owner: Support\nitems: [a, b]\n", encoding="utf-8")
    first = load_file(path, display="area.yml")
    first.data["owner"] = "changed"
    first.data["items"].append("c")
    second = load_file(path, display="other.yml")
    assert second.data == {"owner": "Support", "items": ["a", "b"]}
    assert second.file == "other.yml"
