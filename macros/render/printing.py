"""Printed pages: one checklist sheet per role, all of them at once, the quick-reference
card and the one-slide executive brief.

Each sheet is laid out for one page of US Letter *and* A4 (docs/assets/print.css); whether
it really fits is measured in a browser by `macros.pdf`, never guessed here. The PDFs and
the .pptx do not exist when mkdocs renders these pages, so links to them are raw HTML
(strict link validation only checks Markdown links) computed by `site_href`.
"""
from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..loading import excerpt
from ..playbook import per_playbook
from ..units import duration_text
from .. import sentences
from .common import axis_labels, level_title, specialist_label, template_link, war_room_name
from .markdown import Linker, cell, heading, table, text
from .roles import role_title, step_markdown
from .paper import first_template, level_priorities, template_on_paper, who_to_page_table
from .routing import ladder_table, no_response_rule

if TYPE_CHECKING:
    from ..playbook import Playbook

ALL_CHECKLISTS_PAGE = "print/all.md"
QUICK_REFERENCE_PAGE = "print/quick-reference.md"  # the index of the cards, one per level
SLIDE_PAGE = "print/executive-brief.md"
BRIEF_PPTX = "downloads/executive-brief.pptx"
PAPERS = ("letter", "a4")
PAPER_NAMES = {"letter": "US Letter", "a4": "A4"}

# What the person holding the sheet writes in by pen. A form's layout, not a policy fact.
FILL_IN = ("Incident id", "Date", "Start time", "Customer", "Your name")


def print_page(role_id: str) -> str:
    return f"print/{role_id}.md"


def card_page(level_id: str) -> str:
    return f"print/quick-reference-{level_id}.md"


def card_levels(pb: "Playbook") -> list[str]:
    """The levels that get a quick-reference card: those whose owner has steps in the first phase."""
    first = next(iter(pb.phases))
    return [lid for lid, level in pb.levels.items()
            if level["owner"] in pb.roles and pb.roles[level["owner"]]["checklist"].get(first)]


@dataclass(frozen=True)
class Printable:
    """A page that prints to `pages` sheets, and the stem of its PDFs in site/pdf/."""

    name: str
    page: str
    what: str
    hint: str  # what to shorten when it does not fit
    landscape: bool = False
    pages: int = 1
    level: str = ""  # the level a card covers

    def pdfs(self) -> dict[str, str]:
        """Paper -> site-relative PDF path. The slide has one sheet of its own shape."""
        if self.landscape:
            return {"slide": f"pdf/{self.name}.pdf"}
        return {paper: f"pdf/{self.name}-{paper}.pdf" for paper in PAPERS}


def printables(pb: "Playbook") -> list[Printable]:
    """Everything `playbook pdf` exports, in order; the one list pages and the exporter share."""
    steps = "shorten the steps in playbook/roles.yml"
    found = [Printable(rid, print_page(rid), "checklist", steps) for rid in pb.roles]
    found.append(Printable("all-checklists", ALL_CHECKLISTS_PAGE, "checklists", steps, pages=len(pb.roles)))
    first = excerpt(next(iter(pb.phases.values()))["name"])
    found += [Printable(f"quick-reference-{lid}", card_page(lid), "card",
                        f"shorten the '{first}' steps in playbook/roles.yml or the level's first templates",
                        level=lid)
              for lid in card_levels(pb)]
    found.append(Printable("executive-brief", SLIDE_PAGE, "slide",
                           "shorten the bullets in playbook/executive-brief.yml", landscape=True))
    return found


def printable(pb: "Playbook", page: str) -> Printable:
    return next(p for p in printables(pb) if p.page == page)


def page_url(page: str) -> str:
    """Site-relative URL of a page (mkdocs.yml sets use_directory_urls: true)."""
    stem = page[:-len(".md")]
    return "" if stem == "index" else (stem[:-len("index")] if stem.endswith("/index") else f"{stem}/")


def site_href(page: str, target: str) -> str:
    """A relative href from the rendered `page` to a file in site/."""
    return posixpath.relpath(target, page_url(page) or ".")


def _a(href: str, label: str, download: bool = False) -> str:
    extra = " download" if download else ""
    return f'<a href="{html.escape(href)}"{extra}>{html.escape(label)}</a>'


