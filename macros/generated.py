"""What a site build makes from the data beside the pages: each in-browser tool's data script and the
editable one-slide brief. Each is cached by content (cache.py), so an unchanged playbook costs a file read."""
from __future__ import annotations

import importlib
import os

from .playbook import Playbook

# In-browser tools: macros/<tool>/export.py holds DATA_FILE (its path in the site) and <tool>_script(playbook).
BROWSER_TOOLS = ("finder", "checker", "timeline")


def tool_data_file(tool: str) -> str:
    return importlib.import_module(f"macros.{tool}.export").DATA_FILE


def _digests(playbook: Playbook) -> list[str]:
    return [f"{stem}:{doc.digest}" for stem, doc in sorted(playbook.documents.items())]


def tool_data(tool: str, playbook: Playbook) -> bytes:
    """The tool's data script; computed (the timeline's replays every escalation path) only when the
    playbook or the core's code changed since it was last written."""
    from .cache import cached_bytes, core_digest

    def compute() -> bytes:
        return getattr(importlib.import_module(f"macros.{tool}.export"), f"{tool}_script")(playbook).encode("utf-8")

    return cached_bytes(playbook.root, "browser-tools", [tool, core_digest(), *_digests(playbook)], compute)


def brief_pptx(playbook: Playbook) -> bytes:
    """The editable one-slide executive brief (python-pptx is imported only when it is not cached)."""
    from .cache import cached_bytes, code_digest

    def compute() -> bytes:
        from .slides import brief_pptx_bytes

        return brief_pptx_bytes(playbook)

    code = code_digest(["slides.py", "units.py", "render/printing.py"])  # slide_parts and aspect live in printing
    parts = ["pptx", code, os.environ.get("SOURCE_DATE_EPOCH", ""), *_digests(playbook)]
    return cached_bytes(playbook.root, "slides", parts, compute)
