"""The calibration result: one frozen value that every renderer (text, Markdown, JSON, SVG) reads.

Built from the scan's group counts only, so it holds aggregates and, for unconvertible rows,
at most their row numbers and ticket ids: never a ticket's text, a name or an e-mail address.
"""
from __future__ import annotations

import datetime as dt
import math
import statistics
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from .plan import Plan
from .query import Group, Scan
from .reading import Export

Verdict = Literal["inside", "above", "below", "no tickets"]
DRIVERS = 3  # criteria named per band outside its target in text and Markdown; JSON has them all
NOT_ESCALATED = "none"  # the actual-level value of a ticket nobody escalated


@dataclass(frozen=True)
class LevelCount:
    id: str
    name: str
    rank: int
    qualify: int        # tickets meeting any of its criteria (a ticket may qualify for several levels)
    would_land_at: int  # tickets whose highest qualifying level it is: where the criteria would send them

    @property
    def assigned(self) -> int:  # the former name; "assigned" read as what agents did, which it is not
        return self.would_land_at


@dataclass(frozen=True)
class CriterionCount:
    level: str
    id: str
    matches: int
    alone: int  # tickets landing at its level that no other criterion of that level matches
    examples: tuple[str, ...] = ()  # up to --examples ticket ids it matches


@dataclass(frozen=True)
class Overlap:
    first: str   # criterion key, level/criterion
    second: str
    tickets: int
    examples: tuple[str, ...] = ()


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
    drivers: tuple[Driver, ...]  # every criterion of the band's levels worth a look, most telling first
    empty_fields: tuple["EmptyField", ...] = ()  # below only: fields its own criteria read, emptiest first


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
    would_land_at: tuple[int, ...]  # per level, lowest rank first
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
class OutcomeCell:
    would: str   # level id the criteria give, or NOT_ESCALATED
    actual: str  # level id the ticket really got (or 'escalated'), or NOT_ESCALATED
    tickets: int
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class CriterionOutcome:
    criterion: str        # level/criterion
    matches: int
    escalated: int        # of those, really escalated at all
    reached: int | None   # of those, really handled at its level or higher (None with yes/no only)


@dataclass(frozen=True)
class Outcomes:
    """Would land at (rows) against what really happened (columns), from the mapped actual column."""
    kind: Literal["level", "escalated"]
    column: str
    rows: tuple[str, ...]     # NOT_ESCALATED, then level ids
    columns: tuple[str, ...]  # NOT_ESCALATED, then level ids; or NOT_ESCALATED, 'escalated'
    matrix: tuple[tuple[int, ...], ...]
    under: tuple[OutcomeCell, ...]  # criteria say higher than what was done
    over: tuple[OutcomeCell, ...]   # done higher than the criteria say
    criteria: tuple[CriterionOutcome, ...]


@dataclass(frozen=True)
class Staffing:
    """One level's weekly volume (tickets that would land at it) against its team's capacity."""
    level: str
    capacity: float           # per week
    written: str              # as the playbook says it: '10 per week'
    weeks: int                # complete weeks counted
    median: float
    p90: float
    peak: int
    peak_week: str
    over: tuple[str, ...]     # weeks above capacity, in time order
    verdict: Literal["within capacity", "over in some weeks", "over in most weeks"]


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
    empty_fields: tuple[EmptyField, ...] = ()  # every below band's, together (each band has its own)
    outcomes: Outcomes | None = None
    staffing: tuple[Staffing, ...] = ()
    examples: int = 0  # ticket ids asked per criterion, overlap and outcome cell (--examples)

    @property
    def excluded(self) -> int:
        return self.total - self.counted

    @property
    def outside(self) -> bool:
        return any(b.verdict in ("above", "below") for b in self.bands)

    def share(self, tickets: int) -> float | None:
        return 100.0 * tickets / self.counted if self.counted else None


