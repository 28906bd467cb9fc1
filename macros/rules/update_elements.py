"""update-elements: every customer-update template carries every element of the update
standard (each element names the placeholder that carries it).

FAIL: periodic-update without {eta_range} -> "customer update lacks ETA range ({eta_range}); add it to the body"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from . import Rule
from .placeholders import used_placeholders

if TYPE_CHECKING:
    from ..playbook import Playbook


def check(pb: "Playbook") -> Iterator[Problem]:
    elements = pb["communication"]["update_elements"]
    for i, template in enumerate(pb["communication"]["templates"]):
        if not template["customer_update"]:
            continue
        used = used_placeholders(template["body"])
        for element in elements:
            if element["placeholder"] not in used:
                yield pb.problem("communication", ("templates", i, "body"),
                                 f"customer update lacks {element['name']} ({{{element['placeholder']}}}); "
                                 "every customer update must cover the update standard", RULE.id)


RULE = Rule("update-elements", ("communication",), check, "Customer updates cover every required element.")
