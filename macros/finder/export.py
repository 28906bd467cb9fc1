"""What the finder page needs, as one JSON object written at build time (assets/finder-data.js).

Conditions travel with canonical thresholds (money amounts, duration minutes, percent numbers,
timestamps as milliseconds since 1970 UTC), so the browser compares numbers exactly as
`conditions.evaluate` does. The page's evaluator (docs/assets/finder.js) is a port of
`conditions.evaluate`, proven equal by the shared vectors in tests/finder/vectors.json.
"""
from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .. import conditions
from ..render.common import specialist_label
from ..sentences import fill
from ..governing import owner_claims
from .find import (BY_CRITERIA, cadence_for, catalogue, fallback_pages, level_steps, owner_entry, priority_tier_fields,
                   targets, type_pages, when_unsure)
from .render import NO_LEVEL

if TYPE_CHECKING:
    from ..playbook import Playbook

DATA_FILE = "assets/finder-data.js"
GLOBAL = "PLAYBOOK_FINDER_DATA"


def browser_value(field_type: str, value: Any) -> Any:
    """A canonical value as JSON: timestamps become epoch milliseconds; everything else is a number,
    a string or a boolean already."""
    canon = conditions.canonical(field_type, value)
    if field_type == "timestamp":
        return round(canon.timestamp() * 1000)
    return canon


def browser_condition(condition: dict[str, Any], fields: dict[str, conditions.Field]) -> dict[str, Any]:
    for key in ("all", "any"):
        if key in condition:
            return {key: [browser_condition(c, fields) for c in condition[key]]}
    if "not" in condition:
        return {"not": browser_condition(condition["not"], fields)}
    leaf = {"field": condition["field"], "op": condition["op"]}
    kind = fields[condition["field"]].type
    if condition["op"] in conditions.MEMBERSHIP:
        leaf["value"] = [browser_value(kind, v) for v in condition["value"]]
    elif condition["op"] not in conditions.PRESENCE:
        leaf["value"] = browser_value(kind, condition["value"])
    return leaf


def value_labels(pb: "Playbook", field: conditions.Field) -> dict[str, str]:
    """Words for an enumeration's values: 'P1: Critical' for priorities, 'Enterprise' for tiers."""
    labels = {}
    for value in field.values:
        if value in pb.priorities and set(field.values) <= set(pb.priorities):
            p = pb.priorities[value]
            labels[value] = f"{p['name']}: {p['title']}" if p.get("title") else p["name"]
        elif value in pb.tiers and set(field.values) <= set(pb.tiers):
            labels[value] = pb.tiers[value]["name"]
        else:
            labels[value] = value
    return labels


def site_url(source: str, anchor: str = "") -> str:
    """'roles/x.md' -> 'roles/x/' (directory URLs, relative to the site root), with an anchor."""
    from posixpath import dirname

    stem = source[:-3] if source.endswith(".md") else source
    url = (dirname(stem) + "/" if stem.endswith("index") else stem + "/").lstrip("/")
    return url + (f"#{anchor}" if anchor else "")


def page_links(pb: "Playbook", level_id: str) -> dict[str, Any]:
    from ..render.markdown import COMMUNICATION_PAGE, LEVELS_PAGE, level_anchor, template_anchor

    level = pb.levels[level_id]
    return {"level": site_url(LEVELS_PAGE, level_anchor(level_id)),
            "templates": {t: site_url(COMMUNICATION_PAGE, template_anchor(t)) for ids in level["templates"].values()
                          for t in ids}}


def owners(pb: "Playbook") -> dict[str, Any]:
    """Per level: its owner and, per criterion, the owners escalation types claim (macros.governing);
    the page picks the case's owner from the criteria met with `chooseOwner`, a port of choose_owner."""
    return {lid: {"owner": level["owner"],
                  "claims": {cid: [{"role": c.role, "why": c.why} for c in claims]
                             for cid, claims in owner_claims(pb, lid).items()}}
            for lid, level in pb.levels.items()}


def roles(pb: "Playbook") -> dict[str, Any]:
    """Every role that can own a case, with its contact and page."""
    from ..render.markdown import role_page

    ids = {level["owner"] for level in pb.levels.values()} | {k["owner"] for k in pb["routing"]["escalation_types"]}
    return {rid: {**owner_entry(pb, rid), "link": site_url(role_page(rid))} for rid in pb.roles if rid in ids}


def paging(pb: "Playbook") -> dict[str, Any]:
    """Who to page: each escalation type's criteria and page entries, and each level's fallback;
    the page selects with `whoToPage`, a port of macros.finder.find.who_to_page."""
    return {"types": [{"criteria": list(kind.get("criteria") or []), "pages": type_pages(pb, kind)}
                      for kind in pb["routing"]["escalation_types"]],
            "basis": BY_CRITERIA,
            "fallback": {lid: fallback_pages(pb, lid) for lid in pb.levels}}


def response_targets(pb: "Playbook") -> dict[str, Any]:
    """Per level, per priority id ('' when the ticket has none): the targets that govern."""
    return {lid: {p: targets(pb, lid, p or None) for p in ["", *pb.priorities]} for lid in pb.levels}


def finder_data(pb: "Playbook") -> dict[str, Any]:
    fields = catalogue(pb)
    described = {f["id"]: f for f in pb["ticket-fields"]["fields"]}
    priority_field, tier_field = priority_tier_fields(pb)
    cadences = {}
    for p in pb.priorities:
        for t in pb.tiers:
            found = cadence_for(pb, {priority_field: p, tier_field: t}) if priority_field and tier_field else None
            if found:
                cadences[f"{p}/{t}"] = {"every": found["every"], "label": found["label"]}
    return {
        "currency": pb["organisation"]["currency"],
        "specialist_label": specialist_label(pb),
        "fields": [{"id": f.id, "type": f.type, "label": f.label, "description": described[f.id].get("description", ""),
                    "values": list(f.values), "labels": value_labels(pb, f)} for f in fields.values()],
        "levels": [{"id": level["id"], "rank": level["rank"],
                    "criteria": [{"id": c["id"], "text": fill(c, "text"),
                                  "condition": browser_condition(c["condition"], fields)} for c in level["criteria"]]}
                   for level in pb["levels"]["levels"]],
        "steps": {lid: level_steps(pb, lid) for lid in pb.levels},
        "pages": {lid: page_links(pb, lid) for lid in pb.levels},
        "owners": owners(pb),
        "roles": roles(pb),
        "paging": paging(pb),
        "targets": response_targets(pb),
        "priority_field": priority_field,
        "tier_field": tier_field,
        "cadences": cadences,
        "when_unsure": when_unsure(pb),
        "no_level": NO_LEVEL,
    }


def finder_script(pb: "Playbook") -> str:
    """The data as a script that sets one global: loads from file:// too, where fetch() cannot."""
    payload = json.dumps(finder_data(pb), ensure_ascii=True, separators=(",", ":"), sort_keys=False)
    # ensure_ascii keeps U+2028/2029 escaped; '<' escaped so the text is inert even if inlined in HTML
    payload = payload.replace("<", "\\u003c")
    return f"window.{GLOBAL}={payload};\n"
