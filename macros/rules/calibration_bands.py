"""calibration-bands: target bands are real ranges inside 0–100 %, and a band for a
higher starting level never expects more tickets than a band for a lower one.

FAIL: min 10 %, max 5 % -> "minimum 10 % is not below maximum 5 %"
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..units import percent_text
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook


def check(pb: "Playbook") -> Iterator[Problem]:
    bands = pb["metrics"]["calibration"]
    ranks = {lid: lv["rank"] for lid, lv in pb.levels.items()}
    for i, band in enumerate(bands):
        low, high = band["min"]["percent"], band["max"]["percent"]
        if not low < high:
            yield pb.problem("metrics", ("calibration", i, "min"),
                             f"minimum {percent_text(band['min'])} is not below maximum {percent_text(band['max'])}; "
                             "make min smaller than max", RULE.id)
    for i, band in enumerate(bands):
        for j, other in enumerate(bands):
            if ranks.get(band["from_level"], 0) > ranks.get(other["from_level"], 0) and \
                    band["max"]["percent"] > other["max"]["percent"]:
                yield pb.problem("metrics", ("calibration", i, "max"),
                                 f"up to {percent_text(band['max'])} of tickets from {band['from_level']} up, but only "
                                 f"{percent_text(other['max'])} from {other['from_level']} up; a higher level cannot "
                                 "take more tickets", RULE.id)


RULE = Rule("calibration-bands", ("metrics", "levels"), check, "Calibration bands are sane.")
