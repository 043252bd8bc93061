"""Hypothesis strategies for small random engine inputs."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

VALUES = (10, 20, 20, 30, 50, 0)
QUANTITIES = (1, 1, 2, 3, 0)
TOLERANCES = (0, 10, 20, 50, 1000)
HEADROOMS = (1000, 50, 10, 0)


@st.composite
def small_documents(
    draw: st.DrawFn, max_legs: int = 10, loose: bool = False, chains: bool = False
) -> dict[str, Any]:
    """2 to 5 participants with 1 or 2 offers and wants each, and at most ``max_legs`` legs.

    ``loose`` gives every participant a large tolerance and headroom, so that cycle shapes,
    quantities and forbidden sets decide the optimum rather than net values. ``chains`` turns
    chains on (1 to 4 legs, or 10) with some participants as chain sources.
    """
    n = draw(st.integers(2, 5))
    density = draw(st.sampled_from((5, 3, 8)))  # chance in 10 that a want accepts an offer
    participants = [
        {
            "id": f"p{i}",
            "headroom": 10_000 if loose else draw(st.sampled_from(HEADROOMS)),
            "tolerance": 10_000 if loose else draw(st.sampled_from(TOLERANCES)),
        }
        for i in range(n)
    ]
    offers = []
    wants = []
    for i in range(n):
        for _ in range(draw(st.integers(1, 2))):
            offers.append(
                {
                    "id": f"o{len(offers)}",
                    "participant": f"p{i}",
                    "value": draw(st.sampled_from(VALUES)),
                    "quantity": draw(st.sampled_from(QUANTITIES)),
                }
            )
        for _ in range(draw(st.integers(1, 2))):
            wants.append({"id": f"w{len(wants)}", "participant": f"p{i}", "accepts": []})
    budget = max_legs
    for w in draw(st.permutations(wants)):
        for o in offers:
            own = o["participant"] == w["participant"]
            if own and draw(st.integers(0, 9)) != 0:
                continue
            if not own and (budget == 0 or draw(st.integers(0, 9)) >= density):
                continue
            budget -= not own
            accept: dict[str, Any] = {"offer": o["id"]}
            score = draw(st.sampled_from((None, 1.0, 0.5, 0.0, 0.25)))
            if score is not None:
                accept["score"] = score
            w["accepts"].append(accept)
    forbidden = []
    for _ in range(draw(st.integers(0, 2))):
        legs = []
        for _ in range(draw(st.integers(1, 3))):
            w = draw(st.sampled_from(wants))
            if w["accepts"] and draw(st.integers(0, 4)) > 0:
                offer = draw(st.sampled_from(w["accepts"]))["offer"]
            else:
                offer = draw(st.sampled_from(offers))["id"]
            legs.append({"offer": offer, "want": w["id"]})
        forbidden.append(legs)
    doc: dict[str, Any] = {
        "max_cycle_length": draw(st.sampled_from((None, 2, 3, 4))),
        "objective": draw(st.sampled_from(("value", "count"))),
        "time_limit_s": 20,
        "participants": participants,
        "offers": offers,
        "wants": wants,
    }
    if forbidden:
        doc["forbidden"] = forbidden
    if chains:
        doc["max_chain_length"] = draw(st.sampled_from((1, 2, 3, 4, 10)))
        for p in participants:
            if draw(st.integers(0, 2)) == 0:
                p["chain_source"] = True
        if not any(p.get("chain_source") for p in participants):
            participants[0]["chain_source"] = True
    return doc
