"""The calibration part of the policy-review comment: what a pull request's criteria do to ticket volume.

Run by the trusted review job with the BASE branch's code (see .github/scripts/describe-pull-request.sh):

    python -m macros.calibrate.review FORK_POINT HEAD_SHA

Both revisions' playbooks are read from git objects (nothing of the pull request runs); the export and
mapping are the ones the base branch configures for the site. Prints Markdown, or nothing when the
pull request changes neither levels.yml nor ticket-fields.yml or no export is configured. A failure
prints one line saying so and never fails the review.
"""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

WATCHED = ("playbook/levels.yml", "playbook/ticket-fields.yml")


def configured(root: Path) -> dict:
    """extra.calibration of mkdocs.yml, or exports.calibration of organisation.yml when set there."""
    import yaml

    class Loader(yaml.SafeLoader):  # mkdocs.yml may carry !!python tags: read them as nothing, run nothing
        pass

    Loader.add_multi_constructor("", lambda loader, suffix, node: None)
    settings: dict = {}
    try:
        settings = (yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=Loader) or {}) \
            .get("extra", {}).get("calibration") or {}  # noqa: S506 - a SafeLoader that drops every tag
    except (OSError, yaml.YAMLError, AttributeError):
        settings = {}
    try:
        from ..loading import load_file

        org = load_file(root / "playbook" / "organisation.yml").data
        settings = (org.get("exports") or {}).get("calibration") or settings
    except Exception:  # noqa: BLE001 - an organisation file without exports is the usual case
        pass
    return settings if isinstance(settings, dict) else {}


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m macros.calibrate.review FORK_POINT HEAD_SHA", file=sys.stderr)
        return 2
    base, head = argv
    root = Path.cwd()
    changed = subprocess.run(["git", "diff", "--name-only", "--no-renames", base, head, "--", *WATCHED],
                             capture_output=True, text=True).stdout.split()
    settings = configured(root)
    if not changed or not settings.get("export"):
        return 0
    from .errors import CalibrateError
    from .plan import plan_from
    from .run import Options, mapping_for
    from .whatif import markdown_what_if, playbook_at, what_if

    try:
        before, after = plan_from(playbook_at(root, base)), plan_from(playbook_at(root, head))
        options = Options(mapping_file=root / settings["mapping"] if settings.get("mapping") else None)
        mapping = mapping_for(after, options)
        result = what_if(before, after, root / settings["export"], mapping, options,
                         ("the base branch", "this pull request"))
        sys.stdout.write(markdown_what_if(result))
    except CalibrateError as error:
        sys.stdout.write("### Calibration\n\nThe change in ticket volume could not be computed: "
                         + "; ".join(error.messages[:3]) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
