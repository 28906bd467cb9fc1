"""field-range: a ticket field's plausible range holds values of the field's type, smallest first.

FAIL: arr with range {min: 0} -> "value 0 for money field 'arr' must be an amount such as …"
FAIL: range {min: 10, max: 1} -> "range minimum 10 is not below its maximum 1"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from .. import conditions
from ..problems import Problem
from ..units import quantity_text
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def check(pb: "Playbook") -> Iterator[Problem]:
    currency = pb["organisation"]["currency"]
    catalogue = conditions.catalogue_from(pb["ticket-fields"])
    for i, written in enumerate(pb["ticket-fields"]["fields"]):
        if "range" not in written:
            continue
        field = catalogue[written["id"]]
        where = ("fields", i, "range")
        if field.type not in conditions.RANGED:
            yield pb.problem("ticket-fields", where, f"a range applies only to {', '.join(conditions.RANGED)} "
                             f"fields; '{field.id}' is {field.type}, so remove the range", RULE.id)
            continue
        bad = False
        for key, value in written["range"].items():
            problem = conditions.value_problem(field, value, currency)
            if problem:
                bad = True
                yield pb.problem("ticket-fields", where + (key,), problem.replace("value ", f"range {key} ", 1),
                                 RULE.id)
        if not bad and field.low is not None and field.high is not None and not field.low < field.high:
            low, high = written["range"]["min"], written["range"]["max"]
            yield pb.problem("ticket-fields", where + ("min",), f"range minimum {quantity_text(low)} is not below "
                             f"its maximum {quantity_text(high)}; make min smaller than max", RULE.id)


RULE = Rule("field-range", ("ticket-fields", "organisation"), check, "Plausible ranges of ticket fields are sane.")
