"""A seeded generator of realistic help-desk exports for the example company.

It feeds the example site's calibration page, the tests and the benchmark. The export looks
like a real help desk's: its own column names ("Ticket ID", "Plan", "ARR (USD)"), its own
priority words (Urgent, High, Normal, Low), free text (subjects, requester names and e-mail
addresses that must never reach a report) and a few rows a person typed badly.

Two profiles: `in-band` lands the example playbook inside its calibration bands; `out-of-band`
is a quarter after a bad release (more P2 production problems, more outages), which lands above.
The same seed and settings give byte-identical files.
"""
from __future__ import annotations

import datetime as dt
import itertools
import json
import math
import random
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Iterator

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

Ticket = dict[str, Any]


@dataclass(frozen=True)
class Profile:
    """Rates are per ticket unless the name says otherwise."""

    per_day: float = 100.0            # mean tickets on a weekday at the start of the period
    growth: float = 0.10              # volume grows by this share over the period
    priority_weights: tuple[float, float, float, float] = (0.008, 0.085, 0.52, 0.387)  # p1..p4
    production_by_priority: tuple[float, float, float, float] = (0.85, 0.45, 0.15, 0.03)
    outages_per_day: float = 0.05     # multi-customer incidents, each bringing a burst of P1 tickets
    billing_dispute: float = 0.03
    escalation_requested: float = 0.025
    churn_threat: float = 0.0025
    public_complaint: float = 0.0035
    legal_threat: float = 0.0008
    data_integrity: float = 0.0025
    security: float = 0.0012
    regulatory: float = 0.0008
    dirty_rows: int = 3               # rows with a value the mapping does not know


PROFILES: dict[str, Profile] = {
    "in-band": Profile(),
    "out-of-band": Profile(priority_weights=(0.012, 0.15, 0.50, 0.338), production_by_priority=(0.9, 0.6, 0.2, 0.04),
                           outages_per_day=0.14, security=0.004, data_integrity=0.005),
}

START = dt.date(2026, 7, 3)  # 90 days ending 2026-09-30, before the playbook's last review

COLUMNS: dict[str, str] = {  # export column -> how it is stored in a typed file
    "Ticket ID": "text",
    "Created": "timestamp",
    "Subject": "text",
    "Requester": "text",
    "Requester email": "text",
    "Organization": "text",
    "Plan": "text",
    "Priority": "text",
    "Production impact": "bool",
    "Accounts affected": "int",
    "Workaround given": "bool",
    "Hours without workaround": "float",
    "Data integrity risk": "bool",
    "Security flag": "bool",
    "Regulatory or safety": "bool",
    "Disputed amount (USD)": "float",
    "ARR (USD)": "float",
    "Days to termination": "int",
    "Escalation requested": "bool",
    "Public complaint": "bool",
    "Complainant": "text",
    "Legal threat": "bool",
    "Escalation level": "text",  # what agents really did: L1..L4, empty when not escalated
}

PRIORITY_WORDS = ("Urgent", "High", "Normal", "Low")
PLANS = {"Enterprise": (0.12, 3.0, 110_000, 0.6), "Business": (0.38, 1.5, 24_000, 0.5),
         "Starter": (0.50, 0.7, 4_000, 0.6)}  # share of accounts, tickets per account weight, median ARR, spread
COMPLAINANTS = (("Customer", 0.65), ("Influencer", 0.15), ("Journalist", 0.07), ("Analyst", 0.05), ("Other", 0.08))
DIRTY = (("Plan", "Trial"), ("Priority", "Critical"), ("Plan", "Enterprise Plus"))
WEEKDAY_FACTOR = (1.0, 1.05, 1.0, 0.95, 0.85, 0.35, 0.25)  # Monday .. Sunday
HOUR_WEIGHTS = tuple(0.3 if h < 7 or h > 19 else (1.6 if 9 <= h <= 16 else 1.0) for h in range(24))

_FIRST = ("Ana", "Ben", "Chloé", "Dmitri", "Esther", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kemi", "Lars",
          "Maya", "Nikhil", "Olga", "Pablo", "Qi", "Rosa", "Sven", "Tara", "Umar", "Vera", "Wen", "Yusuf", "Zoë")
