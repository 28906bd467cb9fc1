"""The shared vectors against the Python checker (the page runs the same file in Chromium)."""
from __future__ import annotations

import json
import pathlib

import pytest

from macros.checker.engine import Checker, checker_data
from macros.playbook import load_playbook

REPO = pathlib.Path(__file__).resolve().parents[2]
VECTORS = json.loads((pathlib.Path(__file__).parent / "vectors.json").read_text(encoding="utf-8"))["vectors"]
PB, _ = load_playbook(REPO)
CHECKER = Checker(checker_data(PB))


@pytest.mark.parametrize("vector", VECTORS, ids=[v["name"] for v in VECTORS])
def test_vector(vector: dict) -> None:
    found = [f.as_dict() for f in CHECKER.check(vector["text"], vector["template"], vector["channel"])]
    assert found == vector["findings"]


def test_the_vectors_cover_every_rule_and_near_misses() -> None:
    rules = {f["rule"] for v in VECTORS for f in v["findings"]}
    assert rules == {"banned-phrase", "missing-element", "unfilled-placeholder", "unknown-placeholder", "too-long"}
    assert sum(1 for v in VECTORS if v["name"].startswith("near miss") and not v["findings"]) >= 8
