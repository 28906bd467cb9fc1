"""What every sheet repeats is made once per loaded playbook (macros.playbook.per_playbook), and a playbook
loaded from other data gets its own answer, never the first one's."""
from __future__ import annotations

import shutil
from pathlib import Path

from macros.playbook import load_playbook
from macros.render.printing import reference

from print_helpers import REPO


def test_the_reference_block_is_made_once_and_follows_the_data(tmp_path: Path) -> None:
    shutil.copytree(REPO / "playbook", tmp_path / "playbook")
    shutil.copytree(REPO / "schemas", tmp_path / "schemas")
    first, problems = load_playbook(tmp_path, check_files=False)
    assert not problems
    made = reference(first)
    assert reference(first) is made  # the second sheet reuses it

    level = next(iter(first.levels.values()))
    old = level["internal_update"]
    levels = tmp_path / "playbook" / "levels.yml"
    unit, amount = next(iter(old.items()))
    text = levels.read_text(encoding="utf-8")
    assert f"internal_update: {{{unit}: {amount}}}" in text
    levels.write_text(text.replace(f"internal_update: {{{unit}: {amount}}}", f"internal_update: {{{unit}: 997}}", 1),
                      encoding="utf-8")
    second, problems = load_playbook(tmp_path, check_files=False)
    assert not problems
    assert "997" in reference(second) and "997" not in made
    assert reference(first) is made
