"""`playbook calibrate --emit-sql`: the criteria as one query, run for real where the tickets live.

The sample export and the hand-labelled boundary tickets are loaded into typed tables of a real
PostgreSQL server (started here from Debian's postgresql package; CI installs it and a missing
server fails there) and of DuckDB; the emitted query must return every count the report gives.
The other dialects are golden files that sqlglot must parse back. `UPDATE_GOLDEN=1` rewrites them.
"""
from __future__ import annotations

import csv
import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any, Iterator

import duckdb
import pytest
import sqlglot
from click.testing import CliRunner

from calibrate_helpers import ROOT, SAMPLE, SAMPLE_MAPPING
from macros.calibrate.mapping import ColumnSpec
from macros.calibrate.plan import plan_from
from macros.calibrate.run import Options, calibrate, calibrate_plan, mapping_for
from macros.calibrate.sample import COLUMNS
from macros.calibrate.warehouse import DIALECTS, warehouse_sql
from macros.playbook import load_playbook
from scripts.cli import cli
from test_calibrate_formats import canonical_rows
from test_calibrate_known_answers import COLUMNS as KNOWN_COLUMNS, MAPPING as KNOWN_MAPPING, PLAN as KNOWN_PLAN
from test_calibrate_known_answers import write_export

GOLDEN = Path(__file__).parent / "golden"
PG_TYPES = {"text": "text", "timestamp": "timestamp", "bool": "boolean", "int": "bigint", "float": "double precision"}
KNOWN_TYPES = {"ticket_id": "text", "opened": "timestamptz", "priority": "text", "vip": "boolean", "accounts": "bigint",
               "score": "double precision", "arr": "double precision", "notice": "double precision",
               "churn_risk": "double precision", "region": "text"}


def report_counts(report: Any) -> list[int]:
    return ([report.total, report.excluded] + [c.matches for c in report.criteria]
            + [n for lv in report.levels for n in (lv.qualify, lv.would_land_at)] + [b.tickets for b in report.bands])


def emitted(dialect: str, table: str = "tickets") -> str:
    result = CliRunner().invoke(cli, ["--root", str(ROOT), "calibrate", "--emit-sql", dialect, "--mapping",
                                      str(SAMPLE_MAPPING), "--table", table])
    assert result.exit_code == 0, result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def sample_report() -> Any:
    return calibrate(load_playbook(ROOT)[0], SAMPLE, Options(mapping_file=SAMPLE_MAPPING))


def known_sql(dialect: str) -> str:
    specs = {f: KNOWN_MAPPING.get(f) or ColumnSpec(f, f, "test") for f in KNOWN_PLAN.fields_needed()}
    return warehouse_sql(KNOWN_PLAN, specs, "boundary", dialect)


def known_report(tmp_path: Path) -> Any:
    return calibrate_plan(KNOWN_PLAN, write_export(tmp_path / "known.csv", bad=False), KNOWN_MAPPING)


# ---------------------------------------------------------------- golden files, parsed back

@pytest.mark.parametrize("dialect", ["postgres", "trino", "bigquery", "snowflake", "spark"])
def test_each_dialect_matches_its_golden_file_and_parses_back(dialect: str) -> None:
    text = emitted(dialect, "support.tickets")
    golden = GOLDEN / f"criteria.{dialect}.sql"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
    parsed = sqlglot.parse_one(text, read=DIALECTS[dialect])
    assert parsed.find(sqlglot.exp.Select) is not None
    names = [e.alias_or_name for e in parsed.expressions]
    plan = plan_from(load_playbook(ROOT)[0])
    assert len(names) == 2 + len(plan.criteria) + 2 * len(plan.levels) + len(plan.bands)


# ---------------------------------------------------------------- DuckDB

def test_duckdb_runs_the_emitted_query_to_the_report_counts(sample_report: Any, tmp_path: Path) -> None:
    con = duckdb.connect()
    types = ", ".join(f"'{c}': '{ {'text': 'VARCHAR', 'timestamp': 'TIMESTAMP', 'bool': 'BOOLEAN', 'int': 'BIGINT', 'float': 'DOUBLE'}[k]}'"
                      for c, k in COLUMNS.items())
    con.execute(f"CREATE TABLE tickets AS SELECT * FROM read_csv('{SAMPLE}', header=true, columns={{{types}}})")
    assert list(con.execute(emitted("duckdb")).fetchone()) == report_counts(sample_report)
    load_known_duckdb(con)
    assert list(con.execute(known_sql("duckdb")).fetchone()) == report_counts(known_report(tmp_path))


