"""Outcome metrics from an escalation export, each against its target in metrics.yml, per month.

How each metric is computed is data (`measure` in metrics.yml):

- from/to: minutes between two of the escalation's timestamps, per priority; the median or 90th
  percentile (linear interpolation) is compared with the target. An escalation still open (not
  resolved) whose end time is missing counts with the time elapsed by the period's end once that
  passes the target (it has already missed it); before that it is pending and not counted. One
  resolved without that time (no SME ever joined) is not counted.
- update_compliance: each customer update is due one cadence (communication.yml, by priority and
  tier) after the previous update, or after the acknowledgement (the declaration when there is
  none). Time counts only while the tier's coverage for that priority is staffed (hours.py), so
  a business-hours cadence pauses over a weekend. An update at exactly its due time is on time.
  An escalation whose next update came due before it was resolved (or before the period's end,
  while still open) without being sent counts one missed update.
- repeat_within: an escalation repeats when the same customer had one with the same root cause
  declared within the window before it. Customers are compared, never shown.
- pages_per_engineer: an escalation export holds no pages, so this one reads the paging export
  (--pages, as for `playbook oncall-health`): the month's pages on the rotations whose role is one
  of `roles`, divided by those rotations' engineers (their `members` in on-call.yml) and by the
  month's weeks (its days within the paging export's span, from the first page's day to the
  period's end, divided by 7): average pages per engineer per week. Months are UTC months, as
  for escalations. Without --pages it is not measured, and the report says so.

A target is met at its boundary. The period's end is --as-of (end of that day, UTC) or else the
latest moment in the export.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

import duckdb

from ..calibrate.errors import CalibrateError
from ..conditions import Field
from ..playbook import Playbook
from ..units import duration_minutes, duration_unit, quantity_magnitude, quantity_text
from .fields import ESCALATIONS, UPDATES, Kind
from .source import Check, Excluded, Loaded, Request, Shape, connect, describe_mapping, insert_rows, load
from .staffed import Calendar, calendar, day_of, load_windows, staffed_sql

LIST_SPLIT = r"\s*[;|]\s*"  # a list column: '2026-11-02 10:00; 2026-11-02 10:45'


@dataclass(frozen=True)
class Cell:
    """One metric in one month (and, in breakdowns, one priority or owner)."""

    value: float | None     # minutes or percent
    measured: int           # escalations (durations, repeats) or updates (compliance)
    within: int             # within the target
    open: int = 0           # durations: counted with the time elapsed so far; compliance: missed updates
    verdict: str | None = None  # 'pass' / 'fail' / None when nothing was measured


@dataclass(frozen=True)
class MonthResult:
    month: str
    total: Cell
    by_priority: tuple[tuple[str, Cell], ...] = ()


@dataclass(frozen=True)
class Metric:
    id: str
    name: str
    kind: str               # 'duration', 'update-compliance', 'repeat-rate'
    unit: str               # 'minutes' or 'percent'
    target_text: str        # 'below 15 minutes'
    target: float
    direction: str          # 'below' / 'above'
    statistic: str | None
    months: tuple[MonthResult, ...]   # newest first
    missing: str | None = None        # why it could not be measured from this export
    to: str | None = None             # durations: the timestamp the time ends at

    def month(self, month: str) -> MonthResult | None:
        return next((m for m in self.months if m.month == month), None)


@dataclass(frozen=True)
class OwnerRow:
    month: str
    owner: str
    escalations: int
    acknowledge: Cell | None
    compliance: Cell | None


@dataclass(frozen=True)
class MonthCount:
    month: str
    escalations: int
    by_level: tuple[tuple[str, int], ...]


@dataclass(frozen=True)
class OutcomesReport:
    export: str
    source: str
    period_end: dt.datetime
    total: int
    counted: int
    excluded: tuple[Excluded, ...]
    excluded_lines: tuple[str, ...]
    metrics: tuple[Metric, ...]
    months: tuple[MonthCount, ...]     # newest first
    owners: tuple[OwnerRow, ...]
    repeats: tuple[tuple[str, str, int], ...]  # month, root cause, repeat escalations
    updates: int = 0
    updates_unmatched: int = 0

    @property
    def failing(self) -> bool:
        latest = self.months[0].month if self.months else None
        return any((m.month(latest) or MonthResult("", Cell(None, 0, 0))).total.verdict == "fail"
                   for m in self.metrics) if latest else False

    def month_row(self, month: str | None) -> MonthCount | None:
        return next((m for m in self.months if m.month == month), None)

    def verdict_rows(self, month: str | None) -> list[list[str]]:
        rows = []
        for metric in self.metrics:
            result = metric.month(month) if month else None
            if metric.missing:
                rows.append([metric.name, f"not measured: {metric.missing}", metric.target_text, ""])
                continue
            if result is None or result.total.verdict is None:
                continue
            rows.append([metric.name, value_text(metric, result.total.value), metric.target_text,
                         result.total.verdict])
        return rows

    def repeat_causes(self, month: str | None) -> list[tuple[str, int]]:
        return [(cause, n) for m, cause, n in self.repeats if m == month]


def value_text(metric: Metric, value: float | None) -> str:
    if value is None:
        return "n/a"
    if metric.unit == "percent":
        return f"{value:.1f} %"
    if metric.unit == "pages per week":
        return f"{value:.2f} pages per engineer per week"
    return f"{value:.1f} min"


def escalation_kind(pb: Playbook) -> Kind:
    """The escalation fields, with priority, tier, level and region read as the playbook's ids."""
    enums = {"priority": tuple(p["id"] for p in pb["priorities"]["priorities"]),
             "tier": tuple(t["id"] for t in pb["organisation"]["tiers"]),
             "level": tuple(lv["id"] for lv in pb["levels"]["levels"]),
             "region": tuple(r["id"] for r in pb["organisation"].get("regions", []))}
    fields = tuple(Field(f.id, "enum", f.label, enums[f.id]) if f.id in enums and enums[f.id] else f
                   for f in ESCALATIONS.fields)
    return replace(ESCALATIONS, fields=fields)


