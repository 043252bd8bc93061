"""Seeded synthetic invoice networks for the clearing engine's benchmark and tests.

The networks aim at the shape of real inter-firm trade credit, not at easy instances:

- firm sizes are heavy-tailed (Pareto), and a firm's chance to take part in the next invoice grows
  with its size and with the invoices it already has (preferential attachment, in blocks);
- firms belong to regional clusters of uneven size, and most invoices stay inside a region;
- firms sit at a position along supply chains: most invoices go from a downstream customer (the
  debtor) to an upstream supplier (the creditor), a minority the other way, which closes loops;
- amounts are log-normal around 1,200 EUR, larger between larger firms;
- a share of the firms may pay or be paid in barter credit (liquidity), up to a log-normal limit.

The same arguments always give the same document.
"""

from __future__ import annotations

from typing import Any

import numpy as np

PARETO_SHAPE = 1.2  # firm sizes: P(size > x) ~ x^-1.2
MAX_SIZE = 1_000.0
FIRMS_PER_REGION = 400
LOCAL_SHARE = 0.8  # share of invoices between two firms of the same region
UPSTREAM_SHARE = 0.93  # share of invoices whose creditor is the more upstream firm
ATTACHMENT_BLOCKS = 16
ATTACHMENT_WEIGHT = 0.5  # weight of one existing invoice in a firm's attractiveness
MEDIAN_AMOUNT_CENTS = 1_200_00
AMOUNT_SIGMA = 1.1
MIN_AMOUNT_CENTS = 10_00
LIMIT_SHARE = 0.25  # median credit line: this share of the firm's debts (or receivables)


def _sample(
    rng: np.random.Generator, cum: np.ndarray, lo: np.ndarray, hi: np.ndarray
) -> np.ndarray:
    """Indices drawn with probability proportional to weight, each inside its [lo, hi) slice."""
    base = np.where(lo > 0, cum[np.maximum(lo - 1, 0)], 0.0)
    u = base + rng.random(len(lo)) * (cum[hi - 1] - base)
    return np.minimum(np.searchsorted(cum, u, side="right"), hi - 1)


def generate_clearing(
    *,
    firms: int,
    invoices: int,
    seed: int = 0,
    liquidity: float = 0.5,
    time_limit_s: float = 60,
) -> dict[str, Any]:
    """Return a clearing input document with ``firms`` participants and ``invoices`` obligations.

    ``liquidity`` is the share of firms that may pay in credit (as many again may be paid in
    credit); 0 gives pure set-off. Firms with no invoice are kept: they are isolated participants.
    """
    if firms < 2:
        raise ValueError("firms must be >= 2")
    rng = np.random.default_rng(seed)
    n = firms
    size = np.minimum(rng.pareto(PARETO_SHAPE, n) + 1.0, MAX_SIZE)
    n_regions = max(1, n // FIRMS_PER_REGION)
    region_weight = rng.dirichlet(np.full(n_regions, 2.0))
    region = np.sort(rng.choice(n_regions, size=n, p=region_weight))  # firms ordered by region
    first = np.searchsorted(region, np.arange(n_regions), side="left")
    last = np.searchsorted(region, np.arange(n_regions), side="right")
    position = rng.random(n)  # 0 = upstream (raw materials), 1 = downstream (consumers)

    degree = np.zeros(n)
    left: list[np.ndarray] = []
    right: list[np.ndarray] = []
    bounds = np.linspace(0, invoices, ATTACHMENT_BLOCKS + 1).astype(np.int64)
    for b in range(ATTACHMENT_BLOCKS):
        k = int(bounds[b + 1] - bounds[b])
        cum = np.cumsum(size + ATTACHMENT_WEIGHT * degree)
        a = _sample(rng, cum, np.zeros(k, dtype=np.int64), np.full(k, n))
        local = rng.random(k) < LOCAL_SHARE
        lo = np.where(local, first[region[a]], 0)
        hi = np.where(local, last[region[a]], n)
        c = _sample(rng, cum, lo, hi)
        same = a == c
        c[same] = (c[same] + 1 + rng.integers(0, n - 1, int(same.sum()))) % n
        np.add.at(degree, a, 1)
        np.add.at(degree, c, 1)
        left.append(a)
        right.append(c)
    a = np.concatenate(left)
    c = np.concatenate(right)
    upstream_c = position[c] < position[a]
    keep = rng.random(invoices) < UPSTREAM_SHARE
    creditor = np.where(upstream_c == keep, c, a)
    debtor = np.where(upstream_c == keep, a, c)

    scale = np.sqrt(size[debtor] * size[creditor]) ** 0.3
    amount = MEDIAN_AMOUNT_CENTS * scale * rng.lognormal(0.0, AMOUNT_SIGMA, invoices)
    amount = np.maximum(np.round(amount), MIN_AMOUNT_CENTS).astype(np.int64)

    # Credit lines follow a firm's trade volume, as a mutual-credit network sets them.
    debts = np.bincount(debtor, weights=amount, minlength=n)
    receivables = np.bincount(creditor, weights=amount, minlength=n)
    pays = rng.random(n) < liquidity
    paid = rng.random(n) < liquidity
    pay_line = debts * LIMIT_SHARE * rng.lognormal(0.0, 0.5, n)
    receive_line = receivables * LIMIT_SHARE * rng.lognormal(0.0, 0.5, n)
    pay_capacity = np.where(pays, np.round(pay_line), 0).astype(np.int64)
    receive_capacity = np.where(paid, np.round(receive_line), 0).astype(np.int64)

    width = len(str(n - 1))
    ids = [f"f{i:0{width}d}" for i in range(n)]
    iwidth = len(str(max(invoices - 1, 0)))
    return {
        "time_limit_s": time_limit_s,
        "participants": [
            {"id": ids[i], "pay_capacity": p, "receive_capacity": r}
            for i, p, r in zip(
                range(n), pay_capacity.tolist(), receive_capacity.tolist(), strict=True
            )
        ],
        "obligations": [
            {"id": f"inv-{j:0{iwidth}d}", "debtor": ids[d], "creditor": ids[cr], "amount": m}
            for j, d, cr, m in zip(
                range(invoices), debtor.tolist(), creditor.tolist(), amount.tolist(), strict=True
            )
        ],
    }
