"""The clearing engine's input document: decoding, validation and its compiled (array) form.

The shapes (field names and types, bounds, no unknown field) are declared once, as msgspec
structs, and checked while the JSON text is decoded (or, for a document already parsed into
Python objects, while it is converted). The cross-references a type cannot express (unique ids,
known participants, a debtor different from its creditor, the total of the amounts) are checked
on whole arrays afterwards. Every failure is an ``EngineInputError`` that names the field.

The rules are those of ``schema/clear-input.schema.json``; docs/clearing.md explains them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Annotated, Any

import msgspec
import numpy as np

from .errors import EngineInputError

MAX_AMOUNT = 10**15  # cents, one obligation (10 trillion euros)
MAX_TOTAL = 10**18  # cents, all obligations together: every flow and cost stays in int64
MAX_CAPACITY = 2**63 - 1
DEFAULT_TIME_LIMIT_S = 60.0

Id = Annotated[str, msgspec.Meta(min_length=1)]
Amount = Annotated[int, msgspec.Meta(ge=1, le=MAX_AMOUNT)]
Capacity = Annotated[int, msgspec.Meta(ge=0, le=MAX_CAPACITY)]


class Participant(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    id: Id
    pay_capacity: Capacity
    receive_capacity: Capacity


class Obligation(msgspec.Struct, forbid_unknown_fields=True, gc=False):
    id: Id
    debtor: Id
    creditor: Id
    amount: Amount


class ClearInput(msgspec.Struct, forbid_unknown_fields=True):
    participants: list[Participant]
    obligations: list[Obligation]
    time_limit_s: Annotated[float, msgspec.Meta(gt=0)] = DEFAULT_TIME_LIMIT_S


# What a field must be, by its name (the last part of its path), for the error messages.
RULES = {
    "$": "must be an object",
    "participants": "must be a list of participants",
    "obligations": "must be a list of obligations",
    "time_limit_s": "must be a number > 0",
    "id": "must be a non-empty string",
    "debtor": "must be a non-empty string (a participant id)",
    "creditor": "must be a non-empty string (a participant id)",
    "amount": f"must be an integer from 1 to {MAX_AMOUNT} (cents)",
    "pay_capacity": f"must be an integer from 0 to {MAX_CAPACITY} (cents)",
    "receive_capacity": f"must be an integer from 0 to {MAX_CAPACITY} (cents)",
}
_MSGSPEC_ERROR = re.compile(
    r"^(?P<text>.*?)(?: - at `(?P<key>key)` in `(?P<owner>[^`]*)`| - at `(?P<path>[^`]*)`)?$", re.S
)
_UNKNOWN = re.compile(r"^Object contains unknown field `(?P<name>.*)`$", re.S)
_MISSING = re.compile(r"^Object missing required field `(?P<name>.*)`$", re.S)


@dataclass
class ClearingProblem:
    """A valid input document as arrays. Participants and obligations keep their input order."""

    participant_ids: list[str]
    pay_capacity: np.ndarray  # int64, per participant
    receive_capacity: np.ndarray  # int64, per participant
    obligation_ids: list[str]
    debtor: np.ndarray  # int64 participant index, per obligation
    creditor: np.ndarray  # int64 participant index, per obligation
    amount: np.ndarray  # int64, per obligation
    time_limit_s: float


def _field(path: str) -> str:
    """``$.obligations[3].amount`` -> ``obligations[3].amount``; ``$`` stays ``$``."""
    return path[2:] if path.startswith("$.") else path


def _input_error(exc: msgspec.ValidationError) -> EngineInputError:
    """The project's message for a msgspec validation error: the field, then its rule."""
    m = _MSGSPEC_ERROR.match(str(exc))
    text = m["text"] if m else str(exc)
    if m and m["key"]:
        return EngineInputError(_field(m["owner"]), "object keys must be strings")
    path = _field(m["path"]) if m and m["path"] else "$"
    if unknown := _UNKNOWN.match(text):
        return EngineInputError(_join(path, unknown["name"]), "unknown field")
    if missing := _MISSING.match(text):
        return EngineInputError(_join(path, missing["name"]), "is required")
    if path.endswith("]"):
        return EngineInputError(path, "must be an object")
    name = path.rsplit(".", 1)[-1]
    return EngineInputError(path, RULES.get(name, text))


