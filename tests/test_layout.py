"""pytest imports test modules by their file name: two folders with the same test file name
stop the whole suite at collection. Several people add test folders, so this says it early."""
from __future__ import annotations

import collections
import pathlib

TESTS = pathlib.Path(__file__).resolve().parent


def test_every_test_module_has_a_unique_file_name() -> None:
    names = collections.Counter(p.name for p in TESTS.rglob("*.py") if p.name != "conftest.py"
                                and p.name != "__init__.py")
    assert [name for name, count in names.items() if count > 1] == []
