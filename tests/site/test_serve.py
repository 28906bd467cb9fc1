"""`playbook serve` (what `make serve` runs): a broken playbook is shown at once, never a hung page.

The server runs for real in a subprocess on a free port and is asked over HTTP, as a browser
asks: the site is served; breaking a file makes the next page request answer with the
validation messages (file:line:column, escaped) and the live-reload poll tell open pages to
reload; the last good build's assets stay served; fixing the file brings the site back;
Ctrl-C exits 0 with no traceback and removes the preview folder.
"""
from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from macros.serve import BUILD_WAIT, Failure, failure_page
from site_helpers import PROJECT, copy_project, edit

BROKEN = "playbook/glossary.yml:3:6: YAML syntax error: mapping values are not allowed here [yaml-syntax]"
STARTUP = 180  # seconds for the first build on a loaded machine


def _start(project: Path) -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, PYTHONPATH=str(PROJECT), PLAYBOOK_TODAY="2026-11-01", SOURCE_DATE_EPOCH="1767225600")
    server = subprocess.Popen([sys.executable, "-m", "scripts.cli", "--root", str(project), "serve", "--port", "0"],
                              cwd=project, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline, seen = time.monotonic() + STARTUP, []
    while time.monotonic() < deadline:
        line = server.stderr.readline()
        seen.append(line)
        if found := re.match(r"serving on (http://127\.0\.0\.1:\d+/)", line):
            return server, found.group(1)
        if not line and server.poll() is not None:
            break
    server.kill()
    raise AssertionError(f"the server did not start: {''.join(seen)}")


def _get(url: str) -> tuple[int, str, float]:
    """(status, body, seconds): every answer must come within the bounded wait, never hang."""
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=BUILD_WAIT + 30) as answer:
            status, body = answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode("utf-8")
    return status, body, time.monotonic() - started


def _stop(server: subprocess.Popen[str]) -> str:
    server.send_signal(signal.SIGINT)
    _out, err = server.communicate(timeout=60)
    assert server.returncode == 0, err
    assert "Traceback" not in err
    assert err.splitlines()[-1] == "stopped"
    return err


def _preview_folders() -> set[str]:
    return {p.name for p in Path(os.environ.get("TMPDIR", "/tmp")).glob("playbook-serve-*")}


def test_a_broken_playbook_is_shown_at_once_and_the_site_comes_back_when_fixed(project_copy: Path) -> None:
    before = _preview_folders()
    server, url = _start(project_copy)
    try:
        status, page, _ = _get(url + "levels/")
        assert status == 200 and "<article" in page and "livereload(" in page
        epoch = re.search(r"livereload\((\d+), \d+\)", page).group(1)

        edit(project_copy, "playbook/glossary.yml", "\nlast_reviewed:", "\n  bad: [unclosed\nlast_reviewed:")
        lines = (project_copy / "playbook/glossary.yml").read_text(encoding="utf-8").splitlines()
        assert lines[2] == "  bad: [unclosed", "the defect must sit where the expected message says"
        status, page, seconds = _get(url + "levels/")  # asked right after the save: no waiting for the watcher
        assert status == 503, page
        assert f"<li><code>{BROKEN}</code></li>" in page
        assert "The site cannot be built" in page and "livereload(" in page  # it reloads itself when fixed
        assert seconds < BUILD_WAIT
        assert _get(url + "livereload/" + epoch + "/1")[1] > epoch  # open pages are told to reload
        status, _css, _ = _get(url + "assets/playbook.css")  # the last good build is still there
        assert status == 200

        edit(project_copy, "playbook/glossary.yml", "\n  bad: [unclosed\n", "\n")
        status, page, _ = _get(url + "levels/")
        assert status == 200 and "<article" in page and BROKEN not in page
    finally:
        err = _stop(server)
    assert "the site cannot be built (the pages show this until it is fixed):\n" + \
           "the playbook has 1 problem(s); fix them and build again:\n" + BROKEN in err
    assert _preview_folders() == before, "the preview folder was left behind"


def test_a_playbook_broken_from_the_start_is_shown_and_nothing_else_is_touched(project_copy: Path) -> None:
    edit(project_copy, "playbook/glossary.yml", "\nlast_reviewed:", "\n  bad: [unclosed\nlast_reviewed:")
    server, url = _start(project_copy)
    try:
        status, page, seconds = _get(url)
        assert status == 503 and f"<li><code>{BROKEN}</code></li>" in page
        assert "No build has succeeded yet." in page
        assert _get(url + "assets/playbook.css")[0] == 404
    finally:
        _stop(server)
    assert not (project_copy / "site").exists(), "serve must not touch site/"


def test_the_messages_are_escaped() -> None:
    page = failure_page(Failure(("playbook/x.yml:1:1: <script>alert('&')</script> [rule]",)), have_site=True)
    assert b"<li><code>playbook/x.yml:1:1: &lt;script&gt;alert(&#x27;&amp;&#x27;)&lt;/script&gt; [rule]</code></li>" in page
    assert b"<script>" not in page
