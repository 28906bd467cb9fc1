"""Chat versions of a template: plain text, Slack mrkdwn and the Markdown subset Teams renders.

A template sent on a chat channel is written in a small markup that reads well as it is:
`**bold**`, a line starting with `- ` or `• ` is a bullet, `[text](https://...)` is a link
(the address may be a `{placeholder}`), and `{placeholders}` stay as they are. Anything else
is text, and text is escaped for each target, so a `<`, `>` or `&` in the data never becomes
markup: Slack requires exactly those three as `&lt;`, `&gt;`, `&amp;`; Teams takes
backslash escapes.

    **Brief:** see [the runbook](https://example.com/a?b=1&c=2)
    - Impact: {impact}

Slack:  *Brief:* see <https://example.com/a?b=1&amp;c=2|the runbook>  /  • Impact: {impact}
Teams:  **Brief:** see [the runbook](https://example.com/a?b=1&c=2)  /  - Impact: {impact}
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterator

# One inline piece: ("text", s) | ("placeholder", "{name}") | ("bold", s) | ("link", label, url).
# Bold holds plain text only; a placeholder is never escaped (it is replaced before sending).
Piece = tuple[str, ...]

_BULLET = re.compile(r"^(\s*)(?:[-*•])\s+(.*)$")
_INLINE = re.compile(r"(?P<ph>\{[a-z][a-z0-9_]*\})"
                     r"|\*\*(?P<bold>[^*\n]+?)\*\*"
                     r"|\[(?P<label>[^\]\n]+)\]\((?P<url>(?:https?://|mailto:)[^\s()<>|]+|\{[a-z][a-z0-9_]*\})\)")


@dataclass(frozen=True)
class Line:
    bullet: bool
    indent: str
    pieces: tuple[Piece, ...]


def parse(body: str) -> list[Line]:
    """The template body as lines of inline pieces."""
    lines = []
    for raw in body.rstrip("\n").split("\n"):
        match = _BULLET.match(raw)
        indent, content = (match.group(1), match.group(2)) if match else ("", raw)
        lines.append(Line(bool(match), indent, tuple(_inline(content))))
    return lines


def _inline(content: str) -> Iterator[Piece]:
    at = 0
    for match in _INLINE.finditer(content):
        if match.start() > at:
            yield ("text", content[at:match.start()])
        if match.group("ph") is not None:
            yield ("placeholder", match.group("ph"))
        elif match.group("bold") is not None:
            yield ("bold", match.group("bold"))
        else:
            yield ("link", match.group("label"), match.group("url"))
        at = match.end()
    if at < len(content):
        yield ("text", content[at:])


# --- targets -----------------------------------------------------------------------------------

def slack_escape(value: str) -> str:
    """The three characters Slack's mrkdwn requires escaped, and only those."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


_TEAMS_SPECIALS = re.compile(r"([\\`*_\[\]<>])")


def teams_escape(value: str) -> str:
    return _TEAMS_SPECIALS.sub(r"\\\1", value)


_PLACEHOLDER = re.compile(r"(\{[a-z][a-z0-9_]*\})")


def _keeping_placeholders(value: str, escape: Callable[[str], str]) -> str:
    """Escape the text around {placeholders}, never the placeholders themselves."""
    return "".join(part if i % 2 else escape(part) for i, part in enumerate(_PLACEHOLDER.split(value)))


def _plain_piece(piece: Piece) -> str:
    if piece[0] == "link":
        return f"{piece[1]} ({piece[2]})"
    return piece[1]


def _slack_piece(piece: Piece) -> str:
    if piece[0] == "placeholder":
        return piece[1]
    if piece[0] == "bold":
        return f"*{_keeping_placeholders(piece[1].strip(), slack_escape)}*"
    if piece[0] == "link":
        return f"<{slack_escape(piece[2])}|{slack_escape(piece[1])}>"
    return slack_escape(piece[1])


def _teams_piece(piece: Piece) -> str:
    if piece[0] == "placeholder":
        return piece[1]
    if piece[0] == "bold":
        return f"**{_keeping_placeholders(piece[1].strip(), teams_escape)}**"
    if piece[0] == "link":
        return f"[{teams_escape(piece[1])}]({piece[2]})"
    return teams_escape(piece[1])


@dataclass(frozen=True)
class Format:
    name: str
    bullet: str
    piece: Callable[[Piece], str]


FORMATS: dict[str, Format] = {
    "plain": Format("Plain text", "• ", _plain_piece),
    "slack": Format("Slack", "• ", _slack_piece),
    "teams": Format("Teams", "- ", _teams_piece),
}


def render(body: str, target: str) -> str:
    """The body as the target chat app shows it when pasted."""
    if target not in FORMATS:
        raise ValueError(f"unknown chat format {target!r}; known formats: {', '.join(FORMATS)}")
    fmt = FORMATS[target]
    return "\n".join(line.indent + (fmt.bullet if line.bullet else "") + "".join(fmt.piece(p) for p in line.pieces)
                     for line in parse(body))


def versions(body: str, targets: list[str]) -> dict[str, str]:
    """Plain text first, then each target's version, by format id."""
    return {target: render(body, target) for target in ["plain", *targets]}
