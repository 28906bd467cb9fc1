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
    return (overdue_notice(pb, stems) + f'<div class="pb-meta" markdown>\n**Owner:** {"; ".join(parts)}\n\n'
            f'<details class="pb-maintainers" markdown>\n<summary>For maintainers</summary>\n\n'
            f'**Source:** {sources}. Edit the file, run `playbook validate`, and the site follows.\n\n</details>\n</div>')


def overdue_notice(pb: "Playbook", stems: Iterable[str]) -> str:
    """A warning at the top of a page built from a file whose review is overdue (as `playbook validate` warns)."""
    from ..rules.freshness import overdue_since

    notes = []
    for stem in stems:
        due = overdue_since(pb[stem])
        if due is not None:
            notes.append(f"`playbook/{stem}.yml` is overdue for review since {due.isoformat()} "
                         f"(owner: {text(pb[stem]['owner'])}); check this page against current practice.")
    if not notes:
        return ""
    body = "\n\n".join(f"    {note}" for note in notes)
    return f'!!! warning "Overdue for review"\n\n{body}\n\n'


def role_link(pb: "Playbook", linker: Linker, role_id: str) -> str:
    return linker.to(role_page(role_id), pb.roles[role_id]["name"])


def level_title(pb: "Playbook", level_id: str) -> str:
    level = pb.levels[level_id]
    return f"Level {level['rank']}: {level['name']}"


def criterion_name(criterion: dict) -> str:
    """What staff call an entry criterion: its short `name`, else its sentence."""
    from ..sentences import fill

    return criterion.get("name") or fill(criterion, "text")


def criterion_anchor(level_id: str, criterion_id: str) -> str:
    """The criterion's heading on the Levels page (criterion ids are unique within a level only)."""
    return f"{level_anchor(level_id)}-{criterion_id}"


def level_link(pb: "Playbook", linker: Linker, level_id: str) -> str:
    return linker.to(LEVELS_PAGE, level_title(pb, level_id), level_anchor(level_id))


def template_link(pb: "Playbook", linker: Linker, template_id: str) -> str:
    return linker.to(COMMUNICATION_PAGE, pb.templates[template_id]["name"], template_anchor(template_id))


def specialist_label(pb: "Playbook") -> str:
    """'Engage the SME Lead within': the role the engage_sme target brings in, from levels.yml."""
    return f"Engage the {pb.roles[pb['levels']['specialist_role']]['name']} within"


def axis_labels(pb: "Playbook") -> tuple[str, str]:
    """What the organisation calls a priority and a tier: the labels of the ticket fields that hold them."""
    from ..finder.find import priority_tier_fields

    labels = {f["id"]: f["label"] for f in pb["ticket-fields"]["fields"]}
    priority, tier = priority_tier_fields(pb)
    return labels.get(priority or "", "Priority"), labels.get(tier or "", "Tier")


def lower_first(words: str) -> str:
    return words[:1].lower() + words[1:] if words[1:2].islower() or len(words) == 1 else words


def war_room_name(pb: "Playbook", capital: bool = False) -> str:
    """What the organisation calls a war room, from organisation.yml (lower case in a sentence)."""
    name = pb["organisation"]["war_room"]["name"]
    return name[:1].upper() + name[1:] if capital else name


def joined(links: Iterable[str]) -> str:
    items = list(links)
    return ", ".join(items) if items else "none"


def linked_text(pb: "Playbook", linker: Linker, value: str) -> str:
    """Escaped text in which every role name and 'Level N' becomes a link to its definition,
    so a reader of any sentence in the playbook can jump to the role or level it mentions."""
    pattern, mentions = _mentions(pb)
    escaped = text(value)
    if pattern is None:
        return escaped

    def link(match: re.Match[str]) -> str:
        kind, target = mentions[match.group(0)]
        if kind == "role":
            return match.group(0) if linker.page == role_page(target) else role_link(pb, linker, target)
        if kind == "page":  # the site's own words for its pages: 'the cadence', 'decision rights'
            page, anchor = target.split("#", 1)
            return match.group(0) if linker.page == page else f"[{match.group(0)}]({linker.href(page, anchor)})"
        if kind == "template":
            return f"[{match.group(0)}]({linker.href(COMMUNICATION_PAGE, template_anchor(target))})"
        return linker.to(LEVELS_PAGE, f"Level {pb.levels[target]['rank']}", level_anchor(target))

    return pattern.sub(link, escaped)


# Words the site uses for its own pages, linked where a playbook sentence says them.
SITE_WORDS = {
    "decision rights": "decision-rights.md#",
    "cadence": "communication.md#cadence",
    "update standard": "communication.md#update-standard",
    "backup ladder": "on-call.md#backup-ladder",
    "war room": "first-response.md#war-room",
}

# One pattern per loaded playbook: built once per build, not once per sentence.
_MENTIONS: dict[int, tuple["Playbook", "re.Pattern[str] | None", dict[str, tuple[str, str]]]] = {}


def _mentions(pb: "Playbook") -> tuple["re.Pattern[str] | None", dict[str, tuple[str, str]]]:
    cached = _MENTIONS.get(id(pb))
    if cached and cached[0] is pb:
        return cached[1], cached[2]
    mentions = {text(role["name"]): ("role", rid) for rid, role in pb.roles.items()}
    mentions.update({text(f"Level {level['rank']}"): ("level", lid) for lid, level in pb.levels.items()})
    for tid, template in pb.templates.items():  # 'the executive brief' names the Executive brief template
        for form in (template["name"], template["name"][:1].lower() + template["name"][1:]):
            mentions.setdefault(text(form), ("template", tid))
    for words, target in SITE_WORDS.items():
        for form in (words, words[:1].upper() + words[1:]):
            mentions.setdefault(text(form), ("page", target))
    names = "|".join(re.escape(name) for name in sorted(mentions, key=len, reverse=True))
    pattern = re.compile(rf"(?<![\w\\])(?:{names})(?!\w)") if mentions else None
    _MENTIONS.clear()  # one playbook per build; never grow
    _MENTIONS[id(pb)] = (pb, pattern, mentions)
    return pattern, mentions
