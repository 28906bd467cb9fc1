"""Every deadline the policy sets for one escalation, in order, each with where it comes from.

Clocks, as the policy reads:
- The response targets (acknowledge, engage an SME), customer updates, internal updates and
  business-day deadlines run in the **coverage hours of the customer's contract** for that tier
  and priority (organisation.yml): with business hours only staffed time counts, so a clock
  stopped on Friday evening goes on on Monday morning (and skips public holidays).
- The paging ladder runs on the wall clock: on-call rotations are paged whatever the hour.
- Service-recovery thresholds measure the outage, so they run on the wall clock too.
- The executive daily summary goes out at its local time on business days from its first day.

`timeline_data(pb)` is the plain JSON the page's port (docs/assets/timeline.js) computes from;
`compute(data, request)` reads only that, so both runtimes work from the same data.
"""
from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from ..hours import HoursError, StaffedHours, business_calendar, staffed_hours, tier_coverage, zone
from ..governing import internal_update_for, response_target
from ..loading import format_path
from ..sentences import fill
from ..units import duration_minutes, duration_text, duration_unit, percent_text

if TYPE_CHECKING:
    from ..playbook import Playbook

UTC = timezone.utc
KINDS = ("start", "page", "acknowledge", "engage-sme", "customer-update", "internal-update", "service-recovery",
         "daily-summary", "resolved", "review")
MAX_SPAN = timedelta(days=90)
_CLOCK = re.compile(r"\b([01]?\d|2[0-3]):([0-5]\d)\b")


class TimelineError(ValueError):
    """A usage problem: an unknown level, priority, tier or region, a bad time."""


@dataclass(frozen=True)
class Event:
    at: datetime
    kind: str
    what: str
    who: str
    source: str

    def as_dict(self, tz: Any) -> dict[str, str]:
        return {**asdict(self), "at": self.at.astimezone(tz).isoformat()}


@dataclass(frozen=True)
class Request:
    level: str
    priority: str
    tier: str
    start: datetime
    span: timedelta
    region: str | None = None
    resolved: datetime | None = None


def _names(pb: "Playbook", stem: str, key: str) -> dict[str, str]:
    return {e["id"]: e["name"] for e in pb[stem].get(key, [])}


def timeline_data(pb: "Playbook") -> dict[str, Any]:
    """What the timeline needs from the playbook, with each entry's source path."""
    roles = _names(pb, "roles", "roles")
    queues = _names(pb, "routing", "queues")
    approvers = _names(pb, "decision-rights", "approvers")
    templates = pb.templates
    users = {t: [roles[r] for r, role in pb.roles.items() if t in role.get("templates", [])] for t in templates}
    summary = pb["executive-brief"].get("daily_summary")
    review = pb["review"]
    return {
        "organisation": {k: pb["organisation"].get(k) for k in ("time_zone", "coverage_hours", "regions", "tiers",
                                                                 "business_days")},
        "levels": [{"id": lv["id"], "name": lv["name"], "owner": roles.get(lv["owner"], lv["owner"]),
                    "queue": queues.get(lv["routes_to"], lv["routes_to"]),
                    "acknowledge": lv["response"]["acknowledge"], "engage_sme": lv["response"]["engage_sme"],
                    "internal_update": lv.get("internal_update"),
                    # what governs per priority (and tier), as the finder and the Levels page answer
                    "targets": {p: {r: response_target(pb, lv["id"], r, p).value for r in ("acknowledge", "engage_sme")}
                                for p in pb.priorities},
                    "internal_updates": {f"{p}|{t}": internal_update_for(pb, lv["id"], p, t)
                                         for p in pb.priorities for t in pb.tiers},
                    "templates": sorted({t for ids in lv["templates"].values() for t in ids}),
                    "update_templates": [t for ids in lv["templates"].values() for t in ids
                                         if templates.get(t, {}).get("customer_update")],
                    "source": f"playbook/levels.yml:{format_path(('levels', i))}"}
                   for i, lv in enumerate(pb["levels"]["levels"])],
        "priorities": [{"id": p, "name": v["name"]} for p, v in pb.priorities.items()],
        "tiers": [{"id": t, "name": v["name"]} for t, v in pb.tiers.items()],
        "cadences": [{"priority": c["priority"], "tier": c["tier"], "every": c["every"],
                      "source": f"playbook/communication.yml:{format_path(('cadences', i, 'every'))}"}
                     for i, c in enumerate(pb["communication"]["cadences"])],
        "update_senders": {t: users.get(t, []) for t in templates},
        "ladder": [{"step": s["step"], "who": s["who"], "wait": s["wait"],
                    "source": f"playbook/on-call.yml:{format_path(('ladder', i))}"} for i, s in enumerate(pb["on-call"]["ladder"])],
        "recovery": {"applies_to": pb["service-recovery"].get("applies_to", []),
                     "rules": [{"id": r["id"], "when": fill(r, "when"), "priority": r.get("priority"),
                                "after": r.get("outage_longer_than"),
                                "credit": percent_text(r["credit"]) if r.get("credit") else None,
                                "approver": approvers.get(r["approver"], r["approver"]),
                                "review_within": r.get("review_within"),
                                "source": f"playbook/service-recovery.yml:{format_path(('rules', i))}"}
                               for i, r in enumerate(pb["service-recovery"]["rules"])]},
        "daily_summary": None if not summary else {
            "template": summary["template"], "name": templates.get(summary["template"], {}).get("name", ""),
            "every": summary["every"], "from_day": summary.get("from_day", 1),
            "local_time": summary.get("local_time") or _clock_in(summary.get("send_at", "")),
            "audience": summary.get("audience", ""), "senders": users.get(summary["template"], []),
            "source": "playbook/executive-brief.yml:daily_summary"},
        "review": {"required_for": review.get("required_for", []), "due_within": review["due_within"],
                   "facilitator": roles.get(review.get("facilitator", ""), review.get("facilitator", "")),
                   "source": "playbook/review.yml:due_within"},
    }


