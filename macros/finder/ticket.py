"""A ticket for the finder from `--set FIELD=VALUE` pairs or a JSON/YAML file, checked by the catalogue."""
from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..conditions import Field
from ..suggest import did_you_mean
from .values import FinderError, parse_text, parse_value

if TYPE_CHECKING:
    from ..playbook import Playbook

MAX_TICKET_BYTES = 1 << 20


def _field(catalogue: dict[str, Field], name: str, where: str) -> Field:
    if name not in catalogue:
        raise FinderError(f"{where}unknown ticket field '{name}'{did_you_mean(name, catalogue)}; "
                          f"fields: {', '.join(catalogue)}")
    return catalogue[name]


def from_settings(settings: tuple[str, ...], catalogue: dict[str, Field], currency: str) -> dict[str, Any]:
    ticket: dict[str, Any] = {}
    for setting in settings:
        name, sep, raw = setting.partition("=")
        if not sep:
            raise FinderError(f"--set {setting}: write FIELD=VALUE, for example --set "
                              f"{next(iter(catalogue), 'field')}=value")
        field = _field(catalogue, name.strip(), f"--set {setting}: ")
        if field.id in ticket:
            raise FinderError(f"--set {setting}: field '{field.id}' is set twice; give each field once")
        try:
            ticket[field.id] = parse_text(field, raw, currency)
        except FinderError as error:
            raise FinderError(f"--set {setting}: {error}") from None
    return ticket


def from_file(path: Path, catalogue: dict[str, Field], currency: str) -> dict[str, Any]:
    """A mapping of field -> value. YAML goes through the project's strict loader (positions in messages)."""
    from ..loading import LoadError, load_text
    from ..playbook import display_path

    shown = display_path(path)
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise FinderError(f"{shown}: cannot read the ticket ({error.strerror or error})") from None
    if len(raw) > MAX_TICKET_BYTES:
        raise FinderError(f"{shown}: the ticket file is larger than 1 MiB; give only the ticket's fields")
    if path.suffix.lower() == ".json":
        try:
            data, position = json.loads(raw.decode("utf-8")), None
        except (ValueError, UnicodeDecodeError) as error:
            raise FinderError(f"{shown}: not valid JSON ({error})") from None
    else:
        try:
            document = load_text(raw, shown)
        except LoadError as error:
            raise FinderError("\n".join(p.text() for p in error.problems)) from None
        data, position = document.data, document
    if not isinstance(data, dict):
        raise FinderError(f"{shown}:1:1: a ticket is a mapping of field names to values, such as "
                          f"{{{next(iter(catalogue), 'field')}: ...}}")
    ticket: dict[str, Any] = {}
    for name, value in data.items():
        where = f"{shown}:"
        if position is not None:
            key = position.keys.get((name,)) or position.position((name,))
            where = f"{shown}:{key.line}:{key.column}:"
        field = _field(catalogue, str(name), f"{where} ")
        if position is not None:
            pos = position.position((name,))
            where = f"{shown}:{pos.line}:{pos.column}:"
        try:
            ticket[field.id] = parse_value(field, value, currency)
        except FinderError as error:
            raise FinderError(f"{where} {name}: {error}") from None
    return ticket
