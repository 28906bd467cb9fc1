"""Benchmark the three operations reports against hand-written DuckDB queries of the same figures.

Not a test: it prints a table. It generates each export with the seeded sample generators (one
million rows by default) as CSV and Parquet, once, into a cache folder, then times, interleaved
so that other work on the machine hurts both sides alike:

- the report in-process (mapping or preset, reading, conversion, every figure, the report), and
- the queries a careful analyst would write by hand for the same figures, typed against the
  export's own columns, with the same calendar table for staffed hours (outcomes).

Median of --runs each, wall and CPU seconds; then one subprocess of each, as a user runs them,
for wall time with start-up and peak memory (ru_maxrss of that process alone). Each hand query
also checks the report's headline figures. Last, where the time goes: one more run of each side
with every SQL statement timed (CPU s, largest first; "other" is Python and small queries).

Example:
    .venv/bin/python scripts/bench_operations.py
    .venv/bin/python scripts/bench_operations.py --rows 200000 --runs 3 --only actions
    git archive REV | tar -x -C /tmp/base && .venv/bin/python scripts/bench_operations.py --runs 3 --baseline /tmp/base

With --baseline DIR (a copy of an older revision), each report of that tree and of this one is also timed
in a child process of its own (a warm-up call, then one timed call), interleaved: before, after and
after/before in one run, on the same exports.
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, Callable

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402

from scripts.bench_calibrate import _cpu, subprocess_run, timed  # noqa: E402
from macros.operations import sample  # noqa: E402
from macros.playbook import load_playbook  # noqa: E402

AS_OF = "2026-11-30"
JIRA = "%d/%b/%y %I:%M %p"

ACTIONS_SQL = """
CREATE TEMP TABLE a AS SELECT "Issue key" AS id, "Assignee" AS owner, "Custom field (Escalation ID)" AS esc,
  CASE WHEN "Status" IN ('Done', 'Closed', 'Resolved', 'Won''t Do', 'Cancelled') THEN 'done' ELSE 'open' END AS status,
  CAST(strptime("Due date", '{jira}') AS DATE) AS due, CAST(strptime("Created", '{jira}') AS DATE) AS created,
  TRY_CAST("Custom field (Prevent-repeat score)" AS DOUBLE) AS score,
  DATE '{as_of}' - CAST(strptime("Due date", '{jira}') AS DATE) AS late FROM {source};
SELECT count(*), count_if(status = 'open'), count_if(status = 'done'), count_if(status = 'open' AND late > 0),
       count_if(status = 'open' AND late > 14), count_if(status = 'open' AND late BETWEEN -7 AND 0) FROM a;
SELECT owner, count(*), count_if(late BETWEEN -7 AND 0), count_if(late > 0), count_if(late > 14) FROM a
  WHERE status = 'open' GROUP BY owner;
SELECT esc, count(*), count_if(status = 'open'), count_if(status = 'open' AND late > 0) FROM a GROUP BY esc
  HAVING count_if(status = 'open') > 0 ORDER BY 4 DESC LIMIT 200;
SELECT strftime(first, '%Y-%m') AS month, count(*), count(score), avg(score), min(score)
  FROM (SELECT esc, min(created) AS first, max(score) AS score FROM a GROUP BY esc) GROUP BY month;
SELECT id, esc, owner, due, late FROM a WHERE status = 'open' AND late > 0 ORDER BY late DESC LIMIT 200;
"""

ONCALL_SQL = """
CREATE TEMP TABLE q AS SELECT "user_name" AS person, "escalation_policy_name" AS rotation,
  timezone("user_time_zone", CAST("created_at" AS TIMESTAMPTZ)) AS local, "user_time_zone" AS zone,
  epoch(CAST("resolved_at" AS TIMESTAMPTZ) - CAST("created_at" AS TIMESTAMPTZ)) / 60 AS work FROM {source};
