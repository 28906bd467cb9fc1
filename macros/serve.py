"""Live preview: serve the site, rebuild on change, show what is wrong instead of hanging.

mkdocs' own live-reload server does the serving, watching and browser reloading; the builder
is the atomic `build_site` (a fresh mkdocs process per build, so edits to the code are picked
up too). A failed build never raises into the server (mkdocs' server would then hold every page
request until a build succeeds, which looks hung): its messages become the page every browser
is shown and reloaded to, while the last good build stays on disk for the stylesheets and for
the moment the file is fixed. Page requests wait for a build under way at most `BUILD_WAIT`
seconds, then get what there is.
"""
from __future__ import annotations

import contextlib
import html
import io
import os
import posixpath
import urllib.parse
import wsgiref.util
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Iterable

from mkdocs.livereload import LiveReloadServer

from .build import BuildResult, SiteDirError, build_site

# What a change to any of these means: the site may read differently, so build again.
WATCHED = ("playbook", "schemas", "docs", "macros", "mkdocs.yml")
BUILD_WAIT = 20.0  # seconds a page request waits for a build under way before getting what there is
PROBLEM_STATUS = "503 Service Unavailable"


@dataclass(frozen=True)
class Failure:
    """Why the last build failed: mkdocs' output, its progress lines left out."""

    lines: tuple[str, ...]

    @classmethod
    def of(cls, result: BuildResult) -> Failure:
        shown = tuple(line for line in result.output.splitlines() if line.strip() and not line.startswith("INFO"))
        return cls(shown or ("the build failed without saying why; run `playbook build -v` to see mkdocs' output",))


def failure_page(failure: Failure, have_site: bool) -> bytes:
    """A whole HTML page listing the messages, escaped; the live-reload script is added when served."""
    items = "\n".join(f"<li><code>{html.escape(line)}</code></li>" for line in failure.lines)
    kept = ("The last good build is kept: it comes back as soon as the site builds again." if have_site
            else "No build has succeeded yet.")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>The site cannot be built</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.5}}
h1{{color:#b00020}} li{{margin:.4rem 0}} code{{white-space:pre-wrap;word-break:break-word}}</style></head>
<body><main><h1>The site cannot be built</h1>
<p>Fix what is listed below and save: this page reloads by itself. {kept}</p>
<ul class="pb-build-problems">
{items}
</ul></main></body></html>
""".encode("utf-8")


def _is_page(path: str) -> bool:
    """A request for a page (not a stylesheet, script or image)."""
    last = path.rsplit("/", 1)[-1]
    return last == "" or last.endswith(".html") or "." not in last


class PlaybookServer(LiveReloadServer):
    """mkdocs' live-reload server whose builder never fails: a failure is shown as the page."""

    def __init__(self, root: Path, site: Path, host: str, port: int,
                 report: Callable[[BuildResult], None] = lambda _result: None) -> None:
        self.project, self.site, self.report = root, site, report
        self.failure: Failure | None = None
        self.built: tuple[tuple[str, int, int], ...] = ()  # the watched files as the last build started
        super().__init__(builder=self.rebuild, host=host, port=port, root=str(site))
        for name in WATCHED:
            if (root / name).exists():
                self.watch(str(root / name))

    def stamp(self) -> tuple[tuple[str, int, int], ...]:
        """Every watched file with its modification time and size: equal stamps, same site."""
        found = []
        for name in WATCHED:
            for folder, dirs, files in os.walk(self.project / name):
                dirs[:] = sorted(d for d in dirs if d != "__pycache__")
                for file in files:
                    with contextlib.suppress(OSError):
                        info = os.stat(os.path.join(folder, file))
                        found.append((os.path.join(folder, file), info.st_mtime_ns, info.st_size))
            with contextlib.suppress(OSError):
                if (self.project / name).is_file():
                    info = os.stat(self.project / name)
                    found.append((name, info.st_mtime_ns, info.st_size))
        return tuple(sorted(found))

    def rebuild(self) -> None:
        self.built = self.stamp()
        try:
            result = build_site(self.project, self.site)
        except (SiteDirError, OSError) as error:  # e.g. the preview folder was removed under us
            result = BuildResult(False, f"ERROR - {error}", self.site)
        self.failure = None if result.ok else Failure.of(result)
        self.report(result)

    def _serve_request(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes] | None:
        path = environ["PATH_INFO"].encode("latin-1").decode("utf-8", "ignore")
        if path.startswith("/livereload/"):
            return super()._serve_request(environ, start_response)
        if _is_page(path):
            self._catch_up()
        with self._epoch_cond:  # a build under way: wait for it, but never for ever
            self._epoch_cond.wait_for(lambda: self._visible_epoch == self._wanted_epoch, timeout=BUILD_WAIT)
            epoch, failure = self._visible_epoch, self.failure
        if failure is not None and _is_page(path):
            content = self._inject_js_into_html(failure_page(failure, (self.site / "index.html").is_file()), epoch)
            start_response(PROBLEM_STATUS, [("Content-Type", "text/html; charset=utf-8"),
                                             ("Content-Length", str(len(content))), ("Cache-Control", "no-store")])
            return [content]
        return self._serve_file(path, epoch, start_response)

    def _catch_up(self) -> None:
        """A page asked for right after a save shows that save: if the files differ from the last build's
        (the watcher polls, so it may not have noticed yet), ask for a build and wait for it (bounded)."""
        now = self.stamp()
        if now == self.built:
            return
        with self._rebuild_cond:
            self._want_rebuild = True
            self._rebuild_cond.notify_all()
        with self._epoch_cond:
            self._epoch_cond.wait_for(lambda: self.built == now and self._visible_epoch == self._wanted_epoch,
                                      timeout=BUILD_WAIT)

    def _serve_file(self, path: str, epoch: int, start_response: Any) -> Iterable[bytes] | None:
        relative = posixpath.normpath("/" + path + ("index.html" if path.endswith("/") else "")).lstrip("/")
        file_path = os.path.join(self.root, relative)
        try:
            with open(file_path, "rb") as file:
                content = file.read()
        except OSError:
            if not path.endswith("/") and os.path.isfile(os.path.join(file_path, "index.html")):
                start_response("302 Found", [("Location", urllib.parse.quote(path) + "/")])
                return []
            return None  # 404
        if file_path.endswith(".html"):
            content = self._inject_js_into_html(content, epoch)
        start_response("200 OK", [("Content-Type", self._guess_type(file_path)),
                                  ("Content-Length", str(len(content)))])
        return wsgiref.util.FileWrapper(io.BytesIO(content))


def serve(root: Path, site: Path, host: str, port: int, report: Callable[[BuildResult], None],
          ready: Callable[[str], None]) -> None:
    """Bind (OSError on a busy port, before any build), build once, then serve and rebuild on every
    change until KeyboardInterrupt, which is raised to the caller after the server is closed."""
    server = PlaybookServer(root.resolve(), site, host, port, report)
    try:
        server.server_bind()
        server.server_activate()  # listening before the address is printed; serve() would do both again
        server.server_bind = server.server_activate = lambda: None  # type: ignore[method-assign]
        server.url = f"http://{host}:{server.server_address[1]}/"  # the port actually bound (0: any free one)
        server.rebuild()
        ready(server.url)
        server.serve()
    finally:
        server.shutdown()
