"""A cold build's costly parts are made by a helper process beside mkdocs (macros/prewarm.py), through
cache entries locked across processes (macros/cache.py): each part is made once, a build waits for the
helper rather than repeating its work, and a helper that dies or fails never costs a result."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from macros import prewarm
from macros.cache import Busy, Missing, cached_bytes, elsewhere_busy, probing
from macros.site import build_playbook

from site_helpers import PROJECT, build, copy_project, edit

HOLDER = textwrap.dedent("""
    import pathlib, sys, time
    sys.path.insert(0, {project!r})
    from macros.cache import cached_bytes

    def compute():
        pathlib.Path({flag!r}).write_text("holding")
        time.sleep({hold})
        return b"made by the helper"

    cached_bytes(pathlib.Path({root!r}), "test", ["part"], compute)
""")


def _hold(tmp_path: Path, hold: float) -> subprocess.Popen:
    """A process that holds the entry's lock for `hold` seconds while it makes it."""
    flag = tmp_path / "holding"
    code = HOLDER.format(project=str(PROJECT), flag=str(flag), hold=hold, root=str(tmp_path))
    holder = subprocess.Popen([sys.executable, "-c", code])
    deadline = time.monotonic() + 60
    while not flag.exists():
        assert holder.poll() is None and time.monotonic() < deadline, "the holder did not start"
        time.sleep(0.01)
    return holder


def test_a_build_waits_for_the_part_another_process_is_making_and_does_not_make_it_again(tmp_path: Path) -> None:
    holder = _hold(tmp_path, 1.0)
    made: list[int] = []
    result = cached_bytes(tmp_path, "test", ["part"], lambda: made.append(1) or b"made by the build")
    assert holder.wait(timeout=60) == 0
    assert result == b"made by the helper" and made == []
    assert [p.name for p in (tmp_path / ".cache" / "test").iterdir() if p.suffix == ".lock"] == []


def test_a_helper_killed_while_making_a_part_never_blocks_the_build(tmp_path: Path) -> None:
    holder = _hold(tmp_path, 600)
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=60)
    assert cached_bytes(tmp_path, "test", ["part"], lambda: b"made by the build") == b"made by the build"


def test_the_helper_skips_a_part_the_build_is_making(tmp_path: Path) -> None:
    holder = _hold(tmp_path, 600)
    try:
        with elsewhere_busy(), pytest.raises(Busy):
            cached_bytes(tmp_path, "test", ["part"], lambda: b"made twice")
    finally:
        holder.kill()
        holder.wait(timeout=60)


def test_probing_makes_nothing(tmp_path: Path) -> None:
    with probing(), pytest.raises(Missing):
        cached_bytes(tmp_path, "test", ["part"], lambda: pytest.fail("probing made a part"))
    cached_bytes(tmp_path, "test", ["part"], lambda: b"stored")
    with probing():
        assert cached_bytes(tmp_path, "test", ["part"], lambda: pytest.fail("probing made a part")) == b"stored"