def measure(pb: Playbook, request: Request, updates: Request | None = None, as_of: dt.date | None = None,
            pages: Request | None = None) -> OutcomesReport:
    con = connect()
    try:
        return _measure(con, pb, request, updates, as_of, pages)
    finally:
        con.close()


def _checks() -> tuple[Check, ...]:
    checks = [Check(f, f"f_{f} < f_declared_at", "is before the escalation was declared")
              for f in ("acknowledged_at", "sme_joined_at", "resolved_at")]
    pieces = _pieces_sql("f_updates")  # asked again only for a row with a piece that is not a date and time
    checks.append(Check("updates", f"CASE WHEN list_count(sends) = len(sends) THEN FALSE ELSE list_bool_or("
                                   f"list_transform({pieces}, lambda x: trim(x) <> '' AND "
                                   f"TRY_CAST(x AS TIMESTAMPTZ) IS NULL)) END",
                        "is a list with a value that is not a date and time (list them as ISO 8601, separated by "
                        "; or |)"))
    return tuple(checks)


def _pieces_sql(text: str) -> str:
    """SQL: the list column's pieces, split at ; or | with any whitespace around. Without | or whitespace other than
    spaces, a plain split at ; gives the same pieces up to spaces around them (which the cast to a timestamp
    ignores) at a fraction of the cost of the regular expression. A piece may be blank."""
    special = " OR ".join([f"contains({text}, '|')"] + [f"contains({text}, chr({c}))" for c in (9, 10, 12, 13)])
    return (f"(CASE WHEN {special} THEN regexp_split_to_array(trim({text}), '{LIST_SPLIT}') "
            f"ELSE string_split({text}, ';') END)")


def _sends_sql(text: str) -> str:
    """SQL: the update times of the list column, NULL for a blank piece (and for one that is not a date and time:
    the updates check leaves such a row out)."""
    return f"list_transform({_pieces_sql(text)}, lambda x: TRY_CAST(x AS TIMESTAMPTZ))"


