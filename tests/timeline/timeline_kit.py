"""Shared by the timeline tests: the golden requests and running them through the engine."""
from __future__ import annotations

import json
import pathlib
from datetime import datetime
from typing import Any

from macros.hours import zone
from macros.playbook import load_playbook
from macros.timeline.engine import Request, compute, timeline_data, zone_for
from scripts.cmd_timeline import parse_span

REPO = pathlib.Path(__file__).resolve().parents[2]
CASES = {c["name"]: c for c in json.loads((pathlib.Path(__file__).parent / "cases.json").read_text("utf-8"))["cases"]}
PB, _ = load_playbook(REPO)
DATA = timeline_data(PB)


def request(case: dict[str, Any]) -> Request:
    resolved = datetime.fromisoformat(case["resolved"]) if case.get("resolved") else None
    return Request(case["level"], case["priority"], case["tier"], datetime.fromisoformat(case["start"]),
                   parse_span(case["for"]), case.get("region"), resolved)


def events_json(case: dict[str, Any]) -> list[dict[str, str]]:
    tz = zone(zone_for(DATA, case.get("region")))
    return [e.as_dict(tz) for e in compute(DATA, request(case))]
