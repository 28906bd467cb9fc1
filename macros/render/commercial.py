"""Decision rights and guardrails; service recovery."""
from __future__ import annotations

from typing import TYPE_CHECKING

from .. import sentences
from ..units import duration_text, percent_text, quantity_text
from .markdown import DECISIONS_PAGE, Linker, bullets, cell, heading, table, text

if TYPE_CHECKING:
    from ..playbook import Playbook


def approver_name(pb: "Playbook", approver_id: str) -> str:
    return pb.approvers[approver_id]["name"]


def approver_anchor(approver_id: str) -> str:
    return f"approver-{approver_id}"


def decision_rights_page(pb: "Playbook", linker: Linker) -> str:
    data = pb["decision-rights"]
    credits = [[f"**{cell(approver_name(pb, b['approver']))}**",
                cell(f"above {percent_text(b['above'])} up to {percent_text(b['up_to'])}"),
                cell(f"up to {quantity_text(b['max_amount'])}")] for b in data["credits"]["bands"]]
    refunds = [[f"**{cell(approver_name(pb, b['approver']))}**",
                cell(f"above {quantity_text(b['above'])} up to {quantity_text(b['up_to'])}")]
               for b in data["refunds"]["bands"]]
    exceptions = [[f"**{cell(e['name'])}**", cell(e["description"]), cell(approver_name(pb, e["approver"])),
                   cell(", ".join(approver_name(pb, a) for a in e["also"]) or "no one else")]
                  for e in data["exceptions"]]
    return "\n\n".join([
        heading(2, "Service credits", "credits"),
        f"Credits are a percent of the {text(data['credits']['basis'])}. Each approver may approve up to both limits.",
        table(["Approver", text(f"Percent of the {data['credits']['basis']}"), "Amount"], credits),
        heading(2, "Refunds", "refunds"),
        table(["Approver", "Refund amount"], refunds),
        heading(2, "Exceptions and legal review", "exceptions"),
        table(["Decision", "What it covers", "Approver", "Also involve"], exceptions),
        heading(2, "What to document", "documentation"),
        bullets([text(d) for d in data["documentation"]]),
        heading(2, "Non-precedent wording", "non-precedent"),
        "Send this wording with every goodwill exception, exactly as written:",
        f'!!! quote ""\n    {text(data["non_precedent_wording"])}',
        heading(2, "Approvers", "approvers"),
        bullets([f'<span id="{approver_anchor(a["id"])}"></span>**{text(a["name"])}**' for a in data["approvers"]]),
    ])


def service_recovery_page(pb: "Playbook", linker: Linker) -> str:
    data = pb["service-recovery"]
    tiers = ", ".join(pb.tiers[t]["name"] for t in data["applies_to"])
    rows = []
    for rule in data["rules"]:
        basis = pb["decision-rights"]["credits"]["basis"]
        offer = [f"{percent_text(rule['credit'])} credit on the {basis}"] if "credit" in rule else []
        actions = offer + rule["actions"]
        if "review_within" in rule:
            actions.append(f"Post-incident review within {duration_text(rule['review_within'])}")
        rows.append([f"**{cell(sentences.fill(rule, 'when'))}**", "<br>".join(cell(a) for a in actions),
                     cell(approver_name(pb, rule["approver"]))])
    return "\n\n".join([f"Applies to: **{text(tiers)}** customers.",
                        table(["When", "Offer and actions", "Approver"], rows),
                        f"Credits must stay within the approver's "
                        f"{linker.to(DECISIONS_PAGE, 'decision rights', 'credits')}."])
