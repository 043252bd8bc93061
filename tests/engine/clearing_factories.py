"""Clearing documents for the tests: hand-made examples, hypothesis strategies, and an independent
exact solver (a two-stage linear programme with scipy's HiGHS, and brute force on tiny inputs)."""

from __future__ import annotations

import itertools
from typing import Any

import numpy as np
from hypothesis import strategies as st
from scipy.optimize import linprog
from scipy.sparse import coo_matrix

CAPACITIES = (0, 0, 0, 5, 40, 150, 10**6)


def participant(pid: str, pay: int = 0, receive: int = 0) -> dict[str, Any]:
    return {"id": pid, "pay_capacity": pay, "receive_capacity": receive}


def obligation(oid: str, debtor: str, creditor: str, amount: int) -> dict[str, Any]:
    return {"id": oid, "debtor": debtor, "creditor": creditor, "amount": amount}


def worked_example(**changes: Any) -> dict[str, Any]:
    """The issue's example: A owes B 100, B owes C 150, C owes A 80; no credit."""
    doc = {
        "time_limit_s": 10,
        "participants": [participant("A"), participant("B"), participant("C")],
        "obligations": [
            obligation("inv-1", "A", "B", 100),
            obligation("inv-2", "B", "C", 150),
            obligation("inv-3", "C", "A", 80),
        ],
    }
    doc.update(changes)
    return doc


@st.composite
def clearing_documents(
    draw: st.DrawFn, *, liquidity: bool = True, max_participants: int = 6, max_amount: int = 300
) -> dict[str, Any]:
    """2 to ``max_participants`` participants and up to 14 obligations between them.

    Few participants and many obligations make parallel obligations (same debtor and creditor)
    and opposite ones (A owes B, B owes A) frequent; some participants stay isolated. Without
    ``liquidity`` every capacity is 0 (pure set-off).
    """
    n = draw(st.integers(2, max_participants))
    capacity = st.sampled_from(CAPACITIES) if liquidity else st.just(0)
    participants = [participant(f"p{i}", draw(capacity), draw(capacity)) for i in range(n)]
    active = draw(st.integers(2, n))  # participants n - active .. n - 1 have no obligation
    m = draw(st.integers(0, 14))
    obligations = []
    for j in range(m):
        if obligations and draw(st.integers(0, 4)) == 0:  # the reverse of an earlier obligation
            earlier = obligations[draw(st.integers(0, len(obligations) - 1))]
            debtor, creditor = earlier["creditor"], earlier["debtor"]
        else:
            d = draw(st.integers(0, active - 1))
            c = (d + draw(st.integers(1, active - 1))) % active
            debtor, creditor = f"p{d}", f"p{c}"
        amount = draw(st.integers(1, max_amount))
        obligations.append(obligation(f"o{j}", debtor, creditor, amount))
    return {"time_limit_s": 30, "participants": participants, "obligations": obligations}


def lp_optimum(doc: dict[str, Any]) -> tuple[int, int]:
    """(cleared, credit_moved) of the lexicographic optimum, by two linear programmes.

    Stage 1 maximises the set-offs; stage 2 fixes their sum and minimises the positive credit
    changes (t_p >= c_p, t_p >= 0). It knows nothing of the engine's flow model or cost scheme.
    """
    pids = {p["id"]: i for i, p in enumerate(doc["participants"])}
    obligations = doc["obligations"]
    n, m = len(pids), len(obligations)
    if m == 0:
        return 0, 0
    rows, cols, vals = [], [], []
    for j, o in enumerate(obligations):  # c_p = receivables set off - debts set off
        rows += [pids[o["creditor"]], pids[o["debtor"]]]
        cols += [j, j]
        vals += [1.0, -1.0]
    change = coo_matrix((vals, (rows, cols)), shape=(n, m)).tocsr()
    receive = np.array([p["receive_capacity"] for p in doc["participants"]], dtype=float)
    pay = np.array([p["pay_capacity"] for p in doc["participants"]], dtype=float)
    bounds = [(0, o["amount"]) for o in obligations]
    a_ub = np.vstack([change.toarray(), -change.toarray()])
    b_ub = np.concatenate([receive, pay])
    first = linprog(-np.ones(m), A_ub=a_ub, b_ub=b_ub, bounds=bounds, method="highs")
    assert first.status == 0, first.message
    cleared = round(-first.fun)

    # Variables: s (m), then t (n). Rows: the capacity rows, then c_p - t_p <= 0.
    a_ub2 = np.block([[a_ub, np.zeros((2 * n, n))], [change.toarray(), -np.eye(n)]])
    b_ub2 = np.concatenate([b_ub, np.zeros(n)])
    a_eq = np.concatenate([np.ones(m), np.zeros(n)])[None, :]
    second = linprog(
        np.concatenate([np.zeros(m), np.ones(n)]),
        A_ub=a_ub2,
        b_ub=b_ub2,
        A_eq=a_eq,
        b_eq=[cleared],
        bounds=bounds + [(0, None)] * n,
        method="highs",
    )
    assert second.status == 0, second.message
    return cleared, round(second.fun)


def brute_force_optimum(doc: dict[str, Any]) -> tuple[int, int]:
    """(cleared, credit_moved) of the lexicographic optimum, by trying every integer set-off."""
    obligations = doc["obligations"]
    caps = {p["id"]: p for p in doc["participants"]}
    best = (0, 0)
    for setoffs in itertools.product(*(range(o["amount"] + 1) for o in obligations)):
        change = dict.fromkeys(caps, 0)
        for o, s in zip(obligations, setoffs, strict=True):
            change[o["creditor"]] += s
            change[o["debtor"]] -= s
        if all(
            -caps[p]["pay_capacity"] <= c <= caps[p]["receive_capacity"] for p, c in change.items()
        ):
            moved = sum(c for c in change.values() if c > 0)
            if (sum(setoffs), -moved) > (best[0], -best[1]):
                best = (sum(setoffs), moved)
    return best