def _escalation_shape(fields: tuple[str, ...]) -> Shape:
    """Table esc: the columns every metric reads, the month, and the list column's update times (`sends`, NULL for
    a blank piece)."""
    def col(field: str, alias: str) -> str:
        return f"f_{field} AS {alias}" if field in fields else f"NULL AS {alias}"

    columns = ", ".join([
        col("escalation_id", "id"), col("customer", "cust"), col("owner", "owner"), col("level", "lvl"),
        col("priority", "pri"), col("tier", "tier"), col("region", "region"), col("root_cause", "cause"),
        col("declared_at", "declared_at"), col("acknowledged_at", "acknowledged_at"),
        col("sme_joined_at", "sme_joined_at"), col("resolved_at", "resolved_at"),
        "strftime(f_declared_at, '%Y-%m') AS month",
        "sends" if "updates" in fields else "CAST(NULL AS TIMESTAMPTZ[]) AS sends"])
    return Shape(columns, {"sends": _sends_sql("f_updates")} if "updates" in fields else {})


def _measure(con: duckdb.DuckDBPyConnection, pb: Playbook, request: Request, updates: Request | None,
             as_of: dt.date | None, pages: Request | None = None) -> OutcomesReport:
    kind = escalation_kind(pb)
    loaded = load(con, kind, request, "esc", pb["organisation"]["currency"], checks=_checks(),
                  shape=_escalation_shape)
    if updates is not None:
        upd = load(con, UPDATES, updates, "upd", pb["organisation"]["currency"])
        excluded = loaded.excluded + upd.excluded
        lines = tuple(loaded.excluded_lines()) + tuple(upd.excluded_lines())
    else:
        upd, excluded, lines = None, loaded.excluded, tuple(loaded.excluded_lines())
    if pages is not None:
        from .oncall import load_pages, rotation_sql

        paged = load_pages(con, pb, pages, "paged_rows", ("rotation", "paged_at"))
        excluded, lines = excluded + paged.excluded, lines + tuple(paged.excluded_lines())
        con.execute(f"CREATE OR REPLACE TEMP TABLE paged AS SELECT {rotation_sql(pb, 'f_rotation')} AS rotation, "
                    "f_paged_at AS paged_at FROM paged_rows WHERE _ok")
    if loaded.counted == 0:
        raise CalibrateError(f"{loaded.export.shown}: no escalation could be read (every row is listed below)"
                             + "".join("\n" + line for line in lines))
    _escalations_table(con, upd)  # e: the escalations that were read, each with its update times
    end = _period_end(con, as_of, upd)
    if upd is not None:
        con.execute("DROP TABLE upd")  # everything below reads e and u
    metrics, judged = [], {}  # judged: the update pairs, judged once for every compliance metric
    for outcome in pb["metrics"]["outcomes"]:
        spec = outcome.get("measure")
        if spec is None:
            continue
        if "pages_per_engineer" in spec:
            metrics.append(_pages_per_engineer(con, pb, outcome, spec["pages_per_engineer"], end, pages is not None))
            continue
        metrics.append(_metric(con, pb, loaded, outcome, spec, end, upd is not None or loaded.has("updates"), judged))
    months = tuple(MonthCount(m, n, tuple(levels)) for m, n, levels in con.execute(
        "SELECT month, count(*), list_sort(list(DISTINCT lvl) FILTER (WHERE lvl IS NOT NULL)) FROM e "
        "GROUP BY month ORDER BY month DESC").fetchall())
    months = tuple(replace(m, by_level=tuple(con.execute(
        "SELECT lvl, count(*) FROM e WHERE month = ? AND lvl IS NOT NULL GROUP BY lvl ORDER BY lvl",
        [m.month]).fetchall())) for m in months)
    owners = _owners(con, metrics, loaded)
    repeats = _repeat_causes(con, pb, loaded)
    counts = con.execute("SELECT count(*), count_if(NOT matched) FROM u").fetchone() if upd is not None else \
        con.execute("SELECT COALESCE(sum(list_count(sends)), 0), 0 FROM e").fetchone()
    return OutcomesReport(loaded.export.shown, describe_mapping(loaded, request), end, loaded.total, loaded.counted,
                          excluded, lines, tuple(metrics), months, owners, repeats, counts[0], counts[1])


