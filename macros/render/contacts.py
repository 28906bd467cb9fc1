"""How to reach a rotation, a role or an approver: `contacts` in on-call.yml, as links people can tap.

The schema already refuses any link that is not https:, mailto:, tel: or a chat app; `safe_link`
checks again here so that no other path into a page can ever produce a javascript: link.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from .markdown import text

if TYPE_CHECKING:
    from ..playbook import Playbook

# kind -> the word shown before it. The order is the order people try them in.
CONTACT_KINDS: dict[str, str] = {"paging": "Page", "chat": "Chat", "bridge": "Bridge", "email": "E-mail"}
GROUPS = ("rotations", "roles", "approvers")
_SAFE = re.compile(r"^(https://|mailto:|tel:\+?[0-9]|slack://|msteams:)[^\s\"'<>()\\]+$")


def contact_of(pb: "Playbook", group: str, entry_id: str) -> dict[str, Any] | None:
    """The contact for a rotation, role or approver id, or None when the playbook gives none."""
    assert group in GROUPS, group
    contacts = pb["on-call"].get("contacts") or {}
    return (contacts.get(group) or {}).get(entry_id)


def safe_link(link: Any) -> str | None:
    return link if isinstance(link, str) and _SAFE.match(link) else None


def contact_points(contact: dict[str, Any] | None) -> list[tuple[str, str, str | None]]:
    """(word, name, link or None) for each way to reach, in CONTACT_KINDS order."""
    if not contact:
        return []
    return [(word, contact[kind]["name"], safe_link(contact[kind].get("link")))
            for kind, word in CONTACT_KINDS.items() if kind in contact]


def contact_markdown(contact: dict[str, Any] | None, separator: str = " · ") -> str:
    """'Page: [PagerDuty: X](https://…) · Chat: [#x](slack://…)'; empty when there is no contact."""
    parts = []
    for word, name, link in contact_points(contact):
        shown = f"[{text(name)}]({link})" if link else text(name)
        parts.append(f"{word}: {shown}")
    return separator.join(parts)