CREATE TEMP TABLE r AS SELECT person, rotation, local, work, strftime(local, '%G-W%V') AS week,
  NOT (isodow(local) <= 5 AND hour(local) * 60 + minute(local) >= 480 AND hour(local) * 60 + minute(local) < 1080)
    OR EXISTS (SELECT 1 FROM h WHERE h.zone = q.zone AND h.day = CAST(local AS DATE)) AS after,
  hour(local) * 60 + minute(local) >= 1320 OR hour(local) * 60 + minute(local) < 420 AS asleep,
  CASE WHEN hour(local) * 60 + minute(local) >= 1320 OR hour(local) * 60 + minute(local) < 420
       THEN CAST(local - INTERVAL 420 MINUTE AS DATE) END AS night, isodow(local) >= 6 AS weekend FROM q;
WITH base AS (SELECT week, person, count(*) AS pages, count_if(after) AS after_hours, count_if(asleep) AS sleep,
                     COALESCE(sum(work) FILTER (WHERE weekend), 0) AS weekend_work FROM r GROUP BY ALL),
     nights AS (SELECT DISTINCT person, night FROM r WHERE night IS NOT NULL),
     islands AS (SELECT person, night, night - CAST(row_number() OVER (PARTITION BY person ORDER BY night) AS INTEGER)
                 AS grp FROM nights),
     best AS (SELECT person, week, max(run) AS run FROM (SELECT person, strftime(max(night), '%G-W%V') AS week,
              count(*) AS run FROM islands GROUP BY person, grp) GROUP BY ALL),
     weeks AS (SELECT DISTINCT person, week, CAST(date_trunc('week', local) AS DATE) AS monday FROM r),
     wrun AS (SELECT person, week, row_number() OVER (PARTITION BY person, grp ORDER BY monday) AS run FROM
              (SELECT *, monday - 7 * CAST(row_number() OVER (PARTITION BY person ORDER BY monday) AS INTEGER) AS grp
               FROM weeks))
SELECT base.*, COALESCE(best.run, 0), wrun.run FROM base LEFT JOIN best USING (person, week) JOIN wrun USING (person, week);
SELECT week, rotation, count(*), count_if(after), count(DISTINCT person) FROM r GROUP BY ALL;
"""

OUTCOMES_SQL = """
CREATE TEMP TABLE e AS SELECT "Id" AS id, "Organization" AS cust, "Assignee" AS owner,
  lower("Priority") AS word, lower("Plan") AS tier, lower("Region") AS region, "Root cause" AS cause,
  CAST("Created at" AS TIMESTAMPTZ) AS declared, CAST("Acknowledged at" AS TIMESTAMPTZ) AS ack,
  CAST("SME joined at" AS TIMESTAMPTZ) AS sme, CAST("Solved at" AS TIMESTAMPTZ) AS resolved,
  strftime(CAST("Created at" AS TIMESTAMPTZ), '%Y-%m') AS month,
  CASE WHEN "Updates" <> '' THEN list_transform(string_split("Updates", '; '), lambda x: CAST(x AS TIMESTAMPTZ)) END
    AS sends FROM {source};
UPDATE e SET word = CASE word WHEN 'urgent' THEN 'p1' WHEN 'high' THEN 'p2' WHEN 'normal' THEN 'p3' ELSE 'p4' END;
SELECT month, word, quantile_cont(v, 0.9), count(*), count_if(v <= 15) FROM (SELECT month, word,
  epoch(COALESCE(ack, TIMESTAMPTZ '{end}') - declared) / 60 AS v FROM e WHERE word = 'p1' AND
  (ack IS NOT NULL OR (resolved IS NULL AND epoch(TIMESTAMPTZ '{end}' - declared) / 60 > 15)))
  GROUP BY GROUPING SETS ((month), (month, word));
SELECT month, word, quantile_cont(v, 0.9), count(*), count_if(v <= 30) FROM (SELECT month, word,
  epoch(COALESCE(sme, TIMESTAMPTZ '{end}') - declared) / 60 AS v FROM e WHERE
  (sme IS NOT NULL OR (resolved IS NULL AND epoch(TIMESTAMPTZ '{end}' - declared) / 60 > 30)))
  GROUP BY GROUPING SETS ((month), (month, word));
