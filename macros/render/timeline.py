"""The escalation timeline page: the same inputs as `playbook timeline`, the events computed in
the browser (docs/assets/timeline.js over assets/timeline-data.js), a "now" marker on the day
the escalation opened, and a .ics download. Nothing is sent anywhere."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..timeline.export import DATA_FILE
from .markdown import Linker, html_text

if TYPE_CHECKING:
    from ..playbook import Playbook

SCRIPT = "assets/timeline.js"


def _options(pairs: list[tuple[str, str]], empty: str | None = None) -> str:
    first = f'<option value="">{html_text(empty)}</option>' if empty is not None else ""
    return first + "".join(f'<option value="{html_text(v)}">{html_text(label)}</option>' for v, label in pairs)


def timeline_page(pb: "Playbook", linker: Linker) -> str:
    levels = [(lv["id"], f"{lv['name']} ({lv['id']})") for lv in pb["levels"]["levels"]]
    priorities = [(p, f"{v['name']}: {v['title']}" if v.get("title") else v["name"]) for p, v in pb.priorities.items()]
    tiers = [(t, v["name"]) for t, v in pb.tiers.items()]
    regions = [(r["id"], f"{r['name']} ({r['time_zone']})") for r in pb["organisation"].get("regions", [])]
    here = linker.page.rsplit("/", 1)[0] + "/" if "/" in linker.page else ""
    up = "../" * (here.count("/") + 1)
    field = '<label class="pb-timeline-field">{label} {control}</label>'
    return "\n".join([
        '<div class="pb-timeline" markdown="0">',
        '<form id="timeline-form" class="pb-timeline-form" autocomplete="off" onsubmit="return false">',
        field.format(label="Level", control=f'<select id="timeline-level">{_options(levels)}</select>'),
        field.format(label="Priority", control=f'<select id="timeline-priority">{_options(priorities)}</select>'),
        field.format(label="Tier", control=f'<select id="timeline-tier">{_options(tiers)}</select>'),
        field.format(label="Customer region", control=f'<select id="timeline-region">'
                                                      f'{_options(regions, "Not known")}</select>'),
        field.format(label='Opened at (<span id="timeline-zone"></span>)',
                     control='<input id="timeline-start" type="datetime-local">'),
        field.format(label="Lay out", control='<input id="timeline-for" type="text" value="1d" size="5" '
                                              'aria-describedby="timeline-for-help">'),
        '<small id="timeline-for-help">90m, 12h, 3d or 2w</small>',
        field.format(label="Resolved at (optional)", control='<input id="timeline-resolved" type="datetime-local">'),
        '<button type="button" id="timeline-ics" class="md-button">Download as .ics</button>',
        "</form>",
        '<p id="timeline-status" role="status" aria-live="polite"></p>',
        '<table id="timeline-events" class="pb-timeline-events"><thead><tr><th>When</th><th>Kind</th><th>What</th>'
        "<th>Who</th><th>From</th></tr></thead><tbody></tbody></table>",
        '<p><button type="button" id="timeline-more" class="md-button" style="display: none">Show all events</button></p>',
        "</div>",
        "<noscript><p>This timeline needs JavaScript. Without it, run <code>playbook timeline --level L "
        "--priority P --tier T --start WHEN</code>.</p></noscript>",
        f'<script src="{up}{DATA_FILE}"></script>',
        f'<script src="{up}{SCRIPT}"></script>',
    ])