_LAST = ("Almeida", "Brandt", "Chen", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ivanova", "Jensen",
         "Kowalski", "Lopez", "Murphy", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber")
_ORG_A = ("Blue", "North", "Bright", "Iron", "Silver", "Green", "Red", "Swift", "Clear", "Open", "Deep", "High")
_ORG_B = ("harbor", "stone", "field", "wave", "peak", "forge", "path", "leaf", "point", "bridge", "line", "gate")
_ORG_C = ("Logistics", "Health", "Labs", "Retail", "Finance", "Media", "Systems", "Foods", "Energy", "Travel")
_SUBJECTS = {
    "outage": ("Workflows stopped running for all our users", "Onboarding flows not starting since {t}",
               "Everything is down: runs fail with error 503"),
    "incident": ("Connector to {s} failing since {t}", "Production onboarding flow broken for new signups",
                 "Webhook deliveries to {s} delayed by hours"),
    "billing": ("Invoice {n} is wrong", "We were charged twice in {m}", "Overage charge we do not recognise"),
    "question": ("How do I add a step to a published flow?", "Question about {s} field mapping",
                 "Can we export run history to CSV?", "Password reset email not arriving"),
}
_SYSTEMS = ("Salesforce", "HubSpot", "NetSuite", "Zendesk", "Workday", "SAP", "Snowflake")


@dataclass(frozen=True)
class Account:
    name: str
    domain: str
    plan: str
    arr: float


def generate(path: Path, *, days: int = 90, seed: int = 7, profile: str = "in-band", per_day: float | None = None,
             fmt: str | None = None, limit: int | None = None, dirty_rows: int | None = None) -> int:
    """Write an export to `path` (format from the extension unless `fmt`); return the number of tickets.
    `limit` stops at exactly that many tickets (the benchmark's round million); `dirty_rows` overrides
    how many rows carry a value the mapping does not know (0: a clean export)."""
    chosen = PROFILES[profile]
    if per_day is not None:
        chosen = replace(chosen, per_day=per_day)
    if dirty_rows is not None:
        chosen = replace(chosen, dirty_rows=dirty_rows)
    fmt = fmt or format_of(path)
    days_iter = days_of_tickets(chosen, days, seed)
    return WRITERS[fmt](Path(path), _limited(days_iter, limit) if limit is not None else days_iter)


def _limited(days: Iterator[list[Ticket]], limit: int) -> Iterator[list[Ticket]]:
    left = limit
    for tickets in days:
        if left <= 0:
            return
        yield tickets[:left]
        left -= len(tickets[:left])


def format_of(path: Path) -> str:
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"csv": "csv", "jsonl": "jsonl", "ndjson": "jsonl", "parquet": "parquet"}.get(suffix, "csv")


def days_of_tickets(profile: Profile, days: int, seed: int) -> Iterator[list[Ticket]]:
    """One list of tickets per day, in time order; ticket ids run on across days."""
    rng = random.Random(seed)
    judgement = random.Random(seed * 7919 + 1)  # how agents really escalated
    accounts = _accounts(rng, max(200, int(profile.per_day * 12)))
    cumulative = list(itertools.accumulate(PLANS[a.plan][1] for a in accounts))
    dirty_days = sorted(rng.sample(range(days), min(profile.dirty_rows, days)))
    number = 100_000
    for day in range(days):
        date = START + dt.timedelta(days=day)
        mean = profile.per_day * (1 + profile.growth * day / max(days - 1, 1)) * WEEKDAY_FACTOR[date.weekday()]
        count = max(0, round(rng.gauss(mean, math.sqrt(mean))))
        tickets = [_ticket(rng, profile, rng.choices(accounts, cum_weights=cumulative)[0], _moment(rng, date)) for _ in range(count)]
        if rng.random() < profile.outages_per_day:
            tickets.extend(_outage(rng, accounts, date))
        tickets.sort(key=lambda t: t["Created"])
        for ticket in tickets:  # drawn from its own generator, so every other value stays as it was
            ticket["Escalation level"] = _handled_at(judgement, ticket)
        for ticket in tickets:
            ticket["Ticket ID"] = f"AF-{number}"
            number += 1
        for i, spot in enumerate(dirty_days):
            if spot == day and tickets:
                column, value = DIRTY[i % len(DIRTY)]
                tickets[rng.randrange(len(tickets))][column] = value
        yield tickets


