"""Pieces several pages share: page ownership, links to roles, levels and templates."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterable

from ..units import duration_text
from .markdown import (COMMUNICATION_PAGE, LEVELS_PAGE, Linker, level_anchor, role_page, template_anchor, text)

if TYPE_CHECKING:
    from ..playbook import Playbook


def page_meta(pb: "Playbook", stems: Iterable[str]) -> str:
    """'Owner · last reviewed' for the areas a page shows, straight from each file's header."""
    parts = []
    for stem in stems:
        data = pb[stem]
        parts.append(f"{text(data['owner'])}, last reviewed {text(data['last_reviewed'])} "
                     f"(every {text(duration_text(data['review_interval']))})")
    sources = ", ".join(f"`playbook/{stem}.yml`" for stem in stems)
    return (f'<div class="pb-meta" markdown>\n**Owner:** {"; ".join(parts)}<br>\n**Source:** {sources}\n</div>')


def role_link(pb: "Playbook", linker: Linker, role_id: str) -> str:
    return linker.to(role_page(role_id), pb.roles[role_id]["name"])


def level_title(pb: "Playbook", level_id: str) -> str:
    level = pb.levels[level_id]
    return f"Level {level['rank']}: {level['name']}"


def level_link(pb: "Playbook", linker: Linker, level_id: str) -> str:
    return linker.to(LEVELS_PAGE, level_title(pb, level_id), level_anchor(level_id))


def template_link(pb: "Playbook", linker: Linker, template_id: str) -> str:
    return linker.to(COMMUNICATION_PAGE, pb.templates[template_id]["name"], template_anchor(template_id))


def joined(links: Iterable[str]) -> str:
    items = list(links)
    return ", ".join(items) if items else "none"


def linked_text(pb: "Playbook", linker: Linker, value: str) -> str:
    """Escaped text in which every role name and 'Level N' becomes a link to its definition,
    so a reader of any sentence in the playbook can jump to the role or level it mentions."""
    escaped = text(value)
    targets: dict[str, str] = {}
    for rid, role in pb.roles.items():
        if linker.page != role_page(rid):
            targets[text(role["name"])] = role_link(pb, linker, rid)
    for lid, level in pb.levels.items():
        targets[text(f"Level {level['rank']}")] = linker.to(LEVELS_PAGE, f"Level {level['rank']}", level_anchor(lid))
    if not targets:
        return escaped
    names = "|".join(re.escape(name) for name in sorted(targets, key=len, reverse=True))
    return re.sub(rf"(?<![\w\\])(?:{names})(?!\w)", lambda m: targets[m.group(0)], escaped)
