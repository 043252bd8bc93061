"""A fast starting solution for large components: greedy packing of locally balanced cycles.

A cycle is *locally balanced* when every participant's net on that cycle alone (value given
minus value received) is within its own bounds. Such cycles of 2, 3 and 4 legs are enumerated
with sorted-array joins (a leg into q followed by a leg out of q whose value is in q's window),
then accepted greedily by decreasing primary value while offers, wants, the cumulative net of
every participant and the forbidden sets allow. Nothing here is needed for exactness; it only
gives the search a good first solution quickly.
"""

from __future__ import annotations

import numpy as np

from .milp import SubProblem

MAX_TWO_PATHS = 6_000_000
MAX_JOIN = 3_000_000


def _expand(starts: np.ndarray, ends: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [starts[i], ends[i]): (i repeated, each position)."""
    cnt = np.maximum(ends - starts, 0)
    total = int(cnt.sum())
    rep = np.repeat(np.arange(starts.size), cnt)
    off = np.arange(total) - np.repeat(np.cumsum(cnt) - cnt, cnt)
    return rep, starts[rep] + off


def _cap_ranges(starts: np.ndarray, ends: np.ndarray, priority: np.ndarray, cap: int) -> np.ndarray:
    """Mask of the ranges to expand so that at most about ``cap`` items come out."""
    cnt = np.maximum(ends - starts, 0)
    if cnt.sum() <= cap:
        return np.ones(starts.size, dtype=bool)
    order = np.argsort(-priority, kind="stable")
    keep = np.zeros(starts.size, dtype=bool)
    keep[order[np.cumsum(cnt[order]) <= cap]] = True
    return keep


def candidate_cycles(sub: SubProblem, max_len: int, effort: float = 30.0) -> list[np.ndarray]:
    """Locally balanced cycles of 2 to min(max_len, 4) legs, each listed once (legs in order).

    ``effort`` (about the seconds to spend) caps the joins: the most valuable paths are kept.
    """
    two_paths_cap = int(min(MAX_TWO_PATHS, 400_000 * effort))
    join_cap = int(min(MAX_JOIN, 200_000 * effort))
    if effort < 6:
        max_len = min(max_len, 3)
    f, t = sub.leg_from, sub.leg_to
    v = sub.leg_value.astype(np.int64)
    lo, hi = sub.lower, sub.upper
    n = np.int64(sub.n)
    out: list[np.ndarray] = []
    if sub.n_legs == 0 or max_len < 2:
        return out
    # Values are replaced by their rank so that (participant(s), value) keys fit in 64 bits.
    uniq = np.unique(v)
    nr = np.int64(uniq.size + 1)
    rank = np.searchsorted(uniq, v)

    def rank_range(base: np.ndarray, low: np.ndarray, high: np.ndarray, keys: np.ndarray):
        """Positions in sorted ``keys`` of base * nr + rank(value) for value in [low, high]."""
        r_lo = np.searchsorted(uniq, low, "left")
        r_hi = np.searchsorted(uniq, high, "right")
        s = np.searchsorted(keys, base * nr + r_lo, "left")
        e = np.searchsorted(keys, base * nr + r_hi, "left")
        return s, np.maximum(e, s)

    okey = f * nr + rank
    oord = np.argsort(okey, kind="stable")
    s, e = rank_range(t, v + lo[t], v + hi[t], okey[oord])
    keep = _cap_ranges(s, e, v.astype(float), two_paths_cap)
    idx = np.flatnonzero(keep)
    rep, pos = _expand(s[idx], e[idx])
    pa, pb = idx[rep], oord[pos]
    back = t[pb] == f[pa]
    m = back & (v[pa] - v[pb] >= lo[f[pa]]) & (v[pa] - v[pb] <= hi[f[pa]]) & (pa < pb)
    out.extend(np.stack([pa[m], pb[m]], axis=1))
    pa, pb = pa[~back], pb[~back]
    if max_len < 3 or pa.size == 0:
        return out
    p, r = f[pa], t[pb]
    akey = (f * n + t) * nr + rank
    aord = np.argsort(akey, kind="stable")
    wlo = np.maximum(v[pb] + lo[r], v[pa] - hi[p])
    whi = np.minimum(v[pb] + hi[r], v[pa] - lo[p])
    s, e = rank_range(r * n + p, wlo, whi, akey[aord])
    keep = _cap_ranges(s, e, (v[pa] + v[pb]).astype(float), join_cap)
    idx = np.flatnonzero(keep)
    rep, pos = _expand(s[idx], e[idx])
    a3, b3, c3 = pa[idx[rep]], pb[idx[rep]], aord[pos]
    m = (a3 < b3) & (a3 < c3)
    out.extend(np.stack([a3[m], b3[m], c3[m]], axis=1))
    if max_len < 4:
        return out
    pkey = (f[pa] * n + t[pb]) * nr + rank[pa]
    pord = np.argsort(pkey, kind="stable")
    s, e = rank_range(r * n + p, v[pb] + lo[r], v[pb] + hi[r], pkey[pord])
    keep = _cap_ranges(s, e, (v[pa] + v[pb]).astype(float), join_cap)
    idx = np.flatnonzero(keep)
    rep, pos = _expand(s[idx], e[idx])
    j = pord[pos]
    a, b, c, d = pa[idx[rep]], pb[idx[rep]], pa[j], pb[j]
    pp = f[a]
    m = (v[a] - v[d] >= lo[pp]) & (v[a] - v[d] <= hi[pp]) & (t[c] != t[a])
    m &= (a < b) & (a < c) & (a < d)
    out.extend(np.stack([a[m], b[m], c[m], d[m]], axis=1))
    return out


def greedy(sub: SubProblem, candidates: list[np.ndarray]) -> list[list[int]]:
    """Accept candidate cycles by decreasing (primary, score, -length) while they stay feasible."""
    if not candidates:
        return []
    prim = np.array([sub.leg_primary[c].sum() for c in candidates], dtype=np.float64)
    score = np.array([sub.leg_score[c].sum() for c in candidates])
    length = np.array([c.size for c in candidates])
    order = np.lexsort((length, -score, -prim))
    net = np.zeros(sub.n, dtype=np.int64)
    used = np.zeros(sub.offer_cap.size, dtype=np.int64)
    met = np.zeros(sub.n_wants, dtype=bool)
    f, v = sub.leg_from, sub.leg_value
    sets_of_leg: dict[int, list[int]] = {}
    for i, (legs, _rhs) in enumerate(sub.forbidden):
        for leg in legs.tolist():
            sets_of_leg.setdefault(leg, []).append(i)
    set_used = np.zeros(len(sub.forbidden), dtype=np.int64)
    chosen: list[list[int]] = []
    for i in order:
        c = candidates[i]
        if met[sub.leg_want[c]].any():
            continue
        offers = sub.leg_offer[c]
        if (used[offers] >= sub.offer_cap[offers]).any():
            continue
        parts = f[c]
        new_net = net[parts] + v[c] - v[np.roll(c, 1)]
        if ((new_net < sub.lower[parts]) | (new_net > sub.upper[parts])).any():
            continue
        if sets_of_leg:
            touched = [s for leg in c.tolist() for s in sets_of_leg.get(leg, ())]
            if touched:
                add = np.bincount(touched, minlength=set_used.size)
                if any(set_used[s] + add[s] > sub.forbidden[s][1] for s in np.flatnonzero(add)):
                    continue
                set_used += add
        net[parts] = new_net
        used[offers] += 1
        met[sub.leg_want[c]] = True
        chosen.append([int(x) for x in c])
    return chosen
