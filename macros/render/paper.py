"""What a printed sheet carries so that someone working from paper needs nothing else: the text
of the template it tells them to send (placeholders as blanks to fill by pen), who to page
with how to reach them, and the customer-update cadence for the levels it covers.
"""
from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any, Iterable

from .chat import render as chat_render
from .contacts import contact_of, contact_points
from .markdown import cell, table

if TYPE_CHECKING:
    from ..playbook import Playbook

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def first_template(pb: "Playbook", role_id: str) -> str | None:
    """The first template the role's checklist tells it to send (steps in phase order), else the
    first template it owns; None for a role that sends none."""
    role = pb.roles[role_id]
    for phase_id in pb.phases:
        for step in role["checklist"].get(phase_id, []):
            if step.get("template") in pb.templates:
                return step["template"]
    return next((t for t in role.get("templates", []) if t in pb.templates), None)


def template_plain_text(pb: "Playbook", template_id: str) -> str:
    """The template as it reads on paper: chat markup (bold, bullets, links) taken out."""
    template = pb.templates[template_id]
    channel = pb.by_id("communication", "channels").get(template["channel"], {})
    return chat_render(template["body"], "plain") if channel.get("formats") else template["body"].rstrip("\n")


def _blank(name: str) -> str:
    """A line to write on, its placeholder's name printed small on it."""
    return f'<span class="pb-fill-ph">{html.escape(name.replace("_", " "))}</span>'



def _paper_line(line: str) -> str:
    if not line.strip():
        return '<span class="pb-tl pb-tl-gap"></span>'
    parts = _PLACEHOLDER.split(line)
    inner = "".join(html.escape(part) if i % 2 == 0 else _blank(part) for i, part in enumerate(parts))
    return f'<span class="pb-tl">{inner}</span>'


def template_on_paper(pb: "Playbook", template_id: str) -> str:
    """The template's whole text, each {placeholder} a blank line labelled with its name."""
    template = pb.templates[template_id]
    channel = pb.by_id("communication", "channels").get(template["channel"], {})
    lines = "".join(_paper_line(line) for line in template_plain_text(pb, template_id).split("\n"))
    return (f'<div class="pb-block pb-template-paper"><p class="pb-template-head"><b>{html.escape(template["name"])}</b> '
            f'<small>({html.escape(channel.get("name", template["channel"]))}, to {html.escape(template["audience"])}): '
            f'fill in each blank, then send</small></p>'
            f'<div class="pb-template-text">{lines}</div></div>')


# --- who to page ---------------------------------------------------------------------------

PAPER_KINDS = ("Page", "Chat", "Bridge")  # what helps from paper; e-mail is for later


def reach(contact: dict[str, Any] | None) -> str:
    """How to reach, as printed: 'Page: … · Chat: … · Bridge: …' (names, not addresses)."""
    return " · ".join(f"{word}: {cell(name)}" for word, name, _link in contact_points(contact)
                      if word in PAPER_KINDS) or "not given"


def paged_rotations(pb: "Playbook", level_ids: Iterable[str]) -> dict[str, list[str]]:
    """Rotation id -> why it is paged, for the rotations the level finder pages for these levels."""
    from ..finder.find import level_queue_pages  # the finder's answer for a level without a ticket

    found: dict[str, list[str]] = {}
    for lid in level_ids:
        for page in level_queue_pages(pb, lid):
            found.setdefault(page["rotation"], [])
            if page["why"] not in found[page["rotation"]]:
                found[page["rotation"]].append(page["why"])
    return found


def _reach_cells(contact: dict[str, Any] | None) -> list[str]:
    points = {word: name for word, name, _link in contact_points(contact)}
    return [cell(points[word]) if word in points else "" for word in PAPER_KINDS]


def who_to_page_table(pb: "Playbook", level_ids: Iterable[str], covers_one: bool = False) -> str:
    """The rotations to page for the levels a sheet covers, one line each with how to reach it
    (page, chat, bridge); on a card for one level, the level owner's own contact first."""
    level_ids = list(level_ids)
    rows = []
    if covers_one:
        owner = pb.levels[level_ids[0]]["owner"]
        rows.append([f"**{cell(pb.roles[owner]['name'])}** (owner)"] + _reach_cells(contact_of(pb, "roles", owner)))
    for rid in paged_rotations(pb, level_ids):
        rows.append([f"**{cell(pb.rotations[rid]['name'])}**"] + _reach_cells(contact_of(pb, "rotations", rid)))
    return table(["Who", *PAPER_KINDS], rows)


# --- the customer-update cadence for the levels a sheet covers ------------------------------------

def _priority_field(pb: "Playbook") -> str | None:
    from ..finder.find import priority_tier_fields

    return priority_tier_fields(pb)[0]


def _named_priorities(condition: dict[str, Any], field: str) -> set[str] | None:
    """The priorities a condition requires, or None when it does not pin the priority down."""
    if condition.get("field") == field and condition.get("op") == "is":
        return {condition["value"]}
    if condition.get("field") == field and condition.get("op") == "one_of":
        return set(condition["value"])
    if "all" in condition:
        for part in condition["all"]:
            found = _named_priorities(part, field)
            if found is not None:
                return found
    if "any" in condition:
        found_all = [_named_priorities(part, field) for part in condition["any"]]
        if all(f is not None for f in found_all):
            return set().union(*found_all)  # type: ignore[arg-type]
    return None


def level_priorities(pb: "Playbook", level_ids: Iterable[str]) -> list[str]:
    """The priorities whose cadence rows a sheet for these levels shows: those the levels'
    criteria name when every criterion names one, else every priority."""
    field = _priority_field(pb)
    named: set[str] = set()
    for lid in level_ids:
        for criterion in pb.levels[lid]["criteria"]:
            found = _named_priorities(criterion["condition"], field) if field else None
            if found is None:
                return list(pb.priorities)
            named |= found
    return [pid for pid in pb.priorities if pid in named]