def _period_end(con: duckdb.DuckDBPyConnection, as_of: dt.date | None, upd: Loaded | None) -> dt.datetime:
    if as_of is not None:
        return dt.datetime.combine(as_of + dt.timedelta(days=1), dt.time(0), tzinfo=dt.timezone.utc)
    latest = con.execute("SELECT greatest(max(declared_at), max(acknowledged_at), max(sme_joined_at), "
                         "max(resolved_at)) FROM e").fetchone()[0]
    if upd is not None:
        sent = con.execute("SELECT max(f_sent_at) FROM upd WHERE _ok").fetchone()[0]
        latest = max(latest, sent) if sent is not None else latest
    return latest.astimezone(dt.timezone.utc)


def _escalations_table(con: duckdb.DuckDBPyConnection, upd: Loaded | None) -> None:
    """e: the escalations read (a view of esc, or with --updates a table with each escalation's update times from
    the second export), and u(id, sent, matched): that export's updates, `matched` when their escalation was read."""
    if upd is None:
        con.execute("CREATE OR REPLACE TEMP VIEW e AS SELECT * EXCLUDE (_ok, _b0) FROM esc WHERE _ok")
        return
    filters = " AND ".join(f"f_{f} IS NOT NULL" for f in ("metric", "event") if upd.has(f)) or "TRUE"
    con.execute("CREATE OR REPLACE TEMP TABLE u AS SELECT f_escalation_id AS id, f_sent_at AS sent, "
                f"f_escalation_id IN (SELECT id FROM esc WHERE _ok) AS matched FROM upd WHERE _ok AND {filters}")
    con.execute("CREATE OR REPLACE TEMP TABLE e AS SELECT esc.* EXCLUDE (_ok, _b0, sends), s.sends FROM esc "
                "LEFT JOIN (SELECT id, list(sent) AS sends FROM u WHERE matched GROUP BY id) AS s ON s.id = esc.id "
                "WHERE esc._ok")
    con.execute("DROP TABLE esc")


def _target(outcome: dict[str, Any]) -> tuple[str, float, str]:
    ((direction, quantity),) = outcome["target"].items()
    value = duration_minutes(quantity) if "percent" not in quantity and "count" not in quantity \
        else quantity_magnitude(quantity)
    return direction, float(value), f"{direction} {quantity_text(quantity)}"


def _verdict(direction: str, value: float | None, target: float) -> str | None:
    if value is None:
        return None
    return "pass" if (value <= target if direction == "below" else value >= target) else "fail"


def _metric(con: duckdb.DuckDBPyConnection, pb: Playbook, loaded: Loaded, outcome: dict[str, Any],
            spec: dict[str, Any], end: dt.datetime, has_updates: bool, judged: dict[str, Any]) -> Metric:
    direction, target, target_text = _target(outcome)
    base = dict(id=outcome["id"], name=outcome["name"], target_text=target_text, target=target, direction=direction)
    if "from" in spec:
        needed = [f for f in (spec["from"], spec["to"]) if not loaded.has(f)]
        metric = Metric(kind="duration", unit="minutes", statistic=spec["statistic"], months=(), to=spec["to"], **base)
        if needed:
            return replace(metric, missing=f"the export has no column for {' or '.join(needed)}")
        return replace(metric, months=_durations(con, _view(metric), spec, direction, target, end))
    if spec.get("update_compliance"):
        metric = Metric(kind="update-compliance", unit="percent", statistic=None, months=(), **base)
        if not has_updates:
            return replace(metric, missing="no customer updates: give --updates EXPORT or map the updates column")
        if "rows" not in judged:
            judged["rows"] = _compliance_rows(con, pb, end)
        return replace(metric, months=_months(judged["rows"], direction, target) if judged["rows"] else ())
    metric = Metric(kind="repeat-rate", unit="percent", statistic=None, months=(), **base)
    if not loaded.has("root_cause"):
        return replace(metric, missing="the export has no column for root_cause")
    return replace(metric, months=_repeat_rate(con, spec, direction, target))


