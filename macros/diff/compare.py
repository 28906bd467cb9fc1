"""Compare the meaning of two loaded playbooks, not their text.

Rules, in the order they apply:
- Comments, quoting and flow/block style never reach here: the loader returns plain values.
  Text is compared with its whitespace collapsed, so re-wrapping a paragraph (or switching
  between ``|`` and ``>`` block styles) is no change either.
- Unit-bearing values are compared as quantities: {minutes: 60} equals {hours: 1};
  business days stay distinct from calendar days.
- An entry-criteria ``condition`` is one value: compared in a canonical form (the order of
  ``all``/``any`` children and of ``one_of`` lists does not matter) and shown whole.
- Mappings are compared key by key; a key only on one side is added or removed.
- Lists of mappings are matched by identity: ``id`` when every entry has one, else the key
  fields in ``ENTRY_KEYS`` (a cadence is its priority and tier), else by position. Reordering
  is no change. A removed entry and an added entry that are equal except for the id are one
  rename.
- Lists of plain values (``audience``, ``also``, ``responsibilities``, ``rules``) are sets:
  order is no change; each value added or removed is reported. When exactly one value is
  removed and one added, that is one change from the old value to the new.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from ..units import MINUTES_PER_UNIT, is_duration, number

Kind = Literal["changed", "added", "removed", "renamed"]
StepKind = Literal["key", "entry", "item"]

# List entries without an id, matched by these fields. Keys: (area, path pattern with '*').
ENTRY_KEYS: dict[tuple[str, ...], tuple[str, ...]] = {
    ("communication", "cadences"): ("priority", "tier"),
    ("decision-rights", "credits", "bands"): ("approver",),
    ("decision-rights", "refunds", "bands"): ("approver",),
    ("intake", "requirements"): ("level",),
    ("glossary", "terms"): ("term",),
    ("on-call", "ladder"): ("step",),
    ("review", "monthly_agenda"): ("item",),
    ("organisation", "tiers", "*", "coverage"): ("hours",),
}

# Values compared and shown whole, never walked into.
ATOMIC: tuple[tuple[str, ...], ...] = (
    ("levels", "levels", "*", "criteria", "*", "condition"),
)


@dataclass(frozen=True)
class Step:
    """One step from a file's top down to a change.

    ``key`` is a mapping key, an entry's identity (its id, or its key fields joined by '/'),
    or for an item of a plain list the item itself. The indexes say where the entry sits on
    each side, so positions and entry data can be looked up.
    """

    kind: StepKind
    key: Any
    base_index: int | None = None
    head_index: int | None = None


@dataclass(frozen=True)
class Change:
    stem: str
    steps: tuple[Step, ...]
    kind: Kind
    old: Any = None
    new: Any = None

    @property
    def pattern(self) -> tuple[str, ...]:
        """The path with '*' for every entry and item: what the classification table matches."""
        return tuple("*" if s.kind != "key" else str(s.key) for s in self.steps)

    def side_path(self, side: Literal["base", "head"]) -> tuple[str | int, ...] | None:
        """The loader's path (keys and indexes) on one side; None where the thing is absent there."""
        out: list[str | int] = []
        for step in self.steps:
            if step.kind == "key":
                out.append(step.key)
                continue
            index = step.base_index if side == "base" else step.head_index
            if index is None:
                return None
            out.append(index)
        return tuple(out)


@dataclass
class _Walk:
    stem: str
    changes: list[Change] = field(default_factory=list)

    def add(self, steps: tuple[Step, ...], kind: Kind, old: Any = None, new: Any = None) -> None:
        self.changes.append(Change(self.stem, steps, kind, old, new))


def compare_areas(base: dict[str, Any], head: dict[str, Any]) -> list[Change]:
    """Every change between two playbooks' area data ({stem: data}), in head's document order."""
    changes: list[Change] = []
    for stem in sorted(set(base) | set(head), key=lambda s: (s not in head, s)):
        walk = _Walk(stem)
        _value(walk, (), (stem,), base.get(stem), head.get(stem))
        changes.extend(walk.changes)
    return changes


