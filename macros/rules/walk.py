"""Find values in a document by a path pattern: '*' is any list item or mapping value,
'@key' yields the mapping keys themselves (for references written as keys)."""
from __future__ import annotations

from typing import Any, Iterator

from ..loading import Path


def find(data: Any, pattern: tuple[str, ...], path: Path = ()) -> Iterator[tuple[Path, Any]]:
    if not pattern:
        yield path, data
        return
    head, rest = pattern[0], pattern[1:]
    if head == "*":
        items = enumerate(data) if isinstance(data, list) else data.items() if isinstance(data, dict) else ()
        for key, child in items:
            yield from find(child, rest, path + (key,))
    elif head == "@key":
        if isinstance(data, dict):
            for key in data:
                yield path + (key,), key
    elif isinstance(data, dict) and head in data:
        yield from find(data[head], rest, path + (head,))
