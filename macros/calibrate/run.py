"""Calibrate: playbook + export + mapping -> Report. The one entry point for the CLI, the site and tests.

Every input problem is raised as a CalibrateError whose lines say where and what to do;
nothing here prints.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Callable

import duckdb

from ..playbook import PLAYBOOK_DIR, Playbook, display_path
from ..problems import Problem, errors
from ..suggest import did_you_mean
from .errors import FINDINGS, CalibrateError
from .mapping import ColumnSpec, Mapping, apply_options, load_mapping
from .plan import Plan, plan_from
from .progress import Progress
from .query import Grouping, Query, Scan
from .reading import Export, complete_keys, open_export
from .report import NOT_ESCALATED, Report, build_report
from ..conditions import Field

AREAS = ("levels", "ticket-fields", "metrics", "organisation")  # what calibrate reads
BY_TIME = {
    "week": "strftime(date_trunc('week', {c}), '%G-W%V')",
    "month": "strftime({c}, '%Y-%m')",
    "day": "strftime({c}, '%Y-%m-%d')",
}
BY_TYPES = ("enum", "boolean", "integer")  # never free text: a breakdown must not print ticket contents


@dataclass(frozen=True)
class Options:
    mapping_file: Path | None = None
    maps: tuple[str, ...] = ()
    units: tuple[str, ...] = ()
    by: str | None = None
    input_format: str | None = None
    progress: Progress = field(default_factory=lambda: Progress(None))
    examples: int = 0  # ticket ids listed per criterion, overlap and outcome cell


ACTUAL_LEVEL = "actual_level"  # mapping entries for what really happened: the level a ticket got,
ESCALATED = "escalated"        # or whether it was escalated at all (only when the catalogue has no such field)


def outcome_fields(plan: Plan) -> dict[str, Field]:
    """The mapping's two optional outcome entries, as fields the reading layer converts like any other."""
    extra = {ACTUAL_LEVEL: Field(ACTUAL_LEVEL, "enum", "Actual escalation level",
                                 (NOT_ESCALATED, *(lv.id for lv in plan.levels))),
             ESCALATED: Field(ESCALATED, "boolean", "Escalated")}
    return {k: v for k, v in extra.items() if k not in plan.catalogue}


def with_outcomes(plan: Plan) -> Plan:
    return replace(plan, catalogue={**plan.catalogue, **outcome_fields(plan)})


def _level_words(plan: Plan, spec: ColumnSpec) -> ColumnSpec:
    """Besides level ids: the rank ('2'), the level's name, and the usual words for not escalated.
    The mapping's own words come first."""
    mine = {w.strip().lower() for w, _t in spec.values}
    words = [(str(lv.rank), lv.id) for lv in plan.levels] + [(lv.name, lv.id) for lv in plan.levels] + \
        [(w, NOT_ESCALATED) for w in ("no", "-", "not escalated")]
    return replace(spec, values=spec.values + tuple((w, t) for w, t in words if w.strip().lower() not in mine))


def playbook_problems(pb: Playbook, problems: list[Problem]) -> None:
    """Stop when the files calibrate reads have errors: the conditions could not be trusted."""
    files = {display_path(pb.root / PLAYBOOK_DIR / f"{stem}.yml") for stem in AREAS}
    blocking = [p for p in errors(problems) if p.file in files]
    if blocking:
        raise CalibrateError([p.text() for p in blocking] +
                             ["the playbook has errors in the files calibrate reads; fix them (playbook validate)"],
                             FINDINGS)


def calibrate(pb: Playbook, export_path: Path, options: Options = Options(), plan: Plan | None = None) -> Report:
    plan = plan or plan_from(pb)
    return calibrate_plan(plan, Path(export_path), mapping_for(plan, options), options)