def same(old: Any, new: Any, pattern: tuple[str, ...] = ("",)) -> bool:
    """True when the two values mean the same (the comparison finds no change)."""
    walk = _Walk(pattern[0])
    _value(walk, (), pattern, old, new)
    return not walk.changes


def matches(pattern: tuple[str, ...], template: tuple[str, ...]) -> bool:
    return len(pattern) == len(template) and all(t in ("*", p) for p, t in zip(pattern, template))


def _value(walk: _Walk, steps: tuple[Step, ...], pattern: tuple[str, ...], old: Any, new: Any) -> None:
    if any(matches(pattern, atomic) for atomic in ATOMIC):
        if canonical(old) != canonical(new):
            walk.add(steps, "changed", old, new)
    elif isinstance(old, dict) and isinstance(new, dict) and not (is_quantity(old) or is_quantity(new)):
        _mapping(walk, steps, pattern, old, new)
    elif isinstance(old, list) and isinstance(new, list):
        _list(walk, steps, pattern, old, new)
    elif canonical(old) != canonical(new):
        walk.add(steps, "changed", old, new)


def _mapping(walk: _Walk, steps: tuple[Step, ...], pattern: tuple[str, ...], old: dict, new: dict) -> None:
    for key in [*new, *(k for k in old if k not in new)]:
        here = steps + (Step("key", key),)
        if key not in old:
            walk.add(here, "added", None, new[key])
        elif key not in new:
            walk.add(here, "removed", old[key], None)
        else:
            _value(walk, here, pattern + (key,), old[key], new[key])


def _list(walk: _Walk, steps: tuple[Step, ...], pattern: tuple[str, ...], old: list, new: list) -> None:
    if all(isinstance(v, dict) for v in old + new):
        _entries(walk, steps, pattern, old, new)
    elif not any(isinstance(v, (dict, list)) for v in old + new):
        _items(walk, steps, old, new)
    elif canonical(old) != canonical(new):
        walk.add(steps, "changed", old, new)


def identity_fields(pattern: tuple[str, ...], old: list[dict], new: list[dict]) -> tuple[str, ...] | None:
    """How entries of this list are matched: ('id',), key fields, or None for by position."""
    entries = old + new
    if entries and all("id" in e for e in entries):
        fields: tuple[str, ...] | None = ("id",)
    else:
        fields = next((f for t, f in ENTRY_KEYS.items() if matches(pattern, t)), None)
    if fields is None:
        return None
    for side in (old, new):  # a repeated identity cannot be matched safely: fall back to position
        keys = [entry_key(e, fields) for e in side]
        if len(set(keys)) != len(keys):
            return None
    return fields


def entry_key(entry: dict[str, Any], fields: tuple[str, ...]) -> str:
    return "/".join(_key_text(entry.get(f)) for f in fields)


def _key_text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return number(value)
    return json.dumps(canonical(value))


def _entries(walk: _Walk, steps: tuple[Step, ...], pattern: tuple[str, ...], old: list[dict], new: list[dict]) -> None:
    fields = identity_fields(pattern, old, new)
    inner = pattern + ("*",)
    if fields is None:
        for i in range(max(len(old), len(new))):
            o, n = (old[i] if i < len(old) else None), (new[i] if i < len(new) else None)
            here = steps + (Step("entry", str(i + 1), i if o is not None else None, i if n is not None else None),)
            _entry(walk, here, inner, o, n)
        return
    old_at = {entry_key(e, fields): i for i, e in enumerate(old)}
    new_at = {entry_key(e, fields): i for i, e in enumerate(new)}
    removed = [k for k in old_at if k not in new_at]
    added = [k for k in new_at if k not in old_at]
    renames = _renames(removed, added, old, new, old_at, new_at, inner) if fields == ("id",) else {}
    renamed_from = {after: before for before, after in renames.items()}
    for key, i in new_at.items():
        if key in renamed_from:
            before = renamed_from[key]
            walk.add(steps + (Step("entry", key, old_at[before], i),), "renamed", before, key)
        else:
            _entry(walk, steps + (Step("entry", key, old_at.get(key), i),), inner, old[old_at[key]] if key in old_at
                   else None, new[i])
    for key in removed:
        if key not in renames:
            _entry(walk, steps + (Step("entry", key, old_at[key], None),), inner, old[old_at[key]], None)


