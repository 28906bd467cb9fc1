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


LATE_MONTH = "2026-10"   # customer updates are often late this month: compliance falls under target
ROOT_CAUSES = ["database", "deployment", "integration", "network", "configuration", "capacity"]
# Zendesk's four priority words, given to the organisation's priorities in their order (most urgent first),
# and how often each position occurs; an organisation with more priorities shares the last word and weight.
ZENDESK_PRIORITIES = ("Urgent", "High", "Normal", "Low")
POSITION_WEIGHTS = (0.25, 0.45, 0.25, 0.05)


def priority_words(priorities: list[str]) -> dict[str, str]:
    """The organisation's priority ids -> the Zendesk word a sample ticket carries for each."""
    return {p: ZENDESK_PRIORITIES[min(i, len(ZENDESK_PRIORITIES) - 1)] for i, p in enumerate(priorities)}
ZENDESK_TIME = "%Y-%m-%dT%H:%M:%SZ"


def escalations(org: dict[str, Any], cadences: dict[tuple[str, str], dict[str, Any]], levels: list[str],
                priorities: list[str], seed: int = 13, days: int = DAYS, limit: int | None = None,
                list_column: bool = False) -> tuple[list[str], list[Row], list[str], list[Row]]:
    """A Zendesk ticket export of escalations and its ticket metric events. Updates are sent at 60-95 %
    of the cadence in staffed time (hours.py), late (110-160 %) with a few per cent chance, and with a
    third of the chance in LATE_MONTH; one escalation declared an hour before END is still open.
    `levels` and `priorities` are the organisation's ids (levels.yml, priorities.yml), most urgent first.
    With `list_column` the updates go in an Updates column ('t1; t2') and no metric events are made."""
    from ..hours import staffed_hours

    rng = random.Random(seed)
    owners = people(rng, 10)
    words = priority_words(priorities)
    weights = [POSITION_WEIGHTS[min(i, len(POSITION_WEIGHTS) - 1)] for i in range(len(priorities))]
    start = dt.datetime.combine(END - dt.timedelta(days=days), dt.time(0), tzinfo=dt.timezone.utc)
    regions = [r["id"] for r in org.get("regions", [])] or [None]
    coverage = {(t["id"], p): b["hours"] for t in org["tiers"] for b in t["coverage"] for p in b["priorities"]}
    tiers = [t["id"] for t in org["tiers"]]
    per_day = 6.0 if limit is None else max(6.0, limit / days)
    tickets: list[Row] = []
    events: list[Row] = []
    number, event_id = 70000, 1
    calendars: dict[tuple[str, str | None], Any] = {}
    for day in range(days):
        for _ in range(_poisson(rng, per_day)):
            number += 1
            declared = start + dt.timedelta(days=day, minutes=rng.randint(0, 1439))
            pri = rng.choices(priorities, weights)[0]
            tier, region = rng.choice(tiers), rng.choice(regions)
            key = (coverage[(tier, pri)], region)
            hours = calendars.get(key) or calendars.setdefault(key, staffed_hours(org, *key))
            every = cadences[(pri, tier)]
            ((unit, amount),) = every.items()
            cadence = amount * hours.day_minutes if unit == "business_days" else amount * {"minutes": 1, "hours": 60,
                                                                                            "days": 1440}[unit]
            ack = declared + dt.timedelta(minutes=rng.choice([3, 5, 8, 10, 12, 14, 18, 25]))
            sme = declared + dt.timedelta(minutes=rng.choice([10, 15, 20, 25, 28, 35, 50]))
            late_chance = 0.12 if declared.strftime("%Y-%m") == LATE_MONTH else 0.01
            sent, updates = ack, []
            for _ in range(rng.randint(1, 4)):
                share = rng.uniform(1.1, 1.6) if rng.random() < late_chance else rng.uniform(0.6, 0.95)
                sent = hours.add_staffed(sent, cadence * share)
                updates.append(sent)
            resolved = hours.add_staffed(sent, cadence * 0.5)
            customer = f"{rng.choice(CUSTOMERS)} {rng.randint(1, 900)}"
            tickets.append({"Id": str(number), "Subject": f"{customer} cannot run workflows",
                            "Requester": f"{rng.choice(FIRST)} at {customer}", "Organization": customer,
                            "Assignee": rng.choice(owners), "Priority": words[pri],
                            "Created at": declared.strftime(ZENDESK_TIME), "Solved at": resolved.strftime(ZENDESK_TIME),
                            "Plan": tier, "Region": region or "", "Escalation level": rng.choice(levels),
                            "Root cause": rng.choice(ROOT_CAUSES), "Acknowledged at": ack.strftime(ZENDESK_TIME),
                            "SME joined at": sme.strftime(ZENDESK_TIME)})
            if list_column:
                tickets[-1]["Updates"] = "; ".join(m.strftime(ZENDESK_TIME) for m in updates)
                continue
            for moment in updates:
                for metric, kind in (("periodic_update_time", "fulfill"), ("reply_time", "measure")):
                    events.append({"id": str(event_id), "ticket_id": str(number), "metric": metric,
                                   "instance_id": "1", "type": kind, "time": moment.strftime(ZENDESK_TIME)})
                    event_id += 1
    open_one = dt.datetime.combine(END, dt.time(23), tzinfo=dt.timezone.utc)
    tickets.append({"Id": str(number + 1), "Subject": "Still open", "Requester": "x", "Organization": CUSTOMERS[1],
                    "Assignee": owners[0], "Priority": words[priorities[0]], "Created at": open_one.strftime(ZENDESK_TIME),
                    "Solved at": "", "Plan": tiers[0], "Region": regions[0] or "", "Escalation level": levels[min(2, len(levels) - 1)],
                    "Root cause": ROOT_CAUSES[0], "Acknowledged at": "", "SME joined at": ""})
    tickets = tickets[:limit] if limit else tickets
    return (["Id", "Subject", "Requester", "Organization", "Assignee", "Priority", "Created at", "Solved at", "Plan",
             "Region", "Escalation level", "Root cause", "Acknowledged at", "SME joined at"]
            + (["Updates"] if list_column else []), tickets,
            ["id", "ticket_id", "metric", "instance_id", "type", "time"], events)


