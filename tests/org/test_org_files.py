"""project-file with what a case file cannot write: links. The logo, favicon and exports organisation.yml
names are read only as regular files inside the project folder."""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from macros.build import build_site

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
from site_helpers import copy_project  # noqa: E402

LOGO_LINE = "playbook/organisation.yml:114:9: site.logo: "


def test_a_linked_logo_is_refused(project: Path, run_cli, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere") / "logo.svg"
    shutil.copy(project / "docs" / "data" / "atlasflow-logo.svg", outside)
    (project / "docs" / "data" / "atlasflow-logo.svg").unlink()
    (project / "docs" / "data" / "atlasflow-logo.svg").symlink_to(outside)
    done = run_cli("--root", ".", "validate")
    assert done.exit_code == 1
    assert done.output.splitlines()[:2] == [
        LOGO_LINE + "docs/data/atlasflow-logo.svg is a symbolic link; put the file itself inside the project folder "
                    "(links are never followed) [project-file]",
        "playbook/organisation.yml:115:12: site.favicon: docs/data/atlasflow-logo.svg is a symbolic link; put the "
        "file itself inside the project folder (links are never followed) [project-file]"]


def test_a_file_reached_through_a_linked_folder_is_refused(project: Path, run_cli, tmp_path_factory):
    outside = tmp_path_factory.mktemp("elsewhere")
    shutil.move(str(project / "docs" / "data"), outside / "data")
    (project / "docs" / "data").symlink_to(outside / "data")
    done = run_cli("--root", ".", "validate")
    assert done.exit_code == 1
    assert done.output.splitlines()[0] == (
        LOGO_LINE + "docs/data is a symbolic link; put the file itself inside the project folder (links are never "
                    "followed) [project-file]")
    assert done.output.splitlines()[-1] == "8 error(s), 0 warning(s)"


@pytest.mark.parametrize("name", ["main", "second"])
def test_each_example_names_only_its_own_files(orgs, name):
    """Both examples' logos, exports and mappings exist in their own folders (validated clean elsewhere);
    the second organisation's logo reaches its site."""
    org = orgs[name]
    logo = org.playbook["organisation"]["site"]["logo"]
    assert (org.root / logo).is_file()
    assert (org.site / "assets" / "organisation" / f"logo{Path(logo).suffix}").read_bytes() == \
        (org.root / logo).read_bytes()


def test_a_missing_export_stops_the_build_with_its_location_not_a_traceback(project_with_site: Path):
    (project_with_site / "docs" / "data" / "sample-actions.csv").unlink()
    result = build_site(project_with_site, project_with_site / "site")
    assert not result.ok
    assert "Traceback" not in result.output
    assert ("playbook/organisation.yml:131:13: exports.actions.export: docs/data/sample-actions.csv: no such file "
            "in the project folder; check the path or add the file [project-file]") in result.output


@pytest.fixture
def project_with_site(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.mark.parametrize("name", ["main", "second"])
def test_the_communication_page_says_once_which_rhythm_governs(orgs, name):
    from macros.render.communication import GOVERNS

    governs = orgs[name].playbook["communication"]["where_levels_differ"]
    page = orgs[name].texts["communication/index.html"]
    sentence = f"Where a level holds its internal update less often than this cadence, {GOVERNS[governs]}."
    assert page.count(sentence) == 1
    assert [other for key, other in GOVERNS.items() if key != governs and other in page] == []