def _clock_in(text: str) -> str | None:
    found = _CLOCK.search(text)
    return f"{int(found[1]):02d}:{found[2]}" if found else None


# --- computing -----------------------------------------------------------------------------

def _pick(items: list[dict[str, Any]], key: str, value: str, what: str) -> dict[str, Any]:
    for item in items:
        if item[key] == value:
            return item
    raise TimelineError(f"unknown {what} '{value}'; use one of {', '.join(i[key] for i in items)}")


def _business(calendar: Any) -> StaffedHours:
    """The business calendar, or why there is none (asked only when business days are counted)."""
    if calendar is None:
        raise TimelineError("the policy counts business days but organisation.yml names no business_days")
    if isinstance(calendar, HoursError):
        raise TimelineError(str(calendar))
    return calendar


def _after(hours: StaffedHours, calendar: Any, at: datetime, duration: dict[str, Any]) -> datetime:
    """`at` plus a duration, counted in the coverage's staffed time (business days on the calendar)."""
    unit, amount = duration_unit(duration)
    if unit == "business_days":
        return _business(calendar).add_business_days(at, amount)
    return hours.add_staffed(at, duration_minutes(duration))


def _every(hours: StaffedHours, calendar: Any, start: datetime, end: datetime,
           duration: dict[str, Any]) -> list[datetime]:
    unit, amount = duration_unit(duration)
    minutes = duration_minutes(duration)
    step = ((lambda at: _business(calendar).add_business_days(at, amount)) if unit == "business_days"
            else (lambda at: hours.add_staffed(at, minutes)))
    moments, at = [], start
    while True:
        at = step(at)
        if at > end or len(moments) > 5000:
            return moments
        moments.append(at)


