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
from .find import catalogue, cadence_for, level_steps, priority_tier_fields, when_unsure
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
    from ..render.markdown import COMMUNICATION_PAGE, LEVELS_PAGE, level_anchor, role_page, template_anchor

    level = pb.levels[level_id]
    return {"level": site_url(LEVELS_PAGE, level_anchor(level_id)),
            "owner": site_url(role_page(level["owner"])),
            "templates": {t: site_url(COMMUNICATION_PAGE, template_anchor(t)) for ids in level["templates"].values()
                          for t in ids}}


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
