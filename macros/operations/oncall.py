"""Weekly on-call health from a paging export: per person and week, per rotation, and burnout flags.

All local measures use the person's time zone (the export's time_zone column when mapped, else
organisation.yml's time_zone); weeks are ISO weeks of the local time ('2026-W47').

- pages, after_hours_pages: a page is after hours outside health.working_hours (a coverage id:
  its days and local start/end, read in the person's zone, as hours.py reads them; a test says
  the two agree), or on one of its public holidays, after_hours_share is their share in percent.
  The holidays are those of the coverage's public_holidays rule (organisation.yml): {region: X}
  gives X's list to everyone; {customer_region: true} gives each person the list of the region
  whose time_zone is the person's zone (the export has no region for an engineer), and none when
  no region has that zone.
- sleep_interruptions: pages inside health.sleep_window (local, may cross midnight). A page in the
  window belongs to the night that began on the evening before it ended.
- nights_in_a_row: the longest run of consecutive nights with a sleep interruption, counted in the
  week of the run's last night (runs are not split at week boundaries).
- weekend_work: minutes from each page to its resolution (or acknowledgement, or nothing) for
  pages paged on a local Saturday or Sunday.
- weeks_in_a_row: consecutive ISO weeks in which the person was paged, up to this one: the export
  holds pages, not schedules, so a week with a page counts as a week on call.

Per rotation: pages and pages per engineer (pages / the rotation's members in on-call.yml)
against health.pages_per_engineer_per_week. Flags come from health.burnout_flags[].when.
"""
from __future__ import annotations

from dataclasses import dataclass, replace

import duckdb

from ..calibrate.errors import CalibrateError
from ..hours import WEEKDAYS, clock_minutes, coverage_entries, regions
from ..playbook import Playbook
from .. import sentences
from ..units import quantity_magnitude, quantity_text
from .fields import PAGES
from .source import Check, Excluded, Loaded, Request, connect, describe_mapping, load

MEASURES = ("pages", "after_hours_pages", "after_hours_share", "sleep_interruptions", "nights_in_a_row",
            "weekend_work", "weeks_in_a_row")
UNITS = {"weekend_work": "minutes", "after_hours_share": "percent"}


@dataclass(frozen=True)
class PersonWeek:
    week: str
    person: str
    pages: int
    after_hours: int
    sleep_interruptions: int
    nights_in_a_row: int
    weekend_minutes: float
    weeks_in_a_row: int
    flags: tuple[str, ...] = ()

    @property
    def after_hours_share(self) -> float:
        return 100.0 * self.after_hours / self.pages if self.pages else 0.0

    def measure(self, name: str) -> float:
        return {"pages": self.pages, "after_hours_pages": self.after_hours, "after_hours_share": self.after_hours_share,
                "sleep_interruptions": self.sleep_interruptions, "nights_in_a_row": self.nights_in_a_row,
                "weekend_work": self.weekend_minutes, "weeks_in_a_row": self.weeks_in_a_row}[name]


@dataclass(frozen=True)
class RotationWeek:
    week: str
    rotation: str
    name: str
    pages: int
    after_hours: int
    people: int
    members: int
    per_engineer: float
    verdict: str


@dataclass(frozen=True)
class Flag:
    id: str
    text: str
    measure: str | None
    limit: float | None
    inclusive: bool          # at_least: >=; above: >
    limit_text: str


@dataclass(frozen=True)
class OncallReport:
    export: str
    source: str
    total: int
    counted: int
    excluded: tuple[Excluded, ...]
    excluded_lines: tuple[str, ...]
    weeks: tuple[str, ...]                 # newest first
    people: tuple[PersonWeek, ...]
    rotations: tuple[RotationWeek, ...]
    flags: tuple[Flag, ...]
    threshold: float
    after_hours_threshold: float | None

    def people_in(self, week: str) -> list[PersonWeek]:
        return [p for p in self.people if p.week == week]

    def rotations_in(self, week: str) -> list[RotationWeek]:
        return [r for r in self.rotations if r.week == week]

    @property
    def flagged(self) -> bool:
        return any(p.flags for p in self.people)

    def after_hours_share(self, week: str) -> float | None:
        rows = self.people_in(week)
        pages = sum(p.pages for p in rows)
        return 100.0 * sum(p.after_hours for p in rows) / pages if pages else None


def flags_from(pb: Playbook) -> tuple[Flag, ...]:
    health = pb["on-call"]["health"]
    result = []
    for flag in health.get("burnout_flags", []):
        when = flag.get("when")
        if when is None:
            result.append(Flag(flag["id"], sentences.fill(flag, "text"), None, None, False, ""))
            continue
        if "at_least" in when:
            limit, inclusive, text = float(when["at_least"]), True, f"at least {when['at_least']:g}"
        else:
            above = when["above"]
            if isinstance(above, str):
                above = health[above]
            limit = float(quantity_magnitude(above)) if isinstance(above, dict) else float(above)
            inclusive, text = False, f"above {quantity_text(above) if isinstance(above, dict) else f'{above:g}'}"
        result.append(Flag(flag["id"], sentences.fill(flag, "text"), when["measure"], limit, inclusive, text))
    return tuple(result)


