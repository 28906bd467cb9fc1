"""Chat versions of a template: the exact text pasted into Slack (mrkdwn) and Teams (Markdown),
escaping as each app requires, and one copyable block per version on the built pages."""
from __future__ import annotations

import html
import re

import pytest

from macros.playbook import load_playbook
from macros.render.chat import render, slack_escape, versions

from print_helpers import REPO

PLAYBOOK, _ = load_playbook(REPO)

# One template with placeholders, bold, bullets and a link, and the three characters Slack escapes.
BODY = """**Escalation {ticket_id}**: P&L <finance> impact
- **Customer:** {customer_and_arr}
• Status: {current_status}
See [the runbook](https://runbook.example/levels?x=1&y=2) or [the room]({war_room_url})."""

SLACK = """*Escalation {ticket_id}*: P&amp;L &lt;finance&gt; impact
• *Customer:* {customer_and_arr}
• Status: {current_status}
See <https://runbook.example/levels?x=1&amp;y=2|the runbook> or <{war_room_url}|the room>."""

TEAMS = """**Escalation {ticket_id}**: P&L \\<finance\\> impact
- **Customer:** {customer_and_arr}
- Status: {current_status}
See [the runbook](https://runbook.example/levels?x=1&y=2) or [the room]({war_room_url})."""

PLAIN = """Escalation {ticket_id}: P&L <finance> impact
• Customer: {customer_and_arr}
• Status: {current_status}
See the runbook (https://runbook.example/levels?x=1&y=2) or the room ({war_room_url})."""


def test_slack_version_is_exact():
    assert render(BODY, "slack") == SLACK


def test_teams_version_is_exact():
    assert render(BODY, "teams") == TEAMS


def test_plain_version_takes_the_markup_out():
    assert render(BODY, "plain") == PLAIN


@pytest.mark.parametrize("raw, escaped", [("a & b", "a &amp; b"), ("<!channel>", "&lt;!channel&gt;"),
                                          ("x > y < z", "x &gt; y &lt; z"), ("&amp;", "&amp;amp;")])
def test_slack_escapes_exactly_its_three_characters(raw, escaped):
    assert slack_escape(raw) == escaped
    assert render(raw, "slack") == escaped


def test_markup_that_is_not_ours_stays_text():
    body = "[click](javascript:alert(1)) and *single* and <@U123>"
    assert render(body, "slack") == "[click](javascript:alert(1)) and *single* and &lt;@U123&gt;"
    assert render(body, "teams") == r"\[click\](javascript:alert(1)) and \*single\* and \<@U123\>"


def test_an_unknown_format_says_which_exist():
    with pytest.raises(ValueError, match="unknown chat format 'irc'; known formats: plain, slack, teams"):
        render("x", "irc")


def chat_templates() -> list[dict]:
    channels = {c["id"]: c for c in PLAYBOOK["communication"]["channels"]}
    return [t for t in PLAYBOOK["communication"]["templates"] if channels[t["channel"]].get("formats")]


def code_blocks(page: str) -> dict[str, str]:
    """Title of each code block -> its text as copied."""
    found = {}
    for title, body in re.findall(r'<span class="filename">(.*?)</span>.*?<code>(.*?)</code></pre>', page, re.S):
        found[html.unescape(title)] = html.unescape(re.sub(r"<[^>]+>", "", body))
    return found


def test_every_chat_template_has_a_copyable_block_per_version(print_site):
    assert chat_templates(), "the example has chat templates"
    page = (print_site / "communication" / "index.html").read_text(encoding="utf-8")
    blocks = code_blocks(page)
    channels = {c["id"]: c for c in PLAYBOOK["communication"]["channels"]}
    for template in chat_templates():
        for fmt, text in versions(template["body"], channels[template["channel"]]["formats"]).items():
            name = {"plain": "Plain text", "slack": "Slack", "teams": "Teams"}[fmt]
            assert blocks[f"{template['name']} · {name}"].strip() == text.strip(), (template["id"], fmt)


def test_the_executive_brief_page_has_the_slack_and_teams_versions(print_site):
    page = (print_site / "executive-briefing" / "index.html").read_text(encoding="utf-8")
    chat = PLAYBOOK.templates[PLAYBOOK["executive-brief"]["chat_template"]]
    blocks = code_blocks(page)
    assert blocks[f"{chat['name']} · Slack"].strip() == render(chat["body"], "slack")
    assert blocks[f"{chat['name']} · Teams"].strip() == render(chat["body"], "teams")
    # the example's brief uses bold labels and bullets, rendered the way each app shows them
    first = PLAYBOOK["executive-brief"]["bullets"][0]
    assert f"• *{first['label']}:* {{{first['placeholder']}}}" in blocks[f"{chat['name']} · Slack"]
    assert f"- **{first['label']}:** {{{first['placeholder']}}}" in blocks[f"{chat['name']} · Teams"]


def _findings(text: str, template: dict) -> list[tuple[str, str]]:
    from macros.checker.engine import check_message

    return sorted((f.rule, f.text) for f in check_message(PLAYBOOK, text, template["id"], template["channel"]))


@pytest.mark.parametrize("fmt", ["slack", "teams"])
@pytest.mark.parametrize("template", chat_templates(), ids=lambda t: t["id"])
def test_the_message_checker_rules_apply_to_each_chat_version(template, fmt):
    """The markup of a version neither hides a problem from the checker nor adds one."""
    assert _findings(render(template["body"], fmt), template) == _findings(render(template["body"], "plain"), template)
    banned = PLAYBOOK["phrases"]["banned"][0]["text"]
    dirty = render(template["body"] + f"\n**Note:** please {banned} & wait", fmt)
    assert ("banned-phrase", banned) in [(rule, shown.casefold()) for rule, shown in _findings(dirty, template)]
