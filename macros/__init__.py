"""Escalation Playbook core. `define_env` is the mkdocs-macros entry point: it only
registers thin macros over the render functions in `macros.render`."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def define_env(env: Any) -> None:
    from functools import partial

    from .render.common import page_meta
    from .render.markdown import Linker
    from .render.registry import PAGES
    from .site import build_playbook_or_abort

    root = Path(env.conf["config_file_path"]).parent
    playbook = build_playbook_or_abort(root)

    def linker() -> Linker:
        return Linker(env.page.file.src_uri)

    def call(render: Any, *args: Any) -> str:
        return render(playbook, linker(), *args)

    for name, render in PAGES.items():
        env.macro(partial(call, render), name)
    env.macro(lambda *stems: page_meta(playbook, stems), "page_meta")

    from .diff.changelog import changelog_page

    env.macro(lambda: changelog_page(root), "policy_changes_page")

    def calibration() -> str:
        """The calibration page, from the export configured under extra.calibration in mkdocs.yml."""
        from .calibrate.page import calibration_page

        settings = env.conf["extra"].get("calibration") or {}
        export, mapping = settings.get("export"), settings.get("mapping")
        if not export:
            return ("No ticket export is configured. Set <code>extra.calibration.export</code> (and "
                    "<code>mapping</code>) in <code>mkdocs.yml</code> to show how the entry criteria "
                    "perform on your tickets.")
        return calibration_page(playbook, root / export, root / mapping if mapping else None,
                                settings.get("by", "week"))

    env.macro(calibration, "calibration_page")
