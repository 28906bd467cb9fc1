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
    from .site import build_playbook_or_abort, exports, project_root

    from . import prewarm

    root = project_root(env.conf["config_file_path"])
    prewarm.start_early(root)  # a cold build: the helper process loads its engines while this one validates
    playbook = build_playbook_or_abort(root)

    def linker() -> Linker:
        return Linker(env.page.file.src_uri)

    def call(render: Any, *args: Any) -> str:
        return render(playbook, linker(), *args)

    for name, render in PAGES.items():
        env.macro(partial(call, render), name)
    env.macro(lambda *stems: page_meta(playbook, stems), "page_meta")

    from .diff.page_cache import policy_changes_page  # light: the diff machinery loads only on a cache miss

    env.macro(lambda: policy_changes_page(root), "policy_changes_page")

    def calibration() -> str:
        from .calibrate.configured import configured_calibration_page

        return configured_calibration_page(playbook, root, exports(playbook).get("calibration") or {})

    env.macro(calibration, "calibration_page")

    def operations(kind: str) -> Any:
        def page() -> str:
            from .operations import configured

            return getattr(configured, f"{kind}_page")(playbook, root)

        return page

    for kind in ("oncall", "outcomes", "actions"):
        env.macro(operations(kind), f"{kind}_page")
