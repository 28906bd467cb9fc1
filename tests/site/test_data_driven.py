"""Change a value in a copy of the playbook: every page that showed the old value shows the
new one, and no page shows the old one. Proves no fact is typed into docs/ or code."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_helpers import build, copy_project, edit, pages, visible_text

# (what changes, [(file, old, new, count)], old text on pages, new text on pages)
CHANGES = [
    ("cadence", [("playbook/communication.yml", "{priority: p1, tier: enterprise, every: {minutes: 45}}",
                  "{priority: p1, tier: enterprise, every: {minutes: 50}}", 1)],
     "every 45 minutes", "every 50 minutes"),
    ("credit percent", [("playbook/decision-rights.yml", "{approver: csm, above: {percent: 5}, up_to: {percent: 10}",
                         "{approver: csm, above: {percent: 5}, up_to: {percent: 15}", 1),
                        ("playbook/decision-rights.yml", "{approver: support-director, above: {percent: 10}",
                         "{approver: support-director, above: {percent: 15}", 1)],
     "above 5 % up to 10 %", "above 5 % up to 15 %"),
    ("role name", [(f"playbook/{f}.yml", "Customer Liaison", "Escalation Owner", None)
                   for f in ("roles", "levels", "communication", "training", "glossary", "routing", "executive-brief",
                             "review", "service-recovery", "intake", "on-call", "decision-rights", "phrases")],
     "Customer Liaison", "Escalation Owner"),
    ("banned phrase", [("playbook/phrases.yml", "text: calm down", "text: settle down", 1)],
     "calm down", "settle down"),
    ("approver", [("playbook/decision-rights.yml", "name: Chief Financial Officer}", "name: Finance Director}", 1)],
     "Chief Financial Officer", "Finance Director"),
    ("level name", [("playbook/levels.yml", "name: Major incident", "name: Critical incident", 1)],
     "Major incident", "Critical incident"),
]


@pytest.fixture(scope="module")
def baseline(example_site: Path) -> dict[str, str]:
    return {page: visible_text(source) for page, source in pages(example_site).items()}


@pytest.mark.parametrize("name, edits, old, new", CHANGES, ids=[c[0] for c in CHANGES])
def test_a_changed_value_follows_everywhere(tmp_path: Path, baseline: dict[str, str], name: str,
                                           edits: list, old: str, new: str) -> None:
    root = copy_project(tmp_path / "project")
    for file, before, after, count in edits:
        if count is None and before not in (root / file).read_text(encoding="utf-8"):
            continue
        edit(root, file, before, after, count)
    result = build(root)
    assert result.ok, result.output
    changed = {page: visible_text(source) for page, source in pages(result.site).items()}
    showed_old = [page for page, text in baseline.items() if old in text]
    assert showed_old, f"no page showed {old!r} before the change: the test would prove nothing"
    for page in showed_old:
        assert new in changed[page], f"{page} showed {old!r} but does not show {new!r}"
    still_old = [page for page, text in changed.items() if old in text]
    assert still_old == [], f"{old!r} still shown on {still_old}"
    search = (result.site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert old not in search and new in search
