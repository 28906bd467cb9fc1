"""Human labels for a change: schema titles for keys, names from the data for entries and ids.

``Communication · Update cadences · P1 · Enterprise · Update every: 45 minutes → 60 minutes``
is built from: the area name (``macros.playbook.AREAS``), each property's ``title`` in the
area's schema (``$ref`` followed into common.schema.json), each list entry's own label (its
``name``, ``label``, ``term``, ``title`` or ``text``; for entries matched by key fields, the
names those fields refer to), and values in words (``macros.units.quantity_text``, ids shown
as the name of what they refer to, conditions as ``macros.conditions.describe`` sentences).
The head side is asked first; what only the base has (a removed entry) comes from the base.
"""
from __future__ import annotations

import re
from typing import Any

from ..conditions import catalogue_from, describe
from ..loading import format_path
from ..playbook import AREAS
from ..rules.references import ID_LISTS, REFERENCES
from .. import sentences
from ..units import number, quantity_text
from .compare import ATOMIC, ENTRY_KEYS, Change, is_quantity, matches
from .sides import Side

# What each kind of reference points at: (area, list key), from the validator's own table.
REFERENCE_LISTS: dict[str, tuple[str, str]] = ID_LISTS

# Fields that label an entry, in order of preference.
LABEL_FIELDS = ("name", "label", "term", "title", "text", "item")
ENTRY_LABEL_CHARS = 60
VALUE_CHARS = 120
SCHEMA_SUFFIX = ".schema.json"


def shorten(text: str, limit: int) -> str:
    """One line, cut at a word boundary when too long."""
    flat = re.sub(r"\s+", " ", text).strip()
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:.") + "…"


def quoted(text: str, limit: int = VALUE_CHARS) -> str:
    """Free text in quotes; a single word (an enum value, a date) as it is."""
    short = shorten(text, limit)
    return f"“{short}”" if " " in short else short


def excerpts(old: str, new: str, context: int = 30, limit: int = VALUE_CHARS) -> tuple[str, str]:
    """Two long texts shown where they differ: '…for telling us. We…' → '…for telling us! We…'."""
    a, b = shorten(old, 10**6), shorten(new, 10**6)
    if len(a) <= limit and len(b) <= limit:
        return quoted(a), quoted(b)
    start = 0
    while start < min(len(a), len(b)) and a[start] == b[start]:
        start += 1
    end = 0
    while end < min(len(a), len(b)) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    start = max(0, a.rfind(" ", 0, max(0, start - context)) + 1) if start > context else 0
    return _excerpt(a, start, len(a) - end, context, limit), _excerpt(b, start, len(b) - end, context, limit)


def _excerpt(text: str, start: int, stop: int, context: int, limit: int) -> str:
    stop = min(len(text), stop + context)
    piece = text[start:stop]
    if len(piece) > limit:
        piece = piece[: limit - 1].rstrip() + "…"
    elif stop < len(text):
        piece += "…"
    return f"“{'…' if start > 0 else ''}{piece}”"


def humanise(key: Any) -> str:
    return str(key).replace("_", " ").replace("-", " ").capitalize()


