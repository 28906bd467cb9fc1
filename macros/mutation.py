"""Mutation testing of the outputs: change one structured figure, rebuild, see it follow everywhere.

A *figure* is a number the playbook states: a unit-bearing quantity (a duration, an amount of
money, a percent, a rate; `units.quantity_magnitude` knows them) or a plain count. Figures are
found by walking the loaded data, never from a list, so any organisation's playbook works. A schema
property annotated ``"x-figure": false`` (with its reason in the description) holds a number that
is not a figure (an ordinal such as a level's rank): it is left out explicitly, not skipped.

A *mutation* gives a figure a new value that no output shows yet and that still validates (nearest
values first, so orderings between neighbours hold), written into a copy of the project by editing
the number's own characters (position from the loader). When a rule ties the figure to another (a
band's end and the next band's start, shares adding up to a total), both change together. A figure
no value validates for is *pinned* by the playbook's rules (the first approval band starts at zero).

Outputs (pages, search index, PDFs, slide: whatever the caller collects) are plain texts by name;
`judge` compares them before and after a build with several mutations at once:

- the new value is shown somewhere (else the figure is *not shown*);
- no output lost an occurrence of the old words without showing the new ones in its place (per
  old words, over the mutations sharing them): a second formatter, or a figure dropped;
- on an output that shows the new value, old words with a unit that no other figure has are gone
  (a copy typed or computed elsewhere; the search index is left out: it holds charts' axis labels).

Words come from `units.quantity_text` / `units.number`, the formatter the renderers use.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path as FsPath
from typing import Any, Callable, Iterable, Iterator, Mapping

from .loading import Document, Path, _load_bytes, format_path
from .playbook import PLAYBOOK_DIR, Playbook, load_playbook
from .problems import Problem, errors
from .units import MINUTES_PER_UNIT, number, quantity_magnitude, quantity_text

NOT_A_FIGURE = "x-figure"  # schema annotation: `"x-figure": false` on a property holding a non-figure number

Outputs = Mapping[str, str]  # output name ("site:levels/index.html", "pdf:…") -> its text as a reader sees it


@dataclass(frozen=True)
class Figure:
    stem: str            # the area file: playbook/<stem>.yml
    path: Path           # path of the number itself, e.g. ("ladder", 1, "wait", "minutes")
    kind: str            # duration | money | percent | rate | count
    value: Any           # the quantity object holding the number, or the number itself
    whole: bool = False  # the schema takes whole numbers only

    @property
    def id(self) -> str:
        return f"{self.stem}:{format_path(self.path)}"

    @property
    def number(self) -> int | float:
        return self.value[self.path[-1]] if isinstance(self.value, dict) else self.value

    def with_number(self, new: int | float) -> Any:
        return dict(self.value, **{self.path[-1]: new}) if isinstance(self.value, dict) else new

    @property
    def text(self) -> str:
        return figure_text(self.value)


@dataclass(frozen=True)
class Mutation:
    figure: Figure
    new: int | float

    @property
    def old_text(self) -> str:
        return self.figure.text

    @property
    def new_text(self) -> str:
        return figure_text(self.figure.with_number(self.new))


@dataclass(frozen=True)
class Unmutable:
    figure: Figure
    reason: str   # why no unique value validates (the last problem met)
    pinned: bool  # validation refused every value tried: the playbook's rules fix this figure


@dataclass(frozen=True)
class Finding:
    figure: Figure
    problem: str  # what a reader would see wrong, in words

    def text(self) -> str:
        return f"playbook/{self.figure.stem}.yml {format_path(self.figure.path)} ({self.figure.text}): {self.problem}"


def figure_text(value: Any) -> str:
    """A figure in the words every output uses for it."""
    return quantity_text(value) if isinstance(value, dict) else number(value)


def _kind(value: dict[str, Any]) -> tuple[str, str]:
    """(kind, key of the number) of a quantity object."""
    if len(value) == 1 and next(iter(value)) in MINUTES_PER_UNIT:
        return "duration", next(iter(value))
    for kind, key in (("money", "amount"), ("percent", "percent"), ("rate", "count")):
        if key in value:
            return kind, key
    raise ValueError(f"not a quantity: {value!r}")


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# ---------------------------------------------------------------------------------------------
# Finding the figures


def schema_patterns(schema: Any, wanted: Callable[[dict[str, Any]], bool],
                    here: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    """Data path patterns ('*' any item or value) of the schema nodes `wanted` picks (a file's own
    properties, items and branches; `$ref`s are not followed)."""
    if isinstance(schema, list):
        for branch in schema:
            yield from schema_patterns(branch, wanted, here)
        return
    if not isinstance(schema, dict):
        return
    if wanted(schema):
        yield here
    for name, sub in (schema.get("properties") or {}).items():
        yield from schema_patterns(sub, wanted, here + (name,))
    for key in ("items", "additionalProperties"):
        if isinstance(schema.get(key), dict):
            yield from schema_patterns(schema[key], wanted, here + ("*",))
    for sub in (schema.get("patternProperties") or {}).values():
        yield from schema_patterns(sub, wanted, here + ("*",))
    for key in ("anyOf", "oneOf", "allOf"):
        yield from schema_patterns(schema.get(key), wanted, here)


def _matches(path: Path, pattern: tuple[str, ...]) -> bool:
    return len(path) >= len(pattern) and all(p == "*" or p == str(k) for p, k in zip(pattern, path))


def _walk(data: Any, path: Path) -> Iterator[tuple[Path, str, Any]]:
    if isinstance(data, dict) and quantity_magnitude(data) is not None:
        kind, key = _kind(data)
        if _is_number(data.get(key)):
            yield path + (key,), kind, data
        return
    if _is_number(data):
        yield path, "count", data
    elif isinstance(data, dict):
        for key, child in data.items():
            yield from _walk(child, path + (key,))
    elif isinstance(data, list):
        for index, child in enumerate(data):
            yield from _walk(child, path + (index,))


def find_figures(playbook: Playbook) -> list[Figure]:
    """Every structured figure of the playbook, in file and document order."""
    from .schemas import load_schemas

    found = []
    _, schemas = load_schemas(playbook.root)  # the schemas the playbook was checked against
    for stem, document in playbook.documents.items():
        schema = schemas.get(stem, {})
        skip = list(schema_patterns(schema, lambda node: node.get(NOT_A_FIGURE) is False))
        whole = list(schema_patterns(schema, lambda node: node.get("type") == "integer"))
        for path, kind, value in _walk(document.data, ()):
            if not any(_matches(path, pattern) for pattern in skip):
                found.append(Figure(stem, path, kind, value, any(_matches(path, p) and len(p) == len(path)
                                                                 for p in whole)))
    return found


def sample(figures: list[Figure], size: int, seed: str = "") -> list[Figure]:
    """A deterministic sample that visits every area in turn (ordered by a hash of each figure's id)."""
    def rank(figure: Figure) -> str:
        return hashlib.sha256(f"{seed}:{figure.id}".encode()).hexdigest()

    by_stem: dict[str, list[Figure]] = {}
    for figure in sorted(figures, key=rank):
        by_stem.setdefault(figure.stem, []).append(figure)
    chosen: list[Figure] = []
    while len(chosen) < min(size, len(figures)):
        for queue in by_stem.values():
            if queue and len(chosen) < size:
                chosen.append(queue.pop(0))
    return chosen


# ---------------------------------------------------------------------------------------------
# Counting a figure's text in an output


def occurrences(text: str, shown: str) -> int:
    """How often `shown` stands in `text` as a whole figure: '2 hours' is not in '12 hours' or '2.5 hours',
    '$1,000' not in '$1,000,000'."""
    if shown not in text:  # most outputs do not hold it: skip the pattern
        return 0
    return len(re.findall(rf"(?<![\w.,]){re.escape(shown)}(?![\w]|[.,]\d)", text)) if shown[:1].isdigit() else \
        len(re.findall(rf"{re.escape(shown)}(?![\w]|[.,]\d)", text))


# ---------------------------------------------------------------------------------------------
# Choosing new values


_OFFSETS = ("0.37", "-0.37", "0.73", "-0.73", "0.19", "-0.19", "0.91", "-0.91", "0.43", "-0.43", "0.61", "-0.61",
            "0.29", "-0.29", "0.83", "-0.83")
_INTEGER_STEPS = (7, -7, 13, -13, 37, -37, 101, 997, 1009, 1013, 1019, 1021, 7919, 7927, 7933, 7937)


def candidates(figure: Figure) -> Iterator[int | float]:
    """New numbers for a figure, nearest first (so orderings between neighbours are likely kept): two
    decimals, then whole numbers, then large odd ones; a plain count (a rule may want it whole) whole
    numbers first."""
    old = Decimal(str(figure.number))
    decimals = [float(old + Decimal(o)) for o in (() if figure.whole else _OFFSETS) if old + Decimal(o) > 0]
    wholes = [int(old) + step for step in _INTEGER_STEPS if int(old) + step > 0]
    yield from (wholes + decimals) if figure.kind == "count" else (decimals + wholes)


def written(value: int | float) -> str:
    """A number as YAML writes it (10.37, 13, never 1e+21)."""
    return format(Decimal(str(value)), "f")


_NUMBER_TOKEN = re.compile(r"-?\d+(?:\.\d+)?")


def edited(source: str, document: Document, path: Path, new: int | float) -> str:
    """`source` with the number at `path` replaced by `new`, nothing else touched."""
    position = document.values[path]
    lines = source.split("\n")
    line = lines[position.line - 1]
    start = position.column - 1
    token = _NUMBER_TOKEN.match(line, start)
    if token is None:
        raise ValueError(f"{document.file}:{position.line}:{position.column}: no number at {format_path(path)}")
    lines[position.line - 1] = line[:start] + written(new) + line[token.end():]
    return "\n".join(lines)


@dataclass
class Workspace:
    """A project copy whose playbook files are edited; checks an edit the way `playbook validate` does."""
    root: FsPath
    playbook: Playbook = field(init=False)
    sources: dict[str, str] = field(init=False)

    def __post_init__(self) -> None:
        self.playbook, problems = load_playbook(self.root)
        if errors(problems):
            raise ValueError("the playbook to mutate does not validate: " + problems[0].text())
        self.sources = {stem: self._file(stem).read_text(encoding="utf-8") for stem in self.playbook.documents}

    def _file(self, stem: str) -> FsPath:
        return self.root / PLAYBOOK_DIR / f"{stem}.yml"

    def texts(self, mutations: Iterable[Mutation]) -> dict[str, str]:
        """The edited source of every file the mutations touch."""
        changed: dict[str, str] = {}

        def place(mutation: Mutation) -> tuple[int, int]:
            found = self.playbook.documents[mutation.figure.stem].values[mutation.figure.path]
            return found.line, found.column

        for mutation in sorted(mutations, key=place, reverse=True):  # last first: earlier columns stay right
            figure = mutation.figure
            before = changed.get(figure.stem, self.sources[figure.stem])
            changed[figure.stem] = edited(before, self.playbook.documents[figure.stem], figure.path, mutation.new)
        return changed

    def problems(self, mutations: Iterable[Mutation], full: bool = True) -> list[Problem]:
        """Errors validation reports for the playbook with these mutations (files are not written).
        `full=False` is a quick first look: the changed files' schemas and the rules that read them."""
        from .rules import _checked, all_rules, run_rules
        from .schemas import check_schemas

        documents = dict(self.playbook.documents)
        changed = self.texts(mutations)
        for stem, text in changed.items():
            loaded = _load_bytes(text.encode("utf-8"), self.playbook.documents[stem].file)
            if isinstance(loaded, list):
                return loaded
            documents[stem] = loaded
        trial = Playbook(root=self.root, documents=documents)
        if full:
            schema_problems, trial.clean = check_schemas(trial)
            return errors(schema_problems + run_rules(trial, trial.clean))
        schema_problems, clean = check_schemas(Playbook(root=self.root, documents={s: documents[s] for s in changed}))
        if schema_problems:
            return errors(schema_problems)
        trial.clean = set(self.playbook.clean)  # the changed files passed their schemas; the others did before
        return errors([p for rule in all_rules().values() if not rule.needs or set(rule.needs) & set(changed)
                       for p in _checked(rule, trial)])

    def write(self, mutations: Iterable[Mutation]) -> None:
        for stem, text in self.texts(mutations).items():
            self._file(stem).write_text(text, encoding="utf-8")

    def restore(self) -> None:
        for stem, text in self.sources.items():
            if self._file(stem).read_text(encoding="utf-8") != text:
                self._file(stem).write_text(text, encoding="utf-8")


PARTNERS = 8  # figures tried as a partner, nearest first
REFUSALS = 6  # near values refused by validation before a quantity is tried with a partner
Change = tuple[Mutation, ...]  # a figure's mutation, with the partner a validation rule ties it to, if any


def _partners(figure: Figure, figures: list[Figure]) -> list[Figure]:
    """Figures a rule may tie this one to, likeliest first: its siblings in a list (shares adding up to a
    total), the same words in the same file (a band's end and the next band's start), the same words
    elsewhere (a ladder's first wait and the no-response rule), the same kind in the same file."""
    def sibling(other: Figure) -> bool:
        differ = [i for i, (a, b) in enumerate(zip(figure.path, other.path)) if a != b]
        return len(figure.path) == len(other.path) and len(differ) == 1 and isinstance(figure.path[differ[0]], int)

    same = [g for g in figures if g != figure and g.kind == figure.kind != "count" and g.text == figure.text]
    near = [g for g in figures if g != figure and g.kind == figure.kind and g.stem == figure.stem and g not in same]
    ranked = sorted(same + near, key=lambda g: (not sibling(g), g not in same or g.stem != figure.stem, g not in same))
    return ranked[:PARTNERS]


def _tied(figure: Figure, partner: Figure) -> Iterator[Change]:
    steps = _INTEGER_STEPS if figure.whole or partner.whole else tuple(Decimal(o) for o in _OFFSETS)
    for step in steps:
        first = Decimal(str(figure.number)) + step
        for sign in (1, -1):
            second = Decimal(str(partner.number)) + sign * step
            if first > 0 and second > 0:
                yield (Mutation(figure, _plain(first)), Mutation(partner, _plain(second)))


def _plain(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def choose(workspace: Workspace, figures: Iterable[Figure], shown_before: Callable[[str], bool],
           every: list[Figure] | None = None) -> tuple[list[Change], list[Unmutable]]:
    """A new value per figure: one whose words no output shows yet (`shown_before`), no other
    mutation uses, and with which the playbook still validates. When no value validates alone, the
    figure is changed together with one partner from `every` that a rule ties it to."""
    chosen: list[Change] = []
    unmutable: list[Unmutable] = []
    taken: set[str] = set()

    def fresh(change: Change) -> bool:
        return all(m.new_text not in taken and not shown_before(m.new_text) for m in change) and \
            len({m.new_text for m in change}) == len(change) or (
                len(change) == 2 and change[0].new_text == change[1].new_text and change[0].new_text not in taken
                and not shown_before(change[0].new_text))

    for figure in figures:
        reason, skipped, refused = "", [], {}
        options = ((Mutation(figure, new),) for new in candidates(figure))
        tied = (change for partner in _partners(figure, every or []) for change in _tied(figure, partner))
        for change in (c for source in (options, tied) for c in source):
            partner = change[-1].figure.id if len(change) > 1 else ""
            if refused.get(partner, 0) >= (2 if partner else 10 ** 6 if figure.kind == "count" else REFUSALS):
                continue  # values this near are refused: a rule ties the figure (to another partner)
            if not fresh(change):
                skipped.append(change)
                continue
            found = workspace.problems(change, full=False) or workspace.problems(change)
            refused[partner] = refused.get(partner, 0) + bool(found)
            if not found:
                chosen.append(change)
                taken.update(m.new_text for m in change)
                break
            if len(change) == 1:
                reason = f"{written(change[0].new)} gives: {found[0].message} [{found[0].rule}]"
        else:
            # Pinned only when no value validates at all, new words or not; else this run ran out of new words.
            valid = next((c for c in skipped if not workspace.problems(c, full=False)), None)
            unmutable.append(Unmutable(figure, reason or "no value validates", True) if valid is None else
                             Unmutable(figure, f"{', '.join(m.new_text for m in valid)} would validate but is shown "
                                               "already or used by another mutation", False))
    return chosen, unmutable


def batches(workspace: Workspace, changes: list[Change], size: int) -> list[list[Mutation]]:
    """Changes grouped to be built together: each joins the first group it validates with (no figure
    twice in a group, at most `size` changes); a group that fails the full check is split."""
    pending: list[list[Change]] = []
    for change in changes:
        home = next((g for g in pending if len(g) < size and not _overlap(g, change) and
                     not workspace.problems([m for c in [*g, change] for m in c], full=False)), None)
        if home is None:
            pending.append([change])
        else:
            home.append(change)
    groups: list[list[Mutation]] = []
    while pending:
        group = pending.pop(0)
        flat = [m for change in group for m in change]
        if len(group) == 1 or not workspace.problems(flat):
            groups.append(flat)
        else:
            half = len(group) // 2
            pending[:0] = [group[:half], group[half:]]
    return groups


def _overlap(group: list[Change], change: Change) -> bool:
    ids = {m.figure.id for c in group for m in c}
    return any(m.figure.id in ids for m in change)


# ---------------------------------------------------------------------------------------------
# Judging the outputs of one build


def judge(batch: list[Mutation], before: Outputs, after: Outputs, all_texts: Iterable[str]) -> list[Finding]:
    """What went wrong for each mutation of one build (empty: every figure followed everywhere).

    `all_texts` are the old words of every figure of the playbook: on an output that shows the new value,
    an old text with a unit that no other figure has must be gone."""
    findings: list[Finding] = []
    shared: dict[str, int] = {}
    for text in all_texts:
        shared[text] = shared.get(text, 0) + 1
    by_old: dict[str, list[Mutation]] = {}
    for mutation in batch:
        by_old.setdefault(mutation.old_text, []).append(mutation)
    for mutation in batch:
        if not any(occurrences(text, mutation.new_text) for text in after.values()):
            findings.append(Finding(mutation.figure, f"no output shows it (changed to {mutation.new_text}, "
                                                     "nothing shows the new value)"))
    for old, group in by_old.items():
        for name in sorted(set(before) | set(after)):
            was, now = occurrences(before.get(name, ""), old), occurrences(after.get(name, ""), old)
            new = [occurrences(after.get(name, ""), m.new_text) for m in group]
            replaced = sum(occurrences(after.get(name, ""), words) for words in {m.new_text for m in group})
            if was - now > replaced and any(m.figure.kind != "count" for m in group):
                told = " and ".join(f"{m.new_text} {n}×" for m, n in zip(group, new))
                findings.extend(Finding(m.figure, f"{name} showed {old} {was}×, after the change {now}× and "
                                                  f"{told}: it no longer shows the figure, or shows it another way")
                                for m in group)
            elif now and replaced and shared.get(old) == 1 and not old[-1:].isdigit() and not name.startswith("search:"):
                findings.extend(Finding(m.figure, f"{name} shows {m.new_text} but still {old} ({now}×): a copy "
                                                  "typed or computed elsewhere")
                                for m, n in zip(group, new) if n)
    return findings
