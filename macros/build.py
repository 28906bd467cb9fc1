"""Atomic, reproducible site builds.

The site is built into a fresh folder beside `site/` and swapped in only when mkdocs
succeeds, so a failed build never destroys the last good site. SOURCE_DATE_EPOCH is
taken from the last commit so two builds of one commit are byte-identical.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class BuildResult:
    ok: bool
    output: str
    site: Path


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


def build_site(root: Path, site: Path | None = None, extra_args: tuple[str, ...] = ()) -> BuildResult:
    root = root.resolve()
    site = (site or root / "site").resolve()
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=site.parent))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    epoch = source_date_epoch(root)
    if epoch:
        env["SOURCE_DATE_EPOCH"] = epoch
    command = [sys.executable, "-m", "mkdocs", "build", "--strict", "--clean", "--config-file",
               str(root / "mkdocs.yml"), "--site-dir", str(staging), *extra_args]
    done = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True)
    output = done.stdout + done.stderr
    if done.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        return BuildResult(False, output, site)
    _swap_in(staging, site)
    return BuildResult(True, output, site)


def _swap_in(staging: Path, site: Path) -> None:
    """Replace `site` by `staging` with two renames; the old site is removed last."""
    old = None
    if site.exists():
        old = Path(tempfile.mkdtemp(prefix=".site-old-", dir=site.parent))
        os.rename(site, old / "site")
    os.rename(staging, site)
    if old:
        shutil.rmtree(old, ignore_errors=True)
