"""`make setup` on a Python older than the pins need: a message naming the version and what to do,
before anything is installed (Debian 12's own python3 is 3.11.2; pymdown-extensions needs 3.11.5)."""
from __future__ import annotations

import pathlib
import shutil
import subprocess
import sys

import pytest

REPO = pathlib.Path(__file__).resolve().parents[2]
OLD_PYTHON = f"""#!/bin/sh
# A Python that says it is 3.11.2, like Debian 12's.
if [ "$1" = "-c" ]; then
  exec {sys.executable} -c "import sys; sys.version_info = (3, 11, 2, 'final', 0); exec(sys.argv[1])" "$2"
fi
exec {sys.executable} "$@"
"""


@pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")
def test_an_old_python_is_refused_before_anything_is_installed(tmp_path: pathlib.Path) -> None:
    for name in ("Makefile", "pyproject.toml", "requirements.lock"):
        shutil.copy(REPO / name, tmp_path / name)
    old = tmp_path / "python3.11.2"
    old.write_text(OLD_PYTHON)
    old.chmod(0o755)
    done = subprocess.run(["make", "setup", f"PYTHON={old}"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode != 0
    assert (f"{old} is Python 3.11.2; the pinned packages need Python 3.11.5 or newer. Install one (Debian 12: "
            "pyenv or uv python install 3.11; Ubuntu 24.04 python3 is fine) and run: make setup "
            "PYTHON=/path/to/python3.11") in done.stderr
    assert "(nothing was installed; .venv was left as it was)" in done.stderr
    assert not (tmp_path / ".venv").exists()


def test_the_venv_is_made_from_scratch_and_stamped_only_on_success() -> None:
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("$(STAMP): pyproject.toml requirements.lock"):makefile.index("setup: $(STAMP)")]
    assert "$(PYTHON) -m venv --clear $(VENV)" in recipe
    assert recipe.rstrip().endswith("@touch $@"), "the stamp is the recipe's last step"
    assert "ifneq ($(WANTED),$(shell cat $(VENV)/.python 2>/dev/null))" in makefile
