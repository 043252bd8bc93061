"""Pruning removes exactly what cannot be on a short cycle, and never a usable leg."""

from __future__ import annotations

from collections import deque

import numpy as np
import pytest

from matching.engine.model import compile_instance
from matching.engine.prune import _reach_prune, _scc_labels, prune
from matching.engine.synthetic import generate


def _dist(n, src, dst, a, b):
    adj = {}
    for x, y in zip(src.tolist(), dst.tolist(), strict=True):
        adj.setdefault(x, set()).add(y)
    seen = {a: 0}
    queue = deque([a])
    while queue:
        u = queue.popleft()
        for v in adj.get(u, ()):
            if v not in seen:
                seen[v] = seen[u] + 1
                queue.append(v)
    return seen.get(b, n + 1)


@pytest.mark.parametrize("k", [2, 3, 4, 5])
def test_reach_rule_matches_breadth_first_search(k):
    rng = np.random.default_rng(k)
    for _ in range(40):
        n = int(rng.integers(3, 14))
        pairs = {(int(a), int(b)) for a, b in rng.integers(0, n, (int(rng.integers(3, 40)), 2))}
        pairs = sorted((a, b) for a, b in pairs if a != b)
        src = np.array([p[0] for p in pairs])
        dst = np.array([p[1] for p in pairs])
        labels = _scc_labels(n, src, dst)
        same = labels[src] == labels[dst]
        src, dst = src[same], dst[same]
        if src.size == 0:
            continue
        got = _reach_prune(n, src, dst, k, labels)
        want = np.array(
            [_dist(n, src, dst, int(d), int(s)) <= k - 1 for s, d in zip(src, dst, strict=True)]
        )
        assert (got == want).all()


def test_pruning_keeps_every_leg_of_good_solutions():
    from matching.engine import solve

    doc = generate(participants=60, accepts=900, seed=4, max_cycle_length=3, time_limit_s=5)
    inst = compile_instance(doc)
    alive, labels, _rounds = prune(inst)
    out = solve(doc)
    index = {
        (inst.offer_ids[o], inst.want_ids[w]): i
        for i, (o, w) in enumerate(zip(inst.leg_offer, inst.leg_want, strict=True))
    }
    used = [index[(x["offer"], x["want"])] for c in out["cycles"] for x in c["legs"]]
    assert used
    assert alive[used].all()
    assert (labels[inst.leg_from[alive]] == labels[inst.leg_to[alive]]).all()
