"""Hypothesis over the CLI entry points: whatever the input, the documented exit codes and no traceback.

validate over generated values in every playbook file (any Unicode, control characters, huge and
many-decimal numbers, raw bytes); build with generated --site-dir values; diff with arbitrary
revisions; the change log over generated commit messages. Each test runs
PLAYBOOK_FUZZ_EXAMPLES examples (default 25); the slow run uses 500 per test (2,500 in all):

    PLAYBOOK_FUZZ_EXAMPLES=500 .venv/bin/python -m pytest tests/cli/test_cli_properties.py
"""
from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
from typing import Any, Iterator

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings, strategies as st

from macros.loading import load_file
from macros.playbook import AREAS
from scripts.cli import cli

REPO = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = int(os.environ.get("PLAYBOOK_FUZZ_EXAMPLES", "25"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, derandomize=EXAMPLES <= 25,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                           HealthCheck.data_too_large])
GIT_ENV = {"GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1", "GIT_AUTHOR_NAME": "Ada Reviewer",
           "GIT_AUTHOR_EMAIL": "ada@example.com", "GIT_COMMITTER_NAME": "Build Bot",
           "GIT_COMMITTER_EMAIL": "bot@example.com", "PLAYBOOK_TODAY": "2026-11-01"}

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[pathlib.Path]:
    """One copy of the project for the module, committed on main; each example restores what it changed."""
    root = tmp_path_factory.mktemp("fuzz")
    for folder in ("playbook", "schemas", "docs/data"):  # docs/data: the files organisation.yml names
        shutil.copytree(REPO / folder, root / folder)
    saved = {key: os.environ.get(key) for key in GIT_ENV}
    os.environ.update(GIT_ENV)
    os.environ["GIT_CEILING_DIRECTORIES"] = str(root.parent)
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=root, check=True)
    subprocess.run(["git", "commit", "-qm", "policy"], cwd=root, check=True)
    yield root
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    os.environ.pop("GIT_CEILING_DIRECTORIES", None)


def invoke(root: pathlib.Path, *args: str) -> Any:
    result = CliRunner().invoke(cli, ["--root", str(root), *args], prog_name="playbook")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError(f"traceback for {args}: {result.exception!r}\n{result.output}") from result.exception
    assert "Traceback" not in result.output
    return result


