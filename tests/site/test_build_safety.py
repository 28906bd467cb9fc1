"""`playbook build` can destroy nothing but an old site.

Scripted cases: `--site-dir .` once deleted the whole project (.git included) and printed "site
built"; `--site-dir docs` deleted every page. Each unsafe folder is refused with exit 2 before
anything is touched. Interrupted builds stop mkdocs with its process group and leave no staging
folder; stale staging folders of killed builds are removed; the site honours the umask; the
swap leaves no moment without a site.
"""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

import macros.build as building
from macros.build import SiteDirError, check_site_dir
from site_helpers import PROJECT, build, copy_project, edit

REFUSE = "Error: refusing to build into {shown}: "
OWN = "give a folder of its own, such as site/"


def tree(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


def playbook_cli(project: Path, *args: str, **kwargs) -> subprocess.Popen[str] | subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "scripts.cli", "--root", str(project), "build", *args]
    env = dict(os.environ, PYTHONPATH=str(PROJECT), PLAYBOOK_TODAY="2026-11-01", SOURCE_DATE_EPOCH="1767225600")
    if kwargs.pop("background", False):
        return subprocess.Popen(command, cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, start_new_session=True)
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=300)


def unsafe_cases(project: Path) -> list[tuple[str, str]]:
    """(--site-dir as typed, the exact error) for every unsafe kind of folder."""
    (project / ".git").mkdir(exist_ok=True)
    (project / "notes").mkdir()
    (project / "notes" / "todo.txt").write_text("keep me\n")
    (project / "a-file").write_text("keep me\n")
    (project / "other-repo" / ".git").mkdir(parents=True)
    return [
        (".", REFUSE + "it is the project folder, and building replaces the whole folder; " + OWN),
        ("..", REFUSE + "it is a folder holding the project, and building replaces the whole folder; " + OWN),
        ("docs", REFUSE + "it is inside the project's docs/ folder; " + OWN),
        ("docs/preview", REFUSE + "it is inside the project's docs/ folder; " + OWN),
        ("playbook", REFUSE + "it is inside the project's playbook/ folder; " + OWN),
        ("schemas", REFUSE + "it is inside the project's schemas/ folder; " + OWN),
        ("macros", REFUSE + "it is inside the project's macros/ folder; " + OWN),
        (".git", REFUSE + "it is inside the project's .git/ folder; " + OWN),
        ("other-repo", REFUSE + "it holds a .git/ folder, so it is not a site; " + OWN),
        ("notes", REFUSE + "it is a folder that does not look like a site built before (no index.html and "
                           "sitemap.xml), and building replaces it whole; give an empty or new folder"),
        ("a-file", "Error: Invalid value for '--site-dir': Directory 'a-file' is a file."),  # click's own check
        ("missing/site", "Error: cannot build into {shown}: its parent folder {parent} does not exist; "
                         "create it first"),
    ]


def test_every_unsafe_site_folder_is_refused_with_exit_2_before_anything_is_touched(project_copy: Path) -> None:
    cases = unsafe_cases(project_copy)
    before = tree(project_copy)
    for typed, message in cases:
        done = playbook_cli(project_copy, "--site-dir", typed)
        parent = (project_copy / typed).resolve().parent
        expected = message.format(shown=typed, parent=parent)
        assert done.returncode == 2, (typed, done.stderr)
        assert done.stderr.splitlines()[-1] == expected, typed
        assert "site built in" not in done.stderr and "Traceback" not in done.stderr
        assert tree(project_copy) == before, f"--site-dir {typed} touched the project"


def test_an_unwritable_parent_is_a_clear_error(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root can write anywhere")
    locked = tmp_path / "locked"
    locked.mkdir(mode=0o555)
    with pytest.raises(SiteDirError, match="no permission to write in its parent folder"):
        check_site_dir(PROJECT, locked / "site")


def test_a_linked_site_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    (tmp_path / "site").symlink_to(tmp_path / "real")
    with pytest.raises(SiteDirError, match="is a symbolic link; give the real folder"):
        check_site_dir(PROJECT, tmp_path / "site")


def _mkdocs_children(staging_prefix: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8", "replace")
            except OSError:
                continue
            if "mkdocs" in command and staging_prefix in command:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc to find the mkdocs child")
@pytest.mark.parametrize(("sig", "code"), [(signal.SIGINT, 130), (signal.SIGTERM, 143)])
def test_an_interrupted_build_stops_mkdocs_and_leaves_nothing_behind(project_copy: Path, sig, code) -> None:
    process = playbook_cli(project_copy, background=True)
    deadline = time.monotonic() + 60
    staging: list[Path] = []
    while time.monotonic() < deadline and not (staging and _mkdocs_children(str(project_copy / ".site-build-"))):
        staging = list(project_copy.glob(".site-build-*"))
        time.sleep(0.05)
    assert staging, "the build never started"
    os.kill(process.pid, sig)
    _out, err = process.communicate(timeout=60)
    assert process.returncode == code, err
    assert err.splitlines()[-1] == ("build interrupted; mkdocs was stopped, its staging folder removed and the last "
                                    "good site left as it was")
    assert "Traceback" not in err
    assert list(project_copy.glob(".site-build-*")) == []
    time.sleep(0.2)
    assert _mkdocs_children(str(project_copy / ".site-build-")) == [], "mkdocs kept running"
    assert not (project_copy / "site").exists()


def _dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(done.stdout)


def test_the_next_build_removes_staging_of_killed_builds_and_the_site_honours_the_umask(project_copy: Path) -> None:
    dead = _dead_pid()
    stale = project_copy / f".site-build-{dead}-abc123"
    (stale / "roles").mkdir(parents=True)
    (stale / "roles" / "index.html").write_text("half a site")
    old = project_copy / f".site-old-{dead}-xyz"
    old.mkdir()
    alive = project_copy / f".site-build-{os.getppid()}-keep"  # a build still running (its process exists)
    alive.mkdir()
    mask = os.umask(0o022)
    try:
        result = build(project_copy)
    finally:
        os.umask(mask)
    assert result.ok, result.output
    assert not stale.exists() and not old.exists()
    assert alive.exists()
    site = result.site
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert stat.S_IMODE((site / "index.html").stat().st_mode) == 0o644
    assert stat.S_IMODE((site / "roles").stat().st_mode) == 0o755


def test_the_swap_is_one_atomic_exchange(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    site, staging = tmp_path / "site", tmp_path / ".site-build-1-x"
    site.mkdir()
    (site / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    renames: list[tuple[str, str]] = []
    monkeypatch.setattr(building.os, "rename", lambda a, b: renames.append((a, b)))
    building._swap_in(staging, site)
    assert renames == [], "two renames leave a moment without a site"
    assert (site / "index.html").read_text() == "new"
    assert not staging.exists()


def test_without_an_exchange_the_swap_falls_back_to_two_renames(tmp_path: Path, monkeypatch) -> None:
    site, staging = tmp_path / "site", tmp_path / ".site-build-1-x"
    site.mkdir()
    (site / "index.html").write_text("old")
    staging.mkdir()
    (staging / "index.html").write_text("new")
    monkeypatch.setattr(building, "_exchange", lambda a, b: False)
    building._swap_in(staging, site)
    assert (site / "index.html").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]