class Labels:
    """Labels for the changes between two loaded sides."""

    def __init__(self, base: Side, head: Side):
        self.sides = (head, base)  # head first: its names and titles are the current ones
        self.base, self.head = base, head

    # ------------------------------------------------------------ breadcrumbs

    def where(self, change: Change) -> list[str]:
        """The labels from the area down to the changed thing (area name not included)."""
        parts: list[str] = []
        nodes = [self._root_schema(side, change.stem) for side in self.sides]
        pattern: tuple[str, ...] = ()
        for i, step in enumerate(change.steps):
            if step.kind == "key":
                children = [self._child(node, step.key) for node in nodes]
                dynamic = all(c is None or c[1] for c in children) and any(c is not None for c in children)
                if dynamic:
                    parts.append(self.reference_name(change.stem, pattern + ("@key",), step.key) or humanise(step.key))
                else:
                    parts.append(next((self._title(c[0]) for c in children if c and self._title(c[0])), None)
                                 or humanise(step.key))
                nodes = [c[0] if c else None for c in children]
                pattern += (str(step.key),)
            elif step.kind == "entry":
                nodes = [self._items(node) for node in nodes]
                title = next((self._title(n) for n in nodes if n and self._title(n)), "Entry")
                parts.append(self.entry_label(change, i, pattern, title))
                pattern += ("*",)
            else:  # a plain-list item: the value says which
                pattern += ("*",)
        if parts and parts[0].casefold() == AREAS.get(change.stem, "").casefold():
            parts = parts[1:]  # 'Roles · Roles · …' says it twice
        return parts

    def entry_label(self, change: Change, index: int, pattern: tuple[str, ...], title: str) -> str:
        step = change.steps[index]
        entry = self._entry(change, index)
        if not isinstance(entry, dict):
            return f"{title} {step.key}"
        fields = next((f for t, f in ENTRY_KEYS.items() if matches((change.stem, *pattern), t)), None)
        if "id" not in entry and fields and all(f in entry for f in fields):
            values = [entry[f] for f in fields]
            if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in values):
                return f"{title} {' · '.join(number(v) for v in values)}"
            return " · ".join(self.value(change.stem, pattern + ("*", f), entry[f], entry_label=True) for f in fields)
        for name in LABEL_FIELDS:
            if isinstance(entry.get(name), str):
                text = shorten(sentences.fill(entry, name), ENTRY_LABEL_CHARS)  # {slot}s in words, as pages show
                return f"“{text}”" if name == "text" else text
        return str(entry["id"]) if "id" in entry else f"{title} {step.key}"

    def _entry(self, change: Change, index: int) -> Any:
        partial = Change(change.stem, change.steps[: index + 1], change.kind)
        for side, name in ((self.head, "head"), (self.base, "base")):
            path = partial.side_path(name)  # type: ignore[arg-type]
            if path is not None:
                found = _get(side.playbook.documents[change.stem].data, path)
                if found is not None:
                    return found
        return None

    # ------------------------------------------------------------ values

    def value(self, stem: str, pattern: tuple[str, ...], value: Any, side: Side | None = None,
              entry_label: bool = False) -> str:
        """A value in words. ``pattern`` is its path with '*' for entries and items."""
        if value is None:
            return "none"
        if any(matches((stem, *pattern), atomic) for atomic in ATOMIC) and isinstance(value, dict):
            return self.condition(value, side or self.head)
        if is_quantity(value) or isinstance(value, (bool, int, float)):
            return quantity_text(value)
        if isinstance(value, str):
            name = self.reference_name(stem, pattern, value)
            if name is not None:
                return name
            return value if entry_label else quoted(value)
        if isinstance(value, list):
            if all(isinstance(v, dict) for v in value):
                return f"{len(value)} {'entry' if len(value) == 1 else 'entries'}"
            return ", ".join(self.value(stem, pattern + ("*",), v, side) for v in value)
        if isinstance(value, dict):
            for name in LABEL_FIELDS:
                if isinstance(value.get(name), str):
                    return quoted(value[name], ENTRY_LABEL_CHARS)
            return "; ".join(f"{humanise(k)}: {self.value(stem, pattern + (str(k),), v, side)}" for k, v in value.items())
        return quoted(str(value))

    def condition(self, condition: dict[str, Any], side: Side) -> str:
        catalogue = catalogue_from(side.playbook.documents["ticket-fields"].data)
        try:
            return describe(condition, catalogue)
        except (KeyError, TypeError):  # a shape describe() does not know: show it plainly
            return quoted(str(condition))

    def reference_name(self, stem: str, pattern: tuple[str, ...], value: Any) -> str | None:
        """The name of what an id refers to, found by the validator's own reference table."""
        kind = next((k for s, p, k in REFERENCES if s == stem and matches(pattern, p)), None)
        target = REFERENCE_LISTS.get(kind or "")
        if target is not None and isinstance(value, str):
            for side in self.sides:
                entry = side.playbook.by_id(*target).get(value)
                if entry is not None:
                    return next((entry[f] for f in LABEL_FIELDS if isinstance(entry.get(f), str)), value)
        return None

    # ------------------------------------------------------------ schema walking

    def _root_schema(self, side: Side, stem: str) -> tuple[str, dict[str, Any]] | None:
        schema = side.schemas.get(stem)
        return (stem, schema) if isinstance(schema, dict) else None

    def _resolve(self, where: tuple[str, dict[str, Any]] | None) -> tuple[str, dict[str, Any]] | None:
        """Follow $ref (into common.schema.json or within the file) until a node without one."""
        seen = 0
        while where is not None and "$ref" in where[1] and seen < 16:
            document, node = where
            ref = node["$ref"]
            file, _, pointer = ref.partition("#")
            target_doc = file[: -len(SCHEMA_SUFFIX)] if file.endswith(SCHEMA_SUFFIX) else (file or document)
            target = next((s.schemas.get(target_doc) for s in self.sides if s.schemas.get(target_doc)), None)
            for part in [p for p in pointer.split("/") if p]:
                target = target.get(part) if isinstance(target, dict) else None
            where = (target_doc, target) if isinstance(target, dict) else None
            seen += 1
        return where

    def _child(self, where: tuple[str, dict[str, Any]] | None, key: Any) -> tuple[Any, bool] | None:
        """(child node, is a free-form key such as a phase id), or None when the schema has no such key."""
        resolved = self._resolve(where)
        if resolved is None:
            return None
        document, node = resolved
        properties = node.get("properties")
        if isinstance(properties, dict) and key in properties:
            return (document, properties[key]), False
        extra = node.get("additionalProperties")
        if isinstance(extra, dict):
            return (document, extra), True
        return None

    def _items(self, where: tuple[str, dict[str, Any]] | None) -> tuple[str, dict[str, Any]] | None:
        resolved = self._resolve(where)
        if resolved is None:
            return None
        items = resolved[1].get("items")
        return (resolved[0], items) if isinstance(items, dict) else None

    def _title(self, where: tuple[str, dict[str, Any]] | None) -> str | None:
        if where is None:
            return None
        title = where[1].get("title")
        if isinstance(title, str):
            return title
        resolved = self._resolve(where)
        return resolved[1].get("title") if resolved else None


def _get(data: Any, path: tuple[str | int, ...]) -> Any:
    for part in path:
        if isinstance(data, dict) and part in data:
            data = data[part]
        elif isinstance(data, list) and isinstance(part, int) and 0 <= part < len(data):
            data = data[part]
        else:
            return None
    return data


def technical_path(change: Change) -> str:
    """For tools: 'cadences[p1/enterprise].every', 'banned[calm-down]'."""
    out = ""
    for step in change.steps:
        if step.kind == "key":
            out += format_path((step.key,)) if not out else (format_path(("x", step.key))[1:])
        elif step.kind == "entry":
            out += f"[{step.key}]"
    return out