def _helper(root: Path, trace: Path) -> list[str]:
    env = dict(os.environ, PLAYBOOK_PREWARM_TRACE=str(trace), PYTHONPATH=str(PROJECT))
    done = subprocess.run([sys.executable, "-m", "macros.prewarm", str(root)], cwd=root, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    return trace.read_text(encoding="utf-8").splitlines()


def test_the_helper_alone_makes_every_part_a_build_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = copy_project(tmp_path / "project")
    lines = _helper(root, tmp_path / "trace")
    assert lines == ["actions-page done", "calibration done", "oncall-page done", "outcomes-page done",
                     "policy-changes done", "finder-data done", "checker-data done", "timeline-data done", "slide done"]
    monkeypatch.chdir(root)
    assert not prewarm.missing(build_playbook(root), root)


def test_a_cold_build_with_the_helper_equals_one_without(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    alone, helped = copy_project(tmp_path / "a" / "project"), copy_project(tmp_path / "b" / "project")
    monkeypatch.setenv(prewarm.ENV, "0")
    first = build(alone)
    monkeypatch.setenv(prewarm.ENV, "1")
    monkeypatch.setenv(prewarm.TRACE, str(tmp_path / "trace"))
    second = build(helped)
    assert first.ok and second.ok, first.output + second.output

    def files(site: Path) -> dict[str, bytes]:
        return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and p.name != "sitemap.xml.gz"}

    assert files(first.site) == files(second.site)
    assert len((tmp_path / "trace").read_text(encoding="utf-8").splitlines()) == len(prewarm._jobs())


def test_a_part_that_fails_is_reported_once_by_the_build(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    (root / "docs" / "data" / "sample-tickets.csv").write_text('"Ticket ID","Created"\n', encoding="utf-8")
    result = build(root)
    assert not result.ok
    errors = [line for line in result.output.splitlines() if "calibration page:" in line]
    assert errors and len(errors) == len(set(errors)), result.output


def test_a_cold_playbook_build_starts_one_helper_and_validates_beside_mkdocs(tmp_path: Path) -> None:
    """`playbook build` (what `make site` runs) starts the helper and mkdocs at once and validates meanwhile:
    the site is the same as a plain build's, mkdocs starts no second helper (each part is traced once), and
    the validation it needed came from the one the command made (a single cache entry)."""
    alone, helped = copy_project(tmp_path / "a" / "project"), copy_project(tmp_path / "b" / "project")
    first = build(alone)
    trace = tmp_path / "trace"
    env = dict(os.environ, PLAYBOOK_PREWARM_TRACE=str(trace), PYTHONPATH=str(PROJECT),
               SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1767225600"))  # the date build() gives
    env.pop(prewarm.ENV, None)
    done = subprocess.run([sys.executable, "-m", "scripts.cli", "--root", str(helped), "build"], cwd=helped,
                          env=env, capture_output=True, text=True, timeout=600)
    assert first.ok and done.returncode == 0, first.output + done.stderr
    assert "Traceback" not in done.stderr

    def files(site: Path) -> dict[str, bytes]:
        return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*"))
                if p.is_file() and p.name != "sitemap.xml.gz"}

    assert files(first.site) == files(helped / "site")
    parts = [line.split()[0] for line in trace.read_text(encoding="utf-8").splitlines()]
    assert sorted(parts) == sorted(prewarm._name(job) for job in prewarm._jobs()), parts
    assert len([p for p in (helped / ".cache" / "validated").iterdir() if not p.name.endswith(".lock")]) == 1


def test_a_cold_playbook_build_gives_the_helper_and_mkdocs_the_last_commits_time(
        tmp_path: Path, git_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """In a git clone the site carries the last commit's time (reproducible builds); the helper that `playbook
    build` starts makes parts of it (the slide), so it gets the same time, and mkdocs starts no helper of its own."""
    import macros.build as building
    from click.testing import CliRunner

    from scripts.cli import cli

    root = copy_project(tmp_path / "project")
    for command in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "policy"]):
        subprocess.run(["git", "-C", str(root), *command], check=True, capture_output=True)
    committed = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True,
                               text=True, check=True).stdout.strip()
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv(prewarm.ENV, raising=False)
    seen: dict[str, dict[str, str]] = {}
    monkeypatch.setattr(prewarm, "_able", lambda: True)
    monkeypatch.setattr(prewarm, "_spawn", lambda where, env=None, signal=False: seen.setdefault("helper", dict(env or {})) or True)
    monkeypatch.setattr(building, "_run_interruptibly",
                        lambda command, where, env: (seen.setdefault("mkdocs", env), (1, "stub: no mkdocs here"))[1])
    CliRunner().invoke(cli, ["--root", str(root), "build"], prog_name="playbook")
    assert seen["helper"]["SOURCE_DATE_EPOCH"] == committed == seen["mkdocs"]["SOURCE_DATE_EPOCH"]
    assert seen["mkdocs"][prewarm.ENV] == "0"
    assert "SOURCE_DATE_EPOCH" not in os.environ  # given to the processes started, the caller's own left as it was


def test_a_forked_helper_never_returns_into_the_build(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build that writes a site starts its helper as a copy of itself (fork): whatever the helper meets, it
    ends there, never running on in the build's code (which would build the site twice)."""
    if not prewarm._forkable():
        pytest.skip("no fork here (not Linux, or this process has other threads)")
    parent, returned = os.getpid(), tmp_path / "returned"

    def failing(argv: list[str]) -> int:
        raise RuntimeError("the helper fails")

    monkeypatch.setattr(prewarm, "main", failing)
    assert prewarm._fork(tmp_path, None)
    if os.getpid() != parent:  # only a helper that came back from _fork gets here
        returned.write_text("the helper ran on in the build's code", encoding="utf-8")
        os._exit(0)
    helper, prewarm._helper = prewarm._helper, None
    assert helper.wait(timeout=60) == 1
    assert helper.stdout.read() == b""  # no signal line: the build's wait ends at the end of the pipe
    assert not returned.exists()


def test_no_fork_while_another_thread_runs(tmp_path: Path) -> None:
    """A lock another thread holds (mkdocs serve's server) would stay held in the copy for ever."""
    import threading

    release = threading.Event()
    other = threading.Thread(target=release.wait)
    other.start()
    try:
        assert not prewarm._forkable()
    finally:
        release.set()
        other.join()
