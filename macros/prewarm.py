"""A second process that makes a build's costly cached parts while mkdocs renders the pages.

What a cold build (a fresh clone, as in CI, or the first build after an edit under `playbook
serve`) adds to mkdocs is mostly a few parts that depend on the data alone: the reports over the
configured exports (DuckDB), the policy change log (the git history through the validator), the
in-browser tools' data and the slide. Each is cached by content (cache.py). When validation is
not cached (then every part is missing too), or right after it when any part is missing, the build
starts the helper; it makes them in the order the build needs them, leaving any the build is
already making.
The build, on reaching a part, reads it, or waits for the helper to finish it (the entry's lock).

The helper is a copy of the process starting it (fork, on Linux, while that process has one thread):
the core is then already imported. Elsewhere it is a new interpreter (`python -m macros.prewarm ROOT`).
It validates first, unless another process already is, and says so on a pipe that a build writing a
site waits on (macros/pending.py) before it reads the result.

The helper only ever fills the cache: a failed or killed helper costs time, never a result, since
the build then makes the part itself and reports its errors as always. None is started with one
core, where locks are not available, or with PLAYBOOK_PREWARM=0.
"""
from __future__ import annotations

import atexit
import contextlib
import importlib
import logging
import os
import signal as signal_module
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import IO, Any, Callable

from .cache import Busy, Missing, elsewhere_busy, fcntl, probing
from .playbook import Playbook

ENV = "PLAYBOOK_PREWARM"
TRACE = "PLAYBOOK_PREWARM_TRACE"  # a file the helper appends "<part> done|busy|failed: <error>" to, per part


def _calibration(playbook: Playbook, root: Path) -> Any:
    from .calibrate.configured import configured_calibration_page
    from .site import exports

    return configured_calibration_page(playbook, root, exports(playbook).get("calibration") or {})


def _operations(kind: str) -> Callable[[Playbook, Path], Any]:
    def job(playbook: Playbook, root: Path) -> Any:
        from .operations import configured

        return getattr(configured, f"{kind}_page")(playbook, root)

    job.part = f"{kind}-page"  # type: ignore[attr-defined]
    return job


def _policy_changes(playbook: Playbook, root: Path) -> Any:
    from .diff.page_cache import policy_changes_page

    return policy_changes_page(root)


def _tool(tool: str) -> Callable[[Playbook, Path], Any]:
    def job(playbook: Playbook, root: Path) -> Any:
        from .generated import tool_data

        return tool_data(tool, playbook)

    job.part = f"{tool}-data"  # type: ignore[attr-defined]
    return job


def _slide(playbook: Playbook, root: Path) -> Any:
    from .generated import brief_pptx

    return brief_pptx(playbook)


# The page macros whose content the helper makes: a build reads the pages calling them last (mkdocs_hooks
# on_files), so that the helper has made them by then.
MACROS = ("actions_page", "calibration_page", "oncall_page", "outcomes_page", "policy_changes_page")


# What the first parts need, loaded by the helper right after validating (or while another process validates):
# DuckDB and the report engines.
# The others (the change log's diff, the tools' exporters, python-pptx) load when their part is made:
# loaded up front they would hold up the reports, which the build needs first, and the slide is needed last.
PRELOAD = ("duckdb", "macros.operations.oncall", "macros.operations.outcomes", "macros.operations.actions",
           "macros.operations.charts", "macros.calibrate.page")


def _jobs() -> list[Callable[[Playbook, Path], Any]]:
    """In the order a build reaches them: the pages calling MACROS (read after the others, by file name),
    then the tools' data (copied after every page is read), then the slide (written last)."""
    from .generated import BROWSER_TOOLS

    return [_operations("actions"), _calibration, _operations("oncall"), _operations("outcomes"),
            _policy_changes, *(_tool(t) for t in BROWSER_TOOLS), _slide]


def missing(playbook: Playbook, root: Path) -> bool:
    """Whether any part is not cached yet (computing nothing: each part's key only)."""
    previous = logging.root.manager.disable
    logging.disable(logging.CRITICAL)  # a part that warns says so once, when the build makes it
    try:
        with probing():
            for job in _jobs():
                try:
                    job(playbook, root)
                except Missing:
                    return True
                except Exception:  # noqa: BLE001 - the build meets it again and reports it
                    return True
        return False
    finally:
        logging.disable(previous)


_helper: "subprocess.Popen[bytes] | _Forked | None" = None


def _cores() -> int:
    with contextlib.suppress(AttributeError, OSError):
        return len(os.sched_getaffinity(0))
    return os.cpu_count() or 1


def _able() -> bool:
    return fcntl is not None and os.environ.get(ENV) != "0" and _cores() >= 2


def start_early(root: Path, env: dict[str, str] | None = None, signal: bool = False) -> bool:
    """Before the build validates: when validation is not cached (the data or the code changed), every part
    is missing too, so the helper starts now; it validates first (unless another process already is) and
    then loads its engines. True when one was started. `env`: more environment for it (the CLI gives the
    build's SOURCE_DATE_EPOCH). `signal`: the helper says when it has validated (`validation_signal`)."""
    from .site import validation_cached

    stop(wait=0.0)  # a helper left from the build before (playbook serve)
    if not _able() or validation_cached(root):
        return False
    return _spawn(root, env, signal)


def validation_signal() -> IO[bytes] | None:
    """The output of the helper this process started (a fork, or started with `signal`): a line appears on it
    once the helper has validated the playbook (or it ends), so waiting for the stored result never races the
    helper to it."""
    return _helper.stdout if _helper is not None else None


def start(playbook: Playbook, root: Path) -> bool:
    """After validation: start the helper when a part is missing; True when one is at work for this build."""
    if _helper is not None and _helper.poll() is None:
        return True  # started early, before validation
    stop()
    if not _able() or not missing(playbook, root):
        return False
    return _spawn(root)


