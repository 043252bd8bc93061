"""An independent checker of engine outputs against their input.

It re-reads both documents and re-checks every constraint of the specification; it shares no code
with the solvers, so a bug in a solver cannot hide itself here.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any

from .validate import validate_input

STATUSES = ("optimal", "feasible", "infeasible", "time_limit")
LEG_FIELDS = ("offer", "want", "from", "to", "value")


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def check_solution(doc: dict[str, Any], out: dict[str, Any]) -> list[str]:
    """Return the constraints that ``out`` violates for input ``doc`` (an empty list if none).

    Raises ``EngineInputError`` if ``doc`` itself is not a valid input document.
    """
    validate_input(doc)
    errors: list[str] = []
    if not isinstance(out, dict):
        return ["output: must be an object"]
    status = out.get("status")
    if status not in STATUSES:
        errors.append(f"status: must be one of {', '.join(STATUSES)}")
    objective, bound = out.get("objective"), out.get("bound")
    if not _is_int(objective):
        errors.append("objective: must be an integer")
    if not _is_int(bound):
        errors.append("bound: must be an integer")
    cycles = out.get("cycles")
    if not isinstance(cycles, list):
        return [*errors, "cycles: must be a list"]

    offers = {o["id"]: o for o in doc["offers"]}
    wants = {w["id"]: w for w in doc["wants"]}
    accepts = {w["id"]: {a["offer"] for a in w["accepts"]} for w in doc["wants"]}
    k = doc["max_cycle_length"]
    offer_use: Counter[str] = Counter()
    want_use: Counter[str] = Counter()
    net: defaultdict[str, int] = defaultdict(int)
    used_legs: set[tuple[str, str]] = set()
    total_value = 0
    total_legs = 0

    chains = out.get("chains", [])
    if not isinstance(chains, list):
        return [*errors, "chains: must be a list"]
    max_chain = doc.get("max_chain_length") or 0
    sources = {p["id"] for p in doc["participants"] if p.get("chain_source")}
    if chains and max_chain == 0:
        errors.append("chains: chains are off (max_chain_length is absent, null or 0)")

    def legs_ok(legs: list, where: str) -> bool:
        """Check each leg on its own and count its uses; False if a leg is unusable."""
        nonlocal total_value, total_legs
        ok = True
        for li, leg in enumerate(legs):
            lw = f"{where}.legs[{li}]"
            if not isinstance(leg, dict) or any(f not in leg for f in LEG_FIELDS):
                errors.append(f"{lw}: must have fields {', '.join(LEG_FIELDS)}")
                ok = False
                continue
            o, w = offers.get(leg["offer"]), wants.get(leg["want"])
            if o is None or w is None:
                errors.append(f"{lw}: unknown offer or want")
                ok = False
                continue
            if leg["offer"] not in accepts[leg["want"]]:
                errors.append(f"{lw}: want {w['id']!r} does not accept offer {o['id']!r}")
            if leg["from"] != o["participant"]:
                errors.append(f"{lw}.from: offer {o['id']!r} belongs to {o['participant']!r}")
            if leg["to"] != w["participant"]:
                errors.append(f"{lw}.to: want {w['id']!r} belongs to {w['participant']!r}")
            if o["participant"] == w["participant"]:
                errors.append(f"{lw}: participant {o['participant']!r} gives to itself")
            if leg["value"] != o["value"]:
                errors.append(f"{lw}.value: must be the offer's value {o['value']}")
            offer_use[o["id"]] += 1
            want_use[w["id"]] += 1
            net[o["participant"]] += o["value"]
            net[w["participant"]] -= o["value"]
            used_legs.add((o["id"], w["id"]))
            total_value += o["value"]
            total_legs += 1
        return ok

    for ci, cycle in enumerate(cycles):
        where = f"cycles[{ci}]"
        legs = cycle.get("legs") if isinstance(cycle, dict) else None
        if not isinstance(legs, list) or not legs:
            errors.append(f"{where}.legs: must be a non-empty list")
            continue
        if not legs_ok(legs, where):
            continue
        for li, leg in enumerate(legs):
            nxt = legs[(li + 1) % len(legs)]
            if wants[leg["want"]]["participant"] != offers[nxt["offer"]]["participant"]:
                errors.append(
                    f"{where}.legs[{li}]: goes to {wants[leg['want']]['participant']!r} but the "
                    f"next leg starts from {offers[nxt['offer']]['participant']!r} (not a cycle)"
                )
        givers = [offers[leg["offer"]]["participant"] for leg in legs]
        if len(set(givers)) != len(givers):
            errors.append(f"{where}: a participant appears twice in the cycle")
        if len(legs) < 2:
            errors.append(f"{where}: a cycle has at least 2 legs")
        if k is not None and len(legs) > k:
            errors.append(f"{where}: {len(legs)} legs exceeds max_cycle_length {k}")

    for ci, chain in enumerate(chains):
        where = f"chains[{ci}]"
        legs = chain.get("legs") if isinstance(chain, dict) else None
        if not isinstance(legs, list) or not legs:
            errors.append(f"{where}.legs: must be a non-empty list")
            continue
        if not legs_ok(legs, where):
            continue
        for li, leg in enumerate(legs[:-1]):
            nxt = legs[li + 1]
            if wants[leg["want"]]["participant"] != offers[nxt["offer"]]["participant"]:
                errors.append(
                    f"{where}.legs[{li}]: goes to {wants[leg['want']]['participant']!r} but the "
                    f"next leg starts from {offers[nxt['offer']]['participant']!r} (not a chain)"
                )
        first = offers[legs[0]["offer"]]["participant"]
        if first not in sources:
            errors.append(f"{where}: starts at {first!r}, which is not a chain source")
        people = [offers[leg["offer"]]["participant"] for leg in legs]
        people.append(wants[legs[-1]["want"]]["participant"])
        if len(set(people)) != len(people):
            errors.append(f"{where}: a participant appears twice in the chain")
        if len(legs) > max_chain:
            errors.append(f"{where}: {len(legs)} legs exceeds max_chain_length {max_chain}")

    for wid, n in sorted(want_use.items()):
        if n > 1:
            errors.append(f"want {wid!r} is met {n} times (at most once)")
    for oid, n in sorted(offer_use.items()):
        if n > offers[oid]["quantity"]:
            errors.append(f"offer {oid!r} is used {n} times (quantity {offers[oid]['quantity']})")
    for p in doc["participants"]:
        value = net.get(p["id"], 0)
        low, high = -min(p["headroom"], p["tolerance"]), p["tolerance"]
        if not low <= value <= high:
            errors.append(f"participant {p['id']!r}: net {value} outside [{low}, {high}]")
    for fi, legs in enumerate(doc.get("forbidden", [])):
        if all((x["offer"], x["want"]) in used_legs for x in legs):
            errors.append(f"forbidden[{fi}]: the solution contains all its legs")

    primary = total_value if doc["objective"] == "value" else total_legs
    if _is_int(objective) and objective != primary:
        errors.append(f"objective: {objective} but the cycles and chains give {primary}")
    if _is_int(objective) and _is_int(bound):
        if bound < objective:
            errors.append(f"bound: {bound} is below the objective {objective}")
        if status == "optimal" and bound != objective:
            errors.append("bound: must equal the objective when the status is optimal")

    return errors
