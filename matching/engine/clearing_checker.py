"""An independent checker of clearing outputs against their input.

It re-reads both documents and re-checks every rule of the output format and of the semantics:
set-offs within the obligations, credit changes within the capacities, the credit list exact,
``cleared`` and ``credit_moved`` equal to what the set-offs give. It shares no code with the
clearing engine beyond the validation of the input, so a bug in the engine cannot hide itself
here. It does not judge optimality: the tests compare ``cleared`` and ``credit_moved`` with an
independent linear programme for that.
"""

from __future__ import annotations

from typing import Any

from .clearing_input import validate_clear_input

STATUSES = ("optimal", "feasible", "time_limit")
OUTPUT_KEYS = ("status", "cleared", "credit_moved", "setoffs", "credit", "stats")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _entries(out: dict, key: str, ref: str, known: dict[str, int], errors: list[str]) -> dict:
    """``{id: amount}`` of the well-formed entries of ``out[key]``; each problem is reported."""
    found: dict[str, int] = {}
    entries = out.get(key)
    if not isinstance(entries, list):
        errors.append(f"{key}: must be a list")
        return found
    for i, entry in enumerate(entries):
        where = f"{key}[{i}]"
        if not isinstance(entry, dict) or set(entry) != {ref, "amount"}:
            errors.append(f"{where}: must be an object with exactly {ref!r} and 'amount'")
            continue
        name, amount = entry[ref], entry["amount"]
        if not isinstance(name, str) or name not in known:
            errors.append(f"{where}.{ref}: unknown {ref} {name!r}")
        elif name in found:
            errors.append(f"{where}.{ref}: {name!r} is listed twice")
        elif not _is_int(amount):
            errors.append(f"{where}.amount: must be an integer")
        else:
            found[name] = amount
    return found


def check_clearing(doc: Any, out: Any) -> list[str]:
    """Return the rules that ``out`` breaks for input ``doc`` (an empty list if none).

    Raises ``EngineInputError`` if ``doc`` itself is not a valid input document.
    """
    validate_clear_input(doc)
    if not isinstance(out, dict):
        return ["output: must be an object"]
    errors = [f"{key}: unknown field" for key in out if key not in OUTPUT_KEYS]
    errors += [f"{key}: is required" for key in OUTPUT_KEYS if key not in out]
    if out.get("status") not in STATUSES:
        errors.append(f"status: must be one of {', '.join(STATUSES)}")
    if "stats" in out and not isinstance(out["stats"], dict):
        errors.append("stats: must be an object")

    amounts = {o["id"]: o["amount"] for o in doc["obligations"]}
    setoffs = _entries(out, "setoffs", "obligation", amounts, errors)
    for name, s in setoffs.items():
        if not 0 <= s <= amounts[name]:
            errors.append(f"setoffs: {name!r} sets off {s}, outside 0..{amounts[name]}")

    change = {p["id"]: 0 for p in doc["participants"]}
    for o in doc["obligations"]:
        s = setoffs.get(o["id"], 0)
        change[o["creditor"]] += s
        change[o["debtor"]] -= s
    listed = _entries(out, "credit", "participant", change, errors)
    for p in doc["participants"]:
        pid, c = p["id"], change[p["id"]]
        if listed.get(pid, 0) != c:
            errors.append(f"credit: {pid!r} changes by {c}, listed as {listed.get(pid, 0)}")
        if c > p["receive_capacity"]:
            errors.append(f"credit: {pid!r} receives {c}, above its receive_capacity")
        if -c > p["pay_capacity"]:
            errors.append(f"credit: {pid!r} pays {-c}, above its pay_capacity")

    cleared = sum(setoffs.values())
    if out.get("cleared") != cleared or not _is_int(out.get("cleared")):
        errors.append(f"cleared: is {out.get('cleared')!r}, the set-offs add up to {cleared}")
    moved = sum(c for c in change.values() if c > 0)
    if out.get("credit_moved") != moved or not _is_int(out.get("credit_moved")):
        errors.append(f"credit_moved: is {out.get('credit_moved')!r}, the credit moved is {moved}")
    return errors
