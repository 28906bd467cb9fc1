"""Pages read by people mid-incident: the answer first, details collapsed, everything named is a link."""
from __future__ import annotations

import re
from pathlib import Path

from macros.playbook import load_playbook
from site_helpers import PROJECT, article, visible_text

PB, _ = load_playbook(PROJECT)


def _html(site: Path, page: str) -> str:
    return article((site / page / "index.html").read_text(encoding="utf-8"))


def test_levels_show_sentences_before_the_collapsed_condition_trees(example_site: Path) -> None:
    html = _html(example_site, "levels")
    for level in PB["levels"]["levels"]:
        section = html.split(f'id="{level["id"]}"', 1)[1].split("<h2", 1)[0]
        first = level["criteria"][0]["text"]
        sentence_at = section.find(first.split("$")[0][:40].replace("&", "&amp;"))
        tree_at = section.find("<details")
        assert 0 <= sentence_at < tree_at, level["id"]
        assert "<details" in section and "open" not in section.split("<details", 1)[1].split(">", 1)[0]
    maintainers = html.split('id="maintainers"', 1)[1]
    assert "<details" in maintainers and "Ticket fields the criteria use" in maintainers
    assert "When unsure" in visible_text(html) and PB["levels"]["when_unsure"] in visible_text(html)
    assert 'href="../finder/"' in html


def test_first_15_minutes_and_home_say_which_levels_send_what(example_site: Path) -> None:
    first = visible_text(_html(example_site, "first-response"))
    assert "This page applies to Level 3: Major incident, Level 4: Executive escalation" in first
    home = visible_text(_html(example_site, ""))
    assert ("Level 1: Support lead review, Level 2: Specialist escalation: Customer acknowledgement" in home)
    assert "level finder" in home


def test_priorities_page_defines_every_priority(example_site: Path) -> None:
    text = visible_text(_html(example_site, "priorities"))
    for priority in PB.priorities.values():
        assert f"{priority['name']}: {priority['title']}" in text and priority["definition"] in text
    assert "Level 3: Major incident: A P1 outage affecting more than one customer." in text


def test_role_pages_link_what_their_steps_name(example_site: Path) -> None:
    html = _html(example_site, "roles/customer-liaison")
    assert '<a href="../../communication/#cadence">cadence</a>' in html
    assert '<a href="../../decision-rights/">decision rights</a>' in html
    assert '<a href="../../print/customer-liaison/">Printable checklist</a>' in html


def test_checklist_boxes_are_labelled_by_their_step(example_site: Path) -> None:
    html = _html(example_site, "roles/sme-lead")
    boxes = re.findall(r'<label class="pb-task"><input type="checkbox"> ([^<]{3})', html)
    assert len(boxes) == sum(len(steps) for steps in PB.roles["sme-lead"]["checklist"].values())


def test_maintainer_notes_are_collapsed(example_site: Path) -> None:
    html = _html(example_site, "routing")
    assert re.search(r"<details class=\"pb-maintainers\">\s*<summary>For maintainers</summary>", html)
