"""Validation of engine input documents, with messages that name the offending field.

The rules are those of ``schema/input.schema.json`` plus the cross-references a JSON Schema cannot
express (ids are unique, referenced ids exist). Validation is written by hand so that it stays fast
on documents with hundreds of thousands of accepts and says exactly which field is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from .errors import EngineInputError

MAX_AMOUNT = 10**15
OBJECTIVES = ("value", "count")
TOP_KEYS = {
    "max_cycle_length",
    "objective",
    "time_limit_s",
    "participants",
    "offers",
    "wants",
    "forbidden",
    "max_chain_length",
    "meta",
}
REQUIRED_TOP_KEYS = ("max_cycle_length", "objective", "participants", "offers", "wants")
PARTICIPANT_KEYS = {"id", "headroom", "tolerance", "chain_source", "meta"}
OFFER_KEYS = {"id", "participant", "value", "quantity", "meta"}
WANT_KEYS = {"id", "participant", "accepts", "meta"}
ACCEPT_KEYS = {"offer", "score"}
LEG_KEYS = {"offer", "want"}


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return (isinstance(value, int | float) and not isinstance(value, bool)) and math.isfinite(value)


def _object(value: Any, field: str, allowed: set[str], required: tuple[str, ...]) -> Mapping:
    if not isinstance(value, Mapping):
        raise EngineInputError(field, "must be an object")
    for key in value:
        if key not in allowed:
            where = f"{field}.{key}" if field != "$" else str(key)
            raise EngineInputError(where, "unknown field")
    for key in required:
        if key not in value:
            where = f"{field}.{key}" if field != "$" else key
            raise EngineInputError(where, "is required")
    if "meta" in value and not isinstance(value["meta"], Mapping):
        where = f"{field}.meta" if field != "$" else "meta"
        raise EngineInputError(where, "must be an object")
    return value


def _list(value: Any, field: str) -> list:
    if not isinstance(value, list):
        raise EngineInputError(field, "must be a list")
    return value


def _amount(value: Any, field: str, minimum: int = 0) -> None:
    if not _is_int(value) or value < minimum:
        raise EngineInputError(field, f"must be an integer >= {minimum}")
    if value > MAX_AMOUNT:
        raise EngineInputError(field, f"must be an integer <= {MAX_AMOUNT}")


def _id(value: Any, field: str) -> str:
    if not isinstance(value, str) or not value:
        raise EngineInputError(field, "must be a non-empty string")
    return value


def validate_input(doc: Any) -> None:
    """Raise ``EngineInputError`` naming the first invalid field of ``doc``; None if valid."""
    _object(doc, "$", TOP_KEYS, REQUIRED_TOP_KEYS)

    k = doc["max_cycle_length"]
    if k is not None and (not _is_int(k) or k < 2):
        raise EngineInputError("max_cycle_length", "must be an integer >= 2 or null (unbounded)")
    chain = doc.get("max_chain_length")
    if chain is not None and (not _is_int(chain) or chain < 0):
        raise EngineInputError(
            "max_chain_length", "must be an integer >= 0 or null (0 and null: no chains)"
        )
    if doc["objective"] not in OBJECTIVES:
        raise EngineInputError("objective", 'must be "value" or "count"')
    if "time_limit_s" in doc:
        t = doc["time_limit_s"]
        if not _is_number(t) or t <= 0:
            raise EngineInputError("time_limit_s", "must be a number > 0")

    participant_ids: set[str] = set()
    for i, p in enumerate(_list(doc["participants"], "participants")):
        field = f"participants[{i}]"
        _object(p, field, PARTICIPANT_KEYS, ("id", "headroom", "tolerance"))
        pid = _id(p["id"], f"{field}.id")
        if pid in participant_ids:
            raise EngineInputError(f"{field}.id", f"duplicate participant id {pid!r}")
        participant_ids.add(pid)
        _amount(p["headroom"], f"{field}.headroom")
        _amount(p["tolerance"], f"{field}.tolerance")
        if "chain_source" in p and not isinstance(p["chain_source"], bool):
            raise EngineInputError(f"{field}.chain_source", "must be true or false")

    offer_ids: set[str] = set()
    for i, o in enumerate(_list(doc["offers"], "offers")):
        field = f"offers[{i}]"
        _object(o, field, OFFER_KEYS, ("id", "participant", "value", "quantity"))
        oid = _id(o["id"], f"{field}.id")
        if oid in offer_ids:
            raise EngineInputError(f"{field}.id", f"duplicate offer id {oid!r}")
        offer_ids.add(oid)
        owner = _id(o["participant"], f"{field}.participant")
        if owner not in participant_ids:
            raise EngineInputError(f"{field}.participant", f"unknown participant {owner!r}")
        _amount(o["value"], f"{field}.value")
        _amount(o["quantity"], f"{field}.quantity")

    want_ids: set[str] = set()
    for i, w in enumerate(_list(doc["wants"], "wants")):
        field = f"wants[{i}]"
        _object(w, field, WANT_KEYS, ("id", "participant", "accepts"))
        wid = _id(w["id"], f"{field}.id")
        if wid in want_ids:
            raise EngineInputError(f"{field}.id", f"duplicate want id {wid!r}")
        want_ids.add(wid)
        owner = _id(w["participant"], f"{field}.participant")
        if owner not in participant_ids:
            raise EngineInputError(f"{field}.participant", f"unknown participant {owner!r}")
        seen: set[str] = set()
        for j, a in enumerate(_list(w["accepts"], f"{field}.accepts")):
            afield = f"{field}.accepts[{j}]"
            _object(a, afield, ACCEPT_KEYS, ("offer",))
            offer = _id(a["offer"], f"{afield}.offer")
            if offer not in offer_ids:
                raise EngineInputError(f"{afield}.offer", f"unknown offer {offer!r}")
            if offer in seen:
                raise EngineInputError(f"{afield}.offer", f"offer {offer!r} is accepted twice")
            seen.add(offer)
            if "score" in a:
                s = a["score"]
                if not _is_number(s) or not 0 <= s <= 1:
                    raise EngineInputError(f"{afield}.score", "must be a number between 0 and 1")

    for i, legs in enumerate(_list(doc.get("forbidden", []), "forbidden")):
        field = f"forbidden[{i}]"
        if not _list(legs, field):
            raise EngineInputError(field, "must be a non-empty list of legs")
        for j, leg in enumerate(legs):
            lfield = f"{field}[{j}]"
            _object(leg, lfield, LEG_KEYS, ("offer", "want"))
            if _id(leg["offer"], f"{lfield}.offer") not in offer_ids:
                raise EngineInputError(f"{lfield}.offer", f"unknown offer {leg['offer']!r}")
            if _id(leg["want"], f"{lfield}.want") not in want_ids:
                raise EngineInputError(f"{lfield}.want", f"unknown want {leg['want']!r}")