SELECT month, 100.0 * count_if(rep) / count(*) FROM (SELECT month, COALESCE(epoch(declared - lag(declared) OVER
  (PARTITION BY cust, cause ORDER BY declared, id)) <= 7776000, FALSE) AS rep FROM e) GROUP BY month;
WITH ev AS (SELECT e.month, k.key, k.always, k.cadence, least(COALESCE(e.resolved, TIMESTAMPTZ '{end}'),
                   TIMESTAMPTZ '{end}') AS finish, list_concat([COALESCE(e.ack, e.declared)], list_sort(list_filter(sends,
                   lambda x: x >= COALESCE(e.ack, e.declared) AND x <= TIMESTAMPTZ '{end}'))) AS m
            FROM e JOIN k ON e.tier = k.tier AND e.word = k.pri AND e.region IS NOT DISTINCT FROM k.region),
     pairs AS (SELECT month, key, always, cadence, unnest(m[:-2]) AS prev, unnest(m[2:]) AS upto, FALSE AS missed FROM ev
               UNION ALL
               SELECT month, key, always, cadence, m[-1], finish, TRUE FROM ev WHERE finish > m[-1]),
     judged AS (SELECT p.month, p.missed, CASE WHEN p.always THEN epoch(p.upto - p.prev) / 60 ELSE
                  (da.base + (greatest(0, least(epoch(p.upto), da.e1) - da.s1)
                              + greatest(0, least(epoch(p.upto), da.e2) - da.s2)) / 60)
                - (dp.base + (greatest(0, least(epoch(p.prev), dp.e1) - dp.s1)
                              + greatest(0, least(epoch(p.prev), dp.e2) - dp.s2)) / 60) END <= p.cadence AS on_time
                FROM pairs p
                LEFT JOIN w da ON p.key = da.key AND da.day = CAST(floor(epoch(p.upto) / 86400) AS INTEGER)
                LEFT JOIN w dp ON p.key = dp.key AND dp.day = CAST(floor(epoch(p.prev) / 86400) AS INTEGER))