def leaves(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, child in value.items():
            yield from leaves(child, path + (key,))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            yield from leaves(child, path + (index,))
    else:
        yield path


DATA = {stem: load_file(REPO / "playbook" / f"{stem}.yml").data for stem in AREAS}
LEAVES = [(stem, path) for stem, data in DATA.items() for path in leaves(data) if path]

texts = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
numbers = st.one_of(st.integers(min_value=-(10**20), max_value=10**20),
                    st.integers(min_value=10**300, max_value=10**420),
                    st.floats(allow_nan=False, allow_infinity=False),
                    st.decimals(places=6, min_value=0, max_value=10**6, allow_nan=False).map(float),
                    st.sampled_from([0, 0.01, 3.098, 99.999, 100, 100.01, 1e12, 1e15, 2**63, -1]))
values = st.one_of(texts, numbers, st.booleans(), st.none(), st.lists(texts, max_size=3),
                   st.dictionaries(texts, texts, max_size=2))


def replaced(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    head, *rest = path
    if isinstance(data, dict):
        return {**data, head: replaced(data[head], tuple(rest), value)}
    copy = list(data)
    copy[head] = replaced(copy[head], tuple(rest), value)
    return copy


@SETTINGS
@given(leaf=st.sampled_from(LEAVES), value=values)
def test_validate_any_value_anywhere(home: pathlib.Path, leaf: tuple[str, tuple[Any, ...]], value: Any) -> None:
    stem, path = leaf
    target = home / "playbook" / f"{stem}.yml"
    original = target.read_bytes()
    try:
        text = yaml.safe_dump(replaced(DATA[stem], path, value), allow_unicode=True, sort_keys=False, width=10**6)
        target.write_text(text, encoding="utf-8")
        result = invoke(home, "validate", "--format", "json")
        assert result.exit_code in (0, 1), result.output
    finally:
        target.write_bytes(original)


@SETTINGS
@given(stem=st.sampled_from(list(AREAS)), at=st.floats(0, 1), junk=st.binary(max_size=64))
def test_validate_any_bytes(home: pathlib.Path, stem: str, at: float, junk: bytes) -> None:
    target = home / "playbook" / f"{stem}.yml"
    original = target.read_bytes()
    cut = int(len(original) * at)
    try:
        target.write_bytes(original[:cut] + junk + original[cut:])
        result = invoke(home, "validate")
        assert result.exit_code in (0, 1), result.output
    finally:
        target.write_bytes(original)


SEGMENTS = [".", "..", "docs", "playbook", "schemas", ".git", "site", "preview", "new", "a b", "ü", "-x", "..."]


@SETTINGS
@given(parts=st.lists(st.sampled_from(SEGMENTS), min_size=1, max_size=4), absolute=st.booleans())
def test_build_with_any_site_dir_never_touches_the_project(home: pathlib.Path, monkeypatch, parts: list[str],
                                                           absolute: bool) -> None:
    """mkdocs is replaced by a stub that fails at once: what is checked is the folder, not the build."""
    import macros.build as building

    monkeypatch.setattr(building, "_run_interruptibly", lambda command, root, env: (1, "stub: no mkdocs here"))
    (home / "docs").mkdir(exist_ok=True)
    before = sorted(str(p.relative_to(home)) for p in home.rglob("*") if ".git" not in p.parts
                    and ".cache" not in p.parts)
    site = os.path.join(str(home) if absolute else "", *parts)
    result = invoke(home, "build", "--site-dir", site)
    assert result.exit_code in (1, 2), result.output
    if result.exit_code == 2:
        assert "Error:" in result.output
    # .cache/ may gain the validated playbook (a build validates first); it is a cache, never the project
    after = sorted(str(p.relative_to(home)) for p in home.rglob("*") if ".git" not in p.parts
                   and ".cache" not in p.parts)
    assert after == before
    assert not list(home.parent.glob(".site-build-*"))


revisions = st.one_of(st.sampled_from(["main", "HEAD", "HEAD~1", "HEAD^{tree}", "main..HEAD", "@{-1}", "--help",
                                       "-p", "--output=/tmp/x", "HEAD:playbook", "0" * 40, ""]),
                      st.text(max_size=40))


@SETTINGS
@given(base=revisions, head=st.one_of(st.none(), revisions))
def test_diff_with_any_revisions(home: pathlib.Path, base: str, head: str | None) -> None:
    if "\0" in base or (head and "\0" in head):
        return  # no argument vector can hold a NUL
    args = ["diff", "--format", "json", "--", base] + ([head] if head is not None else [])
    result = invoke(home, *args)
    assert result.exit_code in (0, 1, 2), result.output


# What git trims from the ends of a name (its "crud": every character up to the space, and . , : ; < > " \ ').
GIT_CRUD = "".join(map(chr, range(33))) + ".,:;<>\"\\'"
messages = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"], exclude_characters="\0"), min_size=1,
                   max_size=200)


@SETTINGS
@given(message=messages, author=st.text(st.characters(codec="utf-8", exclude_categories=["Cs"],
                                                      exclude_characters="\0\n<>"), min_size=1, max_size=30))
def test_the_change_log_reads_any_commit_message(home: pathlib.Path, message: str, author: str) -> None:
    from macros.diff.changelog import policy_commits
    from macros.diff.sides import Repo

    if not message.strip() or not author.strip(GIT_CRUD):
        return  # git refuses an empty message and an author name made of nothing but what it trims
    target = home / "playbook" / "glossary.yml"
    target.write_text(target.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    env = {**os.environ, "GIT_AUTHOR_NAME": author}
    subprocess.run(["git", "commit", "-qa", "--cleanup=verbatim", "-F", "-"], cwd=home, env=env, check=True,
                   input=message.encode("utf-8"))
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=home, capture_output=True, text=True).stdout.strip()
    (commit,) = policy_commits(Repo.of(home), limit=1)
    assert commit.sha == sha
    assert commit.date == "20" + commit.date[2:] and len(commit.date) == 10
    subject, _, body = message.strip().partition("\n")
    assert (commit.subject, commit.body) == (subject.strip(), body.strip())
