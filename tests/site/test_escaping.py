"""Hostile text in any kind of playbook field shows literally: it never runs, never becomes a
link or markup, never renders as a template, and never breaks a table."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from site_helpers import build, copy_project, edit, pages, visible_text

# As written inside YAML double quotes (one line: an escaped line break in one-line text is refused); shown as PAYLOAD_SHOWN.
PAYLOAD_YAML = ('"<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) '
                "{{ 7*7 }} {% include 'x' %} a | b next line\"")
PAYLOAD_SHOWN = ("<script>alert(1)</script> <img src=x onerror=alert(2)> [x](javascript:alert(3)) "
                 "{{ 7*7 }} {% include 'x' %} a | b next line")
BODY_PAYLOAD = "<script>alert(1)</script> {{ 7*7 }} {% include 'x' %} [x](javascript:alert(3))"

# (kind of field, file, exact old text, replacement using PAYLOAD_YAML, page that shows it)
FIELDS = [
    ("role purpose", "playbook/roles.yml",
     "purpose: Runs the response. Decides, delegates and keeps everyone working on the same plan; does not fix things personally.",
     f"purpose: {PAYLOAD_YAML}", "roles/incident-commander/index.html"),
    ("role name (page title, nav, links)", "playbook/roles.yml", "    name: SME Lead\n", f"    name: {PAYLOAD_YAML}\n",
     "roles/sme-lead/index.html"),
    ("checklist step", "playbook/roles.yml",
     "text: Open the war-room channel using the naming pattern and pin the ticket link.",
     f"text: {PAYLOAD_YAML}", "roles/incident-commander/index.html"),
    ("level name (heading, link text)", "playbook/levels.yml", "name: Major incident", f"name: {PAYLOAD_YAML}",
     "levels/index.html"),
    ("criterion text", "playbook/levels.yml", "text: A legal threat.", f"text: {PAYLOAD_YAML}", "levels/index.html"),
    ("template name (heading, code title)", "playbook/communication.yml", "name: Periodic customer update",
     f"name: {PAYLOAD_YAML}", "communication/index.html"),
    ("table cell (banned phrase why)", "playbook/phrases.yml",
     "why: Blame before facts; the customer hears that we do not care.", f"why: {PAYLOAD_YAML}", "phrases/index.html"),
    ("glossary definition", "playbook/glossary.yml",
     "definition: The dedicated chat channel where everyone working an escalation coordinates.",
     f"definition: {PAYLOAD_YAML}", "glossary/index.html"),
    ("approver name", "playbook/decision-rights.yml", "name: Chief Financial Officer", f"name: {PAYLOAD_YAML}",
     "decision-rights/index.html"),
    ("organisation name", "playbook/organisation.yml", "name: AtlasFlow", f"name: {PAYLOAD_YAML}", "index.html"),
    ("rotation name", "playbook/on-call.yml", "name: Engineering primary", f"name: {PAYLOAD_YAML}",
     "on-call/index.html"),
    ("review prompt", "playbook/review.yml", "prompt: What happened, to whom, for how long, in three sentences.",
     f"prompt: {PAYLOAD_YAML}", "review/index.html"),
    ("ticket field description", "playbook/ticket-fields.yml", "description: The customer's annual recurring revenue.",
     f"description: {PAYLOAD_YAML}", "levels/index.html"),
    ("intake question", "playbook/intake.yml", "ask: What can the customer not do, and what does it cost them?",
     f"ask: {PAYLOAD_YAML}", "intake/index.html"),
    ("file owner", "playbook/metrics.yml", "owner: Head of Support Operations", f"owner: {PAYLOAD_YAML}",
     "metrics/index.html"),
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("hostile"))
    for _kind, file, old, new, _page in FIELDS:
        edit(root, file, old, new)
    edit(root, "playbook/communication.yml", "      **Next step:** {next_step}\n",
         f"      **Next step:** {{next_step}}\n      {BODY_PAYLOAD}\n")
    result = build(root)
    assert result.ok, result.output
    return result.site


@pytest.mark.parametrize("kind, file, old, new, page", FIELDS, ids=[f[0] for f in FIELDS])
def test_payload_shows_literally(hostile_site: Path, kind: str, file: str, old: str, new: str, page: str) -> None:
    assert PAYLOAD_SHOWN in visible_text((hostile_site / page).read_text(encoding="utf-8"))


def test_template_body_payload_shows_literally_in_its_code_block(hostile_site: Path) -> None:
    source = (hostile_site / "communication" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% include &#39;x&#39; %}" in source \
        or "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% include 'x' %}" in source


COUNTED_FROM_EXPORTS = {"calibration/index.html", "oncall-health/index.html", "outcomes/index.html",
                        "actions/index.html"}


def test_nothing_runs_or_links_anywhere(hostile_site: Path) -> None:
    for page, source in pages(hostile_site).items():
        assert "<script>alert" not in source, page
        assert "</title><script" not in source and "<title><script" not in source, page
        assert not re.search(r"<img[^>]*onerror", source), page
        assert not re.search(r"""href=["']?\s*javascript:""", source, re.I), page
        if page not in COUNTED_FROM_EXPORTS:  # their tables count rows of an export: 49 is a count there
            assert ">49<" not in source and " 49 " not in visible_text(source), f"{page}: a template expression ran"


def test_tables_keep_their_shape(hostile_site: Path) -> None:
    source = (hostile_site / "phrases" / "index.html").read_text(encoding="utf-8")
    tables = re.findall(r"<table>(.*?)</table>", source, re.S)
    banned = tables[1]
    rows = re.findall(r"<tr>(.*?)</tr>", banned, re.S)[1:]
    assert len(rows) >= 10
    assert all(len(re.findall(r"<td", row)) == 3 for row in rows)