SELECT month, 100.0 * count_if(on_time) / count(*), count(*) FROM judged WHERE NOT missed OR NOT on_time GROUP BY month;
"""


def source(path: Path) -> str:
    if path.suffix == ".parquet":
        return f"read_parquet('{path}')"
    return f"read_csv('{path}', all_varchar=true, header=true)"


def exports(folder: Path, rows: int, only: list[str]) -> dict[str, dict[str, Path]]:
    folder.mkdir(parents=True, exist_ok=True)
    pb, _ = load_playbook(ROOT)
    cadences = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"]["cadences"]}
    makers: dict[str, Callable[[], tuple[list[str], list[dict[str, Any]]]]] = {
        "actions": lambda: sample.actions(limit=rows),
        "oncall": lambda: sample.pages(sample.paging_rotations(pb), limit=rows),
        "outcomes": lambda: sample.escalations(pb["organisation"], cadences, list(pb.levels), list(pb.priorities),
                                                  limit=rows, list_column=True)[:2],
    }
    paths: dict[str, dict[str, Path]] = {}
    for kind in only:
        paths[kind] = {}
        data = None
        for fmt in ("parquet", "csv"):
            path = folder / f"{kind}-{rows}.{fmt}"
            if not path.exists():
                if data is None:
                    print(f"generating {kind} ...", file=sys.stderr)
                    data = makers[kind]()
                partial = path.with_suffix(".partial")
                sample.write(partial, *data, fmt=fmt)
                partial.rename(path)
            paths[kind][fmt] = path
    return paths


def hand(kind: str, path: Path, pb: Any) -> Callable[[], list]:
    def run() -> list:
        con = duckdb.connect()
        con.execute("SET TimeZone = 'UTC'")
        try:
            if kind == "actions":
                script = ACTIONS_SQL.format(jira=JIRA, as_of=AS_OF, source=source(path))
            elif kind == "oncall":
                _holiday_table(con, pb)
                script = ONCALL_SQL.format(source=source(path))
            else:
                _calendar_table(con, pb)
                end = (dt.datetime.fromisoformat(AS_OF) + dt.timedelta(days=1)).replace(tzinfo=dt.timezone.utc)
                script = OUTCOMES_SQL.format(source=source(path), end=end.isoformat())
            return [con.execute(q).fetchall() for q in script.split(";\n") if q.strip()]
        finally:
            con.close()
    return run


def _holiday_table(con: duckdb.DuckDBPyConnection, pb: Any) -> None:
    """The analyst's holiday table h(zone, day): each region's public holidays under its time zone (the example's
    working hours take the holidays of the customer's region; an engineer's is the one with their zone)."""
    con.execute("CREATE TEMP TABLE h (zone VARCHAR, day DATE)")
    con.executemany("INSERT INTO h VALUES (?, ?)", [(r["time_zone"], h["date"]) for r in pb["organisation"]["regions"]
                                                    for h in r["public_holidays"]])


def _calendar_table(con: duckdb.DuckDBPyConnection, pb: Any) -> None:
    """The analyst's calendar: staffed minutes per UTC day and coverage (from hours.py, as an analyst's
    calendar table would be), and the cadence table k."""
    from macros.operations.staffed import calendar, load_windows

    org = pb["organisation"]
    cadences = {(c["priority"], c["tier"]): c["every"] for c in pb["communication"]["cadences"]}
    rows, cals = [], {}
    for tier in org["tiers"]:
        for block in tier["coverage"]:
            for pri in block["priorities"]:
                for region in [r["id"] for r in org["regions"]]:
                    cal = calendar(org, block["hours"], region)
                    cals[cal.key] = cal
                    ((unit, amount),) = cadences[(pri, tier["id"])].items()
                    minutes = amount * (cal.day_minutes if unit == "business_days" else
                                        {"minutes": 1, "hours": 60, "days": 1440}[unit])
                    rows.append((tier["id"], pri, region, cal.key, cal.always, minutes))
    con.execute("CREATE TEMP TABLE k (tier VARCHAR, pri VARCHAR, region VARCHAR, key VARCHAR, always BOOLEAN, "
                "cadence DOUBLE)")
    con.executemany("INSERT INTO k VALUES (?, ?, ?, ?, ?, ?)", rows)
    load_windows(con, org, list(cals.values()), dt.datetime(2026, 8, 1, tzinfo=dt.timezone.utc),
                 dt.datetime(2027, 1, 31, tzinfo=dt.timezone.utc), table="w")


def ours(kind: str, path: Path, pb: Any) -> Callable[[], Any]:
    from macros.operations.actions import track
    from macros.operations.oncall import health
    from macros.operations.outcomes import measure
    from macros.operations.source import Request

    if kind == "actions":
        return lambda: track(pb, Request(path), dt.date.fromisoformat(AS_OF))
    if kind == "oncall":
        return lambda: health(pb, Request(path))
    return lambda: measure(pb, Request(path, maps=("updates=Updates",)), None, dt.date.fromisoformat(AS_OF))


class _Timed:
    """A DuckDB connection whose statements are timed (CPU s), for where the time goes."""

    def __init__(self, con: duckdb.DuckDBPyConnection, log: list[tuple[float, str]]):
        self._con, self._log = con, log

    def execute(self, query: str, *args: Any) -> Any:
        cpu = _cpu()
        result = self._con.execute(query, *args)
        if query.lstrip().upper().startswith(("SELECT", "WITH")):
            rows = result.fetchall()
            result = _Rows(rows)
        self._log.append((_cpu() - cpu, _label(query)))
        return result

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)


class _Rows:
    def __init__(self, rows: list) -> None:
        self.rows = rows

    def fetchall(self) -> list:
        return self.rows

    def fetchone(self) -> Any:
        return self.rows[0] if self.rows else None


def _label(query: str) -> str:
    words = " ".join(query.split())
    table = re.match(r"(?i)(?:CREATE (?:OR REPLACE )?TEMP (?:TABLE|VIEW) |UPDATE )(\w+)", words)
    return f"table {table.group(1)}" if table else "queries"


def where_time_goes(kind: str, path: Path, pb: Any) -> tuple[list[tuple[float, str]], list[tuple[float, str]]]:
    """One run of each side with every statement timed: (CPU s, label), summed per label, largest first."""
    from macros.operations import actions, oncall, outcomes, source

    ours_log: list[tuple[float, str]] = []
    real = source.connect
    modules = (source, actions, oncall, outcomes)
    for module in modules:
        setattr(module, "connect", lambda: _Timed(real(), ours_log))
    try:
        cpu = _cpu()
        ours(kind, path, pb)()
        total = _cpu() - cpu
    finally:
        for module in modules:
            setattr(module, "connect", real)
    hand_log: list[tuple[float, str]] = []
    original = duckdb.connect
    duckdb.connect = lambda *a, **k: _Timed(original(*a, **k), hand_log)  # type: ignore[assignment]
    try:
        cpu = _cpu()
        hand(kind, path, pb)()
        hand_total = _cpu() - cpu
    finally:
        duckdb.connect = original  # type: ignore[assignment]
    return _summed(ours_log, total), _summed(hand_log, hand_total)


def _summed(log: list[tuple[float, str]], total: float) -> list[tuple[float, str]]:
    sums: dict[str, float] = {}
    for cpu, label in log:
        sums[label] = sums.get(label, 0.0) + cpu
    listed = sorted(((c, label) for label, c in sums.items()), reverse=True)
    return listed + [(max(0.0, total - sum(sums.values())), "other")]


def check(kind: str, report: Any, figures: list) -> str:
    if kind == "actions":
        want = figures[1][0][:6]
        got = (report.counted, report.open, report.done, report.overdue_count, report.escalated_count,
               report.due_soon_count)
    elif kind == "oncall":
        want = sorted((r[0], r[1], r[2], r[3]) for r in figures[2])
        got = sorted((p.week, p.person, p.pages, p.after_hours) for p in report.people)
        return "figures agree" if want == got else f"FIGURES DIFFER ({len(want)} vs {len(got)} person-weeks)"
    else:
        comp = next(m for m in report.metrics if m.kind == "update-compliance")
        got = sorted((m.month, round(m.total.value, 6)) for m in comp.months)
        want = sorted((r[0], round(r[1], 6)) for r in figures[-1])
    return "figures agree" if tuple(want) == tuple(got) else f"FIGURES DIFFER: report {got}, hand {want}"


CHILD = """import sys
sys.path.insert(0, {root!r})
from pathlib import Path
from scripts.bench_operations import ours
from scripts.bench_calibrate import timed
from macros.playbook import load_playbook
pb, _ = load_playbook(Path({root!r}))
run = ours({kind!r}, Path({path!r}), pb)
run()
wall, cpu, _ = timed(run)
print(wall, cpu)
"""


def child(root: Path, kind: str, path: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one call of tree `root`'s report, warmed up, in a process of its own."""
    out = subprocess.run([sys.executable, "-c", CHILD.format(root=str(root), kind=kind, path=str(path))],
                         capture_output=True, text=True, check=True, cwd=root)
    wall, cpu = out.stdout.split()[-2:]
    return float(wall), float(cpu)