def pdf_links(pb: "Playbook", linker: Linker, item: Printable) -> str:
    slide = "{}:{} landscape".format(*aspect(pb))
    links = [_a(site_href(linker.page, path), f"PDF, {PAPER_NAMES.get(paper, slide)}")
             for paper, path in item.pdfs().items()]
    return " · ".join(links)


def print_bar(pb: "Playbook", linker: Linker, page: str) -> str:
    """Shown on screen only: how to print, and the PDFs that `make pdf` puts beside the site."""
    return (f'<p class="pb-screen-only pb-print-bar">Print this page (Ctrl+P or ⌘P) or download: '
            f'{pdf_links(pb, linker, printable(pb, page))} <small>(PDFs are made by <code>make pdf</code>)</small></p>')


# --- pieces of a sheet -------------------------------------------------------------------

def fill_in(pb: "Playbook", level_id: str | None = None) -> str:
    """Blank lines to write on by pen, and the level: printed when the sheet covers one, else to circle."""
    fields = [f'<span class="pb-field"><b>{html.escape(label)}</b><span class="pb-blank"></span></span>'
              for label in FILL_IN]
    if level_id:
        fields.append(f'<span class="pb-field"><b>Level</b> {html.escape(level_title(pb, level_id))}</span>')
    else:
        ranks = " ".join(f'<span class="pb-circle">{html.escape(str(level["rank"]))}</span>'
                         for level in pb.levels.values())
        fields.append(f'<span class="pb-field"><b>Level</b> {ranks} <small>(circle one)</small></span>')
    return f'<div class="pb-fill">{"".join(fields)}</div>'


def checkbox_step(pb: "Playbook", linker: Linker, step: dict[str, Any], timed: bool = True) -> str:
    """One step: a real, empty checkbox, the instruction, and a blank for the time it was done."""
    at = '<span class="pb-at">at <span class="pb-blank"></span></span>' if timed else ""
    return f'- {at}<input type="checkbox" class="pb-check" aria-label="Done"> {step_markdown(pb, linker, step)}'


def phase_steps(pb: "Playbook", linker: Linker, phase_id: str, steps: list[dict[str, Any]]) -> str:
    phase = pb.phases[phase_id]
    title = (f'<p class="pb-phase"><b>{html.escape(phase["name"])}</b> '
             f'<span>{html.escape(phase["description"])}</span></p>')
    return f'{title}\n\n<div class="pb-steps" markdown>\n\n' + "\n".join(
        checkbox_step(pb, linker, s) for s in steps) + "\n\n</div>"


def _target(pb: "Playbook", level_id: str, response: str) -> str:
    """'30 minutes; P1: 15 minutes': the level's own target and those the metrics set for some priorities."""
    from ..governing import target_exceptions

    own = duration_text(pb.levels[level_id]["response"][response])
    return cell("; ".join([own] + [f"{', '.join(names)}: {value}"
                                   for value, names in target_exceptions(pb, level_id, response).items()]))


def targets_table(pb: "Playbook") -> str:
    rows = [[cell(level_title(pb, lid)), _target(pb, lid, "acknowledge"), _target(pb, lid, "engage_sme"),
             cell(f"every {duration_text(level['internal_update'])}")] for lid, level in pb.levels.items()]
    return table(["Level", "Acknowledge within", text(specialist_label(pb)), "Internal update"], rows)


def block(title: str, *body: str, css: str = "") -> str:
    return f'<div class="pb-block {css}" markdown>\n\n**{text(title)}**\n\n' + "\n\n".join(body) + "\n\n</div>"


def cadence_grid(pb: "Playbook", priorities: list[str] | None = None) -> str:
    """The customer-update cadence, priority by tier, without repeating 'every' in each cell;
    only the rows of `priorities` when given (the levels a sheet covers)."""
    every = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"]["cadences"]}
    rows = [[f"**{cell(p['name'])}** {cell(p['title'])}"] +
            [cell(duration_text(every[(pid, tid)])) if (pid, tid) in every else "not set" for tid in pb.tiers]
            for pid, p in pb.priorities.items() if priorities is None or pid in priorities]
    return table([cell(axis_labels(pb)[0])] + [cell(t["name"]) for t in pb.tiers.values()], rows)


