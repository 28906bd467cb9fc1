"""Schema-valid extreme playbooks: the longest texts in every character class, the largest numbers,
the most decimal places. Each variant is a copy of the example playbook with every free text or
every number pushed to its schema limit, keeping the relations the rules check (equal values stay
equal, order stays order), so that the variant validates and reaches every later step.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any, Callable

import yaml

from macros.loading import load_file
from macros.playbook import AREAS

# Every class of character a text may hold: accents, CJK, right-to-left letters, emoji, combining marks,
# Markdown and HTML specials, a would-be mention, quotes and backslashes. (No braces: they are placeholders.)
FILLER = ("Ünïcødé 漢字かな العربية עברית 😀👩🏽 e\u0301 *b* _i_ [l](javascript:x) <script>x</script> &amp; "
          "\"q\" 'a' \\ `t` # | @team ~ ^ % $ — – … ")
TEXT_LIMIT, SHORT_LIMIT = 4000, 200
SHORT_KEYS = {"owner", "title"}  # keys whose text the schemas limit to 200 characters
LIMITS = {"minutes": 5_256_000, "hours": 87_600, "days": 3_650, "business_days": 2_600, "weeks": 520,
          "amount": 1_000_000_000_000}


# Texts other texts are checked against (a template must carry an element's cues): kept as they are.
KEPT = {"update_elements"}


def _walk(value: Any, change: Callable[[str | int, Any], Any], key: str | int = "") -> Any:
    if isinstance(value, dict):
        return {k: v if k in KEPT else _walk(v, change, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_walk(v, change, i) for i, v in enumerate(value)]
    return change(key, value)


def _longest(key: str | int, value: Any) -> Any:
    if isinstance(value, str) and " " in value and "{" not in value:  # free text, not an id or a placeholder text
        limit = SHORT_LIMIT if key in SHORT_KEYS else TEXT_LIMIT
        grown = value + " " + FILLER * (limit // len(FILLER) + 1)
        return grown[:limit].rstrip()
    return value


def _decimals(key: str | int, value: Any) -> Any:
    if key in LIMITS and isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
        return round(value * 1.01 + 0.01, 2)  # monotonic, keeps zero and equality: two decimal places
    return value


def _factors(data: dict[str, Any]) -> dict[str, int]:
    """The largest common factors keeping every duration, and every amount, within its limit."""
    factors: dict[str, float] = {key: math.inf for key in LIMITS}

    def look(key: str | int, value: Any) -> Any:
        if key in LIMITS and isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
            factors[str(key)] = min(factors[str(key)], LIMITS[str(key)] / value)
        return value

    for document in data.values():
        _walk(document, look)
    # Durations are compared across units (a higher level responds faster): one factor for all of them.
    durations = min(factors[key] for key in LIMITS if key != "amount")
    found = {key: durations for key in LIMITS if key != "amount"} | {"amount": factors["amount"]}
    return {key: max(1, int(factor)) if math.isfinite(factor) else 1 for key, factor in found.items()}


def variant(root: Path, kind: str) -> dict[str, Any]:
    """{stem: data} of the example playbook under root, pushed to the limits: 'text' or 'numbers'."""
    data = {stem: load_file(root / "playbook" / f"{stem}.yml").data for stem in AREAS}
    if kind == "text":
        return {stem: _walk(_walk(d, _longest), _decimals) for stem, d in data.items()}
    factors = _factors(data)

    def largest(key: str | int, value: Any) -> Any:
        if key in LIMITS and isinstance(value, (int, float)) and not isinstance(value, bool):
            return value * factors[str(key)]
        return value

    return {stem: _walk(d, largest) for stem, d in data.items()}


class _Dumper(yaml.SafeDumper):
    """Text on several lines as a block (the loader allows line breaks only there); the rest as usual."""


def _text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|" if "\n" in value else None)


_Dumper.add_representer(str, _text)


def write(root: Path, data: dict[str, Any]) -> None:
    """Each file written as YAML the strict loader reads (this is test data, so PyYAML may write it)."""
    for stem, document in data.items():
        text = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=10**6)
        (root / "playbook" / f"{stem}.yml").write_text(text, encoding="utf-8")
