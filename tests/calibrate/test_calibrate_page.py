"""The site page body and the renderers' escaping: user-supplied names never become markup."""
from __future__ import annotations

from pathlib import Path

from calibrate_helpers import ROOT, SAMPLE, SAMPLE_MAPPING
from macros.calibrate.page import calibration_page
from macros.calibrate.render import markdown_report, md
from macros.calibrate.run import Options, calibrate
from macros.calibrate.svg import calibration_svg
from macros.playbook import display_path, load_playbook


def test_page_has_the_chart_the_bands_and_a_weekly_trend() -> None:
    page = calibration_page(load_playbook(ROOT)[0], SAMPLE, SAMPLE_MAPPING)
    assert '<div class="calibration-chart" markdown="0">\n<svg ' in page
    chart = page[page.index("<svg"):page.index("</svg>")]
    assert "\n\n" not in chart  # a blank line would end the raw HTML block in Markdown
    for heading in ("### Bands", "### Levels", "### Criteria", "### Overlaps", "### Breakdown by week",
                    "### Excluded rows"):
        assert f"\n{heading}\n" in page
    command = f"playbook calibrate {display_path(SAMPLE)} --mapping {display_path(SAMPLE_MAPPING)} --by week"
    import markdown

    assert f"<code>{command}</code>" in markdown.markdown(page, extensions=["tables", "md_in_html"])


def test_md_escapes_markup_and_table_pipes() -> None:
    assert md("<b>A|B</b>\nC & D") == "&lt;b&gt;A\\|B&lt;/b&gt; C &amp; D"
    import markdown

    shown = markdown.markdown(f"| a |\n|---|\n| {md('[x](javascript:alert(1)) | *y*')} |", extensions=["tables"])
    assert "<a " not in shown and "<em>" not in shown and "[x](javascript:alert(1)) | *y*" in shown


def test_column_names_from_users_are_escaped_everywhere(tmp_path: Path) -> None:
    """A hostile column name reaches the report only through the excluded-rows list: escaped there."""
    hostile = 'Plan <script>alert(1)</script> | x'
    export = tmp_path / "t.csv"
    lines = SAMPLE.read_text(encoding="utf-8").splitlines()[:40]
    export.write_text("\n".join([lines[0].replace('"Plan"', f'"{hostile}"')] + lines[1:]).replace(
        '"Enterprise"', '"Enterprise Plus"', 1) + "\n", encoding="utf-8")
    report = calibrate(load_playbook(ROOT)[0], export,
                       Options(mapping_file=SAMPLE_MAPPING, maps=(f"tier={hostile}",)))
    assert report.excluded_columns[0].column == hostile
    markdown = markdown_report(report)
    assert "<script>" not in markdown and "&lt;script&gt;" in markdown and "\\| x" in markdown
    assert "<script>" not in calibration_svg(report)