def column(*blocks: str) -> str:
    return '<div class="pb-column" markdown>\n\n' + "\n\n".join(blocks) + "\n\n</div>"


@per_playbook
def reference(pb: "Playbook") -> str:
    """The time targets and the paging ladder, the same on every sheet (so made once)."""
    return "\n\n".join([
        '<div class="pb-reference" markdown>',
        block("Response targets by level", targets_table(pb), css="pb-wide"),
        block("Paging and backup ladder", ladder_table(pb), css="pb-wide pb-ladder"),
        block("Customer update at least every", cadence_grid(pb)),
        f'<p markdown>{no_response_rule(pb)}</p>',
        block("Who to page", who_to_page_table(pb, pb.levels), css="pb-wide pb-who"),
        "</div>"])


def source_line(pb: "Playbook", *stems: str) -> str:
    """Where the sheet comes from and how fresh it is, so an old printout can be recognised."""
    by_date: dict[str, list[str]] = {}
    for stem in stems:
        by_date.setdefault(str(pb[stem]["last_reviewed"]), []).append(f"{stem}.yml")
    reviewed = "; ".join(f"{', '.join(files)} reviewed {date}" for date, files in by_date.items())
    version = pb["organisation"].get("policy_version")
    prefix = f"Policy {version}, from" if version else "From"
    return f'<p class="pb-source">{html.escape(f"{prefix} playbook/: {reviewed}.")} Printed on ____________</p>'


def sheet(body: list[str], css: str = "") -> str:
    return f'<div class="pb-sheet {css}" markdown>\n\n' + "\n\n".join(body) + "\n\n</div>"


def checklist_title(pb: "Playbook", role_id: str, level: int) -> str:
    return heading(level, f"{role_title(pb, role_id)}: checklist", f"checklist-{role_id}" if level > 1 else None)


def checklist_body(pb: "Playbook", linker: Linker, role_id: str) -> list[str]:
    role = pb.roles[role_id]
    out = [fill_in(pb),
           f'<p class="pb-purpose"><b>Purpose:</b> {html.escape(role["purpose"])}</p>']
    out += [phase_steps(pb, linker, phase_id, steps) for phase_id, steps in role["checklist"].items()]
    out.append(f'<p class="pb-oneline" markdown>**Handoff:** {text(role["handoff"])}</p>')
    first = first_template(pb, role_id)
    if first:  # the steps name every template; the first one is printed in full
        out.append(template_on_paper(pb, first))
    out.append(reference(pb))
    out.append(source_line(pb, "roles", "levels", "communication", "on-call"))
    return out


# --- pages -------------------------------------------------------------------------------

def print_checklist(pb: "Playbook", linker: Linker, role_id: str) -> str:
    if role_id not in pb.roles:
        raise ValueError(f"print_checklist: unknown role {role_id!r}; known roles: {', '.join(pb.roles)}")
    # The page title stays outside the sheet's <div> so mkdocs sees it (nav title); print.css styles it as the sheet's.
    return "\n\n".join([checklist_title(pb, role_id, 1), print_bar(pb, linker, print_page(role_id)),
                        sheet(checklist_body(pb, linker, role_id))])


def print_all_checklists(pb: "Playbook", linker: Linker) -> str:
    bar = print_bar(pb, linker, ALL_CHECKLISTS_PAGE)
    sheets = [sheet([checklist_title(pb, rid, 2)] + checklist_body(pb, linker, rid), "pb-new-page" if i else "")
              for i, rid in enumerate(pb.roles)]
    return "\n\n".join([bar] + sheets)


def incident_level(pb: "Playbook") -> str:
    """The level a full incident team runs: the lowest level owned by the first core role
    (the Incident Commander in the example), else the highest level."""
    commander = next((rid for rid, role in pb.roles.items() if role.get("core")), None)
    owned = [lid for lid, level in pb.levels.items() if level["owner"] == commander]
    return owned[0] if owned else list(pb.levels)[-1]


