"""What the checker page needs, written at build time as one script (assets/checker-data.js):
the checker data of `engine.checker_data` and the normalisation table of macros/textnorm.py,
so the page and the CLI work from the same data."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING

from ..textnorm import table
from .engine import checker_data

if TYPE_CHECKING:
    from ..playbook import Playbook

DATA_FILE = "assets/checker-data.js"
GLOBAL = "PLAYBOOK_CHECKER_DATA"


def checker_script(pb: "Playbook") -> str:
    """The data as a script that sets one global: loads from file:// too, where fetch() cannot."""
    payload = json.dumps({"checker": checker_data(pb), "textnorm": table()}, ensure_ascii=True,
                         separators=(",", ":"))
    return f"window.{GLOBAL}={payload.replace('<', chr(92) + 'u003c')};\n"
