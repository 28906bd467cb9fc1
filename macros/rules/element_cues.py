"""element-cues: every template carries a cue of every update element it claims, so the
message checker, which finds elements by their cues, passes a draft written from it.

A customer update claims every element; other templates list theirs under `elements`.

FAIL: acknowledgement claims next-update but its body says "back to you at {next_update_time}" ->
      "claims Next update time but has none of its cues ('next update' followed by a time, ...); ..."
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..checker.engine import cue_index, elements_present
from ..problems import Problem
from .placeholders import used_placeholders
from ..textnorm import normalise
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def _cue_text(cue: dict[str, str]) -> str:
    then = {"time": " followed by a time", "text": " followed by text"}.get(cue.get("then") or "", "")
    return f"'{cue['words']}'{then}"


def check(pb: "Playbook") -> Iterator[Problem]:
    elements = pb["communication"]["update_elements"]
    cues = cue_index(elements)
    for i, template in enumerate(pb["communication"]["templates"]):
        claimed = [e["id"] for e in elements] if template["customer_update"] else template.get("elements", [])
        present = elements_present(cues, normalise(template["body"]))
        # A customer update without the element's placeholder is reported once, by update-elements.
        used = used_placeholders(template["body"]) if template["customer_update"] else None
        for element in elements:
            if used is not None and element["placeholder"] not in used:
                continue
            if element["id"] in claimed and element["id"] not in present and element.get("cues"):
                shown = ", ".join(_cue_text(c) for c in element["cues"])
                yield pb.problem("communication", ("templates", i, "body"),
                                 f"claims {element['name']} but has none of its cues ({shown}); "
                                 "add one to the body, or a cue to the element, so the message checker finds it",
                                 RULE.id)


RULE = Rule("element-cues", ("communication",), check,
            "Templates carry the cues of the update elements they claim.")