def quick_reference_card(pb: "Playbook", linker: Linker, level_id: str | None = None) -> str:
    """The first phase of one level on one sheet: targets, the customer-update cadence, who to page,
    the first template's text, the war room when the level runs one, and who does what.
    Without a level, the card is for the level the incident team runs (see incident_level)."""
    level_id = level_id or incident_level(pb)
    if level_id not in pb.levels:
        raise ValueError(f"quick_reference_card: unknown level {level_id!r}; known levels: {', '.join(pb.levels)}")
    level = pb.levels[level_id]
    phase_id = next(iter(pb.phases))
    phase = pb.phases[phase_id]
    response = level["response"]
    first_templates = [t for t in level["templates"].get(phase_id, []) if t in pb.templates]
    targets = [f"**Acknowledge the customer within** {text(duration_text(response['acknowledge']))}",
               f"**{text(specialist_label(pb))}** {text(duration_text(response['engage_sme']))}",
               f"**Internal update every** {text(duration_text(level['internal_update']))}",
               no_response_rule(pb)]
    templates = ", ".join(template_link(pb, linker, t) for t in first_templates) or "none"
    left = [block("Time targets", "\n".join(f"- {t}" for t in targets), f"**Templates now:** {templates}")]
    if _runs_war_room(pb, first_templates):
        left.append(_war_room(pb))
    right = [block("Customer update at least every", cadence_grid(pb, level_priorities(pb, [level_id]))),
             block("Paging and backup ladder", ladder_table(pb), css="pb-ladder")]
    # The sheet's title is not the page's <h1>: mkdocs copies an <h1> into <title> unescaped (striptags).
    body = [f'<p class="pb-title">{html.escape(phase["name"])} of {html.escape(level_title(pb, level_id))}</p>',
            fill_in(pb, level_id),
            f'<p class="pb-purpose"><b>{html.escape(level_title(pb, level_id))}</b> when any of: '
            f'{html.escape("; ".join(sentences.fill(c, "text").rstrip(".") for c in level["criteria"]))}. '
            f'<b>Owner:</b> {html.escape(role_title(pb, level["owner"]))}.</p>',
            '<div class="pb-reference" markdown>', column(*left), column(*right),
            block("Who to page", who_to_page_table(pb, [level_id], covers_one=True), css="pb-wide pb-who"), "</div>"]
    if first_templates:
        body.append(template_on_paper(pb, first_templates[0]))
    body += ['<p class="pb-phase"><b>Who does what</b></p>', '<div class="pb-roles" markdown>']
    for rid in card_roles(pb, level_id):
        steps = pb.roles[rid]["checklist"].get(phase_id)
        if steps:
            body.append(f'<div class="pb-role" markdown>\n\n**{text(role_title(pb, rid))}**\n\n'
                        f'<div class="pb-steps" markdown>\n\n'
                        + "\n".join(checkbox_step(pb, linker, s, timed=False) for s in steps) + "\n\n</div>\n\n</div>")
    body.append("</div>")
    body.append(source_line(pb, "levels", "roles", "communication", "on-call", "routing"))
    title = f"# {text(f'Quick-reference card, {level_title(pb, level_id)}')} {{ .pb-screen-only }}"
    return "\n\n".join([title, print_bar(pb, linker, card_page(level_id)), sheet(body, "pb-card")])


def _runs_war_room(pb: "Playbook", template_ids: list[str]) -> bool:
    """A level runs a war room when one of its first messages goes to a chat channel."""
    channels = pb.by_id("communication", "channels")
    return any(channels.get(pb.templates[t]["channel"], {}).get("formats") for t in template_ids)


def _war_room(pb: "Playbook") -> str:
    war_room = pb["organisation"]["war_room"]
    brief = pb["communication"]["war_room_brief"]
    return block(war_room_name(pb, capital=True), f"- **{text(war_room['tool'])}**, channel <code>{text(war_room['channel_pattern'])}</code>",
                 f"- {text(war_room['rule'])}",
                 f"**The {len(brief)}-line brief, posted first:** " +
                 "; ".join(f"**{text(b['label'])}:** {text(b['prompt'])}" for b in brief))


def quick_reference_index(pb: "Playbook", linker: Linker) -> str:
    """The quick-reference cards, one per level whose owner runs the first minutes."""
    rows = [[linker.to(card_page(lid), f"{level_title(pb, lid)}"), text(role_title(pb, pb.levels[lid]["owner"])),
             pdf_links(pb, linker, printable(pb, card_page(lid)))] for lid in card_levels(pb)]
    return table(["Card", "Owner", "Files"], rows)


