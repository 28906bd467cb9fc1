"""The site's On-call health, Outcomes and Actions pages, built from the exports configured in
organisation.yml (`exports: oncall / outcomes / actions`, paths relative to the project folder).

Each page is cached on disk by everything it depends on (code, export bytes, playbook), so an
unchanged export costs no DuckDB run and a warm build imports no engine. A page without a
configured export says how to configure one; the build goes on. An export that does not work
raises CalibrateError, which fails the strict build with the same message the CLI prints.
"""
from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any, Callable

from ..cache import cached_bytes, code_digest
from ..playbook import Playbook, display_path
from ..render.markdown import text as md

HOW = {
    "oncall": ("a paging export (PagerDuty, Jira Service Management, Opsgenie or any CSV, JSON Lines or Parquet)",
               "    export: data/pages.csv           # PagerDuty log entries work as they are\n"
               "    mapping: data/pages.mapping.yml  # only when the columns are not a preset's\n"
               "    pseudonymise: false              # true: hashes instead of names"),
    "outcomes": ("an escalation export and its customer updates",
                 "    export: data/escalations.csv     # Zendesk tickets work as they are\n"
                 "    updates: data/updates.csv        # Zendesk ticket metric events\n"
                 "    as_of: 2026-11-30                # optional: the period's last day"),
    "actions": ("an export of post-escalation review actions (Jira CSV or any CSV, JSON Lines or Parquet)",
                "    export: data/actions.csv         # Jira's CSV export works as it is\n"
                "    as_of: 2026-11-30                # optional: the day overdue is counted from (default: the build day)"),
}


def not_configured(kind: str) -> str:
    what, example = HOW[kind]
    return (f"No export is configured for this page. To build it from {what}, add to "
            f"<code>playbook/organisation.yml</code>:\n\n```yaml\nexports:\n  {kind}:\n{example}\n```\n\n"
            "Paths are relative to the project folder.")


def _settings(playbook: Playbook, kind: str) -> dict[str, Any]:
    from ..site import exports

    return exports(playbook).get(kind) or {}


def _path(root: Path, value: Any) -> Path | None:
    return root / str(value) if value else None


def _bytes(path: Path | None) -> bytes:
    return path.read_bytes() if path is not None and path.is_file() else b""


def _cached(playbook: Playbook, root: Path, kind: str, settings: dict[str, Any], files: list[Path | None],
            compute: Callable[[], str], today: str = "") -> str:
    parts = [kind, code_digest(["operations/*.py", "operations/presets/*.yml", "calibrate/*.py", "hours.py",
                                "units.py", "loading.py", "render/markdown.py"]), os.getcwd(), repr(sorted(settings.items())),
             today, *(str(f) for f in files), *(_bytes(f) for f in files),
             *(f"{stem}:{doc.digest}" for stem, doc in sorted(playbook.documents.items()))]
    return cached_bytes(root, f"operations-{kind}", parts, lambda: compute().encode()).decode()


def _chart(svg: str, css: str) -> str:
    return f'<div class="{css}" markdown="0">\n{svg.rstrip()}\n</div>'


def _as_of(settings: dict[str, Any]) -> dt.date | None:
    value = settings.get("as_of")
    return dt.date.fromisoformat(str(value)) if value else None


def oncall_page(playbook: Playbook, root: Path) -> str:
    settings = _settings(playbook, "oncall")
    if not settings.get("export"):
        return not_configured("oncall")
    export, mapping = _path(root, settings["export"]), _path(root, settings.get("mapping"))

    def compute() -> str:
        from .charts import oncall_svg
        from .oncall import health
        from .privacy import namer
        from .render_oncall import markdown_report
        from .source import Request

        report = health(playbook, Request(export, mapping, preset=settings.get("preset")))
        name = namer(bool(settings.get("pseudonymise")))
        command = f"playbook oncall-health {display_path(export)}" + (f" --mapping {display_path(mapping)}" if mapping else "")
        return "\n".join([f"Built with <code>{md(command)}</code>; the latest week comes first.", "",
                          _chart(oncall_svg(report, name), "oncall-chart"), "", markdown_report(report, name, "###")])

    return _cached(playbook, root, "oncall", settings, [export, mapping], compute)


def outcomes_page(playbook: Playbook, root: Path) -> str:
    settings = _settings(playbook, "outcomes")
    if not settings.get("export"):
        return not_configured("outcomes")
    export, mapping = _path(root, settings["export"]), _path(root, settings.get("mapping"))
    updates, updates_mapping = _path(root, settings.get("updates")), _path(root, settings.get("updates_mapping"))
    paging = _settings(playbook, "oncall")  # pages per engineer, when the paging export is configured too
    pages, pages_mapping = _path(root, paging.get("export")), _path(root, paging.get("mapping"))

    def compute() -> str:
        from .charts import outcomes_svg
        from .outcomes import measure
        from .privacy import namer
        from .render_outcomes import markdown_report
        from .source import Request

        report = measure(playbook, Request(export, mapping), Request(updates, updates_mapping) if updates else None,
                         _as_of(settings), Request(pages, pages_mapping) if pages else None)
        name = namer(bool(settings.get("pseudonymise")))
        command = f"playbook outcomes {display_path(export)}" + (f" --updates {display_path(updates)}" if updates else "") \
            + (f" --pages {display_path(pages)}" if pages else "")
        return "\n".join([f"Built with <code>{md(command)}</code>; the latest month comes first.", "",
                          _chart(outcomes_svg(report), "outcomes-chart"), "", markdown_report(report, name, "###")])

    return _cached(playbook, root, "outcomes", {**settings, "pages": paging}, [export, mapping, updates,
                   updates_mapping, pages, pages_mapping], compute)


def actions_page(playbook: Playbook, root: Path) -> str:
    settings = _settings(playbook, "actions")
    if not settings.get("export"):
        return not_configured("actions")
    export, mapping = _path(root, settings["export"]), _path(root, settings.get("mapping"))
    from ..rules.freshness import today

    day = _as_of(settings) or today()

    def compute() -> str:
        from .actions import track
        from .privacy import namer
        from .render_actions import markdown_report
        from .source import Request

        report = track(playbook, Request(export, mapping), day)
        name = namer(bool(settings.get("pseudonymise")))
        command = f"playbook actions {display_path(export)} --as-of {day.isoformat()}"
        return "\n".join([f"Built with <code>{md(command)}</code>; escalated actions come first.", "",
                          markdown_report(report, name, "###")])

    return _cached(playbook, root, "actions", settings, [export, mapping], compute, day.isoformat())
