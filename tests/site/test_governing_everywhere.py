"""Where a metric's target governs some of a level's cases, every place that states the level's
targets says so: the Levels page, the Home table and the printed sheets' reference block, all from
macros.governing (as the finder and the timeline answer). A reader never sees only the level's own
target where a stricter one applies."""
from __future__ import annotations

import html
import pathlib
import re

from macros.playbook import load_playbook
from macros.governing import target_exceptions

REPO = pathlib.Path(__file__).resolve().parents[2]


def _text(path: pathlib.Path) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", path.read_text("utf-8"))))


def test_home_and_every_printed_sheet_name_the_targets_that_govern(example_site: pathlib.Path) -> None:
    pb, _ = load_playbook(REPO)
    exceptions = {(lid, response): target_exceptions(pb, lid, response)
                  for lid in pb.levels for response in ("acknowledge", "engage_sme")}
    assert any(exceptions.values()), "the example has a metric that governs some levels' cases"
    home = _text(example_site / "index.html")
    sheets = [p for p in (example_site / "print").rglob("index.html") if "Response targets by level" in p.read_text("utf-8")]
    assert sheets
    for (lid, _response), found in exceptions.items():
        for value, names in found.items():
            assert f"{value} for {', '.join(names)}" in home, (lid, value)
            for sheet in sheets:
                assert f"{', '.join(names)}: {value}" in _text(sheet), (sheet, lid, value)
