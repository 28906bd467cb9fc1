"""unknown-field / operator-type / value-type: every entry-criterion condition fits the
ticket-field catalogue.

FAIL: {field: arr, op: above, value: 50000} -> "value 50000 for money field 'arr' must be an amount such as …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .. import conditions
from ..problems import Problem
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def check(pb: "Playbook") -> Iterator[Problem]:
    catalogue = conditions.catalogue_from(pb["ticket-fields"])
    currency = pb["organisation"]["currency"]
    for li, level in enumerate(pb["levels"]["levels"]):
        for ci, criterion in enumerate(level["criteria"]):
            base = ("levels", li, "criteria", ci, "condition")
            for issue in conditions.check(criterion["condition"], catalogue, currency):
                yield pb.problem("levels", base + issue.path, issue.message, issue.rule)


RULE = Rule("condition", ("levels", "ticket-fields", "organisation"), check,
            "Conditions use known fields, fitting operators and values of the right type.")
