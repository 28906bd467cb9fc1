"""Fixtures for site tests."""
from __future__ import annotations

from pathlib import Path

import pytest

from site_helpers import build, copy_project


@pytest.fixture(scope="session")
def example_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("example"))
    result = build(root)
    assert result.ok, result.output
    return result.site


@pytest.fixture
def project_copy(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")

