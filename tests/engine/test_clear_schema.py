"""The clearing JSON Schemas agree with the examples, the engine's answers and its validation."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import given, settings

from matching.engine import EngineInputError, clear, validate_clear_input
from matching.engine.clearing_synthetic import generate_clearing

from .clearing_factories import clearing_documents, worked_example
from .commands import engine_schema
from .test_clear_input import INVALID

INPUT = jsonschema.Draft202012Validator(engine_schema("clear-input.schema.json"))
OUTPUT = jsonschema.Draft202012Validator(engine_schema("clear-output.schema.json"))


def test_schemas_are_valid_draft_2020_12():
    for name in ("clear-input.schema.json", "clear-output.schema.json"):
        jsonschema.Draft202012Validator.check_schema(engine_schema(name))


@pytest.mark.parametrize(
    "doc",
    [worked_example(), generate_clearing(firms=60, invoices=400, seed=3)],
)
def test_examples_and_their_answers_satisfy_the_schemas(doc):
    INPUT.validate(doc)
    OUTPUT.validate(clear(doc))


@settings(max_examples=50, deadline=None)
@given(clearing_documents())
def test_random_answers_satisfy_the_output_schema(doc):
    OUTPUT.validate(clear(doc))


# The cross-reference rules (duplicates, unknown or identical participants) are beyond a schema.
CROSS_REFERENCE_WORDS = ("duplicate", "unknown participant", "other than the debtor")


def _has_integral_float(doc: dict) -> bool:
    """JSON Schema counts 100.0 as an integer; the engine, stricter, refuses it as an amount."""
    values = [*doc.get("participants", []), *doc.get("obligations", [])]
    return any(
        isinstance(v, float) and v.is_integer()
        for item in values
        if isinstance(item, dict)
        for v in item.values()
    )


@pytest.mark.parametrize(("change", "field", "words"), INVALID)
def test_schema_refuses_what_the_validator_refuses(change, field, words):
    doc = worked_example()
    change(doc)
    with pytest.raises(EngineInputError):
        validate_clear_input(doc)
    if not words.startswith(CROSS_REFERENCE_WORDS) and not _has_integral_float(doc):
        assert not INPUT.is_valid(doc)
