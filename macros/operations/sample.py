"""Seeded generators of the three exports, with known planted patterns the tests look for.

Each looks like the tool's real export (its own column names and words, free text that must
never reach a report) and covers 90 days ending on END:

- actions (Jira CSV): review actions; one is exactly PLANTED_OVERDUE days overdue on END.
- escalations (Zendesk-like tickets) + updates (ticket metric events): one month
  (LATE_MONTH) sends customer updates late often enough to fall under the compliance target.
- pages (PagerDuty log entries): one engineer (BUSY) is paged above the weekly threshold, and
  another (NIGHTS) is paged at night on NIGHT_WEEK's nights in a row.

The same seed and settings give byte-identical files.
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path
from typing import Any, Iterable

import pyarrow as pa
import pyarrow.parquet as pq

END = dt.date(2026, 11, 30)
DAYS = 90
PLANTED_OVERDUE = 20
PLANTED_ACTION = "PER-1000"

FIRST = ["Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Greta", "Hugo", "Ines", "Jun", "Kofi", "Lena", "Mateo",
         "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tariq", "Uma", "Viktor", "Wen", "Yara"]
LAST = ["Diaz", "Okafor", "Lam", "Patel", "Kaya", "Adeyemi", "Berg", "Moreau", "Silva", "Tanaka", "Mensah", "Novak"]
CUSTOMERS = ["Northgate Labs", "Swiftwave Health", "Bluepeak Retail", "Orbis Freight", "Kestrel Bank",
             "Lumen Schools", "Harbor Insurance", "Quartz Media", "Tidewell Energy", "Vantage Legal"]
JIRA_TIME = "%d/%b/%y %I:%M %p"

Row = dict[str, Any]


def people(rng: random.Random, count: int) -> list[str]:
    names: list[str] = []
    while len(names) < count:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if name not in names:
            names.append(name)
    return names


def _jira(moment: dt.datetime) -> str:
    return moment.strftime(JIRA_TIME)


def actions(seed: int = 11, days: int = DAYS, limit: int | None = None) -> tuple[list[str], list[Row]]:
    """Jira's CSV export of review actions. Escalations are reviewed within a week of their start;
    each has 1 to 5 actions due 7 to 35 days later, most done on time, some late, a few still open."""
    rng = random.Random(seed)
    owners = people(rng, 14)
    start = dt.datetime.combine(END - dt.timedelta(days=days), dt.time(9))
    as_of = dt.datetime.combine(END, dt.time(0))
    per_day = 0.8 if limit is None else max(0.8, limit / 3.0 / days)
    rows: list[Row] = []
    number = 1001
    escalation = 5000
    for day in range(days):
        for _ in range(_poisson(rng, per_day)):
            escalation += 1
            reviewed = start + dt.timedelta(days=day, hours=rng.randint(0, 8), minutes=rng.randint(0, 59))
            score = rng.choice([4, 5, 6, 7, 7, 8, 8, 9, 10]) if rng.random() < 0.9 else None
            customer = rng.choice(CUSTOMERS)
            for _ in range(rng.randint(1, 5)):
                due = (reviewed + dt.timedelta(days=rng.randint(7, 35))).replace(hour=0, minute=0)
                late = due < as_of
                if late:
                    status = "Done" if rng.random() < 0.93 else rng.choice(["To Do", "In Progress"])
                else:
                    status = rng.choice(["To Do", "In Progress", "In Progress", "Done"])
                rows.append({"Issue key": f"PER-{number}", "Summary": f"Prevent a repeat at {customer}",
                             "Assignee": rng.choice(owners), "Reporter": rng.choice(owners),
                             "Due date": _jira(due), "Status": status, "Created": _jira(reviewed),
                             "Custom field (Escalation ID)": f"ESC-{escalation}",
                             "Custom field (Prevent-repeat score)": "" if score is None else str(score)})
                number += 1
    # the planted action: open, exactly PLANTED_OVERDUE days overdue on END
    due = as_of - dt.timedelta(days=PLANTED_OVERDUE)
    planted = {"Issue key": PLANTED_ACTION, "Summary": f"Add a health check for {CUSTOMERS[0]}",
               "Assignee": owners[0], "Reporter": owners[1], "Due date": _jira(due), "Status": "In Progress",
               "Created": _jira(due - dt.timedelta(days=21)), "Custom field (Escalation ID)": "ESC-4999",
               "Custom field (Prevent-repeat score)": "6"}
    rows.insert(0, planted)
    # an escalated action must be the planted one only: push every other open one inside the first threshold
    for row in rows[1:]:
        if row["Status"] in ("To Do", "In Progress"):
            due = dt.datetime.strptime(row["Due date"], JIRA_TIME)
            if (as_of - due).days > 14:
                row["Status"] = "Done"
    rows = rows[:limit] if limit else rows
    columns = ["Issue key", "Summary", "Assignee", "Reporter", "Due date", "Status", "Created",
               "Custom field (Escalation ID)", "Custom field (Prevent-repeat score)"]
    return columns, rows


def _poisson(rng: random.Random, mean: float) -> int:
    count, total = 0, rng.expovariate(1.0)
    while total < mean:
        count += 1
        total += rng.expovariate(1.0)
    return count


def write(path: Path, columns: list[str], rows: Iterable[Row], fmt: str | None = None) -> int:
    fmt = fmt or {".csv": "csv", ".jsonl": "jsonl", ".parquet": "parquet"}.get(path.suffix.lower(), "csv")
    rows = list(rows)
    if fmt == "csv":
        with open(path, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\n")
            writer.writerow(columns)
            for row in rows:
                writer.writerow([row.get(c, "") for c in columns])
    elif fmt == "jsonl":
        with open(path, "w", encoding="utf-8", newline="\n") as out:
            for row in rows:
                out.write(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n")
    else:
        table = pa.table({c: [None if row.get(c) in ("", None) else str(row[c]) for row in rows] for c in columns})
        pq.write_table(table, path, compression="zstd")
    return len(rows)


GENERATORS = {"actions": actions}
