"""The compiled form of an input document: numpy arrays indexed by position.

A *leg* is one (offer, want) pair from a want's ``accepts`` whose offer belongs to another
participant: giving one unit of the offer to the want's participant. Accepts of one's own offers
are kept out of the legs (they can never be used) and only counted.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

DEFAULT_TIME_LIMIT_S = 30.0
DEFAULT_SCORE = 1.0


@dataclass
class Instance:
    k: int | None
    objective: str
    time_limit_s: float
    participant_ids: list[str]
    lower: np.ndarray  # -min(headroom, tolerance): lowest allowed net (given - received)
    upper: np.ndarray  # tolerance: highest allowed net
    offer_ids: list[str]
    offer_owner: np.ndarray
    offer_value: np.ndarray
    offer_qty: np.ndarray
    want_ids: list[str]
    want_owner: np.ndarray
    leg_offer: np.ndarray
    leg_want: np.ndarray
    leg_score: np.ndarray
    n_accepts: int
    forbidden: list[np.ndarray] = field(default_factory=list)
    forbidden_ignored: int = 0
    chain_len: int = 0  # most legs in a chain; 0: no chains
    source: np.ndarray | None = None  # participants that may start a chain

    @cached_property
    def leg_from(self) -> np.ndarray:
        return self.offer_owner[self.leg_offer]

    @cached_property
    def leg_to(self) -> np.ndarray:
        return self.want_owner[self.leg_want]

    @cached_property
    def leg_value(self) -> np.ndarray:
        return self.offer_value[self.leg_offer]

    @property
    def chains_on(self) -> bool:
        return self.chain_len > 0 and self.source is not None and bool(self.source.any())

    @property
    def n_participants(self) -> int:
        return len(self.participant_ids)

    @property
    def n_legs(self) -> int:
        return int(self.leg_offer.size)

    def primary(self, legs: np.ndarray) -> int:
        """The primary objective of a set of leg indices."""
        if self.objective == "count":
            return int(legs.size)
        return int(self.offer_value[self.leg_offer[legs]].sum())


def compile_instance(doc: dict[str, Any]) -> Instance:
    """Build the arrays of a *validated* input document."""
    participants = doc["participants"]
    p_index = {p["id"]: i for i, p in enumerate(participants)}
    headroom = np.array([p["headroom"] for p in participants], dtype=np.int64)
    tolerance = np.array([p["tolerance"] for p in participants], dtype=np.int64)

    offers = doc["offers"]
    o_index = {o["id"]: i for i, o in enumerate(offers)}
    offer_owner = np.array([p_index[o["participant"]] for o in offers], dtype=np.int64)
    offer_value = np.array([o["value"] for o in offers], dtype=np.int64)
    offer_qty = np.array([o["quantity"] for o in offers], dtype=np.int64)

    wants = doc["wants"]
    w_index = {w["id"]: i for i, w in enumerate(wants)}
    want_owner = np.array([p_index[w["participant"]] for w in wants], dtype=np.int64)

    acc_offer: list[int] = []
    acc_want: list[int] = []
    acc_score: list[float] = []
    for wi, w in enumerate(wants):
        for a in w["accepts"]:
            acc_offer.append(o_index[a["offer"]])
            acc_want.append(wi)
            acc_score.append(float(a.get("score", DEFAULT_SCORE)))
    leg_offer = np.array(acc_offer, dtype=np.int64)
    leg_want = np.array(acc_want, dtype=np.int64)
    leg_score = np.array(acc_score, dtype=np.float64)
    legal = offer_owner[leg_offer] != want_owner[leg_want] if leg_offer.size else leg_offer > 0
    n_accepts = int(leg_offer.size)
    leg_offer, leg_want, leg_score = leg_offer[legal], leg_want[legal], leg_score[legal]

    forbidden: list[np.ndarray] = []
    ignored = 0
    if doc.get("forbidden"):
        leg_index = {
            (int(o), int(w)): i for i, (o, w) in enumerate(zip(leg_offer, leg_want, strict=True))
        }
        for legs in doc["forbidden"]:
            idx = [leg_index.get((o_index[x["offer"]], w_index[x["want"]])) for x in legs]
            if any(i is None for i in idx):
                ignored += 1  # contains a pair that is not a leg: can never be fully used
                continue
            forbidden.append(np.unique(np.array(idx, dtype=np.int64)))

    return Instance(
        k=doc["max_cycle_length"],
        objective=doc["objective"],
        time_limit_s=float(doc.get("time_limit_s", DEFAULT_TIME_LIMIT_S)),
        participant_ids=[p["id"] for p in participants],
        lower=-np.minimum(headroom, tolerance),
        upper=tolerance,
        offer_ids=[o["id"] for o in offers],
        offer_owner=offer_owner,
        offer_value=offer_value,
        offer_qty=offer_qty,
        want_ids=[w["id"] for w in wants],
        want_owner=want_owner,
        leg_offer=leg_offer,
        leg_want=leg_want,
        leg_score=leg_score,
        n_accepts=n_accepts,
        forbidden=forbidden,
        forbidden_ignored=ignored,
        chain_len=int(doc.get("max_chain_length") or 0),
        source=np.array([bool(p.get("chain_source", False)) for p in participants], dtype=bool),
    )
