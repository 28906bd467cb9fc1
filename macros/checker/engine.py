"""Check a draft message against the policy: banned phrases, missing update elements,
placeholders left in, length over the channel's limit.

The engine reads only `checker_data(playbook)`, the same JSON the site page embeds, so the
Python reference and the browser port (docs/assets/javascripts/checker.js) work from one data
set; shared test vectors (tests/checker/vectors.json) prove they give the same findings.
Positions are 1-based line and column counted in characters (code points) of the draft.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING, Any

from ..textnorm import Normalised, line_column, normalise
from .phrases import Hit, PhraseIndex, is_word_char

if TYPE_CHECKING:
    from ..playbook import Playbook

RULES = ("banned-phrase", "unfilled-placeholder", "unknown-placeholder", "missing-element", "too-long")
# A placeholder as people leave it in a draft: {name}, letters first, a few words at most.
PLACEHOLDER = re.compile(r"\{([A-Za-z][A-Za-z0-9_ -]{0,40})\}")
# A clock time in normalised (lower-case) text: 14:30, 9.05, 2 pm, 11:30am, noon, midnight.
TIME = re.compile(r"(?<![0-9])(?:[01]?[0-9]|2[0-3])[:.h][0-5][0-9](?![0-9])"
                  r"|(?<![0-9])(?:1[0-2]|0?[1-9])(?:[:.][0-5][0-9])? ?[ap]\.?m(?![a-z])"
                  r"|(?<![a-z])(?:noon|midnight)(?![a-z])")


class CheckerError(ValueError):
    """A usage problem: an unknown template or channel."""


@dataclass(frozen=True)
class Finding:
    rule: str
    line: int
    column: int
    text: str
    suggestion: str

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def checker_data(pb: "Playbook") -> dict[str, Any]:
    """What the checker needs from the playbook, as plain JSON (embedded in the site page)."""
    communication = pb["communication"]
    elements = communication["update_elements"]
    return {
        "banned": [{"id": b["id"], "text": b["text"], "instead": b["instead"]} for b in pb["phrases"]["banned"]],
        "elements": [{"id": e["id"], "name": e["name"], "guidance": e["guidance"], "placeholder": e["placeholder"],
                      "cues": [{"words": c["words"], "then": c.get("then")} for c in e.get("cues", [])]} for e in elements],
        "templates": [{"id": t["id"], "name": t["name"], "channel": t["channel"],
                       "elements": [e["id"] for e in elements] if t["customer_update"] else list(t.get("elements", [])),
                       "placeholders": [{"id": p["id"], "description": p["description"]} for p in t["placeholders"]],
                       "body": t["body"]}
                      for t in communication["templates"]],
        "channels": [{"id": c["id"], "name": c["name"], "max_characters": c.get("max_characters")}
                     for c in communication["channels"]],
    }


class Checker:
    """The checks over one data set; build once, check many drafts."""

    def __init__(self, data: dict[str, Any]):
        self.data = data
        self.banned = PhraseIndex((b["text"], b) for b in data["banned"])
        self.cues = cue_index(data["elements"])
        self.templates = {t["id"]: t for t in data["templates"]}
        self.channels = {c["id"]: c for c in data["channels"]}

    def check(self, text: str, template: str | None = None, channel: str | None = None) -> list[Finding]:
        chosen = self._template(template)
        limit_channel = self._channel(channel or (chosen["channel"] if chosen else None))
        norm = normalise(text)
        findings = [*self._banned(text, norm), *self._placeholders(text, chosen),
                    *self._elements(norm, chosen), *self._length(text, limit_channel)]
        return sorted(findings, key=lambda f: (f.line, f.column, RULES.index(f.rule)))  # stable: data order

    def _template(self, template: str | None) -> dict[str, Any] | None:
        if template is None:
            return None
        if template not in self.templates:
            raise CheckerError(f"unknown template '{template}'; use one of {', '.join(self.templates)}")
        return self.templates[template]

    def _channel(self, channel: str | None) -> dict[str, Any] | None:
        if channel is None:
            return None
        if channel not in self.channels:
            raise CheckerError(f"unknown channel '{channel}'; use one of {', '.join(self.channels)}")
        return self.channels[channel]

    def _banned(self, text: str, norm: Normalised) -> list[Finding]:
        return [_at(text, hit.start, "banned-phrase", text[hit.start:hit.end], f"say instead: {hit.key['instead']}")
                for hit in self.banned.find(norm)]

    def _placeholders(self, text: str, template: dict[str, Any] | None) -> list[Finding]:
        if template is not None:
            declared = {p["id"]: p["description"] for p in template["placeholders"]}
        else:
            declared = {p["id"]: p["description"] for t in self.data["templates"] for p in t["placeholders"]}
        findings = []
        for match in PLACEHOLDER.finditer(text):
            name = match.group(1).strip()
            if name in declared:
                findings.append(_at(text, match.start(), "unfilled-placeholder", match.group(0),
                                    f"replace it with: {declared[name]}"))
            else:
                known = ", ".join(f"{{{p}}}" for p in declared)
                where = f"the template '{template['id']}' has no" if template else "no template has a"
                findings.append(_at(text, match.start(), "unknown-placeholder", match.group(0),
                                    f"{where} placeholder {{{name}}}; write the text it stands for"
                                    + (f" (its placeholders are {known})" if template else "")))
        return findings

    def _elements(self, norm: Normalised, template: dict[str, Any] | None) -> list[Finding]:
        wanted = template["elements"] if template else [e["id"] for e in self.data["elements"]]
        present = elements_present(self.cues, norm)
        return [Finding("missing-element", 1, 1, e["name"], f"add {e['name']}: {e['guidance']}")
                for e in self.data["elements"] if e["id"] in wanted and e["id"] not in present]

    def _length(self, text: str, channel: dict[str, Any] | None) -> list[Finding]:
        limit = channel and channel.get("max_characters")
        body = text.rstrip()
        if not limit or len(body) <= limit:
            return []
        return [_at(text, limit, "too-long", body[limit:limit + 40],
                    f"{channel['name']} messages are at most {limit} characters and this one has {len(body)}; "
                    f"cut {len(body) - limit}")]


def cue_index(elements: list[dict[str, Any]]) -> PhraseIndex:
    """Every cue of every update element, keyed by (element, cue)."""
    return PhraseIndex((c["words"], (e, c)) for e in elements for c in e.get("cues", []))


def elements_present(cues: PhraseIndex, norm: Normalised) -> set[str]:
    """Ids of the elements whose cue the text carries: its words (not a placeholder's name)
    followed by what the cue asks for."""
    return {element["id"] for hit in cues.find(norm) for element, cue in [hit.key]
            if not (hit.nstart and norm.text[hit.nstart - 1] == "{") and _followed_by(norm.text, hit, cue.get("then"))}


def visible(text: str) -> str:
    """Text for a terminal: invisible and control characters shown as <U+200B>."""
    import unicodedata

    return "".join(f"<U+{ord(c):04X}>" if unicodedata.category(c) in ("Cf", "Cc", "Zl", "Zp") and c != "\t"
                   else c for c in text)


def _at(text: str, index: int, rule: str, shown: str, suggestion: str) -> Finding:
    line, column = line_column(text, index)
    return Finding(rule, line, column, shown, suggestion)


def _followed_by(plain: str, hit: Hit, then: str | None) -> bool:
    """Whether what follows a cue (rest of its line; for a time also the next line) fits."""
    if then is None:
        return True
    end = plain.find("\n", hit.nend)
    rest = plain[hit.nend:] if end < 0 else plain[hit.nend:end]
    if then == "text":
        return "{" in rest or any(is_word_char(c) for c in rest)
    if end >= 0:
        following = plain.find("\n", end + 1)
        rest += "\n" + (plain[end + 1:] if following < 0 else plain[end + 1:following])
    return "{" in rest or TIME.search(rest) is not None


def check_message(pb: "Playbook", text: str, template: str | None = None, channel: str | None = None) -> list[Finding]:
    return Checker(checker_data(pb)).check(text, template, channel)