def mapping_for(plan: Plan, options: Options) -> Mapping:
    """The mapping file and --map/--unit options; outcome entries (actual_level, escalated) allowed."""
    catalogue = with_outcomes(plan).catalogue
    mapping: Mapping = load_mapping(options.mapping_file, catalogue) if options.mapping_file else {}
    mapping = apply_options(mapping, options.maps, options.units, catalogue)
    if ACTUAL_LEVEL in mapping and ESCALATED in mapping and ACTUAL_LEVEL not in plan.catalogue \
            and ESCALATED not in plan.catalogue:
        raise CalibrateError(f"{mapping[ESCALATED].origin}: map either {ACTUAL_LEVEL} (the level a ticket really got) "
                             f"or {ESCALATED} (yes/no), not both; keep {ACTUAL_LEVEL}, which says more")
    return mapping


def calibrate_plan(plan: Plan, export_path: Path, mapping: Mapping, options: Options = Options()) -> Report:
    return calibrate_scans(plan, export_path, mapping, options, [(plan, lambda scan: scan)])[0]


def calibrate_scans(plan: Plan, export_path: Path, mapping: Mapping, options: Options,
                    sides: list[tuple[Plan, Callable[[Scan], Scan]]]) -> list[Report]:
    """One pass with `plan`'s criteria; one report per side, each from its own view of the scan (what-if runs
    two sides' criteria in one pass). The first side's levels and capacity shape outcomes and staffing."""
    con = duckdb.connect()
    try:
        export = open_export(con, export_path, options.input_format)
        grouping, by_field = _grouping(plan, options.by)
        reference = sides[0][0]
        outcome = next((f for f in outcome_fields(reference) if f in mapping), None)
        if outcome is not None:
            plan = replace(plan, catalogue={**plan.catalogue, **outcome_fields(reference)})
            if outcome == ACTUAL_LEVEL:
                mapping = {**mapping, outcome: _level_words(reference, mapping[outcome])}
        daily = _stamp(plan) if any(side.capacity for side, _view in sides) else None
        wanted = list(plan.fields_needed())
        for extra in (by_field, outcome, daily if daily and (daily in mapping or daily in export.columns) else None,
                      "ticket_id" if options.examples and "ticket_id" in plan.catalogue else None):
            if extra and extra not in wanted:
                wanted.append(extra)
        daily = daily if daily in wanted else None
        export = complete_keys(con, export, [s.column for s in mapping.values()] + wanted)
        specs = resolve(plan, export, mapping, wanted)
        ids = mapping.get("ticket_id") or (_identity("ticket_id", export) if "ticket_id" in plan.catalogue else None)
        if by_time(plan, specs, options.by):  # loading the zone costs a few milliseconds: only when it matters
            con.execute("SET TimeZone = 'UTC'")  # naive timestamps are UTC, as conditions.parse_timestamp reads them
        query = Query(export, specs, plan, grouping, ids, outcome, daily, options.examples)
        with options.progress.watch(con, f"calibrating {export.shown}"):
            scan = query.scan(con)
        total = sum(g.tickets for g in scan.groups)
        if total == 0:
            what = " (a header but no rows)" if export.format == "csv" else ""
            raise CalibrateError(f"{export.shown}: the export holds no tickets{what}; export a period that has tickets")
        told = ("level" if outcome == ACTUAL_LEVEL else "escalated", specs[outcome].column) if outcome else None
        reports = []
        counts: dict[str, int] | None = None
        for side, view in sides:
            seen = view(scan)
            report = build_report(side, export, seen, options.by, None, query.examples, told)
            if any(b.verdict == "below" for b in report.bands):
                counts = counts if counts is not None else query.empties(con)
                report = build_report(side, export, seen, options.by,
                                      {f: (specs[f].column, n) for f, n in counts.items()}, query.examples, told)
            reports.append(report)
        return reports
    finally:
        con.close()


def by_time(plan: Plan, specs: dict[str, ColumnSpec], by: str | None) -> bool:
    """Whether the pass reads a timestamp (or breaks down by week, month or day): the session's zone matters."""
    return by in BY_TIME or any(plan.catalogue[f].type == "timestamp" for f in specs)


def _stamp(plan: Plan) -> str | None:
    """The timestamp weeks are counted by: created_at, or the catalogue's only timestamp."""
    stamps = [f.id for f in plan.catalogue.values() if f.type == "timestamp"]
    return "created_at" if "created_at" in stamps else (stamps[0] if len(stamps) == 1 else None)