BUSY_WEEK = "2026-W40"    # the primary on call this week is paged more often than the threshold
NIGHT_WEEK = "2026-W44"   # the primary on call this week is paged on five nights in a row
ZONES = ["Europe/London", "America/New_York", "Europe/Berlin"]


def paging_rotations(pb: Any) -> tuple[str, str, str, str]:
    """(primary, backup, another rotation's name, e-mail domain) for sample pages: the first escalation
    type's primary and backup in routing.yml, the first other rotation in on-call.yml, and a domain
    made from the organisation's name."""
    rotations = pb["on-call"]["rotations"]
    names = {r["id"]: r["name"] for r in rotations}
    first = pb["routing"]["escalation_types"][0]
    primary, backup = first["primary"], first.get("backup") or first["primary"]
    other = next((r["id"] for r in rotations if r["id"] not in (primary, backup)), backup)
    domain = "".join(ch for ch in pb["organisation"]["name"].lower() if ch.isalnum()) or "example"
    return names[primary], names[backup], names[other], f"{domain}.example"


def pages(rotations: tuple[str, str, str, str], seed: int = 17, days: int = DAYS,
          limit: int | None = None) -> tuple[list[str], list[Row]]:
    """PagerDuty's log-entry export: one row per person notified. Weekly rotations hand over on
    Monday: the primary gets 2 to 5 pages a week, mostly in working hours, some in the evening;
    the secondary (four places down the rota) now and then. Planted: BUSY_WEEK's primary gets 9
    pages, NIGHT_WEEK's primary is paged between 01:00 and 03:00 local on five nights in a row.
    `rotations` is (primary, secondary, the leads' rotation, e-mail domain), from `paging_rotations`."""
    from zoneinfo import ZoneInfo

    primary_rotation, secondary_rotation, lead_rotation, domain = rotations
    rng = random.Random(seed)
    engineers = people(rng, 8)
    leads = [n for n in people(rng, 20) if n not in engineers][:6]
    zone_of = {n: rng.choice(ZONES) for n in engineers + leads}
    first_monday = END - dt.timedelta(days=days)
    first_monday -= dt.timedelta(days=first_monday.weekday())
    weeks = (END - first_monday).days // 7 + 1
    scale = 1 if limit is None else max(1, limit // (weeks * 6))
    rows: list[Row] = []
    number = 0

    def add(person: str, rotation: str, local: dt.datetime, work: int) -> None:
        nonlocal number
        number += 1
        paged = local.replace(tzinfo=ZoneInfo(zone_of[person])).astimezone(dt.timezone.utc)
        rows.append({"id": f"R{number:07d}", "incident_id": f"Q{number // 2:07d}", "type": "notify_log_entry",
                     "user_name": person, "user_email": person.lower().replace(" ", ".") + "@" + domain,
                     "escalation_policy_name": rotation, "created_at": paged.strftime(ZENDESK_TIME),
                     "acknowledged_at": (paged + dt.timedelta(minutes=rng.randint(1, 9))).strftime(ZENDESK_TIME),
                     "resolved_at": (paged + dt.timedelta(minutes=work)).strftime(ZENDESK_TIME),
                     "urgency": rng.choice(["high", "high", "low"]), "user_time_zone": zone_of[person],
                     "summary": f"Workflows stalled for {rng.choice(CUSTOMERS)}"})

    for w in range(weeks):
        monday = first_monday + dt.timedelta(days=7 * w)
        if monday > END:
            break
        week = f"{monday.isocalendar()[0]}-W{monday.isocalendar()[1]:02d}"
        primary, secondary = engineers[w % 8], engineers[(w + 4) % 8]
        lead = leads[w % len(leads)]
        for _ in range(scale):
            count = 9 if week == BUSY_WEEK else 1 if week == NIGHT_WEEK else rng.randint(2, 5)
            for _ in range(count):
                day = monday + dt.timedelta(days=rng.randint(0, 4))
                hour = rng.choice([9, 10, 11, 13, 14, 15, 16, 19, 20])
                add(primary, primary_rotation, dt.datetime.combine(day, dt.time(hour, rng.randint(0, 59))),
                    rng.randint(10, 90))
            if rng.random() < 0.3:
                saturday = monday + dt.timedelta(days=5)
                add(primary, primary_rotation, dt.datetime.combine(saturday, dt.time(11, rng.randint(0, 59))), 30)
            if rng.random() < 0.4:
                day = monday + dt.timedelta(days=rng.randint(0, 4))
                add(secondary, secondary_rotation, dt.datetime.combine(day, dt.time(15, rng.randint(0, 59))), 20)
            for _ in range(rng.randint(1, 3)):
                day = monday + dt.timedelta(days=rng.randint(0, 4))
                add(lead, lead_rotation, dt.datetime.combine(day, dt.time(rng.randint(9, 16), 0)), 15)
            if week == NIGHT_WEEK:
                for night in range(5):  # Tuesday to Saturday mornings: nights of Monday to Friday
                    day = monday + dt.timedelta(days=night + 1)
                    add(primary, primary_rotation, dt.datetime.combine(day, dt.time(rng.randint(1, 2), 30)), 25)
    rows.sort(key=lambda r: (r["created_at"], r["id"]))
    rows = rows[:limit] if limit else rows
    return (["id", "incident_id", "type", "user_name", "user_email", "escalation_policy_name", "created_at",
             "acknowledged_at", "resolved_at", "urgency", "user_time_zone", "summary"], rows)
