"""The `playbook` command: thin subcommands over the core in `macros/`."""
from __future__ import annotations

import contextlib
import importlib
import sys
from pathlib import Path

import click

from macros.playbook import load_playbook
from macros.problems import errors
from macros.reporting import REPORTERS
from macros.rules.freshness import today

ROOT_HELP = "Project folder holding playbook/ and schemas/ (default: the current directory)."
HELP_ASKED = "playbook.help_asked"
NO_PROJECT = "playbook.no_project"  # the subcommand makes the project (init): no playbook/ is needed yet


class ProjectGroup(click.Group):
    """Notes whether the subcommand only shows its help: that needs no project folder.

    Subcommands in their own modules are registered by name and imported when used, so that
    `playbook validate` does not pay for DuckDB, the PDF exporter or the diff machinery.
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.lazy: dict[str, str] = {}

    def add_lazy(self, name: str, target: str) -> None:
        """Register `name` as the click command at 'module:attribute', imported on first use."""
        self.lazy[name] = target

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in self.commands and name in self.lazy:
            module, attribute = self.lazy[name].split(":")
            self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, name)

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        ctx.meta[HELP_ASKED] = any(arg in ctx.help_option_names for arg in rest)
        ctx.meta[NO_PROJECT] = getattr(command, "needs_project", True) is False
        return name, command, rest


@click.group(cls=ProjectGroup, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--root", type=click.Path(file_okay=False, path_type=Path), default=Path("."), show_default=True,
              help=ROOT_HELP)
@click.pass_context
def cli(ctx: click.Context, root: Path) -> None:
    """Escalation Playbook: check the policy in playbook/ and turn it into a runbook.

    \b
    Examples:
      playbook validate
      playbook --root ../other-company validate --format json
    """
    ctx.obj = root
    if ctx.meta.get(HELP_ASKED):  # `playbook SUBCOMMAND --help` works anywhere
        return
    if not (root / "playbook").is_dir() and not ctx.meta.get(NO_PROJECT):
        raise click.UsageError(f"no playbook/ folder in {root.resolve()}; run from the project folder or pass --root DIR")
    try:
        today()  # PLAYBOOK_TODAY, when set, must be a date: a typo there is a usage error, not a traceback
    except ValueError as error:
        raise click.UsageError(f"PLAYBOOK_TODAY is not a date ({error}); set it as YYYY-MM-DD or unset it") from None


@cli.command()
@click.option("--format", "fmt", type=click.Choice(sorted(REPORTERS)), default="text", show_default=True,
              help="text for people, json for tools, github for workflow annotations.")
@click.option("--strict", is_flag=True, help="Treat warnings (such as an overdue review) as problems: exit 1.")
@click.pass_obj
def validate(root: Path, fmt: str, strict: bool) -> None:
    """Check every playbook file: YAML, schema and cross-references.

    Prints every problem as FILE:LINE:COLUMN: PATH: MESSAGE [RULE], then exits
    0 when clean, 1 when problems were found, 2 on a usage error.

    \b
    Example:
      playbook validate
      playbook validate --format github   # in CI, annotates the pull request
    """
    _playbook, problems = load_playbook(root)
    click.echo(REPORTERS[fmt](problems), nl=False)
    failing = problems if strict else errors(problems)
    sys.exit(1 if failing else 0)


@cli.command()
@click.option("--site-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to put the site (default: site/ in the project).")
@click.option("--verbose", "-v", is_flag=True, help="Show mkdocs' full output.")
@click.pass_obj
def build(root: Path, site_dir: Path | None, verbose: bool) -> None:
    """Validate the playbook and build the runbook site, atomically.

    The site is built beside site/ and swapped in only on success: a failed
    build exits 1 and leaves the last good site untouched.

    \b
    Example:
      playbook build
      playbook build --site-dir /tmp/preview
    """
    from macros.build import BuildInterrupted, SiteDirError, build_site, check_site_dir

    click.echo("building the site (validating the playbook meanwhile)…", err=True)
    try:
        check_site_dir(root, site_dir or root / "site")
    except SiteDirError as error:
        raise UsageFailure(str(error)) from None
    from macros import prewarm
    from macros.build import source_date_epoch

    epoch = source_date_epoch(root)  # the last commit's time: the helper's parts (the slide) are stamped with it too
    stamp = {"SOURCE_DATE_EPOCH": epoch} if epoch else {}
    # A cold build (the playbook or the code changed) starts the helper, which validates and then makes the
    # costly parts, and mkdocs, at once: mkdocs renders from the loaded playbook meanwhile and takes the
    # verdict (the helper's cache entry) before it writes anything (macros/pending.py).
    helper = prewarm.start_early(root, stamp)
    try:
        result = build_site(root, site_dir, env=dict(stamp, **({prewarm.ENV: "0"} if helper else {})))  # one helper
    except SiteDirError as error:
        raise UsageFailure(str(error)) from None
    except (KeyboardInterrupt, BuildInterrupted) as error:
        signum = getattr(error, "signum", 2)
        click.echo("build interrupted; mkdocs was stopped, its staging folder removed and the last good site left "
                   "as it was", err=True)
        sys.exit(128 + signum)
    finally:
        prewarm.stop(wait=0.0)  # whatever it still makes, this build did not need
    for warning in _warnings(root):  # errors: mkdocs stopped with them, shown below
        click.echo(f"warning: {warning.text()}", err=True)
    shown = [line for line in result.output.splitlines() if verbose or not line.startswith("INFO")]
    if shown:
        click.echo("\n".join(shown), err=True)
    if not result.ok:
        click.echo(f"build failed; {result.site} was left as it was", err=True)
        sys.exit(1)
    click.echo(f"site built in {result.site}", err=True)


def _warnings(root: Path) -> list:
    """The playbook's warnings, read back from the validation the build kept (.cache/validated)."""
    from macros.site import validated

    with contextlib.suppress(Exception):  # the build reported whatever went wrong
        return [p for p in validated(root)[1] if p.severity == "warning"]
    return []


class UsageFailure(click.ClickException):
    """A usage problem found after parsing (an unsafe --site-dir): 'Error: …', exit 2, nothing touched."""

    exit_code = 2


# Subcommands that live in their own modules: one line each, imported only when the command runs.
# --- registered commands (keep one line per command) ---
cli.add_lazy("diff", "scripts.cmd_diff:diff")
cli.add_lazy("pdf", "scripts.cmd_pdf:pdf")
cli.add_lazy("calibrate", "scripts.cmd_calibrate:calibrate")
cli.add_lazy("level", "scripts.cmd_level:level")
cli.add_lazy("actions", "scripts.cmd_actions:actions")
cli.add_lazy("outcomes", "scripts.cmd_outcomes:outcomes")
cli.add_lazy("check-message", "scripts.cmd_check_message:check_message")
cli.add_lazy("oncall-health", "scripts.cmd_oncall_health:oncall_health")
cli.add_lazy("timeline", "scripts.cmd_timeline:timeline")
cli.add_lazy("init", "scripts.cmd_init:init")
cli.add_lazy("serve", "scripts.cmd_serve:serve")
# --- end of registered commands ---


def main() -> None:
    cli(prog_name="playbook")


if __name__ == "__main__":
    main()
