"""The level finder page: one input per ticket field, in the catalogue's order, and a result region.

The answer is computed in the browser by docs/assets/finder.js from assets/finder-data.js (written
at build time by the mkdocs hook), so the page works offline and sends nothing anywhere.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..finder.export import DATA_FILE, value_labels
from ..finder.find import catalogue, when_unsure
from ..units import _CURRENCY_SYMBOLS
from .markdown import Linker, html_text

if TYPE_CHECKING:
    from ..conditions import Field
    from ..playbook import Playbook

DURATION_UNITS = ("minutes", "hours", "days", "weeks")
SCRIPT = "assets/finder.js"


def _input(pb: "Playbook", field: "Field", currency: str) -> str:
    name, ident = html_text(field.id), f"finder-{html_text(field.id)}"
    if field.type in ("enum", "boolean"):
        options = ([("true", "yes"), ("false", "no")] if field.type == "boolean"
                   else list(value_labels(pb, field).items()))
        shown = "".join(f'<option value="{html_text(v)}">{html_text(label)}</option>' for v, label in options)
        return f'<select id="{ident}" name="{name}"><option value="">not known / empty</option>{shown}</select>'
    if field.type == "duration":
        units = "".join(f'<option value="{u}">{u}</option>' for u in DURATION_UNITS)
        return (f'<span class="pb-quantity"><input id="{ident}" name="{name}" type="number" min="0" step="any" '
                f'inputmode="decimal"><select name="{name}__unit" aria-label="{html_text(field.label)}: unit">'
                f'{units}</select></span>')
    if field.type in ("integer", "number", "money", "percent"):
        step = "1" if field.type == "integer" else "any"
        unit = {"money": _CURRENCY_SYMBOLS.get(currency, currency), "percent": "%"}.get(field.type, "")
        suffix = f'<span class="pb-unit">{html_text(unit)}{" " + html_text(currency) if field.type == "money" and unit != currency else ""}</span>' if unit else ""
        return (f'<span class="pb-quantity"><input id="{ident}" name="{name}" type="number" step="{step}" '
                f'inputmode="decimal">{suffix}</span>')
    if field.type == "timestamp":
        return f'<input id="{ident}" name="{name}" type="datetime-local" step="1"> <span class="pb-unit">UTC</span>'
    return f'<input id="{ident}" name="{name}" type="text" autocomplete="off">'


def finder_page(pb: "Playbook", linker: Linker) -> str:
    currency = pb["organisation"]["currency"]
    rows = []
    for field in catalogue(pb).values():
        described = next(f for f in pb["ticket-fields"]["fields"] if f["id"] == field.id)
        rows.append(f'<div class="pb-finder-field"><label for="finder-{html_text(field.id)}">{html_text(field.label)}'
                    f'</label>{_input(pb, field, currency)}'
                    f'<small>{html_text(described.get("description", ""))}</small></div>')
    unsure = when_unsure(pb)
    here = linker.page.rsplit("/", 1)[0] + "/" if "/" in linker.page else ""
    up = "../" * (here.count("/") + 1)  # directory URLs: the page lives one folder deeper than its source
    return "\n".join([
        '<div class="pb-finder" markdown="0">',
        '<form id="finder-form" class="pb-finder-form" autocomplete="off" aria-label="Ticket facts">',
        *rows,
        '<p class="pb-finder-actions"><button type="reset" class="md-button">Clear all</button></p>',
        "</form>",
        # On a phone the answer is below every input: a bar at the foot of the screen names it and jumps there.
        '<p class="pb-finder-jump"><a id="finder-jump" href="#finder-result">See the level and next steps</a></p>',
        '<section id="finder-result" class="pb-finder-result" data-level="" data-criteria="" aria-live="polite" '
        'aria-label="Level and next steps">',
        "<p>Fill in what you know about the ticket; the level and the next steps appear here.</p>",
        (f'<p class="pb-unsure"><strong>When unsure: </strong>{html_text(unsure)}</p>' if unsure else ""),
        "</section>",
        "</div>",
        '<noscript><p>This finder needs JavaScript. Without it, run <code>playbook level --set FIELD=VALUE</code> '
        "or read the entry criteria on the Levels page.</p></noscript>",
        f'<script src="{up}{DATA_FILE}"></script>',
        f'<script src="{up}{SCRIPT}"></script>',
    ])
