"""mkdocs hooks: stop the build on playbook problems, and add a page per role.

Kept to the mkdocs side only; what a page says is decided in `macros.render`."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File, Files

from macros.problems import PlaybookError
from macros.render.markdown import role_page
from macros.site import build_playbook

ROLES_SECTION = "Roles"


def _playbook(config: Any):
    try:
        return build_playbook(Path(config.config_file_path).parent)
    except PlaybookError as error:
        lines = "\n".join(p.text() for p in error.problems)
        raise Abort(f"the playbook has {len(error.problems)} problem(s); fix them and build again:\n{lines}") from None


def on_config(config: Any) -> Any:
    playbook = _playbook(config)
    for item in config.nav or []:
        if isinstance(item, dict) and ROLES_SECTION in item:
            item[ROLES_SECTION] = list(item[ROLES_SECTION]) + [role_page(rid) for rid in playbook.roles]
    return config


def on_files(files: Files, config: Any) -> Files:
    playbook = _playbook(config)
    for role_id in playbook.roles:
        # The id is checked against ^[a-z][a-z0-9-]*$ by the schema, so it is safe inside the macro call.
        files.append(File.generated(config, role_page(role_id), content=f"{{{{ role_page('{role_id}') }}}}\n"))
    return files
