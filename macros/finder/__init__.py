"""The level finder: which level a ticket is at, and what to do first.

One semantics in three places: `playbook level` (the CLI), the site's finder page (a browser
port of `macros.conditions.evaluate`, proven equal by shared vectors) and calibration. This
package only reads a ticket's values, asks `conditions.evaluate` which criteria it meets, and
gathers the next steps of the level from the data.
"""
from __future__ import annotations

from .find import Finding, find_level
from .values import FinderError

__all__ = ["Finding", "FinderError", "find_level"]
