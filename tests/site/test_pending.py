"""A cold build renders from the loaded playbook while its helper process validates it (macros/pending.py),
and takes the verdict before writing anything. What a user must see is unchanged: a playbook with errors
stops the build with the very lines `playbook validate` prints, no traceback, and the last site stays as it
was (mkdocs' cleaning of the site folder waits for the verdict); a valid playbook gives the same site."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from macros import pending
from macros.pending import PendingValidation
from macros.site import validated

from site_helpers import PROJECT, copy_project, edit

# One defect each; every one is found while the pages render from the unchecked files.
DEFECTS = {
    "a schema error": ("playbook/roles.yml", "    short_name: IC\n", "    short_name: [IC]\n"),
    "a shape the renderers cannot read": ("playbook/levels.yml", "levels:\n  - id: level-1\n",
                                          "levels:\n  level-1:\n  - id: level-1\n"),
    "a cross-reference": ("playbook/routing.yml", "    owner: security-on-call\n", "    owner: security-on-cal\n"),
    "an id that is not an id": ("playbook/roles.yml", "  - id: incident-commander\n",
                                "  - id: \"x') }}{{ calibration_page() }}{{ role_page('y\"\n"),
}


def _mkdocs(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONPATH=str(PROJECT), SOURCE_DATE_EPOCH="1767225600")
    env.pop("PLAYBOOK_PREWARM", None)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", *args], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)


def _files(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project with a good site built by `mkdocs build`, kept aside to be copied."""
    root = copy_project(tmp_path_factory.mktemp("pending") / "project")
    done = _mkdocs(root)
    assert done.returncode == 0, done.stdout + done.stderr
    shutil.rmtree(root / ".cache")
    return root


@pytest.mark.parametrize("defect", sorted(DEFECTS))
def test_a_cold_build_stops_on_the_playbooks_errors_and_keeps_the_last_site(
        built: Path, tmp_path: Path, defect: str, monkeypatch: pytest.MonkeyPatch) -> None:
    root = tmp_path / "project"
    shutil.copytree(built, root)
    before = _files(root / "site")
    edit(root, *DEFECTS[defect])
    monkeypatch.chdir(root)  # messages name files as seen from the working folder, as mkdocs' are
    expected = [p.text() for p in validated(root)[1] if p.severity == "error"]
    shutil.rmtree(root / ".cache")  # cold: the helper validates while the build renders
    assert expected
    done = _mkdocs(root)
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output
    assert f"the playbook has {len(expected)} problem(s); fix them and build again:\n" + "\n".join(expected) in output
    assert "calibration page" not in output  # no page's own error instead of the playbook's
    assert _files(root / "site") == before


def test_a_page_error_keeps_the_last_site(built: Path, tmp_path: Path) -> None:
    """mkdocs empties the site folder only once the pages have rendered: a bad page leaves the last site."""
    root = tmp_path / "project"
    shutil.copytree(built, root)
    before = _files(root / "site")
    edit(root, "docs/levels.md", "{{ levels_page() }}", "{{ levels_page('extra') }}")
    done = _mkdocs(root)
    assert done.returncode == 1 and "docs/levels.md:" in done.stdout + done.stderr, done.stdout + done.stderr
    assert _files(root / "site") == before


def test_a_build_that_succeeds_still_empties_the_site_folder_first(built: Path, tmp_path: Path) -> None:
    """Cold (the verdict pending) and warm alike: stale files go, hidden ones stay, as mkdocs' own cleaning does."""
    root = tmp_path / "project"
    shutil.copytree(built, root)
    for state in ("cold", "warm"):
        (root / "site" / "stale.html").write_text("old", encoding="utf-8")
        (root / "site" / ".kept").write_text("hidden files are mkdocs' to keep", encoding="utf-8")
        done = _mkdocs(root)
        assert done.returncode == 0, state + done.stdout + done.stderr
        assert not (root / "site" / "stale.html").exists() and (root / "site" / ".kept").exists(), state
    assert _files(root / "site") == dict(_files(built / "site"), **{".kept": b"hidden files are mkdocs' to keep"})


def test_the_verdict_waits_for_the_helpers_line_and_never_validates_before_it(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The signal is what keeps the build from racing its helper to the validation (doing it twice)."""
    root = copy_project(tmp_path / "project")
    calls: list[float] = []
    real = validated

    def counted(where: Path):
        calls.append(time.monotonic())
        return real(where)

    monkeypatch.setattr("macros.site.validated", counted)
    read, write = os.pipe()
    with os.fdopen(read, "rb") as signal:
        waiting = PendingValidation(root, signal)
        time.sleep(0.3)
        assert calls == [] and not waiting.failed()
        sent = time.monotonic()
        os.write(write, b"validated\n")
        os.close(write)
        playbook, problems = waiting.outcome()
    assert len(calls) == 1 and calls[0] >= sent
    assert [p for p in problems if p.severity == "error"] == [] and "roles" in playbook.documents


def test_a_build_stuck_on_data_the_checks_refuse_is_interrupted(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A renderer that never ends on refused data (a loop over a cycle the rules forbid) cannot hang the build:
    once the verdict has errors and the build makes no progress, the problems are reported and it is stopped."""
    root = copy_project(tmp_path / "project")
    edit(root, *DEFECTS["a cross-reference"])
    monkeypatch.setattr(pending, "STUCK_AFTER", 0.5)
    reported: list[list] = []
    waiting = PendingValidation(root, None, reported.append)
    deadline = time.monotonic() + 60
    with pytest.raises(KeyboardInterrupt):
        while time.monotonic() < deadline:  # the stuck renderer: no beat, never settles
            time.sleep(0.01)
    assert reported and any("security-on-cal" in p.message for p in reported[0])
    assert waiting.failed()


def test_a_build_that_makes_progress_is_never_interrupted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "project")
    edit(root, *DEFECTS["a cross-reference"])
    monkeypatch.setattr(pending, "STUCK_AFTER", 2.0)  # far above the beats' 0.05 s, even on a loaded machine
    waiting = PendingValidation(root, None)
    end = time.monotonic() + 5
    while time.monotonic() < end:  # pages rendering: each beats
        waiting.beat()
        time.sleep(0.05)
    assert waiting.failed()  # the verdict came, and nothing interrupted the loop above
    assert [p for p in waiting.outcome()[1] if "security-on-cal" in p.message]


def test_where_the_cleaning_cannot_be_put_off_the_build_validates_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Rendering before the verdict is only safe while mkdocs' emptying of the site folder waits for it."""
    import mkdocs.utils

    from macros import mkdocs_hooks

    monkeypatch.setattr(mkdocs_hooks.prewarm, "validating_elsewhere", lambda root: True)
    monkeypatch.setitem(mkdocs_hooks._command, "clean", True)
    monkeypatch.delattr(mkdocs.utils, "clean_directory")
    assert mkdocs_hooks._provisional(PROJECT) is None
