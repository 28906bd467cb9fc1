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


def test_links_in_a_pdf_point_at_the_site_url_and_dates_are_the_builds(tmp_path: Path) -> None:
    """Links to the site leave the loopback server for site_url (or become text); two prints are equal."""
    executable = chromium_path()
    from playwright.sync_api import sync_playwright

    from macros.pdf import _SITE_LINKS, reproducible

    (tmp_path / "site" / "roles").mkdir(parents=True)
    (tmp_path / "site" / "index.html").write_text(
        '<title>Runbook</title><a href="roles/">Roles</a> <a href="/levels/#level-2">Level 2</a> <a href="https://example.com/x">x</a>',
        encoding="utf-8")
    prints = []
    with serve(tmp_path / "site") as base, sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=executable,
                                         args=[a for a in CHROMIUM_ARGS if a != "--headless"], headless=True)
        try:
            page = browser.new_page()
            for link_base in ("https://runbook.example.org/support/", "https://runbook.example.org/support/", None):
                page.goto(base)
                page.evaluate(_SITE_LINKS, link_base)
                prints.append(reproducible(page.pdf(), 1767225600))
        finally:
            browser.close()
    with_url, again, without = prints
    assert b"127.0.0.1" not in with_url + without
    assert b"(https://runbook.example.org/support/roles/)" in with_url
    assert b"(https://runbook.example.org/support/levels/#level-2)" in with_url
    assert b"(https://example.com/x)" in with_url and b"(https://example.com/x)" in without
    assert without.count(b"/URI (") == 1  # only the outside link is left
    assert b"/CreationDate (D:20260101000000+00'00')" in with_url
    assert with_url == again


def test_site_url_is_read_from_mkdocs_yml(tmp_path: Path) -> None:
    from macros.pdf import site_url

    (tmp_path / "mkdocs.yml").write_text("site_name: x\nsite_url: 'https://runbook.example.org/support'\n")
    assert site_url(tmp_path) == "https://runbook.example.org/support/"
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    assert site_url(tmp_path) is None
