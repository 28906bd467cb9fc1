"""A playbook checked against older schemas (as the policy history replays old commits) gets a
warning naming the rule that could not run, never a traceback."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from macros.playbook import load_playbook

REPO = Path(__file__).resolve().parents[2]


def test_a_rule_meeting_an_older_shape_is_skipped_with_a_warning(tmp_path: Path) -> None:
    for folder in ("playbook", "schemas"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    schema_path = tmp_path / "schemas" / "levels.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    schema["required"].remove("required_phases")  # as before levels.yml named its required phases
    schema_path.write_text(json.dumps(schema), encoding="utf-8")
    levels = tmp_path / "playbook" / "levels.yml"
    levels.write_text(levels.read_text(encoding="utf-8").replace("required_phases: [first-15-minutes, during, resolution]\n", ""),
                      encoding="utf-8")

    _playbook, problems = load_playbook(tmp_path)

    assert [(p.rule, p.severity, p.message) for p in problems if p.rule == "rule-skipped"] == [
        ("rule-skipped", "warning", "rule coverage could not check this playbook (KeyError: 'required_phases'); "
                                    "its files follow another version of the schemas")]