def _join(path: str, name: str) -> str:
    return name if path == "$" else f"{path}.{name}"


def decode_clear_input(data: bytes | str) -> ClearingProblem:
    """Decode and validate a JSON input document. Raises ``EngineInputError`` naming the field.

    Malformed JSON is reported on the field ``$``.
    """
    try:
        doc = msgspec.json.decode(data, type=ClearInput)
    except msgspec.ValidationError as exc:
        raise _input_error(exc) from None
    except msgspec.DecodeError as exc:
        raise EngineInputError("$", f"not JSON ({exc})") from None
    return _compile(doc)


def compile_clear_input(doc: Any) -> ClearingProblem:
    """Validate an input document already parsed into Python objects (dicts, lists, ...)."""
    if isinstance(doc, ClearInput):
        return _compile(doc)
    try:
        parsed = msgspec.convert(doc, type=ClearInput)
    except msgspec.ValidationError as exc:
        raise _input_error(exc) from None
    return _compile(parsed)


def validate_clear_input(doc: Any) -> None:
    """Raise ``EngineInputError`` naming the first invalid field of ``doc``; None if valid."""
    compile_clear_input(doc)


def _compile(doc: ClearInput) -> ClearingProblem:
    if not math.isfinite(doc.time_limit_s):
        raise EngineInputError("time_limit_s", RULES["time_limit_s"])
    participants = doc.participants
    pids = [p.id for p in participants]
    index = {pid: i for i, pid in enumerate(pids)}
    if len(index) != len(pids):
        _first_duplicate(pids, "participants", "participant")
    pay = np.fromiter((p.pay_capacity for p in participants), np.int64, len(participants))
    receive = np.fromiter((p.receive_capacity for p in participants), np.int64, len(participants))

    obligations = doc.obligations
    m = len(obligations)
    oids = [o.id for o in obligations]
    if len(set(oids)) != m:
        _first_duplicate(oids, "obligations", "obligation")
    debtor = _indices(index, [o.debtor for o in obligations], "debtor")
    creditor = _indices(index, [o.creditor for o in obligations], "creditor")
    same = np.flatnonzero(debtor == creditor)
    if len(same):
        raise EngineInputError(
            f"obligations[{same[0]}].creditor", "must be a participant other than the debtor"
        )
    amount = np.fromiter((o.amount for o in obligations), np.int64, m)
    # The exact (Python) sum only when the int64 one could overflow, which real data never does.
    if m and int(amount.max()) * m > MAX_TOTAL and sum(amount.tolist()) > MAX_TOTAL:
        raise EngineInputError("obligations", f"the amounts add up to more than {MAX_TOTAL} cents")
    return ClearingProblem(
        participant_ids=pids,
        pay_capacity=pay,
        receive_capacity=receive,
        obligation_ids=oids,
        debtor=debtor,
        creditor=creditor,
        amount=amount,
        time_limit_s=float(doc.time_limit_s),
    )


def _indices(index: dict[str, int], names: list[str], role: str) -> np.ndarray:
    try:
        return np.fromiter(map(index.__getitem__, names), np.int64, len(names))
    except KeyError:
        j = next(j for j, name in enumerate(names) if name not in index)
        raise EngineInputError(
            f"obligations[{j}].{role}", f"unknown participant {names[j]!r}"
        ) from None


def _first_duplicate(ids: list[str], where: str, what: str) -> None:
    seen: set[str] = set()
    for i, value in enumerate(ids):
        if value in seen:
            raise EngineInputError(f"{where}[{i}].id", f"duplicate {what} id {value!r}")
        seen.add(value)
