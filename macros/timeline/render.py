"""The timeline as a text table, JSON or an RFC 5545 calendar (icalendar, loaded only for .ics)."""
from __future__ import annotations

import hashlib
import json
from datetime import timedelta
from typing import Any

from .engine import Event


def as_json(events: list[Event], tz: Any) -> str:
    return json.dumps({"events": [e.as_dict(tz) for e in events]}, ensure_ascii=False, indent=2) + "\n"


def as_text(events: list[Event], tz: Any) -> str:
    rows = [(e.at.astimezone(tz).strftime("%a %Y-%m-%d %H:%M %Z"), e.kind, e.what, e.who, e.source) for e in events]
    head = ("When", "Kind", "What", "Who", "From")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(4)]
    lines = ["  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row)).rstrip()
             for row in [head, *rows]]
    return "\n".join(lines) + f"\n{len(events)} event(s), times in {tz.key if hasattr(tz, 'key') else tz}\n"


def as_ics(events: list[Event], title: str) -> bytes:
    """One VEVENT per deadline (a 15-minute slot with a display alarm at its start), stable UIDs."""
    from icalendar import Alarm, Calendar, Event as VEvent

    calendar = Calendar()
    calendar.add("prodid", "-//Escalation Playbook//playbook timeline//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", title)
    for event in events:
        uid = hashlib.sha256(f"{event.at.isoformat()}|{event.kind}|{event.what}".encode()).hexdigest()[:32]
        item = VEvent()
        item.add("uid", f"{uid}@playbook-timeline")
        item.add("dtstamp", events[0].at)
        item.add("dtstart", event.at)
        item.add("dtend", event.at + timedelta(minutes=15))
        item.add("summary", f"{event.what} ({event.who})")
        item.add("description", f"{event.kind}: {event.what}\nWho: {event.who}\nPolicy: {event.source}")
        item.add("categories", [event.kind])
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", event.what)
        alarm.add("trigger", timedelta(0))
        item.add_component(alarm)
        calendar.add_component(item)
    return calendar.to_ical()
