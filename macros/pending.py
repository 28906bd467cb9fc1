"""A cold build's validation, finished by another process while the build renders from the loaded playbook.

Validating (YAML with positions, the schemas, the rules) was a quarter of what a cold build adds to mkdocs,
all of it before the first page. When another process validates anyway (the helper of prewarm.py, which
validates first and stores the result in .cache/validated), the build need not wait for it: it loads the
files (no checks) and renders the pages from them meanwhile. The verdict is taken before anything is
written (the site hook's `_settle`, at the latest in on_env, and mkdocs' emptying of the site folder waits
for it too): a playbook with errors then stops the build with the same messages `playbook validate`
prints, and nothing rendered from it is kept. A valid playbook renders the same whether it was checked
first or not, since rendering reads only the data.

What the unchecked data could do meanwhile is bounded:
- only renderers over the data run; the pages whose parts read files the playbook names (the exports)
  wait for the verdict first (the hook), so an unchecked path is never opened;
- a renderer that fails on unchecked data waits for the verdict, which names the real problem;
- a renderer that would never end on data the checks refuse (a loop over a cycle they forbid) is
  stopped: once the verdict has errors, the build must make progress (`beat`) within STUCK_AFTER
  seconds, else its main thread is interrupted after the problems are reported.
"""
from __future__ import annotations

import _thread
import contextlib
import threading
import time
from pathlib import Path
from typing import IO, Callable

from .playbook import Playbook, load_documents
from .problems import Problem, errors

STUCK_AFTER = 20.0  # seconds without progress, once the verdict has errors, before the build is interrupted


class PendingValidation:
    """`validated(root)`, awaited in a thread of this process while another process makes it.

    `signal`: the helper's output, where it writes a line once it has validated (or ends): waiting for that
    line first means this process never starts validating itself before the helper has claimed the work.
    `stuck`: called with the problems just before a build stuck in a renderer is interrupted."""

    def __init__(self, root: Path, signal: IO[bytes] | None = None,
                 stuck: Callable[[list[Problem]], None] | None = None):
        self._root, self._signal, self._stuck = root, signal, stuck
        self._outcome: tuple[Playbook, list[Problem]] | None = None
        self._error: BaseException | None = None
        self._done, self._settled = threading.Event(), threading.Event()
        self._last_beat = time.monotonic()
        self._thread = threading.Thread(target=self._run, name="playbook-validation", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        from .site import validated

        try:
            if self._signal is not None:
                with contextlib.suppress(OSError, ValueError):
                    self._signal.readline()  # blocks (without the GIL) until the helper has validated or ended
            self._outcome = validated(self._root)  # its stored result; made here only when none was stored
        except BaseException as error:  # noqa: BLE001 - handed to the build, which reports it
            self._error = error
        finally:
            self._done.set()
        if self._outcome is not None and errors(self._outcome[1]):
            self._watch(errors(self._outcome[1]))

    def _watch(self, problems: list[Problem]) -> None:
        while not self._settled.wait(1.0):
            if time.monotonic() - self._last_beat > STUCK_AFTER:
                if self._stuck is not None:
                    self._stuck(problems)
                _thread.interrupt_main()
                return

    def beat(self) -> None:
        """The build made progress (it calls this per page)."""
        self._last_beat = time.monotonic()

    def failed(self) -> bool:
        """Whether the verdict is in and the playbook has errors (without waiting)."""
        self.beat()
        return self._done.is_set() and (self._error is not None or bool(errors(self._outcome[1])))  # type: ignore[index]

    def outcome(self) -> tuple[Playbook, list[Problem]]:
        """The validated playbook and its problems, waiting for them; settles the build (no interruption)."""
        self._done.wait()
        self._settled.set()
        if self._error is not None:
            raise self._error
        assert self._outcome is not None
        return self._outcome


def provisional(root: Path) -> Playbook | None:
    """The playbook as loaded, unchecked, to render from while it is validated elsewhere; None when a file
    does not even load (the build then waits for the verdict, which reports it)."""
    playbook, problems = load_documents(root)
    return None if errors(problems) else playbook
