"""`in_order` in a mapping: the export's words given to an enumeration's values in their order, so one
preset (Zendesk's Urgent/High/Normal/Low) serves organisations whose priorities have other ids and counts."""
from __future__ import annotations

from pathlib import Path

import pytest

from macros.calibrate.errors import CalibrateError
from macros.calibrate.mapping import load_mapping
from macros.conditions import Field

THREE = {"severity": Field("severity", "enum", "Severity", ("sev1", "sev2", "sev3")),
         "arr": Field("arr", "money", "ARR")}


def mapping(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "map.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_words_take_the_values_in_order_and_words_past_the_last_value_take_the_last(tmp_path: Path) -> None:
    found = load_mapping(mapping(tmp_path, "columns:\n  severity: {column: Priority, in_order: [Urgent, High, Normal, Low]}\n"),
                         THREE)
    assert found["severity"].values == (("Urgent", "sev1"), ("High", "sev2"), ("Normal", "sev3"), ("Low", "sev3"))


@pytest.mark.parametrize("spec, message", [
    ("{column: ARR, in_order: [a, b]}", "map.yml:2:32: columns.arr.in_order: 'in_order' applies only to enumeration "
                                        "fields; 'arr' is money [mapping]"),
    ("{column: P, in_order: [], values: {}}", "map.yml:2:35: columns.severity.in_order: give either 'values' or "
                                              "'in_order', not both [mapping]"),
    ("{column: P, in_order: Urgent}", "map.yml:2:35: columns.severity.in_order: 'in_order' lists the export's words "
                                      "in the order of the field's values, e.g. [Urgent, High, Normal, Low] [mapping]"),
    ("{column: P, in_order: [High, ' high']}", "map.yml:2:35: columns.severity.in_order: a word is listed twice (case "
                                               "and spaces are ignored); keep one [mapping]"),
])
def test_a_wrong_in_order_names_its_place_and_what_to_write(tmp_path: Path, spec: str, message: str) -> None:
    field = "arr" if "ARR" in spec else "severity"
    with pytest.raises(CalibrateError) as error:
        load_mapping(mapping(tmp_path, f"columns:\n  {field}: {spec}\n"), THREE)
    assert [line.split("/")[-1] for line in error.value.messages] == [message]
