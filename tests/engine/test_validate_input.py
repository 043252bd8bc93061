"""validate_input rejects invalid documents with the offending field named."""

from __future__ import annotations

import copy

import pytest

from matching.engine import EngineInputError, validate_input

from .factories import triangle_doc


def _mutate(path: str, value, delete: bool = False):
    doc = triangle_doc()
    *parents, last = path.split(".")
    node = doc
    for part in parents:
        name, _, index = part.partition("[")
        node = node[name] if not index else node[name][int(index[:-1])]
    name, _, index = last.partition("[")
    if index:
        node[name][int(index[:-1])] = value
    elif delete:
        del node[name]
    else:
        node[name] = value
    return doc


def test_valid_document_passes():
    assert validate_input(triangle_doc()) is None


def test_meta_objects_are_allowed_at_top_level_and_on_items():
    doc = triangle_doc(meta={"run": 7})
    doc["participants"][0]["meta"] = {"business_pk": 12}
    doc["offers"][0]["meta"] = {}
    doc["wants"][0]["meta"] = {"listing": "x"}
    assert validate_input(doc) is None


@pytest.mark.parametrize(
    ("path", "value", "field", "message"),
    [
        ("participants[2].headroom", -1, "participants[2].headroom", "must be an integer >= 0"),
        ("participants[1].headroom", 1.5, "participants[1].headroom", "must be an integer >= 0"),
        ("participants[0].tolerance", "50", "participants[0].tolerance", "must be an integer"),
        ("participants[0].headroom", True, "participants[0].headroom", "must be an integer"),
        ("offers[1].value", -5, "offers[1].value", "must be an integer >= 0"),
        ("offers[0].quantity", None, "offers[0].quantity", "must be an integer >= 0"),
        ("offers[2].participant", "zz", "offers[2].participant", "unknown participant 'zz'"),
        ("wants[0].participant", "zz", "wants[0].participant", "unknown participant 'zz'"),
        ("max_cycle_length", 1, "max_cycle_length", "must be an integer >= 2 or null"),
        ("max_cycle_length", "3", "max_cycle_length", "must be an integer >= 2 or null"),
        ("objective", "profit", "objective", 'must be "value" or "count"'),
        ("time_limit_s", 0, "time_limit_s", "must be a number > 0"),
        ("participants", {}, "participants", "must be a list"),
        ("wants[1].accepts", "o_b", "wants[1].accepts", "must be a list"),
        ("participants[0].id", "", "participants[0].id", "must be a non-empty string"),
        ("offers[0].id", 3, "offers[0].id", "must be a non-empty string"),
        ("participants[0].colour", "red", "participants[0].colour", "unknown field"),
        ("offers[0].meta", [], "offers[0].meta", "must be an object"),
        ("extra", 1, "extra", "unknown field"),
        ("max_chain_length", -1, "max_chain_length", "must be an integer >= 0 or null"),
        ("max_chain_length", 2.5, "max_chain_length", "must be an integer >= 0 or null"),
        ("participants[1].chain_source", "yes", "participants[1].chain_source", "true or false"),
    ],
)
def test_invalid_field_is_named(path, value, field, message):
    with pytest.raises(EngineInputError) as exc:
        validate_input(_mutate(path, value))
    assert exc.value.field == field
    assert message in exc.value.message
    assert str(exc.value).startswith(f"{field}: ")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("objective", "objective"),
        ("max_cycle_length", "max_cycle_length"),
        ("participants[1].headroom", "participants[1].headroom"),
        ("offers[0].quantity", "offers[0].quantity"),
        ("wants[2].accepts", "wants[2].accepts"),
    ],
)
def test_missing_required_field_is_named(path, field):
    with pytest.raises(EngineInputError) as exc:
        validate_input(_mutate(path, None, delete=True))
    assert exc.value.field == field
    assert exc.value.message == "is required"


def test_time_limit_is_optional():
    doc = triangle_doc()
    del doc["time_limit_s"]
    assert validate_input(doc) is None


def test_unknown_offer_in_accepts_is_an_error():
    doc = triangle_doc()
    doc["wants"][3]["accepts"].append({"offer": "nope"})
    with pytest.raises(EngineInputError) as exc:
        validate_input(doc)
    assert str(exc.value) == "wants[3].accepts[1].offer: unknown offer 'nope'"


def test_score_out_of_range_is_an_error():
    doc = triangle_doc()
    doc["wants"][0]["accepts"][0]["score"] = 1.5
    with pytest.raises(EngineInputError) as exc:
        validate_input(doc)
    assert exc.value.field == "wants[0].accepts[0].score"


def test_offer_accepted_twice_by_one_want_is_an_error():
    doc = triangle_doc()
    doc["wants"][0]["accepts"].append({"offer": "o_c"})
    with pytest.raises(EngineInputError) as exc:
        validate_input(doc)
    assert exc.value.field == "wants[0].accepts[1].offer"


@pytest.mark.parametrize(
    ("section", "field", "dup_id"),
    [("participants", "participants[3].id", "a"), ("offers", "offers[3].id", "o_a")],
)
def test_duplicate_ids_are_errors(section, field, dup_id):
    doc = triangle_doc()
    doc[section].append(copy.deepcopy(doc[section][0]))
    with pytest.raises(EngineInputError) as exc:
        validate_input(doc)
    assert exc.value.field == field
    assert repr(dup_id) in exc.value.message


def test_duplicate_want_id_is_an_error():
    doc = triangle_doc()
    doc["wants"].append(copy.deepcopy(doc["wants"][1]))
    with pytest.raises(EngineInputError) as exc:
        validate_input(doc)
    assert exc.value.field == "wants[4].id"


def test_own_offer_in_accepts_is_not_an_error():
    doc = triangle_doc()
    doc["wants"][0]["accepts"].append({"offer": "o_a"})
    assert validate_input(doc) is None


def test_forbidden_sets_are_checked():
    ok = triangle_doc(forbidden=[[{"offer": "o_a", "want": "w_c"}]])  # not a leg: allowed
    assert validate_input(ok) is None
    for forbidden, field in [
        ([[]], "forbidden[0]"),
        ([[{"offer": "o_a", "want": "w_x"}]], "forbidden[0][0].want"),
        (
            [[{"offer": "o_a", "want": "w_b"}], [{"offer": "o_x", "want": "w_b"}]],
            "forbidden[1][0].offer",
        ),
        ([[{"offer": "o_a"}]], "forbidden[0][0].want"),
        ({"a": 1}, "forbidden"),
    ]:
        with pytest.raises(EngineInputError) as exc:
            validate_input(triangle_doc(forbidden=forbidden))
        assert exc.value.field == field


def test_document_must_be_an_object():
    with pytest.raises(EngineInputError) as exc:
        validate_input([1, 2])
    assert exc.value.field == "$"
