"""Cross-reference rules: an explicit registry, one rule per module.

Each rule is a `Rule(id, needs, check)`. `needs` names the area files it reads; a rule runs
only when all of them loaded and passed their schema, so rules can trust the data's shape.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Callable, Iterable

from ..problems import Problem

if TYPE_CHECKING:
    from ..playbook import Playbook


@dataclass(frozen=True)
class Rule:
    id: str
    needs: tuple[str, ...]
    check: Callable[["Playbook"], Iterable[Problem]]
    summary: str


def _registry() -> dict[str, Rule]:
    from . import (approval_bands, calibration_bands, conditions, coverage, coverage_hours, duplicate_ids,
                   element_cues, field_ranges, freshness, level_capacity, level_order, paging, phrases_in_templates,
                   placeholders, references, routing_backup, scoring, sentence_slots, service_recovery, slide_placeholders,
                   typed_figures, update_elements, level_metric_targets, routing_owner, no_response_ladder,
                   todo_placeholders, project_files, cadence_internal_update)
    modules = [references, duplicate_ids, level_order, conditions, coverage, coverage_hours, routing_backup, paging,
               approval_bands, service_recovery, phrases_in_templates, placeholders, slide_placeholders,
               update_elements, element_cues, calibration_bands, scoring, freshness, field_ranges, level_capacity,
               typed_figures, sentence_slots, level_metric_targets, routing_owner, no_response_ladder,
               todo_placeholders, project_files, cadence_internal_update]
    return {m.RULE.id: m.RULE for m in modules}


def all_rules() -> dict[str, Rule]:
    return _registry()


def run_rules(playbook: "Playbook", clean: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    for rule in all_rules().values():
        if all(stem in clean for stem in rule.needs):
            problems.extend(_checked(rule, playbook))
    return problems


def _checked(rule: Rule, playbook: "Playbook") -> list[Problem]:
    """A rule trusts the shape its schema gives. Data that passed an older schema (a past
    revision read by the policy diff or the change log) may still surprise it: that becomes a
    problem naming the rule, never a traceback that stops the build."""
    try:
        return list(rule.check(playbook))
    except (KeyError, IndexError, TypeError, ValueError, AttributeError) as error:
        stem = rule.needs[0] if rule.needs else "organisation"
        return [Problem(f"playbook/{stem}.yml", 1, 1,
                        f"the {rule.id} check cannot read this data ({type(error).__name__}: {str(error)[:80]}); "
                        "data written for an older version of the checks needs updating to the current schema",
                        rule=rule.id)]
