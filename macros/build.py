"""Atomic, reproducible site builds that cannot destroy anything but an old site.

The site is built into a fresh staging folder beside `site/` and swapped in only when mkdocs
succeeds, so a failed build never destroys the last good site. The swap is one atomic
exchange (Linux ``renameat2(RENAME_EXCHANGE)``) where the system has it, so there is no
moment without a site; elsewhere it is two renames. SOURCE_DATE_EPOCH is taken from the
last commit so two builds of one commit are byte-identical.

Safety (``check_site_dir``): the site folder is replaced wholesale, so it is refused before
anything is touched when it is the project, holds or lies inside a project folder, or is a
folder that does not look like a site built before. An interrupted build (Ctrl-C, SIGTERM)
stops mkdocs with its whole process group and removes its staging folder; staging folders
of builds that were killed outright are removed by the next build.
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

# Folders of the project a site must never replace, hold or sit inside.
PROTECTED = ("docs", "playbook", "schemas", "macros", "scripts", "tests", ".git")
STAGING_PREFIX = ".site-build-"
OLD_PREFIX = ".site-old-"
_OURS = re.compile(rf"^(?:{re.escape(STAGING_PREFIX)}|{re.escape(OLD_PREFIX)})(\d+)-")
# What every mkdocs site holds: a folder with both is one this command (or mkdocs) built.
SITE_MARKS = ("index.html", "sitemap.xml")


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    output: str
    site: Path


class SiteDirError(Exception):
    """The site folder is unsafe or unusable; nothing was touched. The message says what to do."""


class BuildInterrupted(Exception):
    """The build was stopped by a signal; mkdocs was stopped and its staging folder removed."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(f"build interrupted by {signal.Signals(signum).name}; the last good site was left as it was")


