"""The JSON Schemas shipped with the engine agree with the examples and with validate_input."""

from __future__ import annotations

import jsonschema
import pytest

from matching.engine import EngineInputError, solve, validate_input
from matching.engine.synthetic import generate

from .commands import engine_schema
from .factories import chain_doc, triangle_doc

INPUT = jsonschema.Draft202012Validator(engine_schema("input.schema.json"))
OUTPUT = jsonschema.Draft202012Validator(engine_schema("output.schema.json"))


def test_schemas_are_valid_draft_2020_12():
    for name in ("input.schema.json", "output.schema.json"):
        jsonschema.Draft202012Validator.check_schema(engine_schema(name))


@pytest.mark.parametrize(
    "doc",
    [
        triangle_doc(),
        triangle_doc(max_cycle_length=None, forbidden=[[{"offer": "o_a", "want": "w_b"}]]),
        generate(participants=40, accepts=400, seed=2, max_cycle_length=3, time_limit_s=3),
        chain_doc(),
    ],
)
def test_examples_satisfy_both_schemas(doc):
    INPUT.validate(doc)
    OUTPUT.validate(solve(doc))


@pytest.mark.parametrize(
    "change",
    [
        lambda d: d["participants"][0].update(headroom=-1),
        lambda d: d["offers"][0].update(value=1.5),
        lambda d: d.update(objective="profit"),
        lambda d: d.update(max_cycle_length=1),
        lambda d: d.update(surprise=True),
        lambda d: d["wants"][0]["accepts"][0].update(score=2),
        lambda d: d.update(forbidden=[[]]),
        lambda d: d["participants"][0].update(meta="note"),
        lambda d: d.pop("wants"),
        lambda d: d.update(max_chain_length=-1),
        lambda d: d["participants"][0].update(chain_source=1),
    ],
)
def test_schema_and_validator_reject_the_same_invalid_documents(change):
    doc = triangle_doc()
    change(doc)
    assert not INPUT.is_valid(doc)
    with pytest.raises(EngineInputError):
        validate_input(doc)