def compute(data: dict[str, Any], request: Request) -> list[Event]:
    org = data["organisation"]
    level = _pick(data["levels"], "id", request.level, "level")
    _pick(data["priorities"], "id", request.priority, "priority")
    _pick(data["tiers"], "id", request.tier, "tier")
    if request.span <= timedelta(0) or request.span > MAX_SPAN:
        raise TimelineError(f"--for must be more than 0 and at most {MAX_SPAN.days} days")
    start = request.start.astimezone(UTC)
    end = start + request.span
    if request.resolved is not None:
        resolved = request.resolved.astimezone(UTC)
        if resolved < start:
            raise TimelineError("--resolved is before --start; give the time service was restored")
        end = resolved
    try:
        coverage = tier_coverage(org, request.tier, request.priority)
        hours = staffed_hours(org, coverage, request.region)
    except HoursError as error:
        raise TimelineError(str(error)) from error
    calendar: Any = None
    if org.get("business_days"):
        try:
            calendar = business_calendar(org, request.region)
        except HoursError as error:
            calendar = error
    local = zone(_zone_name(org, request.region))
    src = level["source"]
    targets = level["targets"].get(request.priority, {})
    acknowledge = targets.get("acknowledge", level["acknowledge"])
    engage_sme = targets.get("engage_sme", level["engage_sme"])
    events = [Event(start, "start", f"Escalation opened: {level['name']}", level["owner"], src)]
    events.append(Event(_after(hours, calendar, start, acknowledge), "acknowledge",
                        f"Acknowledgement due ({duration_text(acknowledge)} target)", level["owner"],
                        f"{src}.response.acknowledge"))
    events.append(Event(_after(hours, calendar, start, engage_sme), "engage-sme",
                        f"Subject-matter expert engaged ({duration_text(engage_sme)} target)", level["queue"],
                        f"{src}.response.engage_sme"))
    at = start
    for step in data["ladder"]:
        events.append(Event(at, "page", f"Page step {step['step']} if nobody has acknowledged; wait "
                                        f"{duration_text(step['wait'])}", step["who"], step["source"]))
        at = at + timedelta(minutes=duration_minutes(step["wait"]))
    cadence = next((c for c in data["cadences"] if c["priority"] == request.priority and c["tier"] == request.tier),
                   None)
    if cadence and level["update_templates"]:
        senders = ", ".join(dict.fromkeys(n for t in level["update_templates"] for n in data["update_senders"].get(t, [])))
        every = duration_text(cadence["every"])
        for n, moment in enumerate(_every(hours, calendar, start, end, cadence["every"]), 1):
            events.append(Event(moment, "customer-update", f"Customer update {n} due (every {every})",
                                senders or level["owner"], cadence["source"]))
    internal = level["internal_updates"].get(f"{request.priority}|{request.tier}", level.get("internal_update"))
    if internal:
        every = duration_text(internal)
        for n, moment in enumerate(_every(hours, calendar, start, end, internal), 1):
            events.append(Event(moment, "internal-update", f"Internal update {n} due (every {every})",
                                level["owner"], f"{src}.internal_update"))
    events += _recovery(data, request, hours, calendar, start, end)
    events += _summaries(data, level, calendar, local, start, end)
    if request.resolved is not None:
        events.append(Event(end, "resolved", "Service restored", level["owner"], f"{src}"))
        review = data["review"]
        if level["id"] in review["required_for"]:
            events.append(Event(_after(hours, calendar, end, review["due_within"]), "review",
                                f"Post-escalation review due (within {duration_text(review['due_within'])})",
                                review["facilitator"], review["source"]))
    order = {kind: n for n, kind in enumerate(KINDS)}
    return sorted(events, key=lambda e: (e.at, order[e.kind]))


def zone_for(data: dict[str, Any], region: str | None) -> str:
    """The time zone times are shown in: the customer's region's, else the organisation's."""
    return _zone_name(data["organisation"], region)


def _zone_name(org: dict[str, Any], region: str | None) -> str:
    for entry in org.get("regions") or []:
        if entry["id"] == region:
            return entry["time_zone"]
    return org.get("time_zone") or "UTC"


def _recovery(data: dict[str, Any], request: Request, hours: StaffedHours, calendar: Any,
              start: datetime, end: datetime) -> list[Event]:
    recovery = data["recovery"]
    if request.tier not in recovery["applies_to"]:
        return []
    events = []
    for rule in recovery["rules"]:
        if rule["priority"] != request.priority or not rule["after"]:
            continue
        crossed = start + timedelta(minutes=duration_minutes(rule["after"]))
        if crossed > end:
            continue
        offer = f"; offer a {rule['credit']} service credit" if rule["credit"] else ""
        events.append(Event(crossed, "service-recovery", f"{rule['when']} Threshold crossed{offer}, approved by "
                                                         f"{rule['approver']}", rule["approver"], rule["source"]))
        if rule["review_within"] and request.resolved is not None:
            events.append(Event(_after(hours, calendar, end, rule["review_within"]), "review",
                                f"Review for {rule['when'].rstrip('.')} due (within "
                                f"{duration_text(rule['review_within'])} of resolution)",
                                rule["approver"], f"{rule['source']}.review_within"))
    return events


def _summaries(data: dict[str, Any], level: dict[str, Any], calendar: Any, local: Any,
               start: datetime, end: datetime) -> list[Event]:
    """The daily summary at its local time: from its first day, on every n-th business day
    (or every n-th day when counted in days), while the escalation is open."""
    summary = data["daily_summary"]
    if not summary or summary["template"] not in level["templates"] or not summary["local_time"]:
        return []
    hour, minute = (int(x) for x in summary["local_time"].split(":"))
    unit, amount = duration_unit(summary["every"])
    business = unit == "business_days"
    step = max(1, int(amount if business else duration_minutes(summary["every"]) // 1440))
    day = start.astimezone(local).date() + timedelta(days=summary["from_day"] - 1)
    who = ", ".join(summary["senders"]) or level["owner"]
    events: list[Event] = []
    counted = 0
    for _ in range(int(MAX_SPAN.days) + 1):
        moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=local).astimezone(UTC)
        if moment > end:
            break
        if not business or _business(calendar).is_business_day(day):
            if counted % step == 0 and moment >= start:
                events.append(Event(moment, "daily-summary", f"{summary['name']} due, to {summary['audience']}",
                                    who, summary["source"]))
            counted += 1
        day += timedelta(days=1)
    return events