def card_roles(pb: "Playbook", level_id: str) -> list[str]:
    """Who acts in a level's first phase: its owner, the roles that send its first templates and,
    when the level runs a war room, the core incident team."""
    level, phase_id = pb.levels[level_id], next(iter(pb.phases))
    first = set(level["templates"].get(phase_id, []))
    war_room = _runs_war_room(pb, [t for t in first if t in pb.templates])
    acting = [rid for rid, role in pb.roles.items()
              if (war_room and role.get("core")) or any(s.get("template") in first for s in role["checklist"].get(phase_id, []))]
    return [level["owner"]] + [rid for rid in acting if rid != level["owner"]]


_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def with_placeholders(value: str) -> str:
    """Escaped HTML with each {placeholder} marked, so a reader sees what to replace."""
    parts = _PLACEHOLDER.split(value)
    return "".join(html.escape(part) if i % 2 == 0 else f'<span class="pb-ph">{{{html.escape(part)}}}</span>'
                   for i, part in enumerate(parts))


def aspect(pb: "Playbook") -> tuple[int, int]:
    width, height = pb["executive-brief"]["slide"]["aspect"].split(":")
    return int(width), int(height)


def slide_parts(pb: "Playbook") -> dict[str, Any]:
    """What the slide shows, in order: the title, the fields an executive asks first, the bullets.
    The HTML slide, its PDF and the .pptx are all built from this."""
    data = pb["executive-brief"]
    return {"title": data["slide"]["title"], "fields": list(data["slide"].get("fields", [])),
            "bullets": list(data["bullets"])}


def executive_slide(pb: "Playbook", linker: Linker) -> str:
    """The one-slide brief as HTML: prints to exactly one landscape page (named @page `slide`)."""
    data = pb["executive-brief"]
    parts = slide_parts(pb)
    width, height = aspect(pb)
    fields = "".join(f'<div class="pb-slide-field" title="{html.escape(f["prompt"])}">'
                     f'<dt>{html.escape(f["label"])}</dt>'
                     f'<dd>{with_placeholders("{" + f["placeholder"] + "}")}</dd></div>' for f in parts["fields"])
    bullets = "".join(f'<li><b>{html.escape(b["label"])}:</b> {with_placeholders("{" + b["placeholder"] + "}")}'
                      f'<small>{html.escape(b["prompt"])}</small></li>' for b in parts["bullets"])
    pptx = _a(site_href(linker.page, BRIEF_PPTX), "Download the slide (.pptx, editable)", download=True)
    return "\n\n".join([
        f'<p class="pb-screen-only pb-print-bar">{pptx} · {pdf_links(pb, linker, printable(pb, SLIDE_PAGE))} '
        f'<small>(the PDF is made by <code>make pdf</code>)</small></p>',
        f'<div class="pb-slide" style="--pb-w: {width}; --pb-h: {height}">'
        f'<h2 class="pb-slide-title">{with_placeholders(parts["title"])}</h2>'
        + (f'<dl class="pb-slide-fields">{fields}</dl>' if fields else "") +
        f'<ul class="pb-slide-bullets">{bullets}</ul>'
        f'<p class="pb-slide-footer">{html.escape(data["slide"]["footer"])}</p></div>'])


def print_index(pb: "Playbook", linker: Linker) -> str:
    rows = []
    for item in printables(pb):
        if item.what == "checklist":
            title = f"{role_title(pb, item.name)}: checklist"
        else:
            title = {"checklists": "Every checklist, each on its own page", "slide": "Executive brief slide"}.get(
                item.what) or f"Quick-reference card, {level_title(pb, item.level)}"
        rows.append([linker.to(item.page, title), cell(item.what), pdf_links(pb, linker, item)])
    rows.append([linker.to(SLIDE_PAGE, "Executive brief slide, editable"), "pptx",
                 _a(site_href(linker.page, BRIEF_PPTX), "executive-brief.pptx", download=True)])
    return table(["Page", "Kind", "Files"], rows)
