"""Strict YAML loading that remembers where every value came from.

Why not ``yaml.safe_load``: YAML 1.1 resolution silently turns ``NO`` into False,
``1:30`` into 90 and ``0755`` into 493; aliases can expand exponentially; duplicate
keys silently overwrite each other; and positions are thrown away. So this module
reads PyYAML's parse *events* (no constructor ever runs), builds plain Python values
with an explicit stack (bounded depth, no recursion), and reports every refusal as a
``Problem`` at file:line:column.
"""
from __future__ import annotations

import copy
import hashlib
import json
import math
import os
import pathlib
import re
import stat
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from typing import Any, Iterator

import yaml
from yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent, DocumentStartEvent
from yaml.events import MappingStartEvent, NodeEvent, ScalarEvent, StreamEndEvent
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.scanner import Scanner

from macros.problems import PlaybookError, Problem

MAX_BYTES = 1_048_576
MAX_DEPTH = 32
MAX_PROBLEMS = 100  # past this, more of the same helps nobody
# Numbers at or above this are refused when read: a 400-digit amount overflowed every later step.
MAX_NUMBER = 10**15

Path = tuple[str | int, ...]

ALIAS_MESSAGE = "anchors and aliases are not allowed; write the value out in full"
EMPTY_MESSAGE = "file is empty; it must hold one YAML mapping"
TAB_MESSAGE = "tab used for indentation; indent with spaces"
NBSP_MESSAGE = "no-break space (U+00A0) used for indentation; indent with ordinary spaces"
MERGE_MESSAGE = "merge keys (<<) are not allowed; write the keys out in full"
MULTI_MESSAGE = "file holds several YAML documents; keep one per file"
ROOT_MESSAGE = "the file must hold a mapping (key: value pairs) at the top level"
KEY_MESSAGE = "mapping keys must be plain strings, not lists or mappings; write the key as text"
EMPTY_KEY_MESSAGE = "mapping key is empty; write a name before the colon"
DEPTH_MESSAGE = f"nesting is deeper than {MAX_DEPTH} levels; flatten the structure"

# The same line breaks PyYAML's reader counts, so our line numbers match its marks.
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?(0|[1-9][0-9]*)\.[0-9]+")
_STANDARD_TAG = "tag:yaml.org,2002:"
# Characters no text may hold: C0 controls (tab and line break only in text on several lines), DEL and C1
# controls, bidirectional overrides and isolates (they make text read differently from what it says), and
# zero-width characters (invisible: a banned phrase or an id could hide behind one).
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064"
                        "\u2066-\u2069\ufeff]")
_LINE_TEXT = re.compile("\n")  # a tab inside a line is whitespace, as it reads
_NAMES = {"\t": "TAB", "\n": "LINE FEED", "\x00": "NULL", "\x1b": "ESCAPE", "\x7f": "DELETE"}


