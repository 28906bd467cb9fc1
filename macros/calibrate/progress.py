"""Progress for long runs on a terminal: DuckDB's own estimate, polled from a second thread.

Silent unless the stream is a terminal and the query has run for a moment, so pipes, files,
CI logs and tests never see it. It writes to stderr only; the report goes to stdout.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator, TextIO

import duckdb

POLL_SECONDS = 0.25
QUIET_SECONDS = 1.0  # a quick run shows nothing


class Progress:
    def __init__(self, stream: TextIO | None):
        self.stream = stream if stream is not None and stream.isatty() else None

    @contextmanager
    def watch(self, con: duckdb.DuckDBPyConnection, label: str) -> Iterator[None]:
        if self.stream is None:
            yield
            return
        con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false")
        done = threading.Event()
        thread = threading.Thread(target=self._poll, args=(con, label, done), daemon=True)
        thread.start()
        try:
            yield
        finally:
            done.set()
            thread.join()

    def _poll(self, con: duckdb.DuckDBPyConnection, label: str, done: threading.Event) -> None:
        start, shown = time.monotonic(), False
        while not done.wait(POLL_SECONDS):
            if time.monotonic() - start < QUIET_SECONDS:
                continue
            try:
                percent = con.query_progress()
            except duckdb.Error:
                return
            if percent >= 0:
                self.stream.write(f"\r{label}: {percent:5.1f} %")  # type: ignore[union-attr]
                self.stream.flush()  # type: ignore[union-attr]
                shown = True
        if shown:
            self.stream.write("\r" + " " * (len(label) + 10) + "\r")  # type: ignore[union-attr]
            self.stream.flush()  # type: ignore[union-attr]
