"""The message checker page: a text area, a template and channel picker, and the findings.

The checks run in the browser (docs/assets/checker.js) over assets/checker-data.js, written at
build time from the same data as `playbook check-message`; the page sends nothing anywhere.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..checker.export import DATA_FILE
from .markdown import Linker, html_text

if TYPE_CHECKING:
    from ..playbook import Playbook

SCRIPT = "assets/checker.js"
CHECKER_PAGE = "checker.md"


def checker_link(linker: Linker, template_id: str) -> str:
    """A link to the checker page with this template picked (ids are kebab-case by the schema)."""
    import posixpath

    here = posixpath.dirname(linker.page)
    path = posixpath.relpath(CHECKER_PAGE, here or ".")
    return f"[Check a draft of this template]({path}?template={html_text(template_id)})"


def checker_page(pb: "Playbook", linker: Linker) -> str:
    communication = pb["communication"]
    templates = "".join(f'<option value="{html_text(t["id"])}">{html_text(t["name"])}</option>'
                        for t in communication["templates"])
    channels = "".join(
        f'<option value="{html_text(c["id"])}">{html_text(c["name"])}'
        f'{" (at most " + format(c["max_characters"], ",") + " characters)" if c.get("max_characters") else ""}'
        '</option>' for c in communication["channels"])
    here = linker.page.rsplit("/", 1)[0] + "/" if "/" in linker.page else ""
    up = "../" * (here.count("/") + 1)  # directory URLs: the page lives one folder deeper than its source
    return "\n".join([
        '<div class="pb-checker" markdown="0">',
        '<p class="pb-checker-controls">',
        '<label for="checker-template">Template</label> <select id="checker-template">'
        f'<option value="">None: check as a full customer update</option>{templates}</select> ',
        '<button type="button" id="checker-load" class="md-button">Start from this template</button> ',
        '<label for="checker-channel">Channel</label> <select id="checker-channel">'
        f'<option value="">The template\'s channel</option>{channels}</select>',
        "</p>",
        '<div class="pb-checker-editor">',
        '<div id="checker-highlights" class="pb-checker-highlights" aria-hidden="true"></div>',
        '<textarea id="message" rows="16" spellcheck="true" aria-label="Draft message" '
        'placeholder="Paste or write the draft here"></textarea>',
        "</div>",
        '<p id="checker-status" role="status" aria-live="polite"></p>',
        '<ul id="checker-findings" class="pb-checker-findings" aria-label="Findings"></ul>',
        "</div>",
        "<noscript><p>This checker needs JavaScript. Without it, run "
        "<code>playbook check-message FILE --template ID</code>.</p></noscript>",
        f'<script src="{up}{DATA_FILE}"></script>',
        f'<script src="{up}{SCRIPT}"></script>',
    ])
