"""Invalid clearing inputs are refused with a message naming the field: ``EngineInputError`` from
the library, exit code 2 and no output file from the command line."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from matching.engine import EngineInputError, clear, validate_clear_input
from matching.engine.clearing_input import MAX_AMOUNT, MAX_TOTAL, decode_clear_input
from matching.engine.cli import main

from .clearing_factories import obligation, participant, worked_example
from .commands import run_engine

Change = Callable[[dict], object]


def _ob(j: int, **changes: object) -> Change:
    return lambda d: d["obligations"][j].update(changes)


def _pa(i: int, **changes: object) -> Change:
    return lambda d: d["participants"][i].update(changes)


# (change to the worked example, field named, words of the message)
INVALID: list[tuple[Change, str, str]] = [
    (_ob(1, amount=0), "obligations[1].amount", "integer from 1"),
    (_ob(1, amount=-5), "obligations[1].amount", "integer from 1"),
    (_ob(1, amount=12.5), "obligations[1].amount", "integer from 1"),
    (_ob(1, amount=100.0), "obligations[1].amount", "integer from 1"),
    (_ob(1, amount="100"), "obligations[1].amount", "integer from 1"),
    (_ob(1, amount=True), "obligations[1].amount", "integer from 1"),
    (_ob(1, amount=None), "obligations[1].amount", "integer from 1"),
    (_ob(1, amount=MAX_AMOUNT + 1), "obligations[1].amount", "integer from 1"),
    (lambda d: d["obligations"][2].pop("amount"), "obligations[2].amount", "is required"),
    (_pa(0, pay_capacity=-1), "participants[0].pay_capacity", "integer from 0"),
    (_pa(2, receive_capacity=-1), "participants[2].receive_capacity", "integer from 0"),
    (_pa(2, receive_capacity=0.5), "participants[2].receive_capacity", "integer from 0"),
    (_pa(1, pay_capacity=False), "participants[1].pay_capacity", "integer from 0"),
    (_pa(1, pay_capacity=2**63), "participants[1].pay_capacity", "integer from 0"),
    (
        lambda d: d["participants"][1].pop("pay_capacity"),
        "participants[1].pay_capacity",
        "is required",
    ),
    (_pa(2, id="A"), "participants[2].id", "duplicate participant id 'A'"),
    (_ob(2, id="inv-1"), "obligations[2].id", "duplicate obligation id 'inv-1'"),
    (_ob(1, creditor="B"), "obligations[1].creditor", "other than the debtor"),
    (_ob(2, debtor="Z"), "obligations[2].debtor", "unknown participant 'Z'"),
    (_ob(0, creditor="Z"), "obligations[0].creditor", "unknown participant 'Z'"),
    (_ob(0, creditor=""), "obligations[0].creditor", "non-empty string"),
    (_ob(0, debtor=7), "obligations[0].debtor", "non-empty string"),
    (_pa(0, id=""), "participants[0].id", "non-empty string"),
    (_ob(0, id=None), "obligations[0].id", "non-empty string"),
    (lambda d: d.update(surprise=1), "surprise", "unknown field"),
    (lambda d: d.update(meta={}), "meta", "unknown field"),
    (_pa(1, headroom=3), "participants[1].headroom", "unknown field"),
    (_ob(2, due="2026-01-31"), "obligations[2].due", "unknown field"),
    (lambda d: d.pop("participants"), "participants", "is required"),
    (lambda d: d.pop("obligations"), "obligations", "is required"),
    (lambda d: d.update(participants={}), "participants", "must be a list"),
    (lambda d: d.update(obligations="none"), "obligations", "must be a list"),
    (lambda d: d["obligations"].append(3), "obligations[3]", "must be an object"),
    (lambda d: d["participants"].insert(0, []), "participants[0]", "must be an object"),
    (lambda d: d.update(time_limit_s=0), "time_limit_s", "number > 0"),
    (lambda d: d.update(time_limit_s=-1), "time_limit_s", "number > 0"),
    (lambda d: d.update(time_limit_s="60"), "time_limit_s", "number > 0"),
    (lambda d: d.update(time_limit_s=None), "time_limit_s", "number > 0"),
]


@pytest.mark.parametrize(("change", "field", "words"), INVALID)
def test_invalid_input_is_refused_naming_the_field(change, field, words):
    doc = worked_example()
    change(doc)
    with pytest.raises(EngineInputError) as caught:
        clear(doc)
    assert caught.value.field == field
    assert words in caught.value.message
    with pytest.raises(EngineInputError) as decoded:
        decode_clear_input(json.dumps(doc).encode())
    assert (decoded.value.field, decoded.value.message) == (field, caught.value.message)


def test_a_document_that_is_not_an_object_is_refused():
    for doc in ([], "x", 3, None):
        with pytest.raises(EngineInputError) as caught:
            validate_clear_input(doc)
        assert caught.value.field == "$"


def test_amounts_adding_up_past_the_limit_are_refused():
    many = MAX_TOTAL // MAX_AMOUNT + 1
    doc = {
        "participants": [participant("A"), participant("B")],
        "obligations": [obligation(f"o{j}", "A", "B", MAX_AMOUNT) for j in range(many)],
    }
    with pytest.raises(EngineInputError) as caught:
        clear(doc)
    assert caught.value.field == "obligations"
    doc["obligations"].pop()
    validate_clear_input(doc)  # exactly at the limit is allowed


def test_non_finite_time_limit_is_refused():
    with pytest.raises(EngineInputError) as caught:
        clear(worked_example(time_limit_s=float("inf")))
    assert caught.value.field == "time_limit_s"


def test_what_is_not_an_error():
    doc = worked_example()
    del doc["time_limit_s"]  # optional, 60 s by default
    doc["participants"].append(participant("alone", pay=10, receive=10))  # no obligation
    doc["obligations"].append(obligation("inv-4", "A", "B", 1))  # a second invoice of a pair
    doc["obligations"].append(obligation("inv-5", "B", "A", 1))  # and one the other way
    doc["obligations"][0]["id"] = "A"  # ids are unique within their own list
    out = clear(doc)
    assert out["status"] == "optimal"
    assert out["stats"]["time_limit_s"] == 60


@pytest.mark.parametrize(("change", "field", "words"), INVALID)
def test_command_exits_2_naming_the_field_and_writes_no_output(
    tmp_path, capsys, change, field, words
):
    doc = worked_example()
    change(doc)
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(doc))
    assert main(["clear", str(src), "-o", str(dst)]) == 2
    captured = capsys.readouterr()
    assert captured.err.startswith(f"error: invalid input: {field}: ")
    assert words in captured.err
    assert captured.out == ""
    assert list(tmp_path.iterdir()) == [src]


def test_the_process_exit_code_is_2(tmp_path):
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(worked_example(obligations=[obligation("x", "A", "A", 5)])))
    result = run_engine("clear", str(src), "-o", str(dst))
    assert result.returncode == 2
    assert result.stderr == (
        "error: invalid input: obligations[0].creditor: "
        "must be a participant other than the debtor\n"
    )
    assert list(tmp_path.iterdir()) == [src]


def test_command_leaves_an_existing_output_file_alone_on_invalid_input(tmp_path):
    src, dst = tmp_path / "in.json", tmp_path / "out.json"
    src.write_text(json.dumps(worked_example(time_limit_s=0)))
    dst.write_text("previous answer")
    result = run_engine("clear", str(src), "-o", str(dst))
    assert result.returncode == 2
    assert dst.read_text() == "previous answer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.json", "out.json"]


def test_command_refuses_malformed_json_with_exit_2(tmp_path):
    src = tmp_path / "in.json"
    src.write_text('{"participants": [')
    result = run_engine("clear", str(src), "-o", str(tmp_path / "out.json"))
    assert result.returncode == 2
    assert "error: invalid input: $: not JSON" in result.stderr
    assert list(tmp_path.iterdir()) == [src]


def test_command_exits_1_on_a_missing_file(tmp_path):
    result = run_engine("clear", str(tmp_path / "missing.json"))
    assert result.returncode == 1
    assert "cannot read" in result.stderr
