"""Contacts from on-call.yml reach the pages people use to find someone: On-call, Routing and each
role page, as links that open the paging tool, the chat app, the phone or the mail client."""
from __future__ import annotations

import re
from pathlib import Path

from macros.render.contacts import contact_markdown, safe_link
from site_helpers import article


def _page(site: Path, name: str) -> str:
    return article((site / name / "index.html").read_text(encoding="utf-8"))


def test_on_call_lists_how_to_reach_every_rotation(example_site: Path) -> None:
    html = _page(example_site, "on-call")
    assert "How to reach" in html
    assert 'Page: <a href="https://atlasflow.pagerduty.com/schedules/PENGP1">PagerDuty: Engineering primary</a>' in html
    assert '<a href="tel:+15550100100">+1 555 010 0100</a>' in html
    assert '<a href="mailto:legal@atlasflow.example">legal@atlasflow.example</a>' in html


def test_routing_shows_the_contact_under_each_primary_and_backup(example_site: Path) -> None:
    html = _page(example_site, "routing")
    assert html.count('href="https://atlasflow.pagerduty.com/schedules/PSECP1"') >= 2  # primary and a backup
    assert 'Chat: <a href="slack://channel?team=TATLAS&amp;id=CCOMMS">#comms-duty</a>' in html


def test_role_pages_say_how_to_reach_the_role(example_site: Path) -> None:
    html = _page(example_site, "roles/incident-commander")
    assert 'id="how-to-reach"' in html
    assert '<a href="https://atlasflow.zoom.example/j/5550100">Zoom war-room bridge 555 0100</a>' in html
    security = _page(example_site, "roles/security-on-call")
    assert "Security primary" in security and "mailto:security@atlasflow.example" in security


def test_no_page_has_a_script_link(example_site: Path) -> None:
    for page in example_site.rglob("*.html"):
        assert not re.search(r'href="\s*(javascript|data|vbscript):', page.read_text(encoding="utf-8"), re.I), page


def test_a_link_with_another_scheme_is_shown_as_text_only() -> None:
    contact = {"chat": {"name": "#room", "link": "javascript:alert(1)"}, "email": {"name": "a@b.example"}}
    assert safe_link("javascript:alert(1)") is None
    assert contact_markdown(contact) == "Chat: \\#room · E-mail: a@b\\.example"
