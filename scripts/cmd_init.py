"""`playbook init DIR`: scaffold a new organisation's playbook with TODO markers."""
from __future__ import annotations

from pathlib import Path

import click


class InitRefused(click.ClickException):
    exit_code = 2


@click.command("init")
@click.argument("folder", metavar="DIR", type=click.Path(path_type=Path))
def init(folder: Path) -> None:
    """Create DIR/playbook/ with a minimal, valid playbook to make your own.

    Every value only you can give is a "TODO: ..." text (and the currency is
    XXX); `playbook --root DIR validate` lists each as a warning with its
    file:line:column until you replace it (--strict fails while any is left).
    The site builds from the skeleton as it is. Refuses (exit 2, nothing
    written) when DIR already holds a playbook/, is a file or is a symbolic link.

    \b
    Example:
      playbook init ../acme-support
      playbook --root ../acme-support validate
      playbook --root ../acme-support build
    """
    from macros.init import InitRefused as Refused, scaffold
    from macros.rules.freshness import today

    try:
        written = scaffold(folder, today().isoformat())
    except Refused as error:
        raise InitRefused(str(error)) from None
    except OSError as error:
        raise InitRefused(f"cannot create {folder / 'playbook'}: {error.strerror or error}") from None
    click.echo(f"created {folder / 'playbook'} with {len(written)} files; replace every TODO, then run:\n"
               f"  playbook --root {folder} validate   # lists each TODO left, as file:line:column\n"
               f"  playbook --root {folder} build      # the site, in {folder / 'site'}")


init.needs_project = False  # type: ignore[attr-defined]  # runs before DIR holds a playbook