def _pages_per_engineer(con: duckdb.DuckDBPyConnection, pb: Playbook, outcome: dict[str, Any], spec: dict[str, Any],
                        end: dt.datetime, has_pages: bool) -> Metric:
    """Per month: pages on the rotations of `spec['roles']` / their engineers / the month's weeks in the span."""
    direction, target, target_text = _target(outcome)
    metric = Metric(id=outcome["id"], name=outcome["name"], kind="pages-per-engineer", unit="pages per week",
                    target_text=target_text, target=target, direction=direction, statistic=None, months=())
    if not has_pages:
        return replace(metric, missing="pages come from the paging export: give --pages EXPORT "
                                       "(as for playbook oncall-health)")
    rotations = [r for r in pb["on-call"]["rotations"] if r.get("role") in spec["roles"]]
    engineers = sum(int(r["members"]) for r in rotations)
    if not rotations or not engineers:
        return replace(metric, missing=f"no rotation in on-call.yml has the role {' or '.join(spec['roles'])}")
    ids = ", ".join("'" + r["id"].replace("'", "''") + "'" for r in rotations)
    last = (end - dt.timedelta(microseconds=1)).date().isoformat()  # the period's end is exclusive
    rows = con.execute(f"""
        WITH span AS (SELECT CAST(min(paged_at) AS DATE) AS first, DATE '{last}' AS last FROM paged),
             months AS (SELECT CAST(m AS DATE) AS start, CAST(m + INTERVAL 1 MONTH AS DATE) - 1 AS stop
                        FROM span, range(date_trunc('month', first), last + 1, INTERVAL 1 MONTH) AS t(m)),
             counted AS (SELECT strftime(paged_at, '%Y-%m') AS month, count(*) AS pages FROM paged
                         WHERE rotation IN ({ids}) AND paged_at < {_end_sql(end)} GROUP BY month)
        SELECT strftime(start, '%Y-%m') AS month, COALESCE(pages, 0),
               least(stop, span.last) - greatest(start, span.first) + 1 AS days
        FROM months, span LEFT JOIN counted ON counted.month = strftime(start, '%Y-%m')
        WHERE span.first IS NOT NULL ORDER BY month DESC""").fetchall()
    months = []
    for month, count, days in rows:
        value = count / engineers / (days / 7)
        months.append(MonthResult(month, Cell(value, count, engineers, 0, _verdict(direction, value, target))))
    return replace(metric, months=tuple(months))


def _end_sql(end: dt.datetime) -> str:
    return f"TIMESTAMPTZ '{end.isoformat()}'"


def _view(metric: Metric) -> str:
    return "d_" + "".join(ch if ch.isalnum() else "_" for ch in metric.id)


def _durations(con: duckdb.DuckDBPyConnection, view: str, spec: dict[str, Any], direction: str, target: float,
               end: dt.datetime) -> tuple[MonthResult, ...]:
    start, stop = spec["from"], spec["to"]
    stat = "median(v)" if spec["statistic"] == "median" else "quantile_cont(v, 0.9)"
    only = f" AND pri IN ({', '.join(repr(p) for p in spec['priorities'])})" if spec.get("priorities") else ""
    elapsed = f"epoch(COALESCE({stop}, {_end_sql(end)}) - {start}) / 60"
    con.execute(f"CREATE OR REPLACE TEMP TABLE {view} AS SELECT month, pri, owner, {elapsed} AS v, {stop} IS NULL AS open "
                f"FROM e WHERE {start} IS NOT NULL{only} AND ({stop} IS NOT NULL OR "
                f"(resolved_at IS NULL AND {elapsed} > {target}))")
    rows = con.execute(f"SELECT month, pri, {stat}, count(*), count_if(v <= {target}), count_if(open) FROM {view} "
                       "GROUP BY GROUPING SETS ((month), (month, pri)) ORDER BY month DESC, pri NULLS FIRST").fetchall()
    return _months(rows, direction, target)


def _months(rows: list[tuple], direction: str, target: float) -> tuple[MonthResult, ...]:
    results: dict[str, MonthResult] = {}
    for month, key, value, measured, within, open_ in rows:
        cell = Cell(value, measured, within, open_, _verdict(direction, value, target))
        if key is None:
            results[month] = MonthResult(month, cell)
        else:
            found = results[month]
            results[month] = replace(found, by_priority=found.by_priority + ((key, cell),))
    return tuple(results.values())


