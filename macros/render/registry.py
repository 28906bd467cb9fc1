"""Every page renderer by name: the macros and any other generator call these."""
from __future__ import annotations

from typing import Callable

from . import (checker, commercial, communication, finder, home, learning, levels, printing, priorities, roles, routing,
               timeline)

PAGES: dict[str, Callable[..., str]] = {
    "home_page": home.home_page,
    "levels_page": levels.levels_page,
    "finder_page": finder.finder_page,
    "priorities_page": priorities.priorities_page,
    "intake_page": levels.intake_page,
    "routing_page": routing.routing_page,
    "on_call_page": routing.on_call_page,
    "roles_index": roles.roles_index,
    "role_page": roles.role_page,
    "first_response_page": roles.first_response_page,
    "communication_page": communication.communication_page,
    "phrases_page": communication.phrases_page,
    "checker_page": checker.checker_page,
    "timeline_page": timeline.timeline_page,
    "executive_page": communication.executive_page,
    "decision_rights_page": commercial.decision_rights_page,
    "service_recovery_page": commercial.service_recovery_page,
    "review_page": learning.review_page,
    "metrics_page": learning.metrics_page,
    "training_page": learning.training_page,
    "glossary_page": learning.glossary_page,
    "print_checklist": printing.print_checklist,
    "print_all_checklists": printing.print_all_checklists,
    "quick_reference_card": printing.quick_reference_card,
    "quick_reference_index": printing.quick_reference_index,
    "executive_slide": printing.executive_slide,
    "print_index": printing.print_index,
}