def _handled_at(rng: random.Random, t: Ticket) -> str | None:
    """The level agents really gave the ticket: mostly what its facts call for, sometimes lower or higher,
    as people judge under pressure."""
    urgent, high = t["Priority"] == "Urgent", t["Priority"] == "High"
    many = (t["Accounts affected"] or 0) >= 2
    if t["Legal threat"] or (t["Public complaint"] and t["Complainant"] in ("Influencer", "Journalist")):
        wanted = 4
    elif (urgent and many) or t["Data integrity risk"] or t["Security flag"] or t["Regulatory or safety"]:
        wanted = 3
    elif urgent or (t["Disputed amount (USD)"] or 0) > 25_000:
        wanted = 2
    elif (high and t["Production impact"]) or t["Escalation requested"] or (t["Disputed amount (USD)"] or 0) > 1_000:
        wanted = 1
    else:
        wanted = 0
    roll = rng.random()
    if wanted and roll < 0.12:
        wanted -= 1  # handled one level lower than the facts call for
    elif roll > 0.985 and wanted < 4:
        wanted += 1  # escalated higher than needed
    return f"L{wanted}" if wanted else None


def _accounts(rng: random.Random, count: int) -> list[Account]:
    plans = list(PLANS)
    accounts = []
    for i in range(count):
        plan = rng.choices(plans, [PLANS[p][0] for p in plans])[0]
        _share, _weight, median, spread = PLANS[plan]
        name = f"{rng.choice(_ORG_A)}{rng.choice(_ORG_B)} {rng.choice(_ORG_C)}"
        arr = round(median * math.exp(rng.gauss(0, spread)), -2)
        accounts.append(Account(name, f"{name.split()[0].lower()}{i}.example", plan, arr))
    return accounts


def _moment(rng: random.Random, date: dt.date) -> dt.datetime:
    hour = rng.choices(range(24), HOUR_WEIGHTS)[0]
    return dt.datetime(date.year, date.month, date.day, hour, rng.randrange(60), rng.randrange(60),
                       tzinfo=dt.timezone.utc)


def _person(rng: random.Random, account: Account) -> tuple[str, str]:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    return f"{first} {last}", f"{first.lower()}.{last.lower()}@{account.domain}"


def _subject(rng: random.Random, kind: str, when: dt.datetime) -> str:
    return rng.choice(_SUBJECTS[kind]).format(t=when.strftime("%H:%M"), s=rng.choice(_SYSTEMS),
                                              n=f"INV-{rng.randrange(10_000, 99_999)}", m=when.strftime("%B"))


def _empty(account: Account, when: dt.datetime, rng: random.Random) -> Ticket:
    name, email = _person(rng, account)
    return {"Ticket ID": "", "Created": when, "Subject": "", "Requester": name, "Requester email": email,
            "Organization": account.name, "Plan": account.plan, "Priority": "Normal", "Production impact": False,
            "Accounts affected": 1, "Workaround given": None, "Hours without workaround": None,
            "Data integrity risk": False, "Security flag": False, "Regulatory or safety": False,
            "Disputed amount (USD)": None, "ARR (USD)": account.arr, "Days to termination": None,
            "Escalation requested": False, "Public complaint": False, "Complainant": "-", "Legal threat": False}


def _ticket(rng: random.Random, p: Profile, account: Account, when: dt.datetime) -> Ticket:
    t = _empty(account, when, rng)
    rank = rng.choices(range(4), p.priority_weights)[0]
    t["Priority"] = PRIORITY_WORDS[rank]
    production = rng.random() < p.production_by_priority[rank]
    t["Production impact"] = None if rng.random() < 0.04 else production
    if rank >= 2 and rng.random() < 0.2:
        t["Accounts affected"] = None  # agents skip the field on routine tickets
    kind = "incident" if production else "question"
    if production:
        _workaround(rng, t, mean_hours=2.0)
    if rng.random() < p.billing_dispute:
        kind = "billing"
        if rng.random() < 0.5:  # half the billing tickets dispute an amount: up to a quarterly invoice
            t["Disputed amount (USD)"] = round(account.arr / 12 * rng.uniform(0.05, 3.0), 2)
    t["Escalation requested"] = rng.random() < p.escalation_requested * (3 if rank <= 1 else 1)
    if rng.random() < p.churn_threat:
        t["Days to termination"] = rng.choice((7, 14, 30, 30, 45, 60, 90))
    if rng.random() < p.public_complaint:
        t["Public complaint"] = True
        t["Complainant"] = rng.choices([c for c, _ in COMPLAINANTS], [w for _, w in COMPLAINANTS])[0]
    t["Legal threat"] = rng.random() < p.legal_threat
    t["Data integrity risk"] = rng.random() < p.data_integrity
    t["Security flag"] = rng.random() < p.security
    t["Regulatory or safety"] = rng.random() < p.regulatory
    t["Subject"] = _subject(rng, kind, when)
    return t


