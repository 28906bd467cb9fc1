"""What calibrate evaluates: every criterion of every level, the fields they read, the bands.

Read once from a loaded playbook; everything after works on these frozen values.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .. import conditions
from ..conditions import Field
from ..playbook import Playbook


@dataclass(frozen=True)
class Criterion:
    bit: int       # position in the per-ticket match mask
    level: str
    id: str
    text: str
    condition: dict[str, Any]

    @property
    def key(self) -> str:
        return f"{self.level}/{self.id}"


@dataclass(frozen=True)
class Level:
    id: str
    rank: int
    name: str
    bits: tuple[int, ...]  # its criteria


@dataclass(frozen=True)
class Band:
    id: str
    name: str
    from_level: str
    min: float  # percent
    max: float


@dataclass(frozen=True)
class Plan:
    levels: tuple[Level, ...]  # lowest rank first
    criteria: tuple[Criterion, ...]
    bands: tuple[Band, ...]
    catalogue: dict[str, Field]
    currency: str
    capacity: dict[str, tuple[float, str]] = field(default_factory=dict)  # level id -> (count, per) from levels.yml

    def level(self, level_id: str) -> Level:
        return next(level for level in self.levels if level.id == level_id)

    def bits_from(self, level_id: str) -> tuple[int, ...]:
        """Criteria of this level and every level above it."""
        rank = self.level(level_id).rank
        return tuple(b for level in self.levels if level.rank >= rank for b in level.bits)

    def fields_needed(self) -> dict[str, tuple[Criterion, ...]]:
        """Each field the conditions read, with the criteria that read it, in catalogue order."""
        users: dict[str, list[Criterion]] = {}
        for criterion in self.criteria:
            for _path, leaf in conditions.leaves(criterion.condition):
                found = users.setdefault(leaf["field"], [])
                if criterion not in found:
                    found.append(criterion)
        order = list(self.catalogue)
        return {f: tuple(users[f]) for f in sorted(users, key=lambda f: order.index(f) if f in order else len(order))}


def plan_from(pb: Playbook) -> Plan:
    levels: list[Level] = []
    criteria: list[Criterion] = []
    for level in sorted(pb["levels"]["levels"], key=lambda lv: lv["rank"]):
        first = len(criteria)
        for c in level["criteria"]:
            criteria.append(Criterion(len(criteria), level["id"], c["id"], c.get("text", ""), c["condition"]))
        levels.append(Level(level["id"], level["rank"], level["name"], tuple(range(first, len(criteria)))))
    bands = tuple(Band(b["id"], b["name"], b["from_level"], float(b["min"]["percent"]), float(b["max"]["percent"]))
                  for b in pb["metrics"].get("calibration", []))
    capacity = {lid: (float(rate["count"]), rate["per"]) for lid, rate in pb["levels"].get("capacity", {}).items()}
    return Plan(tuple(levels), tuple(criteria), bands, conditions.catalogue_from(pb["ticket-fields"]),
                pb["organisation"]["currency"], capacity)
