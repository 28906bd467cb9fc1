"""Which answer governs where the data gives two for one case.

- The owner: an escalation type names an owner, and so does the level its cases reach. Where they
  differ, routing's `when_owners_differ` says which governs (`level` or `type`).
- The acknowledgement and specialist targets: a level allows its own time, and a metric measured
  from declared_at to acknowledged_at / sme_joined_at sets a target. Where they differ, the metric's
  `where_levels_differ` says which governs (`level`, `metric` or `stricter`).

One implementation for the validator rules (routing-owner, level-metric-target), the Routing and
Metrics pages, and the level finder (CLI and page: the page gets the answers from build-time data).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterator

from .sentences import leaves
from .units import duration_minutes, duration_text, is_duration

if TYPE_CHECKING:
    from .playbook import Playbook

# ------------------------------------------------------------------ owners (routing.yml)


def criterion_levels(pb: "Playbook") -> dict[str, str]:
    """Entry criterion id -> the id of the level it belongs to."""
    return {c["id"]: lid for lid, level in pb.levels.items() for c in level["criteria"]}


def types_for(pb: "Playbook", criterion_id: str) -> list[dict[str, Any]]:
    """The escalation types whose `criteria` list this criterion, in routing.yml order."""
    return [kind for kind in pb["routing"]["escalation_types"] if criterion_id in (kind.get("criteria") or [])]


def owner_conflicts(pb: "Playbook", kind: dict[str, Any]) -> Iterator[tuple[int, str, str]]:
    """(index in the type's criteria, criterion id, level id) where a case of this type reaches a level
    with another owner. Unknown ids are skipped: the references rule reports them once."""
    level_of = criterion_levels(pb)
    for j, criterion in enumerate(kind.get("criteria") or []):
        level_id = level_of.get(criterion)
        owner = pb.levels[level_id]["owner"] if level_id else None
        if owner in pb.roles and kind["owner"] in pb.roles and owner != kind["owner"]:
            yield j, criterion, level_id  # type: ignore[misc]


def case_owner(pb: "Playbook", kind: dict[str, Any], level_id: str) -> str:
    """The owner of a case of this type that reaches this level."""
    return kind["owner"] if kind.get("when_owners_differ") == "type" else pb.levels[level_id]["owner"]


def owner_reason(pb: "Playbook", kind: dict[str, Any], level_id: str) -> str:
    """One short sentence for a type whose owner differs from the level's, saying which governs."""
    level = pb.levels[level_id]
    type_owner, level_owner = pb.roles[kind["owner"]]["name"], pb.roles[level["owner"]]["name"]
    if kind.get("when_owners_differ") == "type":
        return f"Routing gives {kind['name']} cases to {type_owner}, not to the level's owner ({level_owner})."
    return (f"Routing names {type_owner} for {kind['name']}, but the level's owner ({level_owner}) "
            f"governs at Level {level['rank']}.")


@dataclass(frozen=True)
class OwnerClaim:
    role: str                 # the owner this criterion's cases get at its level
    why: str | None           # set when an escalation type names another owner


def owner_claims(pb: "Playbook", level_id: str) -> dict[str, list[OwnerClaim]]:
    """Criterion id -> the owners claimed for a case meeting it at this level (one per escalation type
    handling it whose owner differs from the level's). A criterion absent here claims the level's owner."""
    level = pb.levels[level_id]
    claims: dict[str, list[OwnerClaim]] = {}
    for criterion in level["criteria"]:
        for kind in types_for(pb, criterion["id"]):
            if kind["owner"] != level["owner"] and kind["owner"] in pb.roles:
                claims.setdefault(criterion["id"], []).append(
                    OwnerClaim(case_owner(pb, kind, level_id), owner_reason(pb, kind, level_id)))
    return claims


def choose_owner(level_owner: str, claimed: list[list[OwnerClaim] | None]) -> tuple[str, list[str]]:
    """The owner of a case from each met criterion's claims (None: the level's owner): the one owner
    they all name, else the level's owner. With the sentences of every type naming another owner.
    docs/assets/finder.js `chooseOwner` is a port of this, proven equal by the shared vectors."""
    owners: list[str] = []
    reasons: list[str] = []
    for claims in claimed:
        for claim in claims or [OwnerClaim(level_owner, None)]:
            if claim.role not in owners:
                owners.append(claim.role)
            if claim.why and claim.why not in reasons:
                reasons.append(claim.why)
    return (owners[0] if len(owners) == 1 else level_owner), reasons


def case_owner_of(pb: "Playbook", level_id: str, met: list[str]) -> tuple[str, list[str]]:
    """The owner of a case at this level meeting these criteria ('level/criterion' keys), and why."""
    claims = owner_claims(pb, level_id)
    ids = [key.split("/", 1)[1] for key in met if key.split("/", 1)[0] == level_id]
    return choose_owner(pb.levels[level_id]["owner"], [claims.get(cid) for cid in ids])


# ------------------------------------------------------------------ response targets (metrics.yml)

RESPONSE_BY_END = {"acknowledged_at": ("acknowledge", "to acknowledge"),
                   "sme_joined_at": ("engage_sme", "to engage the specialist")}
GOVERNS = {"level": "the level's own target applies to its cases",
           "metric": "this target applies to every level",
           "stricter": "the stricter of the two applies"}


def measured(outcome: dict[str, Any]) -> tuple[str, str] | None:
    """('acknowledge' | 'engage_sme', words) for a time metric a level's response target answers."""
    measure = outcome.get("measure") or {}
    if measure.get("from") != "declared_at" or measure.get("to") not in RESPONSE_BY_END:
        return None
    return RESPONSE_BY_END[measure["to"]]


def admitted_priorities(level: dict[str, Any], field: str | None) -> set[str]:
    """The priorities a level's entry criteria name (`priority is p1`, `one_of [p1, p2]`)."""
    found: set[str] = set()
    for criterion in level["criteria"]:
        for leaf in leaves(criterion["condition"]):
            if leaf.get("field") == field and leaf.get("op") == "is":
                found.add(leaf["value"])
            elif leaf.get("field") == field and leaf.get("op") == "one_of":
                found.update(leaf["value"])
    return found


def measured_priorities(pb: "Playbook", outcome: dict[str, Any]) -> set[str]:
    return set((outcome.get("measure") or {}).get("priorities") or pb.priorities)


def target_conflicts(pb: "Playbook", outcome: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    """(level id, priority names, the level's target) where a level admitting a measured priority allows
    another time than the metric."""
    from .finder.find import priority_tier_fields  # the finder imports this module

    kind, target = measured(outcome), outcome["target"].get("below")
    if kind is None or not is_duration(target):
        return
    field, _tier = priority_tier_fields(pb)
    for level_id, level in pb.levels.items():
        shared = sorted(admitted_priorities(level, field) & measured_priorities(pb, outcome))
        own = level["response"][kind[0]]
        if shared and duration_minutes(own) != duration_minutes(target):
            yield level_id, ", ".join(pb.priorities[p]["name"] for p in shared), own


@dataclass(frozen=True)
class Target:
    value: dict[str, Any]     # the duration that governs, as in the data ({minutes: 15})
    reasons: list[str]        # one short sentence per metric whose target differs from the level's

    @property
    def minutes(self) -> float:
        return duration_minutes(self.value)

    @property
    def text(self) -> str:
        return duration_text(self.value)


def response_target(pb: "Playbook", level_id: str, response: str, priority: str | None) -> Target:
    """The `acknowledge` or `engage_sme` target that governs a case at this level with this priority
    (None: not known). A metric applies to the case when it measures this response and the case's
    priority (a metric for some priorities only does not apply while the priority is unknown)."""
    own = pb.levels[level_id]["response"][response]
    value, reasons = own, []
    for outcome in pb["metrics"]["outcomes"]:
        kind, target = measured(outcome), outcome["target"].get("below")
        if kind is None or kind[0] != response or not is_duration(target):
            continue
        limited = (outcome.get("measure") or {}).get("priorities")
        if (limited and priority not in limited) or duration_minutes(target) == duration_minutes(own):
            continue
        rule = outcome.get("where_levels_differ")
        if rule == "metric" or (rule == "stricter" and duration_minutes(target) < duration_minutes(value)):
            value = target
        reasons.append(target_reason(outcome, own, rule))
    return Target(value, reasons)


def target_exceptions(pb: "Playbook", level_id: str, response: str) -> dict[str, list[str]]:
    """{'15 minutes': ['P1']}: the targets that govern some of the level's cases instead of its own, with
    the priority names they govern; empty where the level's own target holds for every priority."""
    own = duration_minutes(pb.levels[level_id]["response"][response])
    found: dict[str, list[str]] = {}
    for pid, priority in pb.priorities.items():
        target = response_target(pb, level_id, response, pid)
        if target.minutes != own:
            found.setdefault(target.text, []).append(priority["name"])
    return found


def target_reason(outcome: dict[str, Any], own: dict[str, Any], rule: str | None) -> str:
    """One short sentence: the metric's target, the level's, and which one the policy says governs."""
    both = (f"{outcome['name']} targets below {duration_text(outcome['target']['below'])}, "
            f"this level allows {duration_text(own)}")
    if rule is None:
        return f"{both}: the metrics do not say which governs; the level's own is shown."
    return f"{both}: {GOVERNS[rule]}."


# ------------------------------------------------------------------ internal updates (communication.yml)

def internal_update_for(pb: "Playbook", level_id: str, priority: str | None, tier: str | None) -> dict[str, Any] | None:
    """The internal-update interval that governs a case at this level with this priority and tier: the
    level's own, or, where communication.yml says `where_levels_differ: cadence`, the customer cadence of
    that priority and tier when it is shorter (an internal update is due before every customer update)."""
    own = pb.levels[level_id].get("internal_update")
    if not own or pb["communication"].get("where_levels_differ") != "cadence":
        return own
    every = next((c["every"] for c in pb["communication"]["cadences"]
                  if c["priority"] == priority and c["tier"] == tier), None)
    return every if every is not None and duration_minutes(every) < duration_minutes(own) else own
