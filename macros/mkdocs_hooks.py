"""mkdocs hooks: stop the build on playbook problems, and add a page per role.

Kept to the mkdocs side only; what a page says is decided in `macros.render`."""
from __future__ import annotations

import importlib
import os
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.structure.files import File, Files

from macros.render.markdown import role_page
from macros.render.printing import BRIEF_PPTX, card_levels, card_page, print_page
from macros.site import build_playbook_or_abort, project_root, site_settings

ROLES_SECTION = "Roles"
PRINT_SECTION = "Print"
# A printed checklist repeats its role page; search sends people to the role page instead.
PRINT_FRONT_MATTER = "---\nsearch:\n  exclude: true\n---\n"
# A role page is the answer to its role's name: rank it with the other answer pages.
ROLE_FRONT_MATTER = "---\nsearch:\n  boost: 2\n---\n"
DATA_DIR = "data/"                     # docs/data/: files that pages may link
BRANDING_DIR = "assets/organisation"   # where the organisation's logo and favicon are put in the site
# In-browser tools: macros/<tool>/export.py holds DATA_FILE (its path in the site) and <tool>_script(playbook).
BROWSER_TOOLS = ("finder", "checker", "timeline")


def _playbook(config: Any):
    return build_playbook_or_abort(project_root(config.config_file_path))


def _branding(playbook: Any) -> dict[str, Path]:
    """Site path -> file, for the logo and favicon named in organisation.yml `site`."""
    settings = site_settings(playbook)
    return {f"{BRANDING_DIR}/{key}{Path(settings[key]).suffix}": playbook.root / settings[key]
            for key in ("logo", "favicon") if settings.get(key) and (playbook.root / settings[key]).is_file()}


def _apply_site_settings(config: Any, playbook: Any) -> None:
    """Site name, logo, favicon and primary colour come from organisation.yml, not from mkdocs.yml."""
    settings = site_settings(playbook)
    if settings.get("title"):
        config.site_name = settings["title"]
    for site_path in _branding(playbook):
        config.theme[Path(site_path).stem] = site_path
    if settings.get("primary_colour"):
        palettes = config.theme.get("palette") or [{}]
        palettes = palettes if isinstance(palettes, list) else [palettes]
        config.theme["palette"] = [dict(p, primary=settings["primary_colour"]) for p in palettes]


def on_config(config: Any) -> Any:
    playbook = _playbook(config)
    _apply_site_settings(config, playbook)
    for item in config.nav or []:
        if isinstance(item, dict) and ROLES_SECTION in item:
            item[ROLES_SECTION] = list(item[ROLES_SECTION]) + [role_page(rid) for rid in playbook.roles]
        if isinstance(item, dict) and PRINT_SECTION in item:
            # One checklist per role, grouped so the nav stays short.
            cards = [card_page(lid) for lid in card_levels(playbook)]
            item[PRINT_SECTION] = list(item[PRINT_SECTION]) + [
                {"Role checklists": [print_page(rid) for rid in playbook.roles]}] + (
                [{"Cards by level": cards}] if cards else [])
    return config


def _linked_from_sources(files: Files, name: str) -> bool:
    return any(name in Path(f.abs_src_path).read_text(encoding="utf-8")
               for f in files.documentation_pages() if f.abs_src_path)


def on_files(files: Files, config: Any) -> Files:
    playbook = _playbook(config)
    # Data files (sample exports) reach the site only when a page links them.
    for data_file in [f for f in files if f.src_uri.startswith(DATA_DIR) and not f.is_documentation_page()]:
        if not _linked_from_sources(files, posixpath.basename(data_file.src_uri)):
            files.remove(data_file)
    for site_path, source in _branding(playbook).items():
        files.append(File.generated(config, site_path, content=source.read_bytes()))
    for role_id in playbook.roles:
        # The id is checked against ^[a-z][a-z0-9-]*$ by the schema, so it is safe inside the macro call.
        files.append(File.generated(config, role_page(role_id), content=ROLE_FRONT_MATTER +
                                    f"{{{{ role_page('{role_id}') }}}}\n"))
        files.append(File.generated(config, print_page(role_id), content=PRINT_FRONT_MATTER +
                                    f"{{{{ print_checklist('{role_id}') }}}}\n"))
    for level_id in card_levels(playbook):
        # A level id is checked against ^[a-z][a-z0-9-]*$ by the schema too.
        files.append(File.generated(config, card_page(level_id), content=PRINT_FRONT_MATTER +
                                    f"{{{{ quick_reference_card('{level_id}') }}}}\n"))
    for tool in BROWSER_TOOLS:  # each in-browser tool's data, from the playbook; cached by content (.cache/)
        files.append(File.generated(config, _tool_data_file(tool), content=_tool_data(tool, playbook)))
    return files


def _tool_data_file(tool: str) -> str:
    return importlib.import_module(f"macros.{tool}.export").DATA_FILE


def _tool_data(tool: str, playbook: Any) -> bytes:
    """The tool's data script; computed (the timeline's replays every escalation path) only when the
    playbook or the core's code changed since it was last written."""
    from macros.cache import cached_bytes, core_digest

    def compute() -> bytes:
        return getattr(importlib.import_module(f"macros.{tool}.export"), f"{tool}_script")(playbook).encode("utf-8")

    parts = [tool, core_digest(),
             *(f"{stem}:{doc.digest}" for stem, doc in sorted(playbook.documents.items()))]
    return cached_bytes(playbook.root, "browser-tools", parts, compute)


def on_post_build(config: Any) -> None:
    """The editable one-slide brief, generated from the data into the site on every build."""
    from macros.cache import cached_bytes, code_digest

    def compute() -> bytes:
        from macros.slides import brief_pptx_bytes  # python-pptx is imported only when not cached

        return brief_pptx_bytes(playbook)

    playbook = _playbook(config)
    code = code_digest(["slides.py", "units.py", "render/printing.py"])  # slide_parts and aspect live in printing
    parts = ["pptx", code, os.environ.get("SOURCE_DATE_EPOCH", ""),
             *(f"{stem}:{doc.digest}" for stem, doc in sorted(playbook.documents.items()))]
    target = Path(config.site_dir) / BRIEF_PPTX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(cached_bytes(playbook.root, "slides", parts, compute))
