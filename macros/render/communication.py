"""Communication: cadences, the update standard, templates; phrases; the executive brief."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..units import duration_text, number
from .chat import FORMATS, versions
from .common import axis_labels, joined, lower_first, role_link, war_room_name
from .markdown import Linker, bullets, cell, code_block, heading, table, template_anchor, text

if TYPE_CHECKING:
    from ..playbook import Playbook


def cadence_table(pb: "Playbook") -> str:
    every = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"]["cadences"]}
    tiers = list(pb.tiers.values())
    rows = []
    for pid, priority in pb.priorities.items():
        rows.append([f"**{cell(priority['name'])}** {cell(priority['title'])}"] +
                    [cell(f"every {duration_text(every[(pid, t['id'])])}") if (pid, t["id"]) in every else "not set"
                     for t in tiers])
    return table([cell(axis_labels(pb)[0])] + [cell(t["name"]) for t in tiers], rows)


# What communication.yml `where_levels_differ` says when a level's internal update is slower than a cadence.
GOVERNS = {"level": "the level's internal update keeps its own rhythm, and a customer update in between restates "
                    "the last confirmed facts",
           "cadence": "the cadence governs: an internal update is due before every customer update"}


def governing_rhythm(pb: "Playbook") -> list[str]:
    """The one sentence saying which rhythm governs where a level's internal update is slower (rule
    cadence-internal-update), when the data says so."""
    governs = pb["communication"].get("where_levels_differ")
    if governs not in GOVERNS:
        return []
    return [f"Where a level holds its internal update less often than this cadence, {GOVERNS[governs]}."]


def update_standard(pb: "Playbook") -> str:
    return table(["Element", "What to write"],
                 [[f"**{cell(e['name'])}**", cell(e["guidance"])] for e in pb["communication"]["update_elements"]])


def template_block(pb: "Playbook", linker: Linker, template: dict[str, Any], level: int = 3) -> str:
    channels = pb.by_id("communication", "channels")
    users = [rid for rid, role in pb.roles.items() if template["id"] in role["templates"]]
    facts = [f"**Channel:** {text(channels[template['channel']]['name'])}",
             f"**Audience:** {text(template['audience'])}"]
    if users:
        facts.append(f"**Used by:** {joined(role_link(pb, linker, r) for r in users)}")
    placeholders = table(["Placeholder", "Fill in"],
                         [[f"<code>{{{text(p['id'])}}}</code>", cell(p["description"])] for p in template["placeholders"]])
    from .checker import checker_link

    facts.append(checker_link(linker, template["id"]))
    return "\n\n".join([heading(level, template["name"], template_anchor(template["id"])),
                        " · ".join(facts),
                        template_text(template, channels[template["channel"]]),
                        placeholders])


def template_text(template: dict[str, Any], channel: dict[str, Any]) -> str:
    """The body to copy: as written, or on a chat channel one block per version (plain text,
    then each chat app's), each with its own copy button."""
    formats = channel.get("formats") or []
    if not formats:
        return code_block(template["body"], "text", title=template["name"])
    blocks = [code_block(body, "text", title=f"{template['name']} · {FORMATS[target].name}")
              for target, body in versions(template["body"], formats).items()]
    return '<div class="pb-chat-versions" markdown>\n\n' + "\n\n".join(blocks) + "\n\n</div>"


def communication_page(pb: "Playbook", linker: Linker) -> str:
    brief = pb["communication"]["war_room_brief"]
    out = [heading(2, "Update cadence", "cadence"),
           "The longest allowed gap between two customer updates, by "
           f"{text(' and '.join(lower_first(label) for label in axis_labels(pb)))}:",
           cadence_table(pb),
           *governing_rhythm(pb),
           heading(2, "What every customer update contains", "update-standard"),
           update_standard(pb),
           heading(2, f"The {len(brief)}-line {war_room_name(pb)} brief", "war-room-brief"),
           table(["Line", "What to write"], [[f"**{cell(b['label'])}**", cell(b["prompt"])] for b in brief]),
           heading(2, "Templates", "templates"),
           "Copy a template with the button at its top right, then replace every `{placeholder}`."]
    out += [template_block(pb, linker, t) for t in pb["communication"]["templates"]]
    return "\n\n".join(out)


def phrases_page(pb: "Playbook", linker: Linker) -> str:
    data = pb["phrases"]
    return "\n\n".join([
        heading(2, "Approved phrases", "approved"),
        table(["Say", "When"], [[f"“{cell(p['text'])}”", cell(p["when"])] for p in data["approved"]]),
        heading(2, "Banned phrases", "banned"),
        "Templates are checked against this list when the playbook is validated.",
        table(["Never say", "Why", "Say instead"],
              [[f"**{cell(p['text'])}**", cell(p["why"]), f"“{cell(p['instead'])}”"]
               for p in data["banned"]]),
    ])


def executive_page(pb: "Playbook", linker: Linker) -> str:
    data = pb["executive-brief"]
    daily = data["daily_summary"]
    chat = pb.templates[data["chat_template"]]
    summary = pb.templates[daily["template"]]
    return "\n\n".join([
        heading(2, "The brief", "bullets"),
        table(["Bullet", "What to write", "Placeholder"],
              [[f"**{cell(b['label'])}**", cell(b["prompt"]), f"<code>{{{text(b['placeholder'])}}}</code>"]
               for b in data["bullets"]]),
        heading(2, "Chat message", "chat"),
        template_block(pb, linker, chat, level=3),
        heading(2, summary["name"], "daily-summary"),
        bullets([f"**Every:** {text(duration_text(daily['every']))}, at {text(daily['send_at'])}",
                 f"**From day:** {text(number(daily['from_day']))}",
                 f"**To:** {text(daily['audience'])}"]),
        template_block(pb, linker, summary, level=3),
    ])