def load_known_duckdb(con: duckdb.DuckDBPyConnection) -> None:
    cols = ", ".join(f'"{c}" {KNOWN_TYPES[c].replace("double precision", "DOUBLE")}' for c in KNOWN_COLUMNS)
    con.execute(f"CREATE TABLE boundary ({cols})")
    for row in canonical_rows():
        con.execute(f"INSERT INTO boundary VALUES ({', '.join('?' for _ in KNOWN_COLUMNS)})",
                    [row[c] for c in KNOWN_COLUMNS])


# ---------------------------------------------------------------- PostgreSQL, for real

def _binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI") == "true":
        pytest.fail(f"PostgreSQL is needed in CI: {reason} (.ci/run installs the postgresql package)")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def postgres() -> Iterator[list[str]]:
    """A throwaway server on a Unix socket in a temporary folder; yields the psql command to reach it."""
    initdb, pg_ctl, psql = _binary("initdb"), _binary("pg_ctl"), _binary("psql")
    if not (initdb and pg_ctl and psql):
        _unavailable("no PostgreSQL server binaries (Debian package postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="calibrate-pg-"))
    data = folder / "data"
    as_user: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root: run it as the package's postgres user
        if shutil.which("runuser") is None:
            _unavailable("running as root without runuser")
        as_user = ["runuser", "-u", "postgres", "--"]
        shutil.chown(folder, "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = str(probe.getsockname()[1])
    try:
        subprocess.run([*as_user, initdb, "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"],
                       check=True, capture_output=True, timeout=120)
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-w", "-l", str(folder / "log"), "-o",
                        f"-k {folder} -p {port} -c listen_addresses='' -c TimeZone=UTC", "start"],
                       check=True, capture_output=True, timeout=120)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, KeyError, LookupError) as error:
        shutil.rmtree(folder, ignore_errors=True)
        _unavailable(f"the server did not start ({error})")
    try:
        yield [psql, "-h", str(folder), "-p", port, "-U", "postgres", "-d", "postgres", "-v", "ON_ERROR_STOP=1",
               "-X", "-q", "-A", "-t", "-F", ","]
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True,
                       timeout=120)
        shutil.rmtree(folder, ignore_errors=True)


def psql(command: list[str], sql: str) -> str:
    done = subprocess.run(command, input=sql, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_postgresql_runs_the_emitted_query_to_the_report_counts(postgres: list[str], sample_report: Any,
                                                                 tmp_path: Path) -> None:
    columns = ", ".join(f'"{c}" {PG_TYPES[k]}' for c, k in COLUMNS.items())
    psql(postgres, f"DROP TABLE IF EXISTS tickets; CREATE TABLE tickets ({columns});\n"
                   f"\\copy tickets FROM '{SAMPLE}' WITH (FORMAT csv, HEADER true)\n")
    answer = psql(postgres, emitted("postgres"))
    assert [int(n) for n in answer.split(",")] == report_counts(sample_report)

    boundary = tmp_path / "boundary.csv"
    with open(boundary, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        for row in canonical_rows():
            writer.writerow(["" if row[c] is None else row[c].isoformat() if hasattr(row[c], "isoformat")
                             else row[c] for c in KNOWN_COLUMNS])
    os.chmod(tmp_path, 0o755)
    columns = ", ".join(f'"{c}" {KNOWN_TYPES[c]}' for c in KNOWN_COLUMNS)
    psql(postgres, f"DROP TABLE IF EXISTS boundary; CREATE TABLE boundary ({columns});\n"
                   f"\\copy boundary FROM '{boundary}' WITH (FORMAT csv)\n")
    answer = psql(postgres, known_sql("postgres"))
    assert [int(n) for n in answer.split(",")] == report_counts(known_report(tmp_path))