def _fires(flag: Flag, row: PersonWeek) -> bool:
    if flag.measure is None or flag.limit is None:
        return False
    value = row.measure(flag.measure)
    return value >= flag.limit if flag.inclusive else value > flag.limit


def _rotation_words(pb: Playbook) -> dict[str, str]:
    """Export word (lower case) -> rotation id: the id or the name of each rotation in on-call.yml."""
    words = {}
    for rotation in pb["on-call"]["rotations"]:
        words[rotation["id"].lower()] = rotation["id"]
        words[" ".join(rotation["name"].split()).lower()] = rotation["id"]
    return words


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def health(pb: Playbook, request: Request) -> OncallReport:
    con = connect()
    try:
        return _health(con, pb, request)
    finally:
        con.close()


def _working(pb: Playbook) -> tuple[frozenset[int], int, int, bool]:
    health_data = pb["on-call"]["health"]
    coverage_id = health_data.get("working_hours")
    if coverage_id is None:
        raise CalibrateError("on-call.yml health has no working_hours; name the coverage hours (organisation.yml) "
                             "that count as an engineer's working day, so after-hours pages can be counted")
    entry = coverage_entries(pb["organisation"]).get(coverage_id)
    if entry is None:
        raise CalibrateError(f"on-call.yml health.working_hours: unknown coverage hours '{coverage_id}'; use an id "
                             "from organisation.yml coverage_hours")
    if entry.get("always_staffed"):
        return frozenset(range(7)), 0, 1440, True
    return frozenset(WEEKDAYS.index(d) for d in entry["days"]), clock_minutes(entry["start"]), \
        clock_minutes(entry["end"]), False


def holidays_by_zone(pb: Playbook) -> dict[str | None, list[str]]:
    """The working hours' public holidays (ISO dates): under None for everyone, or per time zone."""
    org = pb["organisation"]
    entry = coverage_entries(org).get(pb["on-call"]["health"].get("working_hours"), {})
    rule = entry.get("public_holidays") or {}
    if entry.get("always_staffed") or not rule:
        return {}
    known = regions(org)
    if "region" in rule:
        return {None: [h["date"] for h in known.get(rule["region"], {}).get("public_holidays", [])]}
    zones: dict[str | None, list[str]] = {}
    for region in known.values():
        zones.setdefault(region["time_zone"], []).extend(h["date"] for h in region.get("public_holidays", []))
    return zones


def after_hours_sql(pb: Playbook, local: str, zone: str) -> str:
    """SQL: TRUE when the local timestamp `local` (in the time zone named by SQL `zone`) is outside the working
    hours or on one of their public holidays (holidays_by_zone)."""
    days, start, end, always = _working(pb)
    if always:
        return "FALSE"
    minute = f"(hour({local}) * 60 + minute({local}))"
    outside = (f"NOT ((isodow({local}) - 1) IN ({', '.join(map(str, sorted(days)))}) "
               f"AND {minute} >= {start} AND {minute} < {end})")
    holidays = holidays_by_zone(pb)
    if not any(holidays.values()):
        return outside
    day = f"CAST({local} AS DATE)"
    dates = ", ".join(f"DATE {_sql_text(d)}" for d in sorted({d for ds in holidays.values() for d in ds}))
    if None in holidays:
        exact = "TRUE"
    else:  # the zone is asked only on a day that is a holiday somewhere: few rows
        table = ", ".join(f"{_sql_text(z)}: [{', '.join(f'DATE {_sql_text(d)}' for d in sorted(set(ds)))}]"
                          for z, ds in sorted(holidays.items()))  # type: ignore[arg-type]
        exact = f"COALESCE(list_contains(MAP {{{table}}}[{zone}], {day}), FALSE)"
    return f"(CASE WHEN {outside} THEN TRUE WHEN {day} IN ({dates}) THEN {exact} ELSE FALSE END)"


def load_pages(con: duckdb.DuckDBPyConnection, pb: Playbook, request: Request, table: str,
               fields: tuple[str, ...] = ("person", "rotation", "paged_at", "acknowledged_at", "resolved_at",
                                          "time_zone")) -> Loaded:
    """A paging export as table `table` (source.load), with the on-call report's checks on its rows."""
    known = ", ".join(_sql_text(w) for w in _rotation_words(pb))
    checks = (Check("rotation", f"lower(trim(f_rotation)) NOT IN ({known})",
                    "is not a rotation id or name of on-call.yml"),
              Check("time_zone", "f_time_zone NOT IN (SELECT name FROM pg_timezone_names())",
                    "is not a time zone (an IANA name such as Europe/London)"),
              Check("acknowledged_at", "f_acknowledged_at < f_paged_at", "is before the page"),
              Check("resolved_at", "f_resolved_at < f_paged_at", "is before the page"))
    return load(con, PAGES, request, table, pb["organisation"]["currency"], checks=checks, fields=fields)