def _calendars(con: duckdb.DuckDBPyConnection, pb: Playbook) -> dict[tuple[str, str, str | None], tuple[Calendar, float]]:
    """(tier, priority, region) -> the coverage calendar and the cadence in its minutes."""
    org = pb["organisation"]
    cadences = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"]["cadences"]}
    coverage = {(t["id"], p): block["hours"] for t in org["tiers"] for block in t["coverage"] for p in block["priorities"]}
    result = {}
    for tier, pri, region in con.execute("SELECT DISTINCT tier, pri, region FROM e").fetchall():
        if (tier, pri) not in coverage or (pri, tier) not in cadences:
            continue
        cal = calendar(org, coverage[(tier, pri)], region)
        unit, amount = duration_unit(cadences[(pri, tier)])
        minutes = amount * cal.day_minutes if unit == "business_days" else duration_minutes(cadences[(pri, tier)])
        result[(tier, pri, region)] = (cal, minutes)
    return result


def _compliance_rows(con: duckdb.DuckDBPyConnection, pb: Playbook, end: dt.datetime) -> list[tuple] | None:
    """Per month, and per month and priority: the share of updates on time, the updates, those on time and the
    missed ones; None when no escalation has a cadence. The same for every compliance metric (only the target
    differs), so a report works it out once."""
    calendars = _calendars(con, pb)
    if not calendars:
        return None
    con.execute("CREATE OR REPLACE TEMP TABLE k (tier VARCHAR, pri VARCHAR, region VARCHAR, key VARCHAR, "
                "always BOOLEAN, cadence DOUBLE)")
    insert_rows(con, "k", ("VARCHAR",) * 4 + ("BOOLEAN", "DOUBLE"),
                [(t, p, r, c.key, c.always, float(m)) for (t, p, r), (c, m) in calendars.items()])
    first, last, sent_last = con.execute("SELECT min(declared_at), greatest(max(declared_at), max(resolved_at)), "
                                         "max(list_max(sends)) FROM e").fetchone()
    last = max(x for x in (last, sent_last, end) if x is not None)
    unique = {c.key: c for c, _m in calendars.values()}
    load_windows(con, pb["organisation"], list(unique.values()), first, last)
    stop = _end_sql(end)
    # per escalation, its moments in order: the anchor (acknowledgement, else declaration), then the updates sent
    # from it to the period's end; consecutive moments are the (previous, update) pairs, and the last moment to the
    # escalation's finish is a tail that counts one missed update when it outlasts the cadence. Nothing per update
    # is kept: one pipeline from escalations to counts per (month, priority, owner).
    anchor = "COALESCE(e.acknowledged_at, e.declared_at)"
    con.execute(f"""CREATE OR REPLACE TEMP TABLE judged_t AS
        WITH ev AS (SELECT e.month, e.owner, e.pri, k.key, k.always, k.cadence,
                           least(COALESCE(e.resolved_at, {stop}), {stop}) AS finish,
                           list_concat([{anchor}], list_sort(list_filter(e.sends,
                               lambda x: x >= {anchor} AND x <= {stop}))) AS moments
                    FROM e JOIN k ON e.tier = k.tier AND e.pri = k.pri AND e.region IS NOT DISTINCT FROM k.region),
             pairs AS (SELECT month, owner, pri, key, always, cadence, unnest(moments[:-2]) AS prev,
                              unnest(moments[2:]) AS upto, FALSE AS missed FROM ev
                       UNION ALL
                       SELECT month, owner, pri, key, always, cadence, moments[-1], finish, TRUE FROM ev
                       WHERE finish > moments[-1]),
             judged AS (SELECT p.month, p.owner, p.pri, p.missed,
                               CASE WHEN p.always THEN epoch(p.upto - p.prev) / 60
                                    ELSE {staffed_sql('p.upto', 'da')} - {staffed_sql('p.prev', 'dp')} END
                               <= p.cadence AS on_time
                        FROM pairs AS p
                        LEFT JOIN staffed_days AS da ON da.key = p.key AND da.day = {day_of('p.upto')}
                        LEFT JOIN staffed_days AS dp ON dp.key = p.key AND dp.day = {day_of('p.prev')})
        SELECT month, pri, owner, count(*) AS n, count_if(on_time) AS ok, count_if(missed) AS missed FROM judged
        WHERE NOT missed OR NOT on_time GROUP BY ALL""")  # a tail still inside its cadence is no update at all
    return con.execute("SELECT month, pri, 100.0 * sum(ok) / sum(n), sum(n), sum(ok), sum(missed) FROM judged_t "
                       "GROUP BY GROUPING SETS ((month), (month, pri)) ORDER BY month DESC, pri NULLS FIRST").fetchall()


