"""template-placeholders: a template uses only the placeholders it declares, and uses
every one it declares. Placeholders are written {like_this}.

FAIL: body has {eta} but placeholders declare eta_range ->
      "body uses undeclared placeholder {eta} (did you mean 'eta_range'?); declare it or fix the name"
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING, Iterator

from ..problems import Problem
from ..suggest import did_you_mean
from . import Rule

if TYPE_CHECKING:
    from ..playbook import Playbook

PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")


def used_placeholders(text: str) -> list[str]:
    return list(dict.fromkeys(PLACEHOLDER.findall(text)))


def check(pb: "Playbook") -> Iterator[Problem]:
    for i, template in enumerate(pb["communication"]["templates"]):
        declared = [p["id"] for p in template["placeholders"]]
        used = used_placeholders(template["body"])
        for name in used:
            if name not in declared:
                yield pb.problem("communication", ("templates", i, "body"),
                                 f"body uses undeclared placeholder {{{name}}}{did_you_mean(name, declared)}; "
                                 "declare it under placeholders or fix the name", RULE.id)
        for j, name in enumerate(declared):
            if name not in used:
                yield pb.problem("communication", ("templates", i, "placeholders", j, "id"),
                                 f"placeholder {{{name}}} is declared but the body never uses it; use it or remove it",
                                 RULE.id)
    yield from _brief(pb)


def _brief(pb: "Playbook") -> Iterator[Problem]:
    """The executive brief's bullets must all appear in its chat template."""
    if "executive-brief" not in pb.clean:
        return
    template = pb.templates.get(pb["executive-brief"]["chat_template"])
    if template is None:
        return
    used = used_placeholders(template["body"])
    for i, bullet in enumerate(pb["executive-brief"]["bullets"]):
        if bullet["placeholder"] not in used:
            yield pb.problem("executive-brief", ("bullets", i, "placeholder"),
                             f"the chat template '{template['id']}' has no {{{bullet['placeholder']}}} for this bullet; "
                             "add it to the template body", RULE.id)


RULE = Rule("template-placeholders", ("communication",), check, "Templates use exactly their declared placeholders.")
