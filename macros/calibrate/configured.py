"""The site's Calibration page as configured in organisation.yml (exports: calibration: export, mapping, by).

Kept apart from page.py so that a build whose page is already cached never imports DuckDB."""
from __future__ import annotations

import logging
import os
from pathlib import Path

from ..cache import cached_bytes, code_digest
from ..playbook import Playbook

NOT_CONFIGURED = ("No ticket export is configured. To show how the entry criteria perform on your tickets, "
                  "add to <code>playbook/organisation.yml</code>:\n\n"
                  "```yaml\nexports:\n  calibration:\n    export: data/tickets.csv        # CSV, JSON Lines or Parquet\n"
                  "    mapping: data/tickets.mapping.yml  # ticket field -> export column\n    by: week\n```\n\n"
                  "Paths are relative to the project folder.")


def configured_calibration_page(playbook: Playbook, root: Path, settings: dict) -> str:
    """The site's page for the export named in organisation.yml (exports: calibration: export, mapping, by).
    Cached on disk by everything it depends on, so an unchanged export costs no DuckDB run."""
    if not settings.get("export"):
        return NOT_CONFIGURED
    export = root / settings["export"]
    mapping = root / settings["mapping"] if settings.get("mapping") else None
    by = settings.get("by", "week")
    examples = settings.get("examples", 0)  # ticket ids on the page only when the configuration says so
    if isinstance(examples, bool) or not isinstance(examples, int) or not 0 <= examples <= 100:
        LOG.error("calibration page: examples: %r is not a whole number from 0 to 100; "
                  "set how many ticket ids to show per criterion, or 0 for none", examples)
        examples = 0
    parts = ["calibration", code_digest(["calibrate/*.py", "conditions.py", "units.py", "loading.py",
                                         "render/markdown.py"]), os.getcwd(), str(export), _bytes(export),
             str(mapping), _bytes(mapping), str(by), str(examples),
             *(f"{stem}:{doc.digest}" for stem, doc in sorted(playbook.documents.items()))]

    def compute() -> bytes:
        from .page import calibration_page

        return calibration_page(playbook, export, mapping, by, examples).encode()

    from .errors import CalibrateError

    try:
        return cached_bytes(root, "calibration", parts, compute).decode()
    except CalibrateError as error:
        # said once, without a traceback; an error logged under mkdocs fails the strict build
        for message in error.messages:
            LOG.error("calibration page: %s", message)
        return "The calibration could not be computed: " + "; ".join(error.messages)


LOG = logging.getLogger("mkdocs.plugins.playbook.calibration")


def _bytes(path: Path | None) -> bytes:
    return path.read_bytes() if path is not None and path.is_file() else b""