def _identity(field_id: str, export: Export) -> ColumnSpec | None:
    return ColumnSpec(field_id, field_id, f"column '{field_id}'") if field_id in export.columns else None


def mapped_column_problems(mapping: Mapping, export: Export) -> list[str]:
    """Each mapped column missing from the export, or there more than once."""
    messages: list[str] = []
    for spec in mapping.values():
        if spec.column not in export.columns:
            messages.append(f"{spec.origin}: column '{spec.column}' is not in {export.shown}"
                            f"{_column_hint(spec.column, export.columns)}; fix the column name")
        elif export.columns.count(spec.column) > 1:
            messages.append(f"{spec.origin}: column '{spec.column}' appears {export.columns.count(spec.column)} "
                            f"times in {export.shown}; rename the copies so the mapping is not ambiguous")
    return messages


def resolve(plan: Plan, export: Export, mapping: Mapping, wanted: list[str]) -> dict[str, ColumnSpec]:
    """Every wanted field with its column; every mapped column checked against the export. All problems at once."""
    messages = mapped_column_problems(mapping, export)
    specs: dict[str, ColumnSpec] = {}
    users = plan.fields_needed()
    for field_id in wanted:
        spec = mapping.get(field_id) or _identity(field_id, export)
        if spec is not None:
            specs[field_id] = spec
            continue
        field = plan.catalogue[field_id]
        keys = [c.key for c in users.get(field_id, ())]
        who = f"criteria {_and(keys)} need" if keys else "the breakdown (--by) needs"
        messages.append(f"{export.shown}: no column for ticket field '{field_id}' ({field.label}), which {who}"
                        f"{_field_hint(field_id, field.label, export.columns)}; "
                        f"map it with --map {field_id}=COLUMN or in the mapping file")
    if messages:
        raise CalibrateError(messages)
    return specs


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _column_hint(column: str, columns: tuple[str, ...]) -> str:
    folded = {c.lower().strip(): c for c in columns}
    if column.lower().strip() in folded:
        return f" (did you mean '{folded[column.lower().strip()]}'?)"
    return did_you_mean(column, columns)


def _field_hint(field_id: str, label: str, columns: tuple[str, ...]) -> str:
    """A column named like the field: 'ARR (USD)' for arr, 'Plan' is beyond guessing."""
    for name in (field_id, label):
        for column in columns:
            words = column.lower().replace("(", " ").replace(")", " ").replace("_", " ").split()
            if name.lower() == column.lower() or name.lower().replace("_", " ") in (" ".join(words), *words):
                return f" (did you mean column '{column}'?)"
    hint = did_you_mean(label, columns) or did_you_mean(field_id, columns)
    return hint.replace("did you mean '", "did you mean column '")


def _grouping(plan: Plan, by: str | None) -> tuple[Grouping | None, str | None]:
    if by is None:
        return None, None
    if by in BY_TIME:
        stamp = _stamp(plan)
        if stamp is None:
            raise CalibrateError(f"--by {by}: the ticket-field catalogue has no created_at timestamp to group by")
        pattern = BY_TIME[by]
        return Grouping(by, lambda column: pattern.format(c=column(stamp))), stamp
    field = plan.catalogue.get(by)
    if field is None or field.type not in BY_TYPES:
        allowed = sorted(BY_TIME) + [f.id for f in plan.catalogue.values() if f.type in BY_TYPES]
        why = "" if field is None else f" ({by} is {field.type}; free text would print ticket contents)"
        raise CalibrateError(f"--by {by}: cannot break down by this{why}{did_you_mean(by, allowed)}; "
                             f"use one of: {', '.join(allowed)}")
    if field.type == "boolean":
        return Grouping(by, lambda column: f"CASE WHEN {column(by)} THEN 'yes' WHEN NOT {column(by)} THEN 'no' END"), by
    return Grouping(by, lambda column: f"CAST({column(by)} AS VARCHAR)"), by
