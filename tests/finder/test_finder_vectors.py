"""The shared vectors: tickets at every threshold with the level and criteria the Python reference
gives. The page's evaluator runs the same file in Chromium (tests/site/test_finder_page.py).
UPDATE_GOLDEN=1 rewrites the file after an intended change to the example's criteria."""
from __future__ import annotations

import json
import os

from macros import conditions
from macros.finder import find_level
from macros.playbook import load_playbook
from vector_kit import REPO_ROOT, VECTORS, answer, expected, python_ticket, threshold_tickets


def test_vectors_cover_every_threshold_and_match_the_reference() -> None:
    pb, _ = load_playbook(REPO_ROOT)
    fresh = expected(pb, threshold_tickets(pb))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        VECTORS.write_text(json.dumps(fresh, indent=1) + "\n", encoding="utf-8")
    stored = json.loads(VECTORS.read_text(encoding="utf-8"))
    assert stored == fresh, "the example's criteria changed: run with UPDATE_GOLDEN=1 and review the diff"
    fields = conditions.catalogue_from(pb["ticket-fields"])
    for vector in stored:
        found = find_level(pb, python_ticket(vector["ticket"], fields))
        assert answer(found) == {k: v for k, v in vector.items() if k != "ticket"}, vector
    levels = {v["level"] for v in stored}
    assert levels == {None, *pb.levels}, "every level and 'no level' appear among the vectors"
    met = {c for v in stored for c in v["criteria"]}
    assert met == {f"{lid}/{c['id']}" for lid, level in pb.levels.items() for c in level["criteria"]}
