"""`playbook serve`: a live preview that shows what is wrong instead of hanging."""
from __future__ import annotations

import shutil
import signal
import sys
import tempfile
from pathlib import Path
from typing import Any

import click


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on (0: any free port; the address is printed).")
@click.pass_obj
def serve(root: Path, host: str, port: int) -> None:
    """Serve the site at http://HOST:PORT/, rebuilding it whenever a file changes.

    Watches playbook/, schemas/, docs/, macros/ and mkdocs.yml; open pages reload by
    themselves after each build. When the playbook has problems (or the build fails
    for any other reason) every page shows the messages, FILE:LINE:COLUMN first, at
    once; the last good build is kept and comes back as soon as the files are fixed.
    Builds go to a temporary folder (site/ is not touched). Ctrl-C stops it (exit 0).

    \b
    Example:
      playbook serve
      playbook serve --port 8001
    """
    from macros.build import BuildInterrupted
    from macros.serve import serve as serve_site

    site = Path(tempfile.mkdtemp(prefix="playbook-serve-"))
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        serve_site(root, site, host, port, report=_report,
                   ready=lambda url: click.echo(f"serving on {url} (Ctrl-C to stop)", err=True))
    except (KeyboardInterrupt, BuildInterrupted):
        click.echo("stopped", err=True)
    except OSError as error:  # the port is taken or cannot be used
        raise click.UsageError(f"cannot listen on {host}:{port}: {error.strerror or error}; "
                               "pass another --port") from None
    finally:
        signal.signal(signal.SIGTERM, previous)
        shutil.rmtree(site, ignore_errors=True)
    sys.exit(0)


def _interrupt(_signum: int, _frame: Any) -> None:
    raise KeyboardInterrupt


def _report(result: Any) -> None:
    from macros.serve import Failure

    if result.ok:
        click.echo("site built; browsers reload", err=True)
        return
    lines = Failure.of(result).lines
    click.echo("\n".join(["the site cannot be built (the pages show this until it is fixed):", *lines]), err=True)
