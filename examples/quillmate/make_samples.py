"""Write Quillmate's seeded samples: its case export (JSON Lines) for the Calibration page and, beside it,
its Opsgenie call-out export (callouts.csv) for the On-call health page.

The export has the shape of Quillmate's own service desk, not the main example's: camelCase keys,
nested nothing, severities written S1..S3, plans and levels in their own words, amounts in euros,
durations in minutes and days. The same seed gives a byte-identical file.

\b
Example:
  python examples/quillmate/make_samples.py examples/quillmate/data/cases.jsonl
"""
from __future__ import annotations

import csv
import datetime as dt
import json
import random
from pathlib import Path

import click

START = dt.datetime(2026, 7, 6, tzinfo=dt.timezone.utc)
COMPANIES = ["Van Dijk Groothandel", "Brandt Logistik", "Huisman Bouw", "Keller Maschinen", "De Vries Zorg",
             "Lindner Textil", "Bakker Installatie", "Schreiber Pharma", "Smit Transport", "Vogel Elektro"]
SUBJECTS = ["Invoices stuck in outbox", "Approval inbox empty", "Wrong VAT on line items", "ERP export late",
            "How do I add an approver?", "Supplier bank details missing", "Duplicate charge on licence"]
LEVEL_WORDS = {"desk": "Desk", "squad": "Squad", "crisis": "Crisis"}


def case(rng: random.Random, number: int, opened: dt.datetime) -> dict:
    sev = rng.choices(["S1", "S2", "S3"], [0.01, 0.12, 0.87])[0]
    plan = rng.choices(["Premier", "Essentials"], [0.3, 0.7])[0]
    row = {"caseNumber": f"QM-{40000 + number}", "openedAt": opened.strftime("%Y-%m-%dT%H:%M:%SZ"),
           "subject": rng.choice(SUBJECTS), "customer": rng.choice(COMPANIES), "sev": sev, "plan": plan,
           "tenantsAffected": 1, "invoicesStuck": 0, "paymentRunAtRisk": False, "rejectionPct": None,
           "blockedMinutes": None, "piiExposed": rng.random() < 0.0015, "authorityContact": rng.random() < 0.001,
           "overchargeEur": None, "acvEur": round(rng.lognormvariate(9.8, 0.7), 2), "renewalDays": rng.randint(1, 720),
           "cancellationMentioned": rng.random() < 0.05, "channel": rng.choice(["portal", "phone", "email"]),
           "handledAs": None}
    if sev == "S1":
        row["tenantsAffected"] = rng.choice([1, 1, 1, 2, 4, 12])
        row["blockedMinutes"] = rng.randint(5, 300)
    if sev in ("S1", "S2") and rng.random() < 0.3:
        row["invoicesStuck"] = rng.randint(10, 600)
        row["paymentRunAtRisk"] = rng.random() < 0.25
    if rng.random() < 0.03:
        row["rejectionPct"] = round(rng.uniform(0.5, 9), 1)
    if rng.random() < 0.02:
        row["overchargeEur"] = round(rng.uniform(40, 2400), 2)
    return row


ENGINEERS = ["Femke Jansen", "Lukas Brandt", "Sanne de Wit", "Jonas Keller", "Iris Mulder", "Tobias Vogel",
             "Noor Visser"]
ROTATIONS = ["Platform first call", "Platform standby"]


def callouts(rng: random.Random, days: int) -> list[dict]:
    """Opsgenie's alert export for the platform rotations: a weekly first call and standby (handover on
    Wednesday), two to four call-outs a week, a few at night. Planted: one engineer is woken three nights
    in a row in the fifth week."""
    rows, start = [], START + dt.timedelta(days=2)  # a Wednesday

    def add(person: str, team: str, at: dt.datetime) -> None:
        rows.append({"TinyId": str(9000 + len(rows)), "Owner": person, "Teams": team,
                     "CreatedAtDate": at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "AcknowledgedAtDate": (at + dt.timedelta(minutes=rng.randint(1, 6))).strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "ClosedAtDate": (at + dt.timedelta(minutes=rng.randint(15, 140))).strftime("%Y-%m-%dT%H:%M:%SZ"),
                     "Priority": rng.choice(["P1", "P2", "P3"]), "Message": "Outbox queue is not draining"})

    for week in range(days // 7):
        first, standby = ENGINEERS[week % 7], ENGINEERS[(week + 3) % 7]
        monday = start + dt.timedelta(days=7 * week)
        for _ in range(rng.randint(2, 4)):
            add(first, ROTATIONS[0], monday + dt.timedelta(days=rng.randint(0, 6), hours=rng.choice([7, 10, 14, 16, 20])))
        if rng.random() < 0.4:
            add(standby, ROTATIONS[1], monday + dt.timedelta(days=rng.randint(0, 6), hours=11))
        if week == 4:
            for night in range(3):
                add(first, ROTATIONS[0], monday + dt.timedelta(days=night, hours=25, minutes=rng.randint(0, 50)))
    return sorted(rows, key=lambda r: r["CreatedAtDate"])


@click.command(help=__doc__, context_settings={"help_option_names": ["-h", "--help"]})
@click.argument("output", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--days", type=click.IntRange(1, 3660), default=90, show_default=True)
@click.option("--seed", type=int, default=11, show_default=True, help="Same seed, same file.")
def main(output: Path, days: int, seed: int) -> None:
    rng = random.Random(seed)
    rows, number = [], 0
    for day in range(days):
        date = START + dt.timedelta(days=day)
        for _ in range(rng.randint(12, 24) if date.weekday() < 5 else rng.randint(1, 5)):
            opened = date + dt.timedelta(seconds=rng.randint(0, 86399))
            rows.append(case(rng, number, opened))
            number += 1
    rows.sort(key=lambda r: r["openedAt"])
    for row in rows:  # what the service desk did, in its own words: some cases get a level by hand
        if row["sev"] == "S1" or row["piiExposed"] or row["paymentRunAtRisk"]:
            row["handledAs"] = rng.choice(["Squad", "Crisis"])
        elif row["sev"] == "S2" and rng.random() < 0.2:
            row["handledAs"] = "Desk"
    rows[17]["sev"] = "urgent!!"  # one row a person typed badly: reported by row number, left out
    output.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    click.echo(f"wrote {len(rows):,} cases to {output}")
    pages = callouts(rng, days)
    with open(output.parent / "callouts.csv", "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(pages[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(pages)
    click.echo(f"wrote {len(pages):,} call-outs to {output.parent / 'callouts.csv'}")


if __name__ == "__main__":
    main()
