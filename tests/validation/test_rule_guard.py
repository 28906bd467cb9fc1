"""A rule that meets data shaped by an older schema reports a problem instead of crashing."""
from __future__ import annotations

from macros import rules
from macros.rules import Rule, run_rules


def test_a_rule_that_cannot_read_the_data_becomes_a_problem(monkeypatch):
    def broken(_playbook):
        yield from ()
        raise KeyError("cues")

    rule = Rule("element-cues", ("communication",), broken, "test")
    monkeypatch.setattr(rules, "all_rules", lambda: {rule.id: rule})
    problems = run_rules({}, {"communication"})
    assert [p.text() for p in problems] == [
        "playbook/communication.yml:1:1: the element-cues check cannot read this data (KeyError: 'cues'); "
        "data written for an older version of the checks needs updating to the current schema [element-cues]"]