def _renames(removed: list[str], added: list[str], old: list[dict], new: list[dict], old_at: dict[str, int],
             new_at: dict[str, int], pattern: tuple[str, ...]) -> dict[str, str]:
    """Pair each removed id with an added id whose entry is otherwise equal: {old id: new id}."""
    pairs: dict[str, str] = {}
    for before in removed:
        rest = {k: v for k, v in old[old_at[before]].items() if k != "id"}
        for after in added:
            if after not in pairs.values() and same(rest, {k: v for k, v in new[new_at[after]].items() if k != "id"},
                                                    pattern):
                pairs[before] = after
                break
    return pairs


def _entry(walk: _Walk, steps: tuple[Step, ...], pattern: tuple[str, ...], old: Any, new: Any) -> None:
    if old is None:
        walk.add(steps, "added", None, new)
    elif new is None:
        walk.add(steps, "removed", old, None)
    else:
        _value(walk, steps, pattern, old, new)


def _items(walk: _Walk, steps: tuple[Step, ...], old: list, new: list) -> None:
    """Plain lists as multisets: order is no change."""
    old_keys, new_keys = [canonical(v) for v in old], [canonical(v) for v in new]
    removed = _minus(old_keys, new_keys)
    added = _minus(new_keys, old_keys)
    if len(removed) == 1 and len(added) == 1:  # one value replaced by another: one change
        walk.add(steps + (Step("item", new[added[0]], removed[0], added[0]),), "changed", old[removed[0]],
                 new[added[0]])
        return
    for i in added:
        walk.add(steps + (Step("item", new[i], None, i),), "added", None, new[i])
    for i in removed:
        walk.add(steps + (Step("item", old[i], i, None),), "removed", old[i], None)


def _minus(left: list[Any], right: list[Any]) -> list[int]:
    """Indexes of ``left`` not matched one-for-one in ``right``."""
    pool = list(right)
    out = []
    for i, key in enumerate(left):
        if key in pool:
            pool.remove(key)
        else:
            out.append(i)
    return out


def is_quantity(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    keys = set(value)
    return is_duration(value) or keys == {"amount", "currency"} or keys == {"percent"} or keys == {"count", "per"}


def canonical(value: Any) -> Any:
    """A hashable form in which equal meanings are equal.

    Durations in minutes (business days apart: they are not calendar days), money by currency
    and amount, numbers as floats (but true is not 1), text with whitespace collapsed,
    condition children and ``one_of`` values sorted.
    """
    if is_quantity(value):
        if is_duration(value):
            ((unit, amount),) = value.items()
            if unit == "business_days":
                return ("business_days", float(amount))
            return ("minutes", float(amount) * MINUTES_PER_UNIT[unit])
        return tuple(sorted((k, _scalar(v)) for k, v in value.items()))
    if isinstance(value, dict):
        out = []
        for key, child in sorted(value.items()):
            if key in ("all", "any") and isinstance(child, list):
                out.append((key, tuple(sorted((canonical(c) for c in child), key=repr))))
            elif key == "value" and isinstance(child, list):
                out.append((key, tuple(sorted((canonical(c) for c in child), key=repr))))
            else:
                out.append((key, canonical(child)))
        return ("map", tuple(out))
    if isinstance(value, list):
        return ("list", tuple(canonical(v) for v in value))
    return _scalar(value)


def _scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return ("bool", value)  # in Python True == 1.0; in a policy they differ
    if isinstance(value, str):
        return " ".join(value.split())
    if value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value