def assigned_level(plan: Plan, mask: int) -> int | None:
    """Index into plan.levels of the highest level with a matching criterion (where the ticket would land).
    Cached by the plan's identity; each entry holds its plan, so that identity is not reused by another plan
    while the entry lives (an id alone is, once its object is gone: another plan's landings would be read)."""
    key = (id(plan), mask)
    entry = _LANDS.get(key)
    if entry is None or entry[0] is not plan:
        if len(_LANDS) > 100_000:
            _LANDS.clear()
        entry = _LANDS[key] = (plan, next((index for index in range(len(plan.levels) - 1, -1, -1)
                                           if mask & plan_level_bits(plan, index)), None))
    return entry[1]


_LANDS: dict[tuple[int, int], tuple[Plan, int | None]] = {}


def plan_level_bits(plan: Plan, index: int) -> int:
    return sum(1 << b for b in plan.levels[index].bits)


def by_mask(groups: list[Group], examples: int) -> list[Group]:
    """The groups merged by match mask alone: what levels, criteria, overlaps and bands need. A scan with
    outcome, day or breakdown keys has many groups per mask; this keeps the report's work small."""
    merged: dict[int, list] = {}
    for g in groups:
        entry = merged.setdefault(g.mask, [0, set()])
        entry[0] += g.tickets
        if examples:
            entry[1].update(g.ids)
    return [Group(mask, 0, None, n, ids=tuple(sorted(ids)[:examples])) for mask, (n, ids) in merged.items()]


def build_report(plan: Plan, export: Export, scan: Scan, by: str | None = None,
                 empties: dict[str, tuple[str, int]] | None = None, examples: int = 0,
                 outcome: tuple[str, str] | None = None) -> Report:
    """`empties`: per field, its column and how many counted tickets leave it empty (asked only when needed).
    `outcome`: ('level' or 'escalated', column) when the export says what really happened to each ticket."""
    detailed = [g for g in scan.groups if g.bad == 0]
    good = by_mask(detailed, examples)
    counted = sum(g.tickets for g in good)
    total = sum(g.tickets for g in scan.groups)
    excluded = tuple(ExcludedColumn(b.column, b.field, b.expected, b.tickets,
                                    tuple(export.row_label(r) for r in b.first_rows), b.first_ids)
                     for b in scan.bad_columns)
    bands = tuple(_band(plan, band, good, counted, empties or {}) for band in plan.bands)
    every_empty = {e.field: e for b in bands for e in b.empty_fields}
    lands = [assigned_level(plan, g.mask) for g in good]  # where each group lands, for levels and criteria
    return Report(export.shown, export.format, total, counted, _levels(plan, good, lands),
                  _criteria(plan, good, lands, examples),
                  _overlaps(plan, good, examples), bands, excluded, _breakdown(plan, detailed, by) if by else None,
                  tuple(sorted(every_empty.values(), key=lambda e: (-e.empty, e.field))),
                  _outcomes(plan, detailed, outcome, examples) if outcome else None, _staffing(plan, detailed),
                  examples)


def _ids(groups: list[Group], limit: int) -> tuple[str, ...]:
    """The first `limit` ticket ids (in text order) over groups that each hold their own first few."""
    if not limit:
        return ()
    return tuple(sorted({i for g in groups for i in g.ids})[:limit])


def _levels(plan: Plan, good: list[Group], lands: list[int | None]) -> tuple[LevelCount, ...]:
    result = []
    for index, level in enumerate(plan.levels):
        qualify = sum(g.tickets for g in good if any(g.mask >> b & 1 for b in level.bits))
        landed = sum(g.tickets for g, at in zip(good, lands) if at == index)
        result.append(LevelCount(level.id, level.name, level.rank, qualify, landed))
    return tuple(result)


def _criteria(plan: Plan, good: list[Group], lands: list[int | None], examples: int = 0) -> tuple[CriterionCount, ...]:
    result = []
    for c in plan.criteria:
        index = next(i for i, level in enumerate(plan.levels) if c.bit in level.bits)
        own = plan_level_bits(plan, index)
        caught = [g for g in good if g.mask >> c.bit & 1]
        alone = sum(g.tickets for g, at in zip(good, lands) if at == index and g.mask & own == 1 << c.bit)
        result.append(CriterionCount(c.level, c.id, sum(g.tickets for g in caught), alone, _ids(caught, examples)))
    return tuple(result)