def source_date_epoch(root: Path) -> str | None:
    """The last commit's time, or None outside git (then mkdocs uses the current time)."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        done = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True,
                              timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_site_dir(root: Path, site: Path) -> None:
    """Refuse (SiteDirError) a site folder whose replacement could destroy anything but an old site."""
    root, shown = root.resolve(), site
    if site.is_symlink():
        raise SiteDirError(f"the site folder {shown} is a symbolic link; give the real folder")
    site = site.resolve()
    if _inside(root, site):
        what = "the project folder" if site == root else "a folder holding the project"
        raise SiteDirError(f"refusing to build into {shown}: it is {what}, and building replaces the whole folder; "
                           "give a folder of its own, such as site/")
    for name in PROTECTED:
        if _inside(site, root / name):
            raise SiteDirError(f"refusing to build into {shown}: it is inside the project's {name}/ folder; "
                               "give a folder of its own, such as site/")
        if (site / name).exists():
            raise SiteDirError(f"refusing to build into {shown}: it holds a {name}/ folder, so it is not a site; "
                               "give a folder of its own, such as site/")
    parent = site.parent
    if not parent.is_dir():
        raise SiteDirError(f"cannot build into {shown}: its parent folder {parent} does not exist; create it first")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise SiteDirError(f"cannot build into {shown}: no permission to write in its parent folder {parent}")
    if site.exists():
        if not site.is_dir():
            raise SiteDirError(f"refusing to build into {shown}: it is a file, not a folder")
        if any(site.iterdir()) and not all((site / mark).is_file() for mark in SITE_MARKS):
            raise SiteDirError(f"refusing to build into {shown}: it is a folder that does not look like a site "
                               f"built before (no {' and '.join(SITE_MARKS)}), and building replaces it whole; "
                               "give an empty or new folder")


def remove_stale_staging(parent: Path) -> list[Path]:
    """Staging and old-site folders left by builds that were killed outright (their process is gone)."""
    removed = []
    with contextlib.suppress(OSError):
        for entry in parent.iterdir():
            found = _OURS.match(entry.name)
            if found and entry.is_dir() and not entry.is_symlink() and not _alive(int(found.group(1))):
                shutil.rmtree(entry, ignore_errors=True)
                removed.append(entry)
    return removed


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: not ours to judge
        return True
    return True


def build_site(root: Path, site: Path | None = None, extra_args: tuple[str, ...] = (),
               env: dict[str, str] | None = None) -> BuildResult:
    """Build and swap in. SiteDirError before anything is touched; BuildInterrupted on a signal.
    `env`: more environment for mkdocs (the CLI turns its helper process off when it started one itself)."""
    root = root.resolve()
    site = site or root / "site"
    check_site_dir(root, site)
    site = site.resolve()
    remove_stale_staging(site.parent)
    try:
        staging = Path(tempfile.mkdtemp(prefix=f"{STAGING_PREFIX}{os.getpid()}-", dir=site.parent))
    except OSError as error:
        raise SiteDirError(f"cannot build into {site}: {error.strerror or error}") from None
    try:
        from .site import ROOT_ENV, site_config

        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", **(env or {}))
        env.pop(ROOT_ENV, None)
        config = site_config(root)
        if config.parent != root:  # a folder with only its playbook: the tool's pages render it
            env[ROOT_ENV] = str(root)
        epoch = env.get("SOURCE_DATE_EPOCH") or source_date_epoch(root)
        if epoch:
            env["SOURCE_DATE_EPOCH"] = epoch
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file",
                   str(config), "--site-dir", str(staging), *extra_args]
        returncode, output = _run_interruptibly(command, root, env)
        if returncode != 0:
            return BuildResult(False, output, site)
        _honour_umask(staging)
        keep_current_pdfs(site, staging)
        unlink_missing_pdfs(staging)
        _swap_in(staging, site)
        return BuildResult(True, output, site)
    finally:
        shutil.rmtree(staging, ignore_errors=True)  # gone already after a swap; else a failed or stopped build


PDF_SOURCES = "sources.json"  # pdf/sources.json: {pdf name: sha256 of the page it was printed from}
_PDF_LINK = re.compile(r'<a\b[^>]*\bhref="([^"#?]+\.pdf)"[^>]*>(.*?)</a>', re.S)


_PDF_MISSING = re.compile(r'<span class="pb-pdf-missing">.*?\(not made yet: run <code>make pdf</code>\)</span>', re.S)


def page_digest(site: Path, page: str) -> str:
    """sha256 of a built page's HTML ('' when missing), links to PDFs left out (they are there or not
    depending on whether PDFs were made): equal digests mean a PDF printed from the page is current."""
    import hashlib

    try:
        html = (site / page).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    return hashlib.sha256(_PDF_MISSING.sub("", _PDF_LINK.sub("", html)).encode("utf-8")).hexdigest()


def keep_current_pdfs(site: Path, staging: Path) -> list[str]:
    """PDFs of the last `playbook pdf` whose page did not change are carried into the new site (a plain
    build must not delete them); a PDF whose page changed is dropped, never shown stale."""
    import json

    try:
        sources = json.loads((site / "pdf" / PDF_SOURCES).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    kept: dict[str, dict[str, str]] = {}
    for name, source in sources.items() if isinstance(sources, dict) else ():
        if not (isinstance(source, dict) and re.fullmatch(r"[A-Za-z0-9._-]+\.pdf", name)):
            continue
        old = site / "pdf" / name
        if old.is_file() and not old.is_symlink() and page_digest(staging, source.get("page", "")) == \
                source.get("sha256"):
            (staging / "pdf").mkdir(exist_ok=True)
            shutil.copy2(old, staging / "pdf" / name)
            kept[name] = source
    if kept:
        (staging / "pdf" / PDF_SOURCES).write_text(json.dumps(kept, indent=1, sort_keys=True), encoding="utf-8")
    return sorted(kept)


def unlink_missing_pdfs(site: Path) -> int:
    """A link to a PDF that this site does not hold becomes text saying how to make it: never a dead link."""
    changed = 0
    for page in site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        if ".pdf" not in html:
            continue

        def replace(found: re.Match[str]) -> str:
            target = (page.parent / found.group(1)).resolve()
            if "://" in found.group(1) or target.is_file():
                return found.group(0)
            return (f'<span class="pb-pdf-missing">{found.group(2)} (not made yet: run '
                    '<code>make pdf</code>)</span>')

        new = _PDF_LINK.sub(replace, html)
        if new != html:
            page.write_text(new, encoding="utf-8")
            changed += 1
    return changed


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP become BuildInterrupted (Ctrl-C already is KeyboardInterrupt) while building."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(signum: int, _frame: object) -> None:
        raise BuildInterrupted(signum)

    previous = {s: signal.signal(s, handler) for s in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for number, old in previous.items():
            signal.signal(number, old)


def _run_interruptibly(command: list[str], root: Path, env: dict[str, str]) -> tuple[int, str]:
    """mkdocs in its own process group, so a stop reaches it and everything it started."""
    with _signals_raise():
        child = subprocess.Popen(command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 text=True, start_new_session=True)
        try:
            output, _ = child.communicate()
        except BaseException:  # KeyboardInterrupt, BuildInterrupted: stop the whole group, then go on stopping
            _stop_group(child)
            raise
    return child.returncode, output


def _stop_group(child: subprocess.Popen[str]) -> None:
    for sig, wait in ((signal.SIGTERM, 5), (signal.SIGKILL, 5)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(child.pid, sig)
        try:
            child.wait(timeout=wait)
            return
        except subprocess.TimeoutExpired:
            continue


def _honour_umask(folder: Path) -> None:
    """mkdtemp makes its folder 0700; a site must be readable by a web server running as another user."""
    mask = os.umask(0)
    os.umask(mask)
    os.chmod(folder, 0o777 & ~mask)


def _exchange(first: Path, second: Path) -> bool:
    """Swap two paths in one atomic step (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        # the C library this process already has (ctypes.util.find_library would run ldconfig for its name)
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        try:
            renameat2 = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True).renameat2
        except (OSError, AttributeError):
            return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0:
        return True
    return False  # EINVAL (filesystem without exchange), ENOSYS (old kernel): fall back


def _swap_in(staging: Path, site: Path) -> None:
    """Replace `site` by `staging`: one atomic exchange when possible; the old site is removed last."""
    if site.is_dir() and not site.is_symlink() and _exchange(staging, site):
        shutil.rmtree(staging, ignore_errors=True)  # staging now holds the old site
        return
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=f"{OLD_PREFIX}{os.getpid()}-", dir=site.parent))
        os.rename(site, old / "site")
    os.rename(staging, site)
    if old:
        shutil.rmtree(old, ignore_errors=True)