def _repeat_rate(con: duckdb.DuckDBPyConnection, spec: dict[str, Any], direction: str,
                 target: float) -> tuple[MonthResult, ...]:
    window = duration_minutes(spec["repeat_within"]) * 60
    con.execute(f"""CREATE OR REPLACE TEMP TABLE rep AS SELECT month, pri, cause,
        COALESCE(cause IS NOT NULL AND epoch(declared_at - lag(declared_at) OVER (PARTITION BY cust, cause
        ORDER BY declared_at, id)) <= {window}, FALSE) AS repeat FROM e""")
    rows = con.execute("SELECT month, pri, 100.0 * count_if(repeat) / count(*), count(*), count_if(NOT repeat), "
                       "0 FROM rep GROUP BY GROUPING SETS ((month), (month, pri)) "
                       "ORDER BY month DESC, pri NULLS FIRST").fetchall()
    return _months(rows, direction, target)


def _repeat_causes(con: duckdb.DuckDBPyConnection, pb: Playbook, loaded: Loaded) -> tuple[tuple[str, str, int], ...]:
    if not _table_exists(con, "rep"):
        return ()
    return tuple(con.execute("SELECT month, cause, count(*) FROM rep WHERE repeat GROUP BY month, cause "
                             "ORDER BY month DESC, count(*) DESC, cause").fetchall())


def _table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [name]).fetchone()[0])


def _owners(con: duckdb.DuckDBPyConnection, metrics: list[Metric], loaded: Loaded) -> tuple[OwnerRow, ...]:
    """Owners are evaluated on time to acknowledge and update compliance (the first duration metric
    whose end is the acknowledgement, and the compliance metric), per month."""
    if not loaded.has("owner"):
        return ()
    counts = con.execute("SELECT month, owner, count(*) FROM e WHERE owner IS NOT NULL GROUP BY ALL "
                         "ORDER BY month DESC, owner").fetchall()
    ack = next((m for m in metrics if m.kind == "duration" and not m.missing and m.to == "acknowledged_at"), None)
    ack_cells: dict[tuple[str, str], Cell] = {}
    if ack is not None:
        stat = "median(v)" if ack.statistic == "median" else "quantile_cont(v, 0.9)"
        for month, owner, value, n, within, open_ in con.execute(
                f"SELECT month, owner, {stat}, count(*), count_if(v <= {ack.target}), count_if(open) FROM "
                f"{_view(ack)} WHERE owner IS NOT NULL GROUP BY ALL").fetchall():
            ack_cells[(month, owner)] = Cell(value, n, within, open_, _verdict(ack.direction, value, ack.target))
    comp = next((m for m in metrics if m.kind == "update-compliance" and not m.missing and m.months), None)
    comp_cells: dict[tuple[str, str], Cell] = {}
    if comp is not None:
        for month, owner, value, n, within, missed in con.execute(
                "SELECT month, owner, 100.0 * sum(ok) / sum(n), sum(n), sum(ok), sum(missed) FROM judged_t "
                "WHERE owner IS NOT NULL GROUP BY ALL").fetchall():
            comp_cells[(month, owner)] = Cell(value, n, within, missed, _verdict(comp.direction, value, comp.target))
    return tuple(OwnerRow(month, owner, n, ack_cells.get((month, owner)), comp_cells.get((month, owner)))
                 for month, owner, n in counts)