def _overlaps(plan: Plan, good: list[Group], examples: int = 0) -> tuple[Overlap, ...]:
    """Per pair of criteria (in the plan's order) the tickets both catch; each group adds to the pairs among its
    own criteria, so the work follows the groups' few matches rather than every pair."""
    shared: dict[tuple[int, int], list[Group]] = {}
    for g in good:
        present = [k for k, c in enumerate(plan.criteria) if g.mask >> c.bit & 1]
        for pair in combinations(present, 2):
            shared.setdefault(pair, []).append(g)
    pairs = []
    for (a, b), part in shared.items():
        both = sum(g.tickets for g in part)
        if both:
            pairs.append(Overlap(plan.criteria[a].key, plan.criteria[b].key, both, _ids(part, examples)))
    return tuple(sorted(pairs, key=lambda o: (-o.tickets, o.first, o.second)))


def _verdict(share: float | None, low: float, high: float) -> Verdict:
    if share is None:
        return "no tickets"
    return "above" if share > high else "below" if share < low else "inside"


def _band(plan: Plan, band, good: list[Group], counted: int,  # noqa: ANN001 - plan.Band
          empties: dict[str, tuple[str, int]] | None = None) -> BandResult:
    """Advice comes only from the criteria of the band's own levels (its from_level and above)."""
    bits = plan.bits_from(band.from_level)
    in_band = sum(1 << b for b in bits)
    tickets = sum(g.tickets for g in good if g.mask & in_band)
    share = 100.0 * tickets / counted if counted else None
    verdict = _verdict(share, band.min, band.max)
    drivers: list[Driver] = []
    points, off = 0.0, 0
    by_key = {c.bit: c.key for c in plan.criteria}
    empty: tuple[EmptyField, ...] = ()
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
        empty = _empty_fields(plan, {by_key[b] for b in bits}, empties or {})
    return BandResult(band.id, band.name, band.from_level, band.min, band.max, tickets, share, verdict, points, off,
                      tuple(drivers), empty)


