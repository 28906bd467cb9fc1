"""The calibration result: one frozen value that every renderer (text, Markdown, JSON, SVG) reads.

Built from the scan's group counts only, so it holds aggregates and, for unconvertible rows,
at most their row numbers and ticket ids: never a ticket's text, a name or an e-mail address.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from .plan import Plan
from .query import Group, Scan
from .reading import Export

Verdict = Literal["inside", "above", "below", "no tickets"]
DRIVERS = 3  # criteria named per band outside its target


@dataclass(frozen=True)
class LevelCount:
    id: str
    name: str
    rank: int
    qualify: int   # tickets meeting any of its criteria (a ticket may qualify for several levels)
    assigned: int  # tickets whose highest qualifying level it is


@dataclass(frozen=True)
class CriterionCount:
    level: str
    id: str
    matches: int
    alone: int  # tickets assigned to its level that no other criterion of that level matches


@dataclass(frozen=True)
class Overlap:
    first: str   # criterion key, level/criterion
    second: str
    tickets: int


@dataclass(frozen=True)
class Driver:
    criterion: str  # level/criterion
    tickets: int    # above: tickets only it keeps in the band; below: tickets it matches
    share_without: float | None  # above: the band's share were it to match nothing


@dataclass(frozen=True)
class BandResult:
    id: str
    name: str
    from_level: str
    min: float
    max: float
    tickets: int
    share: float | None
    verdict: Verdict
    points_off: float  # percentage points outside the band, 0 inside
    tickets_off: int   # tickets to remove (above) or add (below) to reach the nearest edge
    drivers: tuple[Driver, ...]


@dataclass(frozen=True)
class ExcludedColumn:
    column: str
    field: str
    expected: str
    tickets: int
    rows: tuple[str, ...]  # 'row 18', in file order, the first few
    ids: tuple[str | None, ...]


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    tickets: int
    assigned: tuple[int, ...]  # per level, lowest rank first
    band_shares: tuple[float | None, ...]
    band_verdicts: tuple[Verdict, ...]


@dataclass(frozen=True)
class Breakdown:
    by: str
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True)
class EmptyField:
    field: str
    column: str
    empty: int
    criteria: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    export: str
    format: str
    total: int
    counted: int
    levels: tuple[LevelCount, ...]
    criteria: tuple[CriterionCount, ...]
    overlaps: tuple[Overlap, ...]
    bands: tuple[BandResult, ...]
    excluded_columns: tuple[ExcludedColumn, ...] = ()
    breakdown: Breakdown | None = None
    empty_fields: tuple[EmptyField, ...] = ()

    @property
    def excluded(self) -> int:
        return self.total - self.counted

    @property
    def outside(self) -> bool:
        return any(b.verdict in ("above", "below") for b in self.bands)

    def share(self, tickets: int) -> float | None:
        return 100.0 * tickets / self.counted if self.counted else None


def assigned_level(plan: Plan, mask: int) -> int | None:
    """Index into plan.levels of the highest level with a matching criterion."""
    for index in range(len(plan.levels) - 1, -1, -1):
        if any(mask >> b & 1 for b in plan.levels[index].bits):
            return index
    return None


def build_report(plan: Plan, export: Export, scan: Scan, by: str | None = None,
                 empties: dict[str, tuple[str, int]] | None = None) -> Report:
    """`empties`: per field, its column and how many counted tickets leave it empty (asked only when needed)."""
    good = [g for g in scan.groups if g.bad == 0]
    counted = sum(g.tickets for g in good)
    total = sum(g.tickets for g in scan.groups)
    excluded = tuple(ExcludedColumn(b.column, b.field, b.expected, b.tickets,
                                    tuple(export.row_label(r) for r in b.first_rows), b.first_ids)
                     for b in scan.bad_columns)
    bands = tuple(_band(plan, band, good, counted) for band in plan.bands)
    return Report(export.shown, export.format, total, counted, _levels(plan, good), _criteria(plan, good),
                  _overlaps(plan, good), bands, excluded, _breakdown(plan, good, by) if by else None,
                  _empty_fields(plan, bands, empties or {}))


def _levels(plan: Plan, good: list[Group]) -> tuple[LevelCount, ...]:
    result = []
    for index, level in enumerate(plan.levels):
        qualify = sum(g.tickets for g in good if any(g.mask >> b & 1 for b in level.bits))
        assigned = sum(g.tickets for g in good if assigned_level(plan, g.mask) == index)
        result.append(LevelCount(level.id, level.name, level.rank, qualify, assigned))
    return tuple(result)


def _criteria(plan: Plan, good: list[Group]) -> tuple[CriterionCount, ...]:
    result = []
    for c in plan.criteria:
        index = next(i for i, level in enumerate(plan.levels) if c.bit in level.bits)
        own = sum(1 << b for b in plan.levels[index].bits)
        matches = sum(g.tickets for g in good if g.mask >> c.bit & 1)
        alone = sum(g.tickets for g in good
                    if assigned_level(plan, g.mask) == index and g.mask & own == 1 << c.bit)
        result.append(CriterionCount(c.level, c.id, matches, alone))
    return tuple(result)


def _overlaps(plan: Plan, good: list[Group]) -> tuple[Overlap, ...]:
    pairs = []
    for a, b in combinations(plan.criteria, 2):
        both = sum(g.tickets for g in good if g.mask >> a.bit & 1 and g.mask >> b.bit & 1)
        if both:
            pairs.append(Overlap(a.key, b.key, both))
    return tuple(sorted(pairs, key=lambda o: (-o.tickets, o.first, o.second)))


def _verdict(share: float | None, low: float, high: float) -> Verdict:
    if share is None:
        return "no tickets"
    return "above" if share > high else "below" if share < low else "inside"


def _band(plan: Plan, band, good: list[Group], counted: int) -> BandResult:  # noqa: ANN001 - plan.Band
    bits = plan.bits_from(band.from_level)
    in_band = sum(1 << b for b in bits)
    tickets = sum(g.tickets for g in good if g.mask & in_band)
    share = 100.0 * tickets / counted if counted else None
    verdict = _verdict(share, band.min, band.max)
    drivers: list[Driver] = []
    points, off = 0.0, 0
    by_key = {c.bit: c.key for c in plan.criteria}
    if verdict == "above" and share is not None:
        points, off = share - band.max, tickets - math.floor(band.max * counted / 100)
        for bit in bits:
            only = sum(g.tickets for g in good if g.mask & in_band == 1 << bit)
            if only:
                drivers.append(Driver(by_key[bit], only, 100.0 * (tickets - only) / counted))
        drivers.sort(key=lambda d: (-d.tickets, d.criterion))
    elif verdict == "below" and share is not None:
        points, off = band.min - share, math.ceil(band.min * counted / 100) - tickets
        for bit in bits:
            drivers.append(Driver(by_key[bit], sum(g.tickets for g in good if g.mask >> bit & 1), None))
        drivers.sort(key=lambda d: (d.tickets, d.criterion))
    return BandResult(band.id, band.name, band.from_level, band.min, band.max, tickets, share, verdict, points, off,
                      tuple(drivers[:DRIVERS]))


def _breakdown(plan: Plan, good: list[Group], by: str) -> Breakdown:
    keys = sorted({g.key for g in good}, key=lambda k: _sort_key(plan, by, k))
    rows = []
    for key in keys:
        part = [g for g in good if g.key == key]
        tickets = sum(g.tickets for g in part)
        assigned = tuple(sum(g.tickets for g in part if assigned_level(plan, g.mask) == i)
                         for i in range(len(plan.levels)))
        bands = [_band(plan, band, part, tickets) for band in plan.bands]
        rows.append(BreakdownRow("(empty)" if key is None else key, tickets, assigned,
                                 tuple(b.share for b in bands), tuple(b.verdict for b in bands)))
    return Breakdown(by, tuple(rows))


def _sort_key(plan: Plan, by: str, key: str | None) -> tuple:
    """Enumerations in catalogue order, everything else as text; the empty group last."""
    if key is None:
        return (2, 0, "")
    field = plan.catalogue.get(by)
    if field is not None and field.type == "enum" and key in field.values:
        return (0, field.values.index(key), key)
    return (1, 0, key)


def _empty_fields(plan: Plan, bands: tuple[BandResult, ...],
                  empties: dict[str, tuple[str, int]]) -> tuple[EmptyField, ...]:
    """For a band below its minimum: the fields its criteria read, emptiest first. An empty field is false."""
    low = {c.key for b in bands if b.verdict == "below" for c in plan.criteria
           if c.bit in plan.bits_from(b.from_level)}
    result = []
    for field, users in plan.fields_needed().items():
        column, empty = empties.get(field, ("", 0))
        keys = tuple(c.key for c in users if c.key in low)
        if keys and empty:
            result.append(EmptyField(field, column, empty, keys))
    return tuple(sorted(result, key=lambda e: (-e.empty, e.field)))
