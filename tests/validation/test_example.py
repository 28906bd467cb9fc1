"""The example playbook shipped in playbook/ is clean: the product's own data passes its own checks."""
from __future__ import annotations

import pathlib

from macros.playbook import AREAS, load_playbook


def test_example_validates_clean(project: pathlib.Path, run_cli) -> None:
    result = run_cli("--root", str(project), "validate")
    assert result.output == "playbook is valid: no problems found\n"
    assert result.exit_code == 0


def test_example_validates_clean_in_strict_mode(project: pathlib.Path, run_cli) -> None:
    result = run_cli("--root", str(project), "validate", "--strict")
    assert (result.exit_code, result.output) == (0, "playbook is valid: no problems found\n")


def test_every_area_loads_and_passes_its_schema(project: pathlib.Path) -> None:
    playbook, problems = load_playbook(project)
    assert problems == []
    assert playbook.clean == set(AREAS)
