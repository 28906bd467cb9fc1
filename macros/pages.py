"""The pages' macro calls: how a page in docs/ asks for what the core renders from the playbook.

A page is Markdown with calls such as `{{ levels_page() }}` or `{{ page_meta('levels', 'ticket-fields') }}`.
`expand` replaces each call with the rendered Markdown for that page. Nothing else in a page is a
template: a call takes only quoted words, its output is never read for calls again (data is never
rendered as a template), and any other `{{` or `{%` in a page is an error naming its file, line and
column, as is an unknown macro or a wrong number of arguments.

Independent of mkdocs: the site's hook (mkdocs_hooks.py) calls `expand` per page, and a build step
that pre-renders the pages (for another generator) can call it the same way.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from .playbook import PLAYBOOK_DIR, Playbook
from .render.markdown import Linker

# {{ name() }} or {{ name('word', "word") }}: a name and quoted words, nothing else.
CALL = re.compile(r"\{\{\s*(?P<name>[A-Za-z_]\w*)\s*\((?P<args>[^(){}]*)\)\s*\}\}")
ARGUMENT = re.compile(r"""\s*(?:'(?P<single>[^'\\]*)'|"(?P<double>[^"\\]*)")\s*(?:,|$)""")
MARK = re.compile(r"\{\{|\{%")
# A renderer's argument that names something in the playbook: the Playbook property (and file) listing them.
IDS = {"role_id": "roles", "level_id": "levels"}
# A macro: the linker of the page calling it, then the call's words; returns Markdown.
Macro = Callable[..., str]


class PageError(Exception):
    """A page's call cannot be expanded; the message names the file, line and column and what to do."""


@dataclass(frozen=True)
class Where:
    file: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}"


def page_macros(playbook: Playbook, root: Path) -> dict[str, Macro]:
    """Every macro a page can call, by name, over one validated playbook."""
    from .render.common import page_meta
    from .render.registry import PAGES

    def rendered(render: Callable[..., str]) -> Macro:
        names = list(inspect.signature(render).parameters)[2:]

        def macro(linker: Linker, *args: str) -> str:
            for name, value in zip(names, args):
                known = getattr(playbook, IDS[name]) if name in IDS else None
                if known is not None and value not in known:
                    raise PageError(f"{render.__name__}() names {value!r}, which is not one of the {IDS[name]} in "
                                    f"{PLAYBOOK_DIR}/{IDS[name]}.yml: {', '.join(known)}")
            return render(playbook, linker, *args)

        macro.__signature__ = _without_playbook(render)  # type: ignore[attr-defined]
        return macro

    def meta(linker: Linker, *stems: str) -> str:
        unknown = [stem for stem in stems if stem not in playbook.documents]
        if unknown or not stems:
            raise PageError(f"page_meta() takes the names of playbook files; {', '.join(map(repr, unknown)) or 'none'}"
                            f" given, the files are: {', '.join(sorted(playbook.documents))}")
        return page_meta(playbook, stems)

    def policy_changes(linker: Linker) -> str:
        from .diff.page_cache import policy_changes_page  # the diff machinery loads only on a cache miss

        return policy_changes_page(root)

    def calibration(linker: Linker) -> str:
        from .calibrate.configured import configured_calibration_page
        from .site import exports

        return configured_calibration_page(playbook, root, exports(playbook).get("calibration") or {})

    def operations(kind: str) -> Macro:
        def page(linker: Linker) -> str:
            from .operations import configured

            return getattr(configured, f"{kind}_page")(playbook, root)

        return page

    table: dict[str, Macro] = {name: rendered(render) for name, render in PAGES.items()}
    table.update(page_meta=meta, policy_changes_page=policy_changes, calibration_page=calibration,
                 **{f"{kind}_page": operations(kind) for kind in ("oncall", "outcomes", "actions")})
    return table


def _without_playbook(render: Callable[..., str]) -> inspect.Signature:
    """A renderer's signature as a page sees it: its playbook argument left out (the linker stays first)."""
    signature = inspect.signature(render)
    return signature.replace(parameters=list(signature.parameters.values())[1:])


def expand(markdown: str, page: str, macros: dict[str, Macro], shown: str | None = None, first_line: int = 1) -> str:
    """`markdown` with every macro call replaced by its output. `page` is the page's path under docs/
    (links are made relative to it); `shown` is how messages name the file (default docs/<page>), and
    `first_line` the file's line where `markdown` starts (after any front matter)."""
    shown = shown or f"docs/{page}"
    linker = Linker(page)
    out: list[str] = []
    done = 0
    for found in MARK.finditer(markdown):
        if found.start() < done:
            continue  # inside a call already expanded
        where = _where(markdown, found.start(), shown, first_line)
        call = CALL.match(markdown, found.start())
        if call is None:
            raise PageError(f"{where}: a page may hold only macro calls such as {{{{ levels_page() }}}} or "
                            f"{{{{ page_meta('levels') }}}}; this {found.group(0)!r} is not one. Write the call that "
                            "way, or to show the braces as text write &#123;&#123;")
        name, args = call.group("name"), _arguments(call.group("args"), where)
        macro = macros.get(name)
        if macro is None:
            raise PageError(f"{where}: unknown macro {name}(); the macros a page can call are: "
                            f"{', '.join(sorted(macros))}")
        try:
            inspect.signature(macro).bind(linker, *args)
        except TypeError:
            raise PageError(f"{where}: {name}() takes {_takes(macro)}; {len(args)} given") from None
        try:
            result = macro(linker, *args)
        except PageError as error:
            raise PageError(f"{where}: {error}") from None
        except Exception as error:  # noqa: BLE001 - named with the call that raised it, never a traceback
            shown_args = ", ".join(repr(a) for a in args)
            raise PageError(f"{where}: {name}({shown_args}) failed: {type(error).__name__}: {error}; check the "
                            "call's arguments, and report it as a bug if they are right") from None
        out += [markdown[done:found.start()], result]
        done = call.end()
    out.append(markdown[done:])
    return "".join(out)


def _takes(macro: Macro) -> str:
    """What a macro takes, in words: "no arguments", "1 argument (role_id)", "one or more arguments"."""
    parameters = list(inspect.signature(macro).parameters.values())[1:]  # the linker is not the page's to give
    if any(p.kind is p.VAR_POSITIONAL for p in parameters):
        return "one or more arguments"
    if not parameters:
        return "no arguments"
    required = sum(p.default is p.empty for p in parameters)
    count = f"{len(parameters)}" if required == len(parameters) else (
        f"at most {len(parameters)}" if not required else f"{required} to {len(parameters)}")
    return f"{count} argument{'s' if len(parameters) > 1 else ''} ({', '.join(p.name for p in parameters)})"


def _arguments(text: str, where: Where) -> tuple[str, ...]:
    if not text.strip():
        return ()
    args, position = [], 0
    while text[position:].strip():
        found = ARGUMENT.match(text, position)
        if found is None or found.end() == position:
            raise PageError(f"{where}: a macro's arguments are quoted words separated by commas, such as "
                            f"page_meta('levels', 'roles'); {text.strip()!r} is not")
        args.append(found.group("single") if found.group("single") is not None else found.group("double"))
        position = found.end()
    return tuple(args)


def _where(text: str, offset: int, shown: str, first_line: int) -> Where:
    line = text.count("\n", 0, offset) + first_line
    return Where(shown, line, offset - (text.rfind("\n", 0, offset) + 1) + 1)
