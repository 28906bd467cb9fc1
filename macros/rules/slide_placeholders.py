"""slide-placeholders: the executive slide shows each placeholder once, and its title uses only
the placeholders of its fields and bullets (so an executive never reads one fact twice).

FAIL: title "Escalation brief: {customer_and_arr}" with a bullet {customer_and_arr} ->
      "placeholder {customer_and_arr} is already on the slide (bullets[0].placeholder); show it once"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..loading import format_path
from ..problems import Problem
from ..suggest import did_you_mean
from . import Rule
from .placeholders import PLACEHOLDER

if TYPE_CHECKING:
    from ..playbook import Playbook


def slide_placeholders(brief: dict) -> list[tuple[tuple, str]]:
    """(path, placeholder) in slide order: title, fields, bullets."""
    found: list[tuple[tuple, str]] = [(("slide", "title"), name)
                                      for name in PLACEHOLDER.findall(brief["slide"]["title"])]
    found += [(("slide", "fields", i, "placeholder"), f["placeholder"])
              for i, f in enumerate(brief["slide"].get("fields", []))]
    found += [(("bullets", i, "placeholder"), b["placeholder"]) for i, b in enumerate(brief["bullets"])]
    return found


def check(pb: "Playbook") -> Iterator[Problem]:
    brief = pb["executive-brief"]
    found = slide_placeholders(brief)
    shown = [name for path, name in found if path[0] != "slide" or path[1] != "title"]
    first: dict[str, tuple] = {}
    for path, name in found:
        where = format_path(path)
        if path[:2] == ("slide", "title") and name not in shown:
            yield pb.problem("executive-brief", path,
                             f"the title uses {{{name}}}, which no field or bullet declares{did_you_mean(name, shown)}; "
                             "declare it as a slide field or fix the name", RULE.id)
        if name in first:
            yield pb.problem("executive-brief", path,
                             f"placeholder {{{name}}} is already on the slide ({first[name]}); show it once", RULE.id)
        else:
            first[name] = where


RULE = Rule("slide-placeholders", ("executive-brief",), check, "The executive slide shows each placeholder once.")
