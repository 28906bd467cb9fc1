"""sentence-slot: every `{slot}` in a policy sentence names a structured value beside it, and
every figure that only the sentence shows is named in it.

PASS: when: "A P1 outage lasting more than {outage_longer_than}."  outage_longer_than: {hours: 2}
FAIL: when: "A P1 outage lasting more than {outage}."
      -> "the sentence names {outage}, which is not a value here; use one of {outage_longer_than}, …"
FAIL: when: "A long P1 outage."  outage_longer_than: {hours: 2}
      -> "the sentence does not state outage_longer_than (2 hours); name it with {outage_longer_than}"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..sentences import slot_values, slots
from ..units import quantity_text
from . import Rule
from .walk import find

if TYPE_CHECKING:
    from ..playbook import Playbook

# (file, path to the mapping holding the sentence, the sentence key, keys the sentence must state)
SENTENCES: tuple[tuple[str, tuple[str, ...], str, tuple[str, ...]], ...] = (
    ("levels", ("levels", "*", "criteria", "*"), "text", ()),
    ("service-recovery", ("rules", "*"), "when", ("outage_longer_than",)),
    ("routing", ("no_response",), "action", ()),
    ("metrics", ("outcomes", "*"), "definition", ()),
)


def check(pb: "Playbook") -> Iterator[Problem]:
    for stem, pattern, key, must_state in SENTENCES:
        if stem not in pb.clean:
            continue
        for path, holder in find(pb[stem], pattern):
            if not isinstance(holder, dict) or key not in holder:
                continue
            values, named = slot_values(holder), slots(str(holder[key]))
            unknown = [name for name in named if name not in values]
            for name in unknown:
                if name:
                    choices = ", ".join("{" + v + "}" for v in sorted(values)) or "none here"
                    yield pb.problem(stem, path + (key,), f"the sentence names {{{name}}}, which is not a value here; "
                                                           f"use one of: {choices}", RULE.id)
            if unknown:
                continue  # the message above lists what may be named; one defect, one message
            unstated = [k for k in must_state if k in holder] + sorted(holder.get("figures", {}) or {})
            for name in unstated:
                if name not in named:
                    yield pb.problem(stem, path + (key,), f"the sentence does not state {name} "
                                                           f"({quantity_text(values[name])}), so no page shows it; "
                                                           f"name it with {{{name}}}", RULE.id)


RULE = Rule("sentence-slot", (), check, "Sentence slots name values that exist, and state the figures only they show.")
