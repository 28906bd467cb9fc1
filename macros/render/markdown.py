"""Escaping and linking: the only place data strings become Markdown.

Playbook text is edited by many people through pull requests, so every string is
treated as untrusted: HTML is escaped, Markdown syntax is neutralised, and nothing is
ever rendered as a template (the output of a macro call is never read for calls again: macros/pages.py).
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from typing import Any

# Every character Python-Markdown (and its tables extension) lets a backslash escape.
_MD_SPECIALS = re.compile(r"([\\`*_{}\[\]()#+\-.!|>~])")


def text(value: Any) -> str:
    """Inline text: shown literally, one line, never markup, never a link."""
    escaped = html.escape(str(value), quote=False)
    escaped = _MD_SPECIALS.sub(r"\\\1", escaped)
    return re.sub(r"\s*\n\s*", " ", escaped).strip()


def html_text(value: Any) -> str:
    """Text or an attribute value inside a raw HTML block (which Markdown leaves alone)."""
    return html.escape(str(value), quote=True)


def cell(value: Any) -> str:
    """Table cell text: like `text`, and a line break inside stays a visible break."""
    lines = [text(line) for line in str(value).splitlines()] or [""]
    return "<br>".join(lines)


def code_block(body: str, language: str = "text", title: str | None = None) -> str:
    """A fenced block (with Material's copy button) that no content can break out of."""
    longest = max((len(run) for run in re.findall(r"`+|~+", body)), default=0)
    fence = "`" * max(3, longest + 1)
    header = f'{fence}{language}' + (f' title="{_title_attr(title)}"' if title else "")
    return f"{header}\n{body.rstrip()}\n{fence}"


def _title_attr(title: str) -> str:
    return re.sub(r'["\n\r]', "'", title)


def table(headers: list[str], rows: list[list[str]]) -> str:
    """Headers and cells must already be escaped (cell/text/link output)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def bullets(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def tasks(items: list[str]) -> str:
    """A checklist whose every box is labelled by its step (screen readers name the box, and a
    click on the text ticks it). Items are escaped Markdown; md_in_html renders them inline."""
    rows = "\n".join(f'<li class="task-list-item" markdown="span"><label class="pb-task"><input type="checkbox"> '
                     f"{item}</label></li>" for item in items)
    return f'<ul class="task-list pb-tasks" markdown="block">\n{rows}\n</ul>'



def heading(level: int, title: str, anchor: str | None = None) -> str:
    suffix = f" {{#{anchor}}}" if anchor else ""
    return f"{'#' * level} {text(title)}{suffix}"


def slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-")


@dataclass(frozen=True)
class Linker:
    """Builds Markdown links from the page being rendered to where things are defined.
    Targets are .md source paths, so mkdocs checks every link and anchor in strict mode."""

    page: str = "index.md"

    def href(self, target: str, anchor: str = "") -> str:
        """The link target alone: `to` without its label."""
        return self.to(target, "", anchor)[len("[]("):-1]

    def to(self, target: str, label: str, anchor: str = "") -> str:
        here = posixpath.dirname(self.page)
        path = posixpath.relpath(target, here or ".") if target != self.page else ""
        href = f"{path}#{anchor}" if anchor else (path or "#")
        return f"[{text(label)}]({href})"


# Where each kind of thing is defined; one place, so links and anchors always agree.
def role_page(role_id: str) -> str:
    return f"roles/{role_id}.md"


LEVELS_PAGE = "levels.md"
COMMUNICATION_PAGE = "communication.md"
ROUTING_PAGE = "routing.md"
ONCALL_PAGE = "on-call.md"
DECISIONS_PAGE = "decision-rights.md"
FIRST_RESPONSE_PAGE = "first-response.md"
FINDER_PAGE = "finder.md"
PRIORITIES_PAGE = "priorities.md"


def level_anchor(level_id: str) -> str:
    return slug(level_id)


def template_anchor(template_id: str) -> str:
    return f"template-{slug(template_id)}"
