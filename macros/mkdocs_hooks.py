"""mkdocs hooks: stop the build on playbook problems, add a page per role, expand the pages' macro calls.

Kept to the mkdocs side only; what a page says is decided in `macros.render`, how a page's calls are
read in `macros.pages`."""
from __future__ import annotations

import logging
import os
import posixpath
import re
from pathlib import Path
from typing import Any, Callable

from mkdocs.exceptions import Abort, PluginError
from mkdocs.structure.files import File, Files

from macros import prewarm
from macros.generated import BROWSER_TOOLS, brief_pptx, tool_data, tool_data_file
from macros.pages import PageError, expand, page_macros
from macros.pending import PendingValidation, provisional
from macros.problems import errors
from macros.render.markdown import role_page
from macros.render.printing import BRIEF_PPTX, card_levels, card_page, print_page
from macros.site import abort_message, build_playbook_or_abort, project_root, site_settings

ROLES_SECTION = "Roles"
PRINT_SECTION = "Print"
# A printed checklist repeats its role page; search sends people to the role page instead.
PRINT_FRONT_MATTER = "---\nsearch:\n  exclude: true\n---\n"
# A role page is the answer to its role's name: rank it with the other answer pages.
ROLE_FRONT_MATTER = "---\nsearch:\n  boost: 2\n---\n"
DATA_DIR = "data/"                     # docs/data/: files that pages may link
BRANDING_DIR = "assets/organisation"   # where the organisation's logo and favicon are put in the site
SAFE_ID = re.compile(r"[a-z][a-z0-9-]*")  # what the schemas allow for a role or level id


# The build under way: its config (a new one per build, also under `mkdocs serve`), its playbook and the macros
# over it, so each hook does not look for changed files again (build_playbook's stamp) per page. In a cold
# build whose validation another process is making ("pending", macros/pending.py) the playbook is the one
# loaded, unchecked, until `_settle` takes the verdict, before anything is written.
_build: dict[str, Any] = {}
_command: dict[str, Any] = {}  # on_startup's: which mkdocs command, and whether it cleans the site folder
log = logging.getLogger("mkdocs.plugins.playbook")


def _playbook(config: Any):
    if _build.get("config") is not config:
        root = project_root(config.config_file_path)
        _build.clear()
        _build.update(config=config, root=root)
        playbook = _provisional(root)
        if playbook is None:
            playbook = build_playbook_or_abort(root)
        _use(playbook)
    return _build["playbook"]


def _use(playbook: Any) -> None:
    _build.update(playbook=playbook, macros=page_macros(playbook, _build["root"]))


def _provisional(root: Path) -> Any:
    """The playbook as loaded, while another process validates it: only for a build that writes a site
    (`mkdocs build`, `playbook build`), whose cleaning of the site folder waits for the verdict (on_pre_build)."""
    if not (_command.get("clean") and _can_defer_clean() and prewarm.validating_elsewhere(root)):
        return None
    playbook = provisional(root)
    if playbook is not None:
        _build["pending"] = PendingValidation(root, prewarm.validation_signal(), _stuck)
    return playbook


def _stuck(problems: list) -> None:
    log.error(abort_message(problems))


def _settle() -> bool:
    """Take the verdict on a pending validation (at once when there is none): True when the playbook is
    valid, and the pages go on rendering from the validated one. With errors, what is left of the build
    renders nothing more, and on_env stops it with the problems before anything is written."""
    pending = _build.pop("pending", None)
    if pending is not None:
        playbook, problems = pending.outcome()
        if errors(problems):
            _build["failed"] = errors(problems)
        else:
            _use(playbook)
    return "failed" not in _build


def _settle_or_abort() -> None:
    """The verdict, stopping the build (nothing written yet) when the playbook has errors."""
    if not _settle():
        raise Abort(abort_message(_build["failed"])) from None


def _guarded(step: Callable[[], Any]) -> Any:
    """A step over the playbook before the verdict: if it fails on the unchecked data, the verdict says why."""
    try:
        return step()
    except Exception:
        if "pending" in _build:
            _settle_or_abort()
        raise