def _spawn(root: Path, env: dict[str, str] | None = None, signal: bool = False) -> bool:
    """Start the helper; `signal`: with the pipe it writes its line to (a fork always has one)."""
    global _helper
    if _forkable():
        return _fork(root, env)
    from .site import TOOL_HOME  # the folder holding this macros package

    path = os.pathsep.join(p for p in (str(TOOL_HOME), os.environ.get("PYTHONPATH", "")) if p)
    try:
        _helper = subprocess.Popen([sys.executable, "-m", "macros.prewarm", str(root)], stdin=subprocess.DEVNULL,
                                   stdout=subprocess.PIPE if signal else subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL,
                                   env=dict(os.environ, **(env or {}), PYTHONPATH=path, **{ENV: "0"}))
    except OSError:
        return False
    return True


def _forkable() -> bool:
    """A copy of this process (fork) starts the helper with the core already imported: 0.1-0.2 s sooner than a
    new interpreter, which is what a cold build waits for at its last pages. Only on Linux (elsewhere system
    libraries may not survive a fork) and only while this process has one thread (a lock another thread
    holds would stay held in the copy for ever: `mkdocs serve`)."""
    return sys.platform.startswith("linux") and hasattr(os, "fork") and threading.active_count() == 1


def _fork(root: Path, env: dict[str, str] | None) -> bool:
    global _helper
    try:
        read, write = os.pipe()
        pid = os.fork()
    except OSError:
        return False
    if pid == 0:  # the helper: never returns into the build's code, whatever happens
        code = 1
        try:
            os.close(read)
            quiet = os.open(os.devnull, os.O_RDWR)
            os.dup2(quiet, 0)
            os.dup2(quiet, 2)
            os.dup2(write, 1)
            sys.stdout = open(1, "w", encoding="utf-8", closefd=False)  # noqa: SIM115 - the process ends below
            os.environ.update(env or {})
            os.environ[ENV] = "0"
            code = main([str(root)])
        finally:
            os._exit(code)
    os.close(write)
    _helper = _Forked(pid, os.fdopen(read, "rb"))
    return True


class _Forked:
    """The forked helper, with the part of subprocess.Popen's interface this module uses."""

    def __init__(self, pid: int, stdout: IO[bytes]):
        self.pid, self.stdout, self.returncode = pid, stdout, None

    def poll(self) -> int | None:
        if self.returncode is None:
            with contextlib.suppress(ChildProcessError):
                done, status = os.waitpid(self.pid, os.WNOHANG)
                if done:
                    self.returncode = os.waitstatus_to_exitcode(status)
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        end = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if end is not None and time.monotonic() >= end:
                raise subprocess.TimeoutExpired(f"helper {self.pid}", timeout or 0)
            time.sleep(0.005)
        return self.returncode  # type: ignore[return-value]

    def terminate(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal_module.SIGTERM)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal_module.SIGKILL)


def stop(wait: float = 5.0) -> None:
    """Let the helper finish what it is making (it is done when the build is), else end it."""
    global _helper
    helper, _helper = _helper, None
    if helper is None:
        return
    try:
        helper.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        helper.terminate()
        try:
            helper.wait(timeout=5)
        except subprocess.TimeoutExpired:
            helper.kill()
            helper.wait()
    if helper.stdout is not None:  # its signal line, read or not (closed once it ended: no reader is left waiting)
        with contextlib.suppress(OSError):
            helper.stdout.close()


def validating_elsewhere(root: Path) -> bool:
    """Whether another process is making this build's validation: the helper this process started (it
    validates first), or one another process started (`playbook build`'s, beside mkdocs)."""
    from .site import validation_busy

    helper = _helper
    return (helper is not None and helper.stdout is not None and helper.poll() is None) or validation_busy(root)


atexit.register(stop, 0.0)


def main(argv: list[str]) -> int:
    """The helper: make every missing part, skipping any another process is making."""
    from .site import build_playbook

    if len(argv) != 1:
        print("usage: python -m macros.prewarm PROJECT_FOLDER (started by the site build)", file=sys.stderr)
        return 2
    root = Path(argv[0])
    logging.disable(logging.CRITICAL)
    from .site import validation_busy

    elsewhere = validation_busy(root)  # another process validating (a build beside): load the engines meanwhile
    if elsewhere:
        _preload()
    try:
        playbook = build_playbook(root)  # validates, or waits for and reads the validation being made
    except Exception:  # noqa: BLE001 - the build reports every problem itself
        return 1
    finally:
        _signal_validated()
    if not elsewhere:
        _preload()
    trace = os.environ.get(TRACE)
    with elsewhere_busy():
        for job in _jobs():
            try:
                job(playbook, root)
                outcome = "done"
            except Busy:
                outcome = "busy"  # the build is making it
            except Exception as error:  # noqa: BLE001 - the build meets it again and reports it
                outcome = f"failed: {type(error).__name__}"
            if trace:
                with contextlib.suppress(OSError), open(trace, "a", encoding="utf-8") as out:
                    out.write(f"{_name(job)} {outcome}\n")
    return 0


def _preload() -> None:
    for engine in PRELOAD:
        with contextlib.suppress(Exception):
            importlib.import_module(engine)


def _signal_validated() -> None:
    """One line on stdout: the build that started this helper with `signal` waits for it (a pipe), then
    reads the stored validation; with no reader (a broken pipe) nothing is lost."""
    with contextlib.suppress(OSError, ValueError):
        sys.stdout.write("validated\n")
        sys.stdout.flush()


def _name(job: Callable[..., Any]) -> str:
    return getattr(job, "part", job.__name__.strip("_").replace("_", "-"))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
