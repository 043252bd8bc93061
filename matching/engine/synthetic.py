"""Seeded synthetic barter networks, for benchmarks and tests.

The generator aims at realism, not at easy instances: businesses list a few offers and wants in
categories whose popularity is skewed (Zipf), prices are category-dependent and log-normally spread
between 50 EUR and 5,000 EUR and listed as round prices, quantities are mostly 1, credit headroom
comes from a credit limit and a current balance, and a want accepts a sample of the offers of its
category whose price is near its budget. The same arguments always give the same document.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

MIN_PRICE_CENTS = 50_00
MAX_PRICE_CENTS = 5_000_00
QUANTITIES = np.array([1, 2, 3, 4, 5])
QUANTITY_WEIGHTS = np.array([0.55, 0.2, 0.1, 0.08, 0.07])
CREDIT_LIMITS_EUR = np.array([500, 1_000, 2_000, 5_000, 10_000])
CREDIT_LIMIT_WEIGHTS = np.array([0.2, 0.35, 0.25, 0.15, 0.05])


def _round_price(cents: np.ndarray) -> np.ndarray:
    """Round to a listed price: whole euros with two significant digits (1,234 EUR -> 1,200 EUR)."""
    euros = np.maximum(cents / 100.0, 1.0)
    magnitude = 10.0 ** np.maximum(np.floor(np.log10(euros)) - 1, 0)
    return (np.round(euros / magnitude) * magnitude * 100).astype(np.int64)


def _zipf_weights(n: int, exponent: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1, dtype=float) ** exponent
    return w / w.sum()


def generate(
    *,
    participants: int,
    accepts: int,
    seed: int = 0,
    max_cycle_length: int | None = None,
    objective: str = "value",
    tolerance_cents: int = 300_00,
    listings: int | None = None,
    categories: int | None = None,
    zipf_exponent: float = 1.0,
    time_limit_s: float = 30,
) -> dict[str, Any]:
    """Return an engine input document describing a synthetic network.

    ``listings`` is the total number of offers and wants (10 per participant by default, split
    evenly); ``accepts`` the target number of (want, offer) compatibilities, reached as closely as
    the categories allow. ``tolerance_cents`` is the network-wide balance tolerance.
    """
    if participants < 1:
        raise ValueError("participants must be >= 1")
    rng = np.random.default_rng(seed)
    n = participants
    n_cat = categories or max(10, n // 20)
    per_participant = (listings / n) if listings else 10.0
    mean_side = max(per_participant / 2.0, 1.0)

    # Offer and want popularity are correlated but not identical: start from the same ranking and
    # shuffle part of it for wants.
    offer_pop = _zipf_weights(n_cat, zipf_exponent)
    want_rank = np.arange(n_cat)
    moved = rng.choice(n_cat, size=max(2, n_cat // 3), replace=False)
    want_rank[moved] = rng.permutation(want_rank[moved])
    want_pop = offer_pop[np.argsort(want_rank)]
    want_pop = want_pop / want_pop.sum()
    cat_median = np.exp(rng.uniform(math.log(80_00), math.log(2_000_00), size=n_cat))

    def draw_counts() -> np.ndarray:
        return 1 + rng.poisson(mean_side - 1.0, size=n) if mean_side > 1 else np.ones(n, int)

    n_off = draw_counts()
    n_want = draw_counts()
    off_owner = np.repeat(np.arange(n), n_off)
    want_owner = np.repeat(np.arange(n), n_want)
    off_cat = rng.choice(n_cat, size=off_owner.size, p=offer_pop)
    want_cat = rng.choice(n_cat, size=want_owner.size, p=want_pop)

    def draw_prices(cats: np.ndarray) -> np.ndarray:
        raw = cat_median[cats] * np.exp(rng.normal(0.0, 0.6, size=cats.size))
        return _round_price(np.clip(raw, MIN_PRICE_CENTS, MAX_PRICE_CENTS))

    off_value = draw_prices(off_cat)
    want_budget = draw_prices(want_cat)
    off_qty = rng.choice(QUANTITIES, size=off_owner.size, p=QUANTITY_WEIGHTS)

    limits = rng.choice(CREDIT_LIMITS_EUR, size=n, p=CREDIT_LIMIT_WEIGHTS) * 100
    # Current balance: some members sit at their credit limit (headroom 0), most in between.
    balance_frac = rng.uniform(-1.0, 0.6, size=n)
    balance_frac[rng.random(n) < 0.05] = -1.0
    headroom = np.maximum(np.round(limits * (1.0 + balance_frac)), 0).astype(np.int64)

    # Candidate offers for each want: same category, another participant, price within [1/2, 2]
    # of the budget. Each want accepts a random sample of them; the sample size is scaled so that
    # the total approaches ``accepts``.
    order = np.argsort(off_cat, kind="stable")
    cat_start = np.searchsorted(off_cat[order], np.arange(n_cat + 1))
    candidates: list[np.ndarray] = []
    for w in range(want_owner.size):
        c = want_cat[w]
        offs = order[cat_start[c] : cat_start[c + 1]]
        ratio = off_value[offs] / want_budget[w]
        keep = (off_owner[offs] != want_owner[w]) & (ratio >= 0.5) & (ratio <= 2.0)
        candidates.append(offs[keep])
    avail = np.array([c.size for c in candidates], dtype=float)
    spread = rng.gamma(2.0, 0.5, size=avail.size)  # mean 1: some wants are pickier than others
    scale = accepts / max(avail.size, 1)
    for _ in range(30):
        total = np.minimum(np.round(spread * scale), avail).sum()
        if total >= accepts or total == avail.sum():
            break
        scale *= accepts / max(total, 1.0)
    take = np.minimum(np.maximum(np.round(spread * scale), 1), avail).astype(int)

    participants_doc = [
        {"id": f"b{i}", "headroom": int(headroom[i]), "tolerance": int(tolerance_cents)}
        for i in range(n)
    ]
    offers_doc = [
        {
            "id": f"o{j}",
            "participant": f"b{off_owner[j]}",
            "value": int(off_value[j]),
            "quantity": int(off_qty[j]),
        }
        for j in range(off_owner.size)
    ]
    wants_doc = []
    for w in range(want_owner.size):
        cand = candidates[w]
        if take[w] < cand.size:
            cand = np.sort(rng.choice(cand, size=take[w], replace=False))
        closeness = np.abs(np.log(off_value[cand] / want_budget[w])) / math.log(2.0)
        scores = np.round(1.0 - 0.5 * closeness, 2)
        wants_doc.append(
            {
                "id": f"w{w}",
                "participant": f"b{want_owner[w]}",
                "accepts": [
                    {"offer": f"o{o}", "score": float(s)}
                    for o, s in zip(cand.tolist(), scores.tolist(), strict=True)
                ],
            }
        )
    return {
        "max_cycle_length": max_cycle_length,
        "objective": objective,
        "time_limit_s": time_limit_s,
        "participants": participants_doc,
        "offers": offers_doc,
        "wants": wants_doc,
        "meta": {
            "generator": "matching.engine.synthetic",
            "seed": seed,
            "categories": n_cat,
            "zipf_exponent": zipf_exponent,
            "tolerance_cents": tolerance_cents,
            "listings": int(off_owner.size + want_owner.size),
        },
    }


def math_trade(
    *,
    items: int,
    arcs: int,
    seed: int = 0,
    max_cycle_length: int | None = None,
    time_limit_s: float = 60,
    items_per_user: float = 3.0,
    popularity_sigma: float = 3.0,
    tier_width: float = 1.0,
) -> dict[str, Any]:
    """A math-trade want list (one item per participant, objective ``count``), board-game style.

    Users own 1 + geometric items (``items_per_user`` on average, a few own dozens). Items have a
    heavy-tailed popularity (log-normal, sigma ``popularity_sigma``) and a price tier; each user
    keeps one want pool, drawn by popularity among items of a tier near its own (within
    ``tier_width``), and each of its items wants a
    random share (30-100%) of that pool, ranked by popularity (the rank gives the score). Some
    items want nothing (10%). Pools are scaled so that the want lists hold about ``arcs`` pairs.
    Every item is worth 1 and every tolerance is 0: only the number of items traded counts.
    """
    rng = np.random.default_rng(seed)
    per_user = 1 + rng.geometric(1 / max(items_per_user, 1.0), size=items) - 1
    owner = np.repeat(np.arange(per_user.size), per_user)[:items]
    users = int(owner.max()) + 1 if items else 0
    popularity = rng.lognormal(0.0, popularity_sigma, size=items)
    tier = rng.normal(0.0, 1.0, size=items)
    user_tier = np.zeros(users)
    np.maximum.at(user_tier, owner, tier)
    share = rng.uniform(0.3, 1.0, size=items)
    share[rng.random(items) < 0.1] = 0.0
    pool_shape = rng.lognormal(0.0, 0.8, size=users)
    per_item_target = arcs / max(items, 1)
    scale = per_item_target / max(float((share * pool_shape[owner]).mean()), 1e-9)
    pool_size = np.minimum(np.round(pool_shape * scale), items - 1).astype(int)
    order = np.argsort(tier)
    sorted_tier = tier[order]
    wants = []
    for u in range(users):
        size = int(pool_size[u])
        if size == 0:
            wants.append(np.zeros(0, dtype=np.int64))
            continue
        # Items of a tier within one unit below to one above the user's best item (wider when
        # that is too few), sampled by popularity.
        lo = np.searchsorted(sorted_tier, user_tier[u] - tier_width)
        hi = np.searchsorted(sorted_tier, user_tier[u] + tier_width)
        cand = order[lo:hi]
        if cand.size < 2 * size:
            cand = order
        cand = cand[owner[cand] != u]
        size = min(size, cand.size)
        p = popularity[cand] / popularity[cand].sum()
        pool = rng.choice(cand, size=size, replace=False, p=p)
        wants.append(pool[np.argsort(-popularity[pool], kind="stable")])
    participants_doc = [{"id": f"i{i}", "headroom": 0, "tolerance": 0} for i in range(items)]
    offers_doc = [
        {"id": f"o{i}", "participant": f"i{i}", "value": 1, "quantity": 1} for i in range(items)
    ]
    wants_doc = []
    n_arcs = 0
    for i in range(items):
        pool = wants[int(owner[i])]
        take = round(share[i] * pool.size)
        chosen = np.sort(rng.choice(pool.size, size=take, replace=False)) if take else pool[:0]
        listed = pool[chosen] if take else pool[:0]
        n_arcs += listed.size
        wants_doc.append(
            {
                "id": f"w{i}",
                "participant": f"i{i}",
                "accepts": [
                    {"offer": f"o{j}", "score": round(1.0 - r / max(listed.size, 1), 3)}
                    for r, j in enumerate(listed.tolist())
                ],
            }
        )
    return {
        "max_cycle_length": max_cycle_length,
        "objective": "count",
        "time_limit_s": time_limit_s,
        "participants": participants_doc,
        "offers": offers_doc,
        "wants": wants_doc,
        "meta": {
            "generator": "matching.engine.synthetic.math_trade",
            "seed": seed,
            "users": users,
            "arcs": n_arcs,
        },
    }


BLOOD_TYPES = np.array(["O", "A", "B", "AB"])
BLOOD_WEIGHTS = np.array([0.4814, 0.3373, 0.1428, 0.0385])
# Panel-reactive antibody levels (probability of a positive crossmatch) and their shares.
PRA_LEVELS = np.array([0.05, 0.45, 0.90])
PRA_WEIGHTS = np.array([0.7019, 0.2, 0.0981])


def _abo_compatible(donor: np.ndarray, patient: np.ndarray) -> np.ndarray:
    """Donor blood type index -> patient blood type index compatibility (O=0, A=1, B=2, AB=3)."""
    return (donor == 0) | (patient == 3) | (donor == patient)


def kidney_pool(
    *,
    pairs: int,
    altruists: int,
    seed: int = 0,
    max_cycle_length: int | None = 3,
    max_chain_length: int = 10,
    time_limit_s: float = 60,
) -> dict[str, Any]:
    """A kidney-exchange pool after Saidman et al. (2006), with non-directed donors.

    Each incompatible patient-donor pair is a participant whose donor is its one offer and whose
    patient is its one want, accepting every donor of a compatible blood type whose crossmatch
    is negative (probability 1 - PRA of the patient). Non-directed donors are chain sources with
    an offer and no want. Objective ``count`` (transplants); every value is 1 and every
    tolerance and headroom 1, so that a chain's source may gain and its end pay one unit.
    """
    rng = np.random.default_rng(seed)
    p_type, d_type, pra = [], [], []
    while len(p_type) < pairs:
        pt = int(rng.choice(4, p=BLOOD_WEIGHTS))
        dt = int(rng.choice(4, p=BLOOD_WEIGHTS))
        level = float(rng.choice(PRA_LEVELS, p=PRA_WEIGHTS))
        compatible = _abo_compatible(np.array(dt), np.array(pt)) and rng.random() >= level
        if compatible:
            continue  # compatible pairs transplant directly and never enter the pool
        p_type.append(pt)
        d_type.append(dt)
        pra.append(level)
    a_type = rng.choice(4, size=altruists, p=BLOOD_WEIGHTS)
    donors = np.concatenate([np.array(d_type, dtype=int), a_type])
    patients = np.array(p_type, dtype=int)
    pra_arr = np.array(pra)
    ids = [f"p{i}" for i in range(pairs)] + [f"a{j}" for j in range(altruists)]
    participants_doc = [{"id": pid, "headroom": 1, "tolerance": 1} for pid in ids]
    for j in range(altruists):
        participants_doc[pairs + j]["chain_source"] = True
    offers_doc = [{"id": f"d_{pid}", "participant": pid, "value": 1, "quantity": 1} for pid in ids]
    wants_doc = []
    arcs = 0
    for i in range(pairs):
        ok = _abo_compatible(donors, patients[i]) & (rng.random(donors.size) >= pra_arr[i])
        ok[i] = False
        donors_ok = np.flatnonzero(ok)
        arcs += donors_ok.size
        wants_doc.append(
            {
                "id": f"r_p{i}",
                "participant": f"p{i}",
                "accepts": [{"offer": f"d_{ids[j]}"} for j in donors_ok.tolist()],
            }
        )
    return {
        "max_cycle_length": max_cycle_length,
        "max_chain_length": max_chain_length,
        "objective": "count",
        "time_limit_s": time_limit_s,
        "participants": participants_doc,
        "offers": offers_doc,
        "wants": wants_doc,
        "meta": {"generator": "matching.engine.synthetic.kidney_pool", "seed": seed, "arcs": arcs},
    }