CLI = {"actions": ["actions", "--as-of", AS_OF, "--format", "json"],
       "oncall": ["oncall-health", "--format", "json"],
       "outcomes": ["outcomes", "--map", "updates=Updates", "--as-of", AS_OF, "--format", "json"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", choices=["actions", "oncall", "outcomes"], action="append")
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "playbook-operations-bench")
    parser.add_argument("--baseline", type=Path, help="a copy of an older revision to time side by side")
    args = parser.parse_args()
    kinds = args.only or ["actions", "oncall", "outcomes"]
    paths = exports(args.dir, args.rows, kinds)
    pb, _ = load_playbook(ROOT)
    playbook = str(Path(sys.executable).parent / "playbook")
    print(f"\n{args.rows:,}-row exports; in-process: median of {args.runs} interleaved runs, wall s (cpu s)\n")
    print(f"{'report':10}{'format':9}{'rows':>10}{'MB':>6}{'report':>16}{'hand SQL':>16}{'ratio':>13}"
          f"{'report: s, peak MB':>22}{'hand: s, peak MB':>20}  check")
    profiles: list[tuple[str, str, tuple[list[tuple[float, str]], list[tuple[float, str]]]]] = []
    before: list[tuple[str, str, tuple[float, float], tuple[float, float]]] = []
    for kind in kinds:
        for fmt, path in paths[kind].items():
            samples: dict[str, list[tuple[float, float]]] = {"ours": [], "hand": [], "before": [], "after": []}
            report = figures = None
            for _ in range(args.runs):
                wall, cpu, report = timed(ours(kind, path, pb))
                samples["ours"].append((wall, cpu))
                wall, cpu, figures = timed(hand(kind, path, pb))
                samples["hand"].append((wall, cpu))
                if args.baseline:
                    samples["before"].append(child(args.baseline, kind, path))
                    samples["after"].append(child(ROOT, kind, path))
            med = {k: (statistics.median(w for w, _ in v), statistics.median(c for _, c in v))
                   for k, v in samples.items() if v}
            if args.baseline:
                before.append((kind, fmt, med["before"], med["after"]))
            command = [playbook, "--root", str(ROOT), CLI[kind][0], str(path), *CLI[kind][1:]]
            sub_ours = subprocess_run(command)
            hand_code = (f"import sys; sys.path.insert(0, {str(ROOT)!r}); from scripts.bench_operations import hand; "
                         f"from macros.playbook import load_playbook; from pathlib import Path; "
                         f"pb, _ = load_playbook(Path({str(ROOT)!r})); hand({kind!r}, Path({str(path)!r}), pb)()")
            sub_hand = subprocess_run([sys.executable, "-c", hand_code])
            (ow, oc), (hw, hc) = med["ours"], med["hand"]
            rows = report.total  # type: ignore[union-attr]
            print(f"{kind:10}{fmt:9}{rows:>10,}{path.stat().st_size / 1e6:>6.0f}{f'{ow:.2f} ({oc:.2f})':>16}"
                  f"{f'{hw:.2f} ({hc:.2f})':>16}{f'{ow / hw:.2f} ({oc / hc:.2f})':>13}"
                  f"{f'{sub_ours[0]:.2f} s, {sub_ours[1]:.0f} MB':>22}{f'{sub_hand[0]:.2f} s, {sub_hand[1]:.0f} MB':>20}"
                  f"  {check(kind, report, figures)}")
            profiles.append((kind, fmt, where_time_goes(kind, path, pb)))
    if before:
        print(f"\nbefore ({args.baseline}) and after (this tree), each in a child process, median of {args.runs}, "
              "wall s (cpu s)")
        for kind, fmt, (bw, bc), (aw, ac) in before:
            print(f"{kind:10}{fmt:9}  before {bw:.2f} ({bc:.2f})  after {aw:.2f} ({ac:.2f})  "
                  f"after/before {aw / bw:.2f} ({ac / bc:.2f})")
    print("\nwhere the time goes: one more run of each side, CPU s per table made (its conversion included) and for the "
          "queries over them; 'other' is Python and connection set-up")
    for kind, fmt, (mine, theirs) in profiles:
        for side, parts in (("report", mine), ("hand", theirs)):
            shown = " · ".join(f"{label} {cpu:.2f}" for cpu, label in parts if cpu >= 0.005)
            print(f"{kind:10}{fmt:9}{side:8}{sum(c for c, _l in parts):6.2f}  {shown}")


if __name__ == "__main__":
    main()