def _breakdown(plan: Plan, good: list[Group], by: str) -> Breakdown:
    keys = sorted({g.key for g in good}, key=lambda k: _sort_key(plan, by, k))
    rows = []
    for key in keys:
        part = by_mask([g for g in good if g.key == key], 0)
        tickets = sum(g.tickets for g in part)
        lands = tuple(sum(g.tickets for g in part if assigned_level(plan, g.mask) == i)
                      for i in range(len(plan.levels)))
        bands = [_band(plan, band, part, tickets) for band in plan.bands]
        rows.append(BreakdownRow("(empty)" if key is None else key, tickets, lands,
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


def _empty_fields(plan: Plan, keys: set[str], empties: dict[str, tuple[str, int]]) -> tuple[EmptyField, ...]:
    """For a band below its minimum: the fields its own criteria (`keys`) read, emptiest first.
    An empty field is false."""
    result = []
    for field, users in plan.fields_needed().items():
        column, empty = empties.get(field, ("", 0))
        named = tuple(c.key for c in users if c.key in keys)
        if named and empty:
            result.append(EmptyField(field, column, empty, named))
    return tuple(sorted(result, key=lambda e: (-e.empty, e.field)))


def _rank_of(plan: Plan, level_id: str | None) -> int:
    """0 for not escalated, else 1 + the level's index (lowest rank first)."""
    ids = [lv.id for lv in plan.levels]
    return 0 if level_id in (None, NOT_ESCALATED) else ids.index(level_id) + 1


def _outcomes(plan: Plan, good: list[Group], outcome: tuple[str, str], examples: int) -> Outcomes:
    kind, column = outcome
    ids = [lv.id for lv in plan.levels]
    rows = (NOT_ESCALATED, *ids)
    columns = rows if kind == "level" else (NOT_ESCALATED, "escalated")

    def would(g: Group) -> int:
        index = assigned_level(plan, g.mask)
        return 0 if index is None else index + 1

    def actual(g: Group) -> int:
        if kind == "level":
            return _rank_of(plan, g.actual)
        return 1 if g.actual in ("true", "yes", "True") else 0

    cells: dict[tuple[int, int], list[Group]] = {}
    for g in good:
        cells.setdefault((would(g), actual(g)), []).append(g)
    matrix = tuple(tuple(sum(g.tickets for g in cells.get((r, c), ())) for c in range(len(columns)))
                   for r in range(len(rows)))
    under, over = [], []
    for (r, c), part in sorted(cells.items()):
        cell = OutcomeCell(rows[r], columns[c], sum(g.tickets for g in part), _ids(part, examples))
        if (kind == "level" and r > c) or (kind == "escalated" and r > 0 and c == 0):
            under.append(cell)
        elif (kind == "level" and c > r) or (kind == "escalated" and r == 0 and c == 1):
            over.append(cell)
    criteria = []
    for c in plan.criteria:
        caught = [g for g in good if g.mask >> c.bit & 1]
        rank = ids.index(c.level) + 1
        criteria.append(CriterionOutcome(
            c.key, sum(g.tickets for g in caught), sum(g.tickets for g in caught if actual(g) > 0),
            sum(g.tickets for g in caught if actual(g) >= rank) if kind == "level" else None))
    under.sort(key=lambda x: (-x.tickets, x.would, x.actual))
    over.sort(key=lambda x: (-x.tickets, x.would, x.actual))
    return Outcomes(kind, column, rows, columns, matrix, tuple(under), tuple(over), tuple(criteria))


WEEKS_PER = {"day": 7.0, "week": 1.0, "month": 12 / 52}  # a capacity per day, week or month, per week


def _staffing(plan: Plan, good: list[Group]) -> tuple[Staffing, ...]:
    """Each level with a capacity: its volume per complete ISO week (days with no tickets count as zero)."""
    days = [g.day for g in good if g.day is not None]
    if not plan.capacity or not days:
        return ()
    first, last = min(days), max(days)
    weeks: list[dt.date] = []
    monday = first - dt.timedelta(days=first.weekday())
    while monday <= last:
        weeks.append(monday)
        monday += dt.timedelta(days=7)
    complete = [w for w in weeks if w >= first and w + dt.timedelta(days=6) <= last] or weeks
    result = []
    for index, level in enumerate(plan.levels):
        if level.id not in plan.capacity:
            continue
        count, per = plan.capacity[level.id]
        capacity = count * WEEKS_PER[per]
        volume = {w: 0 for w in complete}
        for g in good:
            if g.day is not None and assigned_level(plan, g.mask) == index:
                week = g.day - dt.timedelta(days=g.day.weekday())
                if week in volume:
                    volume[week] += g.tickets
        values = sorted(volume.values())
        peak_week = max(complete, key=lambda w: (volume[w], -w.toordinal()))
        over = tuple(_week(w) for w in complete if volume[w] > capacity)
        median = statistics.median(values)
        verdict = "within capacity" if not over else "over in most weeks" if median > capacity else "over in some weeks"
        result.append(Staffing(level.id, capacity, f"{count:g} per {per}", len(complete), median, _p90(values),
                               volume[peak_week], _week(peak_week), over, verdict))  # type: ignore[arg-type]
    return tuple(result)


def _week(monday: dt.date) -> str:
    year, week, _ = monday.isocalendar()
    return f"{year}-W{week:02d}"


def _p90(values: list[int]) -> float:
    """The 90th percentile, linear between the two nearest weeks (as numpy's default)."""
    if len(values) == 1:
        return float(values[0])
    position = 0.9 * (len(values) - 1)
    low = math.floor(position)
    high = min(low + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (position - low)
