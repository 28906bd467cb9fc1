"""The PDF export's Chromium makes no outside look-up: every host but the loopback server resolves to
nothing inside the browser. Chromium's own net log is the witness: it records every host-resolution
job, and the only name it may resolve is the loopback server's (an address, which needs no job)."""
from __future__ import annotations

import json
import time
from pathlib import Path

from browser_kit import chromium_path
from macros.pdf import CHROMIUM_ARGS, serve

PAGE = ('<html><body><img src="https://www.google.com/favicon.ico"><img src="http://outside.example.com/x.png">'
        '<link rel="preconnect" href="https://fonts.googleapis.com"><a href="https://accounts.google.com">a</a>'
        '</body></html>')


def resolved_hosts(log: Path) -> tuple[set[str], set[str]]:
    """(hosts asked for, hosts a resolution job ran for) from a Chromium net log."""
    text = log.read_text(encoding="utf-8")
    try:
        data = json.loads(text)
    except ValueError:  # a log cut off at exit lacks its closing brackets
        data = json.loads(text.rstrip().rstrip(",") + "]}")
    names = {number: name for name, number in data["constants"]["logEventTypes"].items()}
    asked, jobs = set(), set()
    for event in data["events"]:
        kind, params = names.get(event["type"], ""), event.get("params")
        if isinstance(params, dict) and params.get("host"):
            if kind == "HOST_RESOLVER_MANAGER_REQUEST":
                asked.add(str(params["host"]))
            elif kind == "HOST_RESOLVER_MANAGER_JOB":
                jobs.add(str(params["host"]))
    return asked, jobs


def test_chromium_resolves_no_outside_host(tmp_path: Path) -> None:
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text(PAGE, encoding="utf-8")
    log = tmp_path / "net.json"
    flags = [a for a in CHROMIUM_ARGS if a != "--headless"] + [f"--log-net-log={log}"]
    with serve(tmp_path / "site") as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable, args=flags, headless=True)
        try:
            page = browser.new_page()
            page.goto(base)
            time.sleep(2)  # background requests (updates, accounts) start within the first seconds
        finally:
            browser.close()
    asked, jobs = resolved_hosts(log)
    assert any(host.startswith("http://127.0.0.1:") for host in asked)
    assert jobs == set(), f"Chromium looked up {sorted(jobs)}"
    outside = {host for host in asked if not host.startswith("http://127.0.0.1:") and not host.endswith("~notfound")}
    assert outside == set(), f"Chromium asked for {sorted(outside)}"