def _branding(playbook: Any) -> dict[str, Path]:
    """Site path -> file, for the logo and favicon named in organisation.yml `site`."""
    settings = site_settings(playbook)
    return {f"{BRANDING_DIR}/{key}{Path(settings[key]).suffix}": playbook.root / settings[key]
            for key in ("logo", "favicon") if settings.get(key) and (playbook.root / settings[key]).is_file()}


def _apply_site_settings(config: Any, playbook: Any) -> None:
    """Site name, logo, favicon and primary colour come from organisation.yml, not from mkdocs.yml."""
    settings = site_settings(playbook)
    if settings.get("title"):
        config.site_name = settings["title"]
    for site_path in _branding(playbook):
        config.theme[Path(site_path).stem] = site_path
    if settings.get("primary_colour"):
        palettes = config.theme.get("palette") or [{}]
        palettes = palettes if isinstance(palettes, list) else [palettes]
        config.theme["palette"] = [dict(p, primary=settings["primary_colour"]) for p in palettes]


def on_startup(command: str, dirty: bool) -> None:
    _command.update(command=command, clean=command in ("build", "gh-deploy") and not dirty)


def on_config(config: Any) -> Any:
    root = project_root(config.config_file_path)
    # a cold build: the helper process validates, then makes the costly parts, while this one renders
    prewarm.start_early(root, signal=bool(_command.get("clean")))
    playbook = _playbook(config)
    prewarm.start(playbook, root)  # makes the costly parts beside the build
    return _guarded(lambda: _configured(config, playbook))


def _configured(config: Any, playbook: Any) -> Any:
    if "pending" in _build and not all(SAFE_ID.fullmatch(str(i)) for i in [*playbook.roles, *card_levels(playbook)]):
        # role and level ids become page paths and macro calls: unchecked ones that could not be wait for the verdict
        _settle_or_abort()
    _apply_site_settings(config, playbook)
    for item in config.nav or []:
        if isinstance(item, dict) and ROLES_SECTION in item:
            item[ROLES_SECTION] = list(item[ROLES_SECTION]) + [role_page(rid) for rid in playbook.roles]
        if isinstance(item, dict) and PRINT_SECTION in item:
            # One checklist per role, grouped so the nav stays short.
            cards = [card_page(lid) for lid in card_levels(playbook)]
            item[PRINT_SECTION] = list(item[PRINT_SECTION]) + [
                {"Role checklists": [print_page(rid) for rid in playbook.roles]}] + (
                [{"Cards by level": cards}] if cards else [])
    return config


def on_pre_build(config: Any) -> None:
    """mkdocs empties the site folder next; when it writes a site, that waits for on_env (nothing is written
    before): a build stopped by the playbook's errors, or by a page's, leaves the last site as it was."""
    if _command.get("clean"):
        _defer_clean()


_clean: dict[str, Any] = {}


def _can_defer_clean() -> bool:
    """Whether mkdocs empties the site folder the way this module can put off (mkdocs 1.x)."""
    import mkdocs.utils

    return callable(getattr(mkdocs.utils, "clean_directory", None))


def _defer_clean() -> None:
    import mkdocs.utils

    original = getattr(mkdocs.utils, "clean_directory", None)
    if original is None or _clean:
        return
    _clean.update(original=original)
    mkdocs.utils.clean_directory = lambda directory: _clean.update(folder=directory)


def _clean_site_folder(run: bool) -> None:
    """Put mkdocs' cleaning back, and clean the site folder now if mkdocs asked to and `run`."""
    import mkdocs.utils

    original = _clean.pop("original", None)
    folder = _clean.pop("folder", None)
    if original is not None:
        mkdocs.utils.clean_directory = original
        if run and folder is not None:
            original(folder)


def on_files(files: Files, config: Any) -> Files:
    playbook = _playbook(config)
    return _guarded(lambda: _files(files, config, playbook))


