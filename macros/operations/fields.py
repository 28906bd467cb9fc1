"""What each report reads: its catalogue of fields, which of them it cannot do without, its presets.

A field here is what a ticket field is to calibrate (`conditions.Field`): an id the mapping file
names on the left, a type that says how the export's text is converted, a label for messages.
Presets are mapping files in `presets/` for the usual tools' exports, tried in order.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..conditions import Field


@dataclass(frozen=True)
class Kind:
    name: str                      # the command: 'actions'
    noun: str                      # one row: 'action'
    fields: tuple[Field, ...]
    required: tuple[str, ...]
    id_field: str
    presets: tuple[str, ...] = ()  # stems of presets/*.yml

    @property
    def catalogue(self) -> dict[str, Field]:
        return {f.id: f for f in self.fields}

    @property
    def fields_from(self) -> str:
        return f"use one of the {self.name} fields: {', '.join(f.id for f in self.fields)}"


ACTIONS = Kind("actions", "action", (
    Field("action_id", "string", "Action id"),
    Field("escalation_id", "string", "Escalation id"),
    Field("owner", "string", "Owner"),
    Field("status", "enum", "Status", ("open", "done")),
    Field("created_at", "timestamp", "Created"),
    Field("due_at", "timestamp", "Due date"),
    Field("score", "number", "Prevent-repeat score"),
), required=("action_id", "escalation_id", "owner", "status", "created_at", "due_at"), id_field="action_id",
    presets=("jira-actions",))

ESCALATIONS = Kind("outcomes", "escalation", (
    Field("escalation_id", "string", "Escalation id"),
    Field("customer", "string", "Customer"),
    Field("owner", "string", "Owner"),
    Field("level", "string", "Level"),
    Field("priority", "string", "Priority"),
    Field("tier", "string", "Tier"),
    Field("region", "string", "Customer's contracted region"),
    Field("root_cause", "string", "Root-cause category"),
    Field("declared_at", "timestamp", "Declared"),
    Field("acknowledged_at", "timestamp", "Acknowledged"),
    Field("sme_joined_at", "timestamp", "SME joined"),
    Field("resolved_at", "timestamp", "Resolved"),
    Field("updates", "string", "Customer update times (a list)"),
), required=("escalation_id", "customer", "priority", "tier", "declared_at"), id_field="escalation_id",
    presets=("zendesk-tickets",))

UPDATES = Kind("updates", "customer update", (
    Field("escalation_id", "string", "Escalation id"),
    Field("sent_at", "timestamp", "Sent"),
    Field("metric", "enum", "Metric", ("customer-update",)),
    Field("event", "enum", "Event", ("sent",)),
), required=("escalation_id", "sent_at"), id_field="escalation_id", presets=("zendesk-metric-events",))

PAGES = Kind("oncall-health", "page", (
    Field("page_id", "string", "Page id"),
    Field("person", "string", "Person paged"),
    Field("rotation", "string", "Rotation"),
    Field("paged_at", "timestamp", "Paged at"),
    Field("acknowledged_at", "timestamp", "Acknowledged at"),
    Field("resolved_at", "timestamp", "Resolved at"),
    Field("urgency", "enum", "Urgency", ("high", "low")),
    Field("time_zone", "string", "Person's time zone"),
), required=("person", "rotation", "paged_at"), id_field="page_id",
    presets=("pagerduty-log-entries", "pagerduty-incidents", "jsm-alerts", "opsgenie-alerts"))
