"""recovery-authority: a service-recovery credit is approved by someone whose
decision rights cover it.

FAIL: 25 % credit approved by csm (who may approve up to 10 %) ->
      "csm may approve credits up to 10 %, not 25 %; name support-director …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..units import percent_text
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def check(pb: "Playbook") -> Iterator[Problem]:
    bands = pb["decision-rights"]["credits"]["bands"]
    order = [b["approver"] for b in bands]
    for i, rule in enumerate(pb["service-recovery"]["rules"]):
        if "credit" not in rule:
            continue
        percent = rule["credit"]["percent"]
        needed = next((b for b in bands if b["above"]["percent"] < percent <= b["up_to"]["percent"]), None)
        if needed is None:
            yield pb.problem("service-recovery", ("rules", i, "credit"),
                             f"no approver in decision-rights.yml may approve a {percent_text(rule['credit'])} credit; "
                             "extend the credit bands", RULE.id)
        elif rule["approver"] in order and order.index(rule["approver"]) < order.index(needed["approver"]):
            limit = bands[order.index(rule["approver"])]["up_to"]
            yield pb.problem("service-recovery", ("rules", i, "approver"),
                             f"{rule['approver']} may approve credits up to {percent_text(limit)}, not "
                             f"{percent_text(rule['credit'])}; name {needed['approver']} or a more senior approver",
                             RULE.id)


RULE = Rule("recovery-authority", ("service-recovery", "decision-rights"), check,
            "Service-recovery credits sit inside the approver's decision rights.")