@dataclass(frozen=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based


@dataclass
class Document:
    file: str
    data: Any
    values: dict[Path, Position] = field(default_factory=dict)
    keys: dict[Path, Position] = field(default_factory=dict)
    # sha256 of the file's bytes; equal digests mean equal data (caches key on it).
    digest: str = ""

    def position(self, path: Path) -> Position:
        """Where the value at ``path`` is, or its deepest existing ancestor is.

        A missing child points at its parent, which is where the fix goes.
        """
        try:
            for end in range(len(path), -1, -1):
                found = self.values.get(tuple(path[:end]))
                if found is not None:
                    return found
        except TypeError:  # unhashable path parts: fall through, never raise
            pass
        return Position(1, 1)


class LoadError(PlaybookError):
    """The file could not be loaded; ``problems`` says where and why."""


def strings(value: Any, path: Path = ()) -> Iterator[tuple[Path, str]]:
    """(path, text) of every string in loaded data, in document order."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, child in value.items():
            yield from strings(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from strings(child, path + (index,))


def format_path(path: Path) -> str:
    """("levels", 2, "owner") -> 'levels[2].owner'; odd keys are quoted: levels["a b"]."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        elif part.isidentifier():
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out


EXCERPT = 60  # characters of a value a message may quote


def excerpt(text: str, limit: int = EXCERPT) -> str:
    """A value as a message may quote it: short, one line, every invisible character shown as an escape."""
    shown = "".join(ch if ch.isprintable() and not _INVISIBLE.match(ch) else
                    (ch.encode("unicode_escape").decode("ascii") if ord(ch) < 0x10000 else f"\\U{ord(ch):08x}")
                    for ch in text[: limit + 1])
    return shown if len(text) <= limit else shown[: limit - 1] + "…"


def file_kind(path: pathlib.Path | str) -> str | None:
    """None for a regular file; otherwise what it is, as a message starts: 'is a symbolic link'.

    Looks at the name itself (``lstat``), so a link is never followed to say what it points at.
    """
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return "is missing"
    except OSError as error:
        return f"cannot be read ({error.strerror or error})"
    return _kind_of(mode)


def _kind_of(mode: int) -> str | None:
    if stat.S_ISREG(mode):
        return None
    for test, words in ((stat.S_ISLNK, "is a symbolic link"), (stat.S_ISDIR, "is a directory"),
                        (stat.S_ISFIFO, "is a named pipe"), (stat.S_ISSOCK, "is a socket"),
                        (stat.S_ISCHR, "is a device"), (stat.S_ISBLK, "is a device")):
        if test(mode):
            return words
    return "is not a regular file"


def not_regular_message(kind: str) -> str:
    """'is a symbolic link; …' with what to do: the project reads regular files only, never through links."""
    return f"{kind}, not a regular file; put the file itself here (links and special files are never read)"


def read_regular(path: pathlib.Path | str, name: str) -> bytes:
    """The bytes of a regular file, refusing links, folders, pipes and devices without following or blocking."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    kind = None
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        kind = file_kind(path)  # ELOOP for a link, ENXIO for a socket: say what the name is
        if kind is None or kind.startswith("cannot") or kind == "is missing":
            reason = error.strerror or str(error)
            raise LoadError([Problem(name, 1, 1, f"cannot read file ({reason}); check the path", "yaml-read")]) from None
        raise LoadError([Problem(name, 1, 1, not_regular_message(kind), "not-a-file")]) from None
    with os.fdopen(descriptor, "rb") as handle:
        mode = os.fstat(handle.fileno()).st_mode
        kind = _kind_of(mode)
        if kind is not None:
            raise LoadError([Problem(name, 1, 1, not_regular_message(kind), "not-a-file")])
        size = os.fstat(handle.fileno()).st_size
        if size > MAX_BYTES:  # refuse before reading a huge file into memory
            raise LoadError([_size_problem(name, size)])
        try:
            return handle.read(MAX_BYTES + 1)
        except OSError as error:
            reason = error.strerror or str(error)
            raise LoadError([Problem(name, 1, 1, f"cannot read file ({reason}); check the path", "yaml-read")]) from None


def load_file(path: pathlib.Path, display: str | None = None) -> Document:
    name = display if display is not None else str(path)
    return _load_bytes(read_regular(path, name), name)


# Parsed files by content. Reading many revisions of a playbook (the policy change log) sees the
# same bytes again and again; parsing them once makes the history cheap. Each caller gets its own
# copy of the data (a deep copy costs well under a millisecond), so a caller that edits what it
# loaded can never change what the next caller reads.
_PARSED: "OrderedDict[str, Document | list[Problem]]" = OrderedDict()
_PARSED_LIMIT = 4096


def clear_cache() -> None:
    """Forget parsed files (benchmarks time the parse itself)."""
    _PARSED.clear()


def _load_bytes(raw: bytes, name: str) -> Document:
    digest = hashlib.sha256(raw).hexdigest()
    cached = _PARSED.get(digest)
    if cached is None:
        try:
            cached = load_text(raw, "")
            cached.digest = digest
        except LoadError as error:
            cached = error.problems
        _PARSED[digest] = cached
        if len(_PARSED) > _PARSED_LIMIT:
            _PARSED.popitem(last=False)
    else:
        _PARSED.move_to_end(digest)
    if isinstance(cached, list):
        raise LoadError([replace(p, file=name) for p in cached])
    return replace(cached, file=name, data=copy.deepcopy(cached.data))


def load_text(text_or_bytes: str | bytes, file: str) -> Document:
    text = _decode(text_or_bytes, file)
    _check_tabs(text, file)
    if _CParser is not None and not _SLOW_TEXT.search(text):
        # libyaml's parser gives the same events and marks about twenty times faster. It serves only
        # files with nothing to refuse: at the first problem, or anything libyaml reads differently from
        # PyYAML's own parser, the file is read again the slow way, so every message is the one tests assert.
        composer = _Composer(file, fast=True)
        try:
            data = composer.run_fast(text)
            return Document(file, data, composer.values, composer.keys)
        except _Slow:
            pass
    composer = _Composer(file)
    data = composer.run(text)
    return Document(file, data, composer.values, composer.keys)


def _size_problem(file: str, size: int) -> Problem:
    message = f"file is {size} bytes, over the {MAX_BYTES}-byte limit; split it or shorten it"
    return Problem(file, 1, 1, message, "yaml-size")


def _decode(raw: str | bytes, file: str) -> str:
    """Size check, then strict UTF-8, then drop a BOM: all before any parsing."""
    data = raw.encode("utf-8", "surrogatepass") if isinstance(raw, str) else bytes(raw)
    if len(data) > MAX_BYTES:
        raise LoadError([_size_problem(file, len(data))])
    if isinstance(raw, str):
        return raw.removeprefix("\ufeff")
    try:
        return data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as error:
        before = data[: error.start].decode("utf-8").removeprefix("\ufeff")
        line, column = _line_column(before, len(before))
        message = f"file is not valid UTF-8 (byte 0x{data[error.start]:02x}); save it as UTF-8"
        raise LoadError([Problem(file, line, column, message, "yaml-encoding")]) from None


def _line_column(text: str, index: int) -> tuple[int, int]:
    line, start = 1, 0
    for found in _BREAK.finditer(text, 0, index):
        line, start = line + 1, found.end()
    return line, index - start + 1


def _check_tabs(text: str, file: str) -> None:
    """YAML forbids tabs in indentation and does not count a no-break space as one; PyYAML's own
    errors for both are cryptic ('mapping values are not allowed here' names neither)."""
    for number, line in enumerate(_BREAK.split(text), start=1):
        indent = line[: len(line) - len(line.lstrip(" \t\u00a0"))]
        if indent == line:  # whitespace-only lines are harmless
            continue
        if "\t" in indent:
            raise LoadError([Problem(file, number, indent.index("\t") + 1, TAB_MESSAGE, "yaml-tab")])
        if "\u00a0" in indent:
            raise LoadError([Problem(file, number, indent.index("\u00a0") + 1, NBSP_MESSAGE, "yaml-tab")])


def _character_name(char: str) -> str:
    import unicodedata

    name = _NAMES.get(char) or unicodedata.name(char, "")
    return f"U+{ord(char):04X} {name}".rstrip() if name else f"U+{ord(char):04X} <control>"


def invisible_character(value: str, several_lines: bool) -> tuple[int, str] | None:
    """(index, description) of the first character text may not hold, or None."""
    found = _INVISIBLE.search(value)
    if not several_lines:
        line = _LINE_TEXT.search(value)
        if line and (found is None or line.start() < found.start()):
            found = line
    if found is None:
        return None
    return found.start(), _character_name(found.group())


def _position(mark: Any) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _show_tag(tag: str) -> str:
    return "!!" + tag[len(_STANDARD_TAG):] if tag.startswith(_STANDARD_TAG) else tag


def _resolve(event: ScalarEvent) -> Any:
    """Convert only plain scalars, and only the few shapes nobody can misread."""
    text = event.value
    if event.style is not None or event.tag is not None:
        return text
    if text in ("", "null", "~"):
        return None
    if text in ("true", "false"):
        return text == "true"
    if _INT.fullmatch(text):
        try:
            return int(text)
        except ValueError:  # beyond Python's int-from-text digit limit: keep the text
            return text
    if _FLOAT.fullmatch(text):
        number = float(text)
        return number if math.isfinite(number) else text  # never turn digits into inf
    return text


class _Slow(Exception):
    """The fast path met something: read the file again with PyYAML's own parser."""


try:
    from yaml._yaml import CParser as _CParser  # libyaml, when PyYAML was built with it
except ImportError:  # pragma: no cover - a PyYAML wheel without libyaml
    _CParser = None

# Text the fast path leaves to PyYAML's parser: what PyYAML's reader refuses (libyaml's set differs
# slightly), and tabs (libyaml accepts a tab in places PyYAML refuses it). Found by tests/loading/test_fast_path.py.
_BLOCK_HEADER = re.compile(r"[|>]([1-9][+-]?|[+-][1-9]?)?( +#[^\r\n\x85\u2028\u2029]*| *)(\r\n|[\r\n\x85\u2028\u2029]|\Z)")
_SLOW_TEXT = re.compile(Reader.NON_PRINTABLE.pattern[:-1] + "]|\t")


class _FastEvents:
    """libyaml's events as PyYAML's parser gives them: a plain scalar's style is None, not ''."""

    def __init__(self, parser: Any) -> None:
        self.parser = parser

    @staticmethod
    def _same(event: Any) -> Any:
        if isinstance(event, ScalarEvent) and event.style == "":
            event.style = None
        return event

    def get_event(self) -> Any:
        return self._same(self.parser.get_event())

    def peek_event(self) -> Any:
        return self._same(self.parser.peek_event())


class _Events(Reader, Scanner, Parser):
    """PyYAML's reader, scanner and parser with no constructor: nothing can build
    objects from tags. Pure Python rather than libyaml so that messages and marks
    are identical on every machine (tests assert them)."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)


@dataclass
class _Frame:
    path: Path
    value: dict[str, Any] | list[Any]
    key: str | None = None  # for mappings: None while waiting for the next key
    first_line: dict[str, int] = field(default_factory=dict)


class _Composer:
    """Builds plain values from events, collecting cheap problems as it goes."""

    def __init__(self, file: str, fast: bool = False) -> None:
        self.file = file
        self.fast = fast  # on libyaml's events: any problem means reading again the slow way
        self.problems: list[Problem] = []
        self.values: dict[Path, Position] = {}
        self.keys: dict[Path, Position] = {}

    def run(self, text: str) -> Any:
        try:
            data = self.document(_Events(text))
        except LoadError:
            raise
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            where = _position(mark) if mark is not None else Position(1, 1)
            self.fail(where, f"YAML syntax error: {error.problem or error}", "yaml-syntax")
        except ReaderError as error:  # a control character PyYAML will not read
            line, column = _line_column(text, error.position)
            code = error.character if isinstance(error.character, int) else ord(str(error.character)[:1] or "?")
            message = f"character U+{code:04X} is not allowed in YAML; remove it"
            self.fail(Position(line, column), message, "yaml-encoding")
        except Exception as error:  # noqa: BLE001 - no input may end in a traceback
            self.fail(Position(1, 1), f"YAML syntax error: {error}", "yaml-syntax")
        if self.problems:
            raise LoadError(self.problems)
        return data

    def run_fast(self, text: str) -> Any:
        self.text = text
        parser = None
        try:
            parser = _CParser(text)
            return self.document(_FastEvents(parser))
        except _Slow:
            raise
        except Exception:  # noqa: BLE001 - whatever libyaml refuses, PyYAML's parser says how
            raise _Slow from None
        finally:
            if parser is not None:
                parser.dispose()

    def same_in_libyaml(self, event: ScalarEvent) -> None:
        """Scalars libyaml reads differently from PyYAML go the slow way: an empty value (its position
        differs) and a block scalar whose header PyYAML would refuse ('|#')."""
        if event.value == "" and event.style is None:
            raise _Slow
        if event.style in ("|", ">") and not _BLOCK_HEADER.match(self.text, event.start_mark.index):
            raise _Slow

    def note(self, where: Position, message: str, rule: str) -> None:
        if self.fast:
            raise _Slow
        self.problems.append(Problem(self.file, where.line, where.column, message, rule))
        if len(self.problems) >= MAX_PROBLEMS:
            raise LoadError(self.problems)

    def check_characters(self, event: ScalarEvent) -> None:
        """Control, bidi and zero-width characters are refused where they are, literal or escaped."""
        several_lines = event.style in ("|", ">") or event.end_mark.line > event.start_mark.line
        found = invisible_character(event.value, several_lines)
        if found is None:
            return
        index, name = found
        char = event.value[index]
        source = event.start_mark.buffer or ""
        literal = source.find(char, event.start_mark.index, event.end_mark.index) if source else -1
        if literal >= 0:
            line, column = _line_column(source, literal)
            where, how = Position(line, column), ""
        else:
            where, how = _position(event.start_mark), " (written as an escape here)"
        if char == "\n":
            message = (f"{name}{how} in text on one line; write text on several lines as a block (key: |) "
                       "or remove it")
        else:
            message = f"character {name}{how} is not allowed in text: it is invisible or changes how text reads; remove it"
        self.note(where, message, "yaml-character")

    def fail(self, where: Position, message: str, rule: str) -> None:
        if self.fast:
            raise _Slow
        self.problems.append(Problem(self.file, where.line, where.column, message, rule))
        raise LoadError(self.problems)

    def document(self, events: _Events) -> Any:
        events.get_event()  # StreamStartEvent
        if isinstance(events.get_event(), StreamEndEvent):  # only comments/whitespace
            self.fail(Position(1, 1), EMPTY_MESSAGE, "yaml-empty")
        root = events.peek_event()
        if isinstance(root, ScalarEvent) and root.value == "" and root.style is None and root.tag is None:
            self.fail(Position(1, 1), EMPTY_MESSAGE, "yaml-empty")  # a bare '---'
        data = self.tree(events)
        events.get_event()  # DocumentEndEvent
        after = events.get_event()
        if isinstance(after, DocumentStartEvent):
            self.fail(_position(after.start_mark), MULTI_MESSAGE, "yaml-multi-document")
        if not isinstance(data, dict):
            self.fail(self.values[()], ROOT_MESSAGE, "yaml-root")
        return data

    def tree(self, events: _Events) -> Any:
        """One node and everything under it, iteratively: deep input cannot recurse."""
        stack: list[_Frame] = []
        root: Any = None
        while True:
            event = events.get_event()
            if isinstance(event, CollectionEndEvent):
                stack.pop()
            elif stack and isinstance(stack[-1].value, dict) and stack[-1].key is None:
                self.key(stack[-1], event)
            else:
                path = self.child_path(stack)
                value = self.node(event, path, len(stack))
                if stack:
                    self.attach(stack[-1], value)
                else:
                    root = value
                if isinstance(event, CollectionStartEvent):
                    stack.append(_Frame(path, value))
            if not stack:
                return root

    @staticmethod
    def child_path(stack: list[_Frame]) -> Path:
        if not stack:
            return ()
        top = stack[-1]
        step = top.key if isinstance(top.value, dict) else len(top.value)
        return top.path + (step,)  # type: ignore[operator]

    @staticmethod
    def attach(frame: _Frame, value: Any) -> None:
        if isinstance(frame.value, dict):
            frame.value[frame.key] = value  # type: ignore[index]
            frame.key = None
        else:
            frame.value.append(value)

    def check(self, event: NodeEvent) -> None:
        """Anchors, aliases and tags are refused when seen, so nothing is expanded."""
        where = _position(event.start_mark)
        if isinstance(event, AliasEvent):
            self.note(where, ALIAS_MESSAGE, "yaml-alias")
            return
        if event.anchor is not None:
            self.note(where, ALIAS_MESSAGE, "yaml-anchor")
        tag = getattr(event, "tag", None)
        if tag is not None:  # any tag text, even a bare '!', was written explicitly
            self.note(where, f"explicit tags ({_show_tag(tag)}) are not allowed; remove the tag", "yaml-tag")

    def node(self, event: Any, path: Path, depth: int) -> Any:
        where = _position(event.start_mark)
        self.values[path] = where
        self.check(event)
        if isinstance(event, ScalarEvent):
            if self.fast:
                self.same_in_libyaml(event)
            self.check_characters(event)
            value = _resolve(event)
            if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= MAX_NUMBER:
                self.note(where, f"number {excerpt(event.value, 24)} is too large; numbers in the playbook must be "
                                 f"below {MAX_NUMBER:,}", "yaml-number")
            return value
        if isinstance(event, AliasEvent):
            return None
        if depth >= MAX_DEPTH:  # stop before going deeper, whatever follows
            self.fail(where, DEPTH_MESSAGE, "yaml-depth")
        return {} if isinstance(event, MappingStartEvent) else []

    def key(self, frame: _Frame, event: Any) -> None:
        where = _position(event.start_mark)
        if not isinstance(event, (ScalarEvent, AliasEvent)):
            self.fail(where, KEY_MESSAGE, "yaml-key")
        self.check(event)
        if isinstance(event, ScalarEvent):
            self.check_characters(event)
        text = f"*{event.anchor}" if isinstance(event, AliasEvent) else event.value
        plain = isinstance(event, ScalarEvent) and event.style is None
        if plain and text == "<<":
            self.note(where, MERGE_MESSAGE, "yaml-merge")
        if plain and text == "":
            self.note(where, EMPTY_KEY_MESSAGE, "yaml-key")
        first = frame.first_line.get(text)
        if first is not None:
            message = f"duplicate key '{text}' (first defined on line {first}); remove one of them"
            self.note(where, message, "yaml-duplicate-key")
        else:
            frame.first_line[text] = where.line
            self.keys[frame.path + (text,)] = where
        frame.key = text