def rotation_sql(pb: Playbook, column: str) -> str:
    """SQL: the rotation id of an export's rotation word in `column` (its id or name, any case)."""
    words = _rotation_words(pb)
    return "MAP {" + ", ".join(f"{_sql_text(w)}: {_sql_text(i)}" for w, i in words.items()) + \
        f"}}[lower(trim({column}))]"


def _health(con: duckdb.DuckDBPyConnection, pb: Playbook, request: Request) -> OncallReport:
    org_zone = pb["organisation"].get("time_zone", "UTC")
    loaded = load_pages(con, pb, request, "pages")
    window = pb["on-call"]["health"].get("sleep_window")
    rotations = {r["id"]: r for r in pb["on-call"]["rotations"]}
    zone = f"COALESCE(f_time_zone, {_sql_text(org_zone)})" if loaded.has("time_zone") else _sql_text(org_zone)
    done = " , ".join(f"f_{f}" for f in ("resolved_at", "acknowledged_at") if loaded.has(f))
    work = f"epoch(COALESCE({done + ', ' if done else ''}f_paged_at) - f_paged_at) / 60"
    local = (f"SELECT f_person AS person, {rotation_sql(pb, 'f_rotation')} AS rotation, "
             f"timezone({zone}, f_paged_at) AS local, {zone} AS zone, {work} AS work FROM pages WHERE _ok")
    minute = "(hour(local) * 60 + minute(local))"
    after = after_hours_sql(pb, "local", "zone")
    if window:
        s, e = clock_minutes(window["start"]), clock_minutes(window["end"])
        inside = f"({minute} >= {s} OR {minute} < {e})" if s > e else f"({minute} >= {s} AND {minute} < {e})"
        night = f"CAST(local - INTERVAL {e} MINUTE AS DATE)"
    else:
        inside, night = "FALSE", "NULL"
    con.execute(f"CREATE OR REPLACE TEMP TABLE q AS SELECT person, rotation, local, work, "
                f"strftime(local, '%G-W%V') AS week, {after} AS after, {inside} AS asleep, "
                f"CASE WHEN {inside} THEN {night} END AS night, isodow(local) >= 6 AS weekend FROM ({local}) AS p")
    rows = con.execute("""
        WITH base AS (SELECT week, person, count(*) AS pages, count_if(after) AS after_hours, count_if(asleep) AS sleep,
                             COALESCE(sum(work) FILTER (WHERE weekend), 0) AS weekend_work
                      FROM q GROUP BY week, person),
             nights AS (SELECT DISTINCT person, night FROM q WHERE night IS NOT NULL),
             islands AS (SELECT person, night, night - CAST(row_number() OVER (PARTITION BY person ORDER BY night)
                                AS INTEGER) AS grp FROM nights),
             runs AS (SELECT person, strftime(max(night), '%G-W%V') AS week, count(*) AS run FROM islands
                      GROUP BY person, grp),
             best AS (SELECT person, week, max(run) AS run FROM runs GROUP BY person, week),
             weeks AS (SELECT DISTINCT person, week, CAST(date_trunc('week', local) AS DATE) AS monday FROM q),
             wgrp AS (SELECT person, week, monday, monday - 7 * CAST(row_number() OVER (PARTITION BY person
                             ORDER BY monday) AS INTEGER) AS grp FROM weeks),
             wrun AS (SELECT person, week, row_number() OVER (PARTITION BY person, grp ORDER BY monday) AS run FROM wgrp)
        SELECT base.week, base.person, pages, after_hours, sleep, COALESCE(best.run, 0), weekend_work, wrun.run
        FROM base LEFT JOIN best USING (person, week) JOIN wrun USING (person, week)
        ORDER BY base.week DESC, pages DESC, base.person""").fetchall()
    flags = flags_from(pb)
    people = []
    for row in rows:
        person = PersonWeek(*row)
        people.append(replace(person, flags=tuple(f.id for f in flags if _fires(f, person))))
    threshold = float(quantity_magnitude(pb["on-call"]["health"]["pages_per_engineer_per_week"]) or 0)
    share = pb["on-call"]["health"].get("after_hours_share")
    rotation_rows = []
    for week, rotation, pages, after_hours, people_count in con.execute(
            "SELECT week, rotation, count(*), count_if(after), count(DISTINCT person) FROM q "
            "GROUP BY week, rotation ORDER BY week DESC, rotation").fetchall():
        members = int(rotations[rotation]["members"])
        per = pages / members
        rotation_rows.append(RotationWeek(week, rotation, rotations[rotation]["name"], pages, after_hours,
                                          people_count, members, per, "pass" if per <= threshold else "fail"))
    weeks = tuple(sorted({p.week for p in people}, reverse=True))
    return OncallReport(loaded.export.shown, describe_mapping(loaded, request), loaded.total, loaded.counted,
                        loaded.excluded, tuple(loaded.excluded_lines()), weeks, tuple(people), tuple(rotation_rows),
                        flags, threshold, float(share["percent"]) if share else None)
