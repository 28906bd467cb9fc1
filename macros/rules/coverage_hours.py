"""coverage-hours: structured coverage hours can be counted, and their prose says the same.

Every time zone (fixed, or a region's) is a real IANA zone; a staffed day ends after it starts;
hours that follow the customer's region need regions; a region lists each holiday date once; and
a description that names clock times, week days or public holidays agrees with the structure.

FAIL: start "08:00", end "18:00", description "... 09:00 to 18:00 ..." ->
      "the description names 09:00 but the hours are 08:00 to 18:00; make the two agree"
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any, Iterator

from ..hours import WEEKDAYS, clock_minutes, is_zone
from ..problems import Problem
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

_HOURS_KEYS = ("days", "start", "end", "time_zone", "public_holidays")
_CLOCK = re.compile(r"(?<![\d:])([01]?\d|2[0-4])[:.]([0-5]\d)(?![\d:])")
_DAY = "|".join(WEEKDAYS)
_DAY_RANGE = re.compile(rf"\b({_DAY})s?\s+(?:to|through|until|till|-|–)\s+({_DAY})s?\b", re.I)
_DAY_NAME = re.compile(rf"\b({_DAY})s?\b", re.I)
_HOLIDAYS_OFF = re.compile(r"public holidays (?:are )?(?:excluded|not staffed|off|closed)|closed on public holidays"
                           r"|except(?:ing)? (?:on )?public holidays", re.I)
_HOLIDAYS_ON = re.compile(r"public holidays (?:are )?(?:included|staffed)|including public holidays", re.I)


def _days_named(text: str) -> list[str]:
    """Week days a sentence names, a range ("Monday to Friday") counting every day in it."""
    named: list[str] = []
    for match in _DAY_RANGE.finditer(text):
        first, last = WEEKDAYS.index(match[1].lower()), WEEKDAYS.index(match[2].lower())
        named += [WEEKDAYS[(first + i) % 7] for i in range((last - first) % 7 + 1)]
    for match in _DAY_NAME.finditer(_DAY_RANGE.sub(" ", text)):
        named.append(match[1].lower())
    return list(dict.fromkeys(named))


def _prose(entry: dict[str, Any]) -> Iterator[str]:
    text = entry["description"]
    times = [f"{int(h):02d}:{m}" for h, m in _CLOCK.findall(text)]
    if entry.get("always_staffed"):
        if times:
            yield (f"the description names {times[0]} but these hours are always staffed; "
                   "take the clock times out of the description or set always_staffed: false")
        return
    hours = f"{entry['start']} to {entry['end']}"
    for shown in times:
        if shown not in (entry["start"], entry["end"]) and not (shown == "00:00" and entry["end"] == "24:00"):
            yield f"the description names {shown} but the hours are {hours}; make the two agree"
    named = _days_named(text)
    if named and set(named) != set(entry["days"]):
        yield (f"the description names {', '.join(d.title() for d in named)} but the staffed days are "
               f"{', '.join(d.title() for d in entry['days'])}; make the two agree")
    if _HOLIDAYS_OFF.search(text) and not entry.get("public_holidays"):
        yield "the description says public holidays are not staffed but public_holidays is not set; add it"
    if _HOLIDAYS_ON.search(text) and entry.get("public_holidays"):
        yield "the description says public holidays are staffed but public_holidays takes them off; make the two agree"


def check(pb: "Playbook") -> Iterator[Problem]:
    org = pb["organisation"]
    regions = org.get("regions", [])
    for i, entry in enumerate(org["coverage_hours"]):
        at = ("coverage_hours", i)
        if "always_staffed" not in entry:
            continue  # an older revision (the change log reads history): nothing structured to check
        if entry["always_staffed"]:
            for key in _HOURS_KEYS:
                if key in entry:
                    yield pb.problem("organisation", at + (key,),
                                     f"always-staffed hours take no {key}; remove it or set always_staffed: false",
                                     RULE.id)
        else:
            if clock_minutes(entry["end"]) <= clock_minutes(entry["start"]):
                yield pb.problem("organisation", at + ("end",),
                                 f"the staffed day ends at {entry['end']}, not after it starts at {entry['start']}; "
                                 "use an end time later than the start (24:00 for midnight)", RULE.id)
            fixed = entry["time_zone"].get("fixed")
            if fixed is not None and not is_zone(fixed):
                yield pb.problem("organisation", at + ("time_zone", "fixed"),
                                 f"unknown time zone '{fixed}'; use an IANA name such as Europe/London or UTC", RULE.id)
            follows = [k for k in ("time_zone", "public_holidays") if (entry.get(k) or {}).get("customer_region")]
            if follows and not regions:
                yield pb.problem("organisation", at + (follows[0], "customer_region"),
                                 "these hours follow the customer's contracted region but no regions are defined; "
                                 "add regions with their time zones and public holidays", RULE.id)
        for message in _prose(entry):
            yield pb.problem("organisation", at + ("description",), message, RULE.id)
    for i, region in enumerate(regions):
        if not is_zone(region["time_zone"]):
            yield pb.problem("organisation", ("regions", i, "time_zone"),
                             f"unknown time zone '{region['time_zone']}'; use an IANA name such as Europe/London",
                             RULE.id)
        seen: set[str] = set()
        for j, holiday in enumerate(region["public_holidays"]):
            if holiday["date"] in seen:
                yield pb.problem("organisation", ("regions", i, "public_holidays", j, "date"),
                                 f"{holiday['date']} is listed twice for region {region['id']}; keep one", RULE.id)
            seen.add(holiday["date"])


RULE = Rule("coverage-hours", ("organisation",), check,
            "Coverage hours have real time zones and an end after the start, and their prose agrees.")
