"""Two organisations, one tool: each builds cleanly, and nothing of one appears in the other's outputs.

The distinctive strings are derived from each organisation's YAML (names, sentences, phrases,
template text, amounts with their currency) minus what the other organisation's data or the tool
itself also says; they are checked in every page, the search index, the in-browser tools' data,
the slide (.pptx) and every PDF.
"""
from __future__ import annotations

import re

import pytest

from macros.units import money_text
from org_kit import corpus, data_strings, distinctive, occurrences, tool_text

PAIRS = [("main", "second"), ("second", "main")]


@pytest.fixture(scope="session")
def strings(orgs) -> dict[str, list[str]]:
    tool = tool_text()
    return {name: distinctive(data_strings(orgs[name].playbook), corpus(orgs[other].playbook), tool)
            for name, other in PAIRS}


def _report(found: dict[str, list[str]]) -> str:
    return "\n".join(f"{s!r} in {', '.join(where[:4])}" for s, where in sorted(found.items()))


@pytest.mark.parametrize("name", ["main", "second"])
def test_both_organisations_validate_clean(run_cli, name, orgs):
    done = run_cli("--root", str(orgs[name].root), "validate", "--strict")
    assert done.exit_code == 0, done.output
    assert done.output == "playbook is valid: no problems found\n"


@pytest.mark.parametrize("name", ["main", "second"])
def test_site_builds_without_warnings(orgs, name):
    shown = [line for line in orgs[name].build_output.splitlines() if not line.startswith("INFO")]
    assert not [line for line in shown if "WARNING" in line or "ERROR" in line], "\n".join(shown)
    assert (orgs[name].site / "downloads" / "executive-brief.pptx").is_file()


def test_the_organisations_differ_in_shape(orgs):
    """The second organisation is another shape, not a renamed copy."""
    main, second = orgs["main"].playbook, orgs["second"].playbook
    assert len(main.levels) != len(second.levels)
    for ids in (lambda pb: set(pb.levels), lambda pb: set(pb.roles), lambda pb: set(pb.phases),
                lambda pb: set(pb.priorities), lambda pb: set(pb.tiers),
                lambda pb: {f["id"] for f in pb["ticket-fields"]["fields"]},
                lambda pb: {c["id"] for c in pb["organisation"]["coverage_hours"]}):
        assert not ids(main) & ids(second)
    assert main["organisation"]["currency"] != second["organisation"]["currency"]


@pytest.mark.parametrize("name", ["main", "second"])
def test_each_site_shows_its_own_organisation(orgs, strings, name):
    """The check below could not fail if the strings never reached any output: most of them reach their own."""
    assert len(strings[name]) >= 200
    shown = occurrences(strings[name], orgs[name].texts)
    missing = sorted(set(strings[name]) - set(shown))
    assert len(shown) >= 0.9 * len(strings[name]), missing
    assert orgs[name].playbook["organisation"]["site"]["title"] in orgs[name].texts["index.html"]


@pytest.mark.parametrize("name, other", PAIRS)
def test_nothing_of_one_organisation_in_the_others_site(orgs, strings, name, other):
    assert not occurrences(strings[name], orgs[other].texts), _report(occurrences(strings[name], orgs[other].texts))


@pytest.mark.parametrize("name, other", PAIRS)
def test_no_currency_of_one_organisation_in_the_other(orgs, name, other):
    currency = orgs[name].playbook["organisation"]["currency"]
    symbol = money_text({"amount": 1, "currency": currency}).replace("1", "")
    pattern = re.compile(rf"(?<![A-Za-z]){re.escape(currency)}(?![A-Za-z])|{re.escape(symbol)}\s?\d")
    found = {page: pattern.search(text).group(0) for page, text in orgs[other].texts.items() if pattern.search(text)}
    assert not found, found


@pytest.mark.parametrize("name, other", PAIRS)
def test_nothing_of_one_organisation_in_the_others_pdfs(orgs_with_pdfs, strings, name, other):
    org = orgs_with_pdfs[other]
    assert org.pdf_exit == 0, org.pdf_output
    pdfs = {page: text for page, text in org.texts.items() if page.endswith(".pdf")}
    assert len(pdfs) >= 2 * len(org.playbook.roles)
    assert not occurrences(strings[name], pdfs), _report(occurrences(strings[name], pdfs))
