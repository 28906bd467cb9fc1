"""The meaning-level comparison: what is a change and what is not."""
from __future__ import annotations

from macros.diff.compare import canonical, compare_areas, same


def kinds(old: dict, new: dict, stem: str = "x") -> list[tuple[str, str, object, object]]:
    return [(c.kind, ".".join(str(s.key) for s in c.steps), c.old, c.new)
            for c in compare_areas({stem: old}, {stem: new})]


def test_reordering_entries_with_ids_is_no_change() -> None:
    assert kinds({"l": [{"id": "a", "v": 1}, {"id": "b", "v": 2}]}, {"l": [{"id": "b", "v": 2}, {"id": "a", "v": 1}]}) \
        == []


def test_reordering_plain_values_is_no_change() -> None:
    assert kinds({"l": ["a", "b", "c"]}, {"l": ["c", "a", "b"]}) == []


def test_a_changed_value_is_found_by_id_not_position() -> None:
    assert kinds({"l": [{"id": "a", "v": 1}, {"id": "b", "v": 2}]}, {"l": [{"id": "b", "v": 3}, {"id": "a", "v": 1}]}) \
        == [("changed", "l.b.v", 2, 3)]


def test_an_id_changed_alone_is_a_rename() -> None:
    assert kinds({"l": [{"id": "a", "v": 1}]}, {"l": [{"id": "z", "v": 1}]}) == [("renamed", "l.z", "a", "z")]


def test_an_id_changed_with_its_content_is_a_removal_and_an_addition() -> None:
    assert [k[0] for k in kinds({"l": [{"id": "a", "v": 1}]}, {"l": [{"id": "z", "v": 2}]})] == ["added", "removed"]


def test_cadences_are_matched_by_priority_and_tier() -> None:
    old = {"cadences": [{"priority": "p1", "tier": "a", "every": {"minutes": 45}},
                        {"priority": "p1", "tier": "b", "every": {"minutes": 60}}]}
    new = {"cadences": [old["cadences"][1], {"priority": "p1", "tier": "a", "every": {"minutes": 50}}]}
    assert kinds(old, new, "communication") == [("changed", "cadences.p1/a.every", {"minutes": 45}, {"minutes": 50})]


def test_repeated_keys_fall_back_to_position() -> None:
    old = {"l": [{"id": "a", "v": 1}, {"id": "a", "v": 2}]}
    assert kinds(old, {"l": [{"id": "a", "v": 1}, {"id": "a", "v": 3}]}) == [("changed", "l.2.v", 2, 3)]


def test_one_value_replaced_in_a_plain_list_is_one_change() -> None:
    assert kinds({"also": ["cfo"]}, {"also": ["legal"]}) == [("changed", "also.legal", "cfo", "legal")]


def test_values_added_and_removed_in_a_plain_list() -> None:
    assert kinds({"l": ["a", "b"]}, {"l": ["c", "d", "a"]}) == [
        ("added", "l.c", None, "c"), ("added", "l.d", None, "d"), ("removed", "l.b", "b", None)]


def test_quantities_compare_by_meaning() -> None:
    assert same({"hours": 1}, {"minutes": 60})
    assert same({"weeks": 1}, {"days": 7})
    assert not same({"days": 1}, {"business_days": 1})
    assert same({"amount": 10, "currency": "USD"}, {"amount": 10.0, "currency": "USD"})
    assert not same({"amount": 10, "currency": "USD"}, {"amount": 10, "currency": "EUR"})


def test_condition_children_and_one_of_values_are_unordered() -> None:
    a = {"all": [{"field": "x", "op": "one_of", "value": ["a", "b"]}, {"field": "y", "op": "is", "value": True}]}
    b = {"all": [{"field": "y", "op": "is", "value": True}, {"field": "x", "op": "one_of", "value": ["b", "a"]}]}
    assert canonical(a) == canonical(b)


def test_keys_added_and_removed() -> None:
    assert kinds({"a": 1, "b": {"minutes": 5}}, {"a": 1, "c": True}) == [("added", "c", None, True),
                                                                       ("removed", "b", {"minutes": 5}, None)]


def test_rewrapped_text_is_no_change_but_other_words_are() -> None:
    assert kinds({"t": "One long\nsentence,  wrapped.\n"}, {"t": "One long sentence, wrapped."}) == []
    assert kinds({"t": "One sentence."}, {"t": "One sentence!"}) == [("changed", "t", "One sentence.", "One sentence!")]


def test_true_is_not_one() -> None:
    assert kinds({"v": True}, {"v": 1}) == [("changed", "v", True, 1)]
