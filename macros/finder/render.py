"""A finding as text for people and as JSON for tools (the shape `playbook level --format json` promises)."""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from ..render.common import specialist_label
from .find import Finding, when_unsure

if TYPE_CHECKING:
    from ..playbook import Playbook

NO_LEVEL = ("No escalation level is met: handle the ticket in the normal support queue, "
            "and check again when a fact on the ticket changes.")
CONTACT_WORDS = {"paging": "page", "chat": "chat", "bridge": "bridge", "email": "e-mail"}


def as_json(pb: "Playbook", finding: Finding) -> str:
    steps = finding.steps
    out: dict[str, Any] = {
        "level": finding.level,
        "title": steps.get("title"),
        "criteria": finding.criteria,
        "sentences": finding.sentences,
        "owner": steps.get("owner"),
        "page": steps.get("page", []),
        "page_basis": steps.get("page_basis"),
        "acknowledge_within_minutes": steps.get("acknowledge_within_minutes"),
        "engage_sme_within": steps.get("engage_sme_within"),
        "internal_update_every": steps.get("internal_update_every"),
        "customer_update": steps.get("customer_update"),
        "templates": steps.get("templates", []),
        "when_unsure": when_unsure(pb),
        "why": {"owner": steps.get("owner_why", []), "acknowledge": steps.get("acknowledge_why", []),
                "engage_sme": steps.get("engage_sme_why", [])},
    }
    if finding.level is None:
        out["meaning"] = NO_LEVEL
    return json.dumps(out, indent=2, ensure_ascii=False) + "\n"


def _contact(contact: dict[str, Any]) -> str:
    parts = []
    for kind, point in contact.items():
        link = f" <{point['link']}>" if point.get("link") else ""
        parts.append(f"{CONTACT_WORDS.get(kind, kind)} {point['name']}{link}")
    return "; ".join(parts)


def why(reasons: list[str]) -> list[str]:
    """The short lines saying which answer governs where the data gives two."""
    return [f"    why: {reason}" for reason in reasons]


def as_text(pb: "Playbook", finding: Finding) -> str:
    levels = pb.levels
    if finding.level is None:
        lines = [NO_LEVEL]
    else:
        s = finding.steps
        lines = [s["title"], "", "Criteria met:"]
        for key in finding.criteria:
            level_id = key.split("/", 1)[0]
            lines.append(f"  - Level {levels[level_id]['rank']}: {finding.sentences[key]} ({key})")
        owner = s["owner"]
        lines += ["", f"Owner: {owner['name']}" + (f" ({_contact(owner['contact'])})" if owner["contact"] else "")]
        lines += why(s["owner_why"])
        if s["page"]:
            lines.append(f"Page ({s['page_basis']}):")
            for page in s["page"]:
                reach = _contact(page["contact"])
                lines.append(f"  - {page['name']}, {page['why']}" + (f": {reach}" if reach else ""))
        lines.append(f"Acknowledge within: {s['acknowledge_within']}")
        lines += why(s["acknowledge_why"])
        lines.append(f"{specialist_label(pb)}: {s['engage_sme_within']}")
        lines += why(s["engage_sme_why"])
        lines.append(f"Internal update every: {s['internal_update_every']}")
        cadence = s.get("customer_update")
        lines.append(f"Customer update every: {cadence['every']} ({cadence['label']})" if cadence
                     else "Customer update every: set the ticket's priority and tier to see the cadence")
        names = ", ".join(t["name"] for t in s["templates"]) or "none"
        lines.append(f"Send first ({s['first_phase']}): {names}")
        for template in s["templates"]:
            lines += ["", f"--- {template['name']} ---", template["body"]]
    unsure = when_unsure(pb)
    if unsure:
        lines += ["", f"When unsure: {unsure}"]
    return "\n".join(lines) + "\n"


RENDERERS = {"text": as_text, "json": as_json}
