"""approval-bands: each approval band starts where the previous one ends (no gap, no
overlap), ranges upward, and its money cap rises with it; a table's amounts share one currency.

FAIL: bands 0–5 %, 6–10 % -> "band starts at 6 % but the previous band ends at 5 %; …"
FAIL: above 25,000 JPY, up_to 250,000 EUR -> "amount in EUR, but this table's amounts are in JPY …"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterator

from ..loading import format_path
from ..problems import Problem
from ..units import quantity_magnitude, quantity_text
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


_MONEY_KEYS = ("above", "up_to", "max_amount")


def _currencies(pb: "Playbook", section: str) -> list[Problem]:
    """One currency per table: amounts in two currencies cannot be compared, so a band could never be ordered."""
    base = (section, "bands")
    first: tuple[str, tuple[Any, ...]] | None = None
    found = []
    for i, band in enumerate(pb["decision-rights"][section]["bands"]):
        for key in _MONEY_KEYS:
            value = band.get(key)
            if not (isinstance(value, dict) and "currency" in value):
                continue
            if first is None:
                first = (value["currency"], base + (i, key))
            elif value["currency"] != first[0]:
                found.append(pb.problem("decision-rights", base + (i, key),
                                        f"amount in {value['currency']}, but this table's amounts are in {first[0]} "
                                        f"(from {format_path(first[1])}); use one currency in a table", RULE.id))
    return found


def _bands(pb: "Playbook", section: str) -> Iterator[Problem]:
    bands: list[dict[str, Any]] = pb["decision-rights"][section]["bands"]
    base = (section, "bands")
    mixed = _currencies(pb, section)
    if mixed:  # magnitudes in two currencies say nothing about gaps, overlaps or caps
        yield from mixed
        return
    if bands and quantity_magnitude(bands[0]["above"]) != 0:
        yield pb.problem("decision-rights", base + (0, "above"),
                         f"the first band starts above {quantity_text(bands[0]['above'])}; start it at zero so small "
                         "amounts have an approver", RULE.id)
    for i, band in enumerate(bands):
        low, high = quantity_magnitude(band["above"]), quantity_magnitude(band["up_to"])
        if low is not None and high is not None and high <= low:
            yield pb.problem("decision-rights", base + (i, "up_to"),
                             f"band ends at {quantity_text(band['up_to'])}, not above its start "
                             f"{quantity_text(band['above'])}; end each band above where it starts", RULE.id)
        if i == 0:
            continue
        previous = bands[i - 1]
        if quantity_magnitude(band["above"]) != quantity_magnitude(previous["up_to"]):
            kind = "gap" if (low or 0) > (quantity_magnitude(previous["up_to"]) or 0) else "overlap"
            yield pb.problem("decision-rights", base + (i, "above"),
                             f"band starts above {quantity_text(band['above'])} but the previous band ends at "
                             f"{quantity_text(previous['up_to'])} ({kind}); start each band where the previous ends",
                             RULE.id)
        if "max_amount" in band and "max_amount" in previous and \
                quantity_magnitude(band["max_amount"]) <= quantity_magnitude(previous["max_amount"]):  # type: ignore[operator]
            yield pb.problem("decision-rights", base + (i, "max_amount"),
                             f"cap {quantity_text(band['max_amount'])} does not rise above the previous band's "
                             f"{quantity_text(previous['max_amount'])}; give each band a higher cap than the one before",
                             RULE.id)


def check(pb: "Playbook") -> Iterator[Problem]:
    yield from _bands(pb, "credits")
    yield from _bands(pb, "refunds")


RULE = Rule("approval-bands", ("decision-rights",), check, "Approval thresholds rise with no gap or overlap.")