def _files(files: Files, config: Any, playbook: Any) -> Files:
    sources = [(f, Path(f.abs_src_path).read_text(encoding="utf-8")) for f in files.documentation_pages()
               if f.abs_src_path]
    # Data files (sample exports) reach the site only when a page links them.
    for data_file in [f for f in files if f.src_uri.startswith(DATA_DIR) and not f.is_documentation_page()]:
        if not any(posixpath.basename(data_file.src_uri) in text for _page, text in sources):
            files.remove(data_file)
    for site_path in _branding(playbook):  # read in on_env, once the paths are checked
        files.append(File.generated(config, site_path, content=b""))
    for role_id in playbook.roles:
        # The id is checked against ^[a-z][a-z0-9-]*$ by the schema, so it is safe inside the macro call.
        files.append(File.generated(config, role_page(role_id), content=ROLE_FRONT_MATTER +
                                    f"{{{{ role_page('{role_id}') }}}}\n"))
        files.append(File.generated(config, print_page(role_id), content=PRINT_FRONT_MATTER +
                                    f"{{{{ print_checklist('{role_id}') }}}}\n"))
    for level_id in card_levels(playbook):
        # A level id is checked against ^[a-z][a-z0-9-]*$ by the schema too.
        files.append(File.generated(config, card_page(level_id), content=PRINT_FRONT_MATTER +
                                    f"{{{{ quick_reference_card('{level_id}') }}}}\n"))
    for tool in BROWSER_TOOLS:  # each in-browser tool's data: its content is filled in on_env, when it is needed
        files.append(File.generated(config, tool_data_file(tool), content=b""))
    _read_last(files, sources, prewarm.MACROS)
    return files


def _read_last(files: Files, sources: list[tuple[File, str]], macros: tuple[str, ...]) -> None:
    """Pages calling these macros move to the end of the files, which mkdocs reads in order: the helper
    process (prewarm.py) makes their content meanwhile, so the build finds it made instead of waiting."""
    late = [f for f, text in sources if any(f"{name}(" in text for name in macros)]
    for file in late:
        files.remove(file)
        files.append(file)


def on_page_markdown(markdown: str, page: Any, config: Any, files: Files) -> str:
    """Each macro call in the page replaced by what the core renders (macros/pages.py)."""
    _playbook(config)
    pending = _build.get("pending")
    if pending is not None and (pending.failed() or any(f"{name}(" in markdown for name in prewarm.MACROS)):
        _settle()  # the playbook failed; or this page's parts read files the playbook names: checked paths only
    if "failed" in _build:
        return ""  # the build stops at on_env with the playbook's problems: nothing more to render
    source = page.file.content_string
    before = len(source) - len(markdown) if source.endswith(markdown) else 0  # the front matter mkdocs took off
    # a page's file as seen from the working folder, as every message names files; a generated page by its path
    shown = os.path.relpath(page.file.abs_src_path) if page.file.abs_src_path else page.file.src_uri
    try:
        return expand(markdown, page.file.src_uri, _build["macros"], shown, source.count("\n", 0, before) + 1)
    except Exception as error:
        if "pending" in _build and not _settle():
            return ""  # it failed on data the checks refuse: their problems are what the build reports
        if isinstance(error, PageError):
            raise PluginError(str(error)) from None
        raise


def on_env(env: Any, config: Any, files: Files) -> Any:
    """After every page is read and before anything is written: the verdict on a pending validation, the
    site folder cleaned, the logo and favicon, and the in-browser tools' data, from the playbook (cached by
    content in .cache/, or made meanwhile by the helper process of prewarm.py)."""
    _playbook(config)
    _settle_or_abort()
    playbook = _build["playbook"]
    _clean_site_folder(run=True)
    for site_path, source in _branding(playbook).items():
        generated = files.get_file_from_path(site_path)
        if generated is not None:
            generated.content_bytes = source.read_bytes()
    for tool in BROWSER_TOOLS:
        generated = files.get_file_from_path(tool_data_file(tool))
        if generated is not None:
            generated.content_bytes = tool_data(tool, playbook)
    return env


def on_post_build(config: Any) -> None:
    """The editable one-slide brief, generated from the data into the site on every build."""
    playbook = _playbook(config)
    target = Path(config.site_dir) / BRIEF_PPTX
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(brief_pptx(playbook))
    prewarm.stop(wait=1.0)  # whatever it still makes, this build did not need


def on_build_error(error: Exception) -> None:
    _build.pop("pending", None)
    _clean_site_folder(run=False)  # stopped before on_env: the last site is left as it was
    prewarm.stop(wait=0.0)