def _workaround(rng: random.Random, t: Ticket, mean_hours: float) -> None:
    given = rng.random() < 0.55
    t["Workaround given"] = given
    hours = rng.expovariate(1 / mean_hours) * (0.5 if given else 1.5)
    t["Hours without workaround"] = round(hours, 1)


def _outage(rng: random.Random, accounts: list[Account], date: dt.date) -> list[Ticket]:
    """A multi-customer incident: a burst of P1 tickets from distinct accounts within a few hours."""
    start = _moment(rng, date)
    size = rng.randint(6, 25)
    affected = rng.randint(size, size * 3)
    tickets = []
    for account in rng.sample(accounts, size):
        when = start + dt.timedelta(minutes=rng.randrange(0, 180))
        t = _empty(account, when, rng)
        t.update({"Priority": "Urgent", "Production impact": True, "Accounts affected": affected,
                  "Subject": _subject(rng, "outage", when)})
        _workaround(rng, t, mean_hours=1.5)
        tickets.append(t)
    return tickets


# ---------------------------------------------------------------- writers

def _csv_text(kind: str, value: Any) -> str | None:
    if value is None:
        return None
    if kind == "bool":
        return "Yes" if value else "No"
    if kind == "timestamp":
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if kind == "float" and isinstance(value, float):
        return f"{value:.2f}"
    return str(value)


def _write_csv(path: Path, days: Iterator[list[Ticket]]) -> int:
    schema = pa.schema([(name, pa.string()) for name in COLUMNS])
    total = 0
    with pa_csv.CSVWriter(path, schema, write_options=pa_csv.WriteOptions(quoting_style="needed")) as writer:
        for tickets in days:
            columns = {n: [_csv_text(k, t[n]) for t in tickets] for n, k in COLUMNS.items()}
            writer.write_table(pa.table(columns, schema=schema))
            total += len(tickets)
    return total


_ARROW_TYPES = {"text": pa.string(), "timestamp": pa.timestamp("us", tz="UTC"), "bool": pa.bool_(),
                "int": pa.int64(), "float": pa.float64()}


def _write_parquet(path: Path, days: Iterator[list[Ticket]]) -> int:
    schema = pa.schema([(name, _ARROW_TYPES[kind]) for name, kind in COLUMNS.items()])
    total = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[Ticket] = []
        for tickets in days:
            batch.extend(tickets)
            if len(batch) >= 100_000:
                writer.write_table(_arrow_table(batch, schema))
                total, batch = total + len(batch), []
        if batch:
            writer.write_table(_arrow_table(batch, schema))
            total += len(batch)
    return total


def _arrow_table(tickets: list[Ticket], schema: pa.Schema) -> pa.Table:
    return pa.table({name: [t[name] for t in tickets] for name in COLUMNS}, schema=schema)


def _json_value(kind: str, value: Any) -> Any:
    if kind == "timestamp" and value is not None:
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    return value


def _write_jsonl(path: Path, days: Iterator[list[Ticket]]) -> int:
    total = 0
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        for tickets in days:
            for t in tickets:
                row = {n: _json_value(k, t[n]) for n, k in COLUMNS.items()}
                out.write(json.dumps(row, ensure_ascii=False) + "\n")
            total += len(tickets)
    return total


WRITERS: dict[str, Callable[[Path, Iterator[list[Ticket]]], int]] = {
    "csv": _write_csv,
    "jsonl": _write_jsonl,
    "parquet": _write_parquet,
}
