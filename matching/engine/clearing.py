"""Multilateral set-off of the invoices participants owe each other, barter credit as liquidity.

Choose a set-off ``0 <= s_e <= amount_e`` for every obligation so that each participant's credit
change ``c_p = (set-offs of its receivables) - (set-offs of its debts)`` stays within
``[-pay_capacity, receive_capacity]``; maximise ``cleared = sum s_e``, then minimise
``credit_moved = sum of the positive c_p``.

This is a min-cost circulation on the network

    debtor -> creditor   one arc per ordered pair: capacity = the pair's total debt, cost -2
    p -> X               capacity = receive_capacity (clamped to p's receivables), cost +1
    X -> p               capacity = pay_capacity (clamped to p's debts), cost 0

where X is one outside node for credit. One min-cost circulation gives the lexicographic optimum
exactly (docs/clearing.md has the proof): a simple residual cycle passes X at most once, so it
changes the credit cost by at most 1 per unit, while a cycle that clears more changes the cost by
-2 per unit or less. The matrix is a network matrix, so the optimum is integral, and OR-Tools'
``SimpleMinCostFlow`` proves it (cost scaling, polynomial).

Invoices of the same ordered pair become one arc; the pair's set-off is given back to its invoices
in input order, each filled before the next. Arcs of zero capacity are left out. Both reductions
keep the optimum exact.
"""

from __future__ import annotations

import gc
import os
import select
import signal
import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow

from .clearing_input import ClearingProblem, compile_clear_input

Progress = Callable[[str, float], None]

COST_CLEARED = -2  # per cent set off, on each obligation arc
COST_CREDIT = 1  # per cent of credit received (p -> X); paying it (X -> p) costs 0
# Below this many arcs the solve takes milliseconds: it runs in the calling process. Above it, it
# runs in a forked child that is killed at the deadline (OR-Tools' solve cannot be interrupted).
INLINE_MAX_ARCS = 20_000
SOLVER = "ortools.SimpleMinCostFlow"
_HEADER = struct.Struct("<bq")  # the child's answer: status code, optimal cost; then the flows


def _noop(phase: str, fraction: float) -> None:
    return None


def clear(doc: Any, *, progress: Progress | None = None) -> dict[str, Any]:
    """Validate an input document (parsed JSON), clear it and return the output document.

    Raises ``EngineInputError`` naming the first invalid field, and ``RuntimeError`` if the
    solver's child process dies without an answer. The time limit counts from this call.
    """
    started = time.monotonic()
    report = progress or _noop
    report("validate", 0.0)
    problem = compile_clear_input(doc)
    return clear_problem(problem, started=started, progress=report)


def clear_problem(
    problem: ClearingProblem, *, started: float | None = None, progress: Progress | None = None
) -> dict[str, Any]:
    """Clear a validated problem; ``started`` (``time.monotonic()``) is when the time limit began.

    The answer is always valid. Its status is ``optimal`` when the solver proved the optimum,
    ``time_limit`` when the deadline came first (the answer is then to clear nothing), and
    ``feasible`` if the solver ended without proving anything (same answer).
    """
    started = time.monotonic() if started is None else started
    deadline = started + problem.time_limit_s
    report = progress or _noop
    phases: dict[str, float] = {}
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.monotonic()
        phases[name] = round(now - clock, 4)
        clock = now

    report("build", 0.1)
    net = _network(problem)
    lap("build")
    n, m = len(problem.participant_ids), len(problem.obligation_ids)
    stats: dict[str, Any] = {
        "participants": n,
        "obligations": m,
        "debt": int(problem.amount.sum()),
        "pairs": len(net.pair_cap),
        "credit_arcs": len(net.tails) - len(net.pair_cap),
        "arcs": len(net.tails),
        "solver": SOLVER,
        "time_limit_s": problem.time_limit_s,
    }
    setoff = np.zeros(m, dtype=np.int64)
    credit = np.zeros(n, dtype=np.int64)
    if time.monotonic() >= deadline:
        status, solver_status = "time_limit", "NOT_SOLVED"
    elif len(net.tails) == 0:
        status, solver_status = "optimal", "OPTIMAL"  # nothing can be set off
    else:
        report("solve", 0.3)
        solver_status, flows, mode = _solve(net, deadline)
        stats["solve_mode"] = mode
        lap("solve")
        if solver_status == "OPTIMAL":
            status = "optimal"
            setoff, credit = _answer(problem, net, flows)
            lap("answer")
        else:
            status = "time_limit" if solver_status == "TIME_LIMIT" else "feasible"
    stats["solver_status"] = solver_status

    cleared = int(setoff.sum())
    credit_moved = int(credit[credit > 0].sum())
    stats["cleared_share"] = round(cleared / stats["debt"], 6) if stats["debt"] else 0.0
    report("output", 0.9)
    out = _document(problem, status, cleared, credit_moved, setoff, credit, stats)
    lap("output")
    stats["phases"] = phases
    stats["seconds"] = round(time.monotonic() - started, 4)
    report("done", 1.0)
    return out


@dataclass(frozen=True)
class _Network:
    """The circulation's arcs: merged obligation pairs first, then p -> X, then X -> p."""

    order: np.ndarray  # obligation indices sorted by (debtor, creditor), input order within a pair
    starts: np.ndarray  # position in ``order`` of each pair's first obligation
    pair_cap: np.ndarray  # each pair's total debt
    receivers: np.ndarray  # participants with an arc p -> X
    payers: np.ndarray  # participants with an arc X -> p
    tails: np.ndarray
    heads: np.ndarray
    caps: np.ndarray
    costs: np.ndarray


def _network(problem: ClearingProblem) -> _Network:
    n = len(problem.participant_ids)
    key = problem.debtor * n + problem.creditor
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    starts = np.flatnonzero(np.r_[True, sorted_key[1:] != sorted_key[:-1]]) if len(key) else key
    pair_cap = np.add.reduceat(problem.amount[order], starts) if len(key) else key
    pair_tail = sorted_key[starts] // max(n, 1)
    pair_head = sorted_key[starts] % max(n, 1)
    debts = np.zeros(n, dtype=np.int64)
    receivables = np.zeros(n, dtype=np.int64)
    np.add.at(debts, pair_tail, pair_cap)
    np.add.at(receivables, pair_head, pair_cap)
    # A participant cannot receive more credit than its receivables, nor pay more than its debts:
    # clamping keeps the feasible set and every sum in int64.
    receive = np.minimum(problem.receive_capacity, receivables)
    pay = np.minimum(problem.pay_capacity, debts)
    receivers = np.flatnonzero(receive)
    payers = np.flatnonzero(pay)
    outside = np.full(1, n, dtype=np.int64)
    return _Network(
        order=order,
        starts=starts,
        pair_cap=pair_cap,
        receivers=receivers,
        payers=payers,
        tails=np.concatenate([pair_tail, receivers, np.repeat(outside, len(payers))]),
        heads=np.concatenate([pair_head, np.repeat(outside, len(receivers)), payers]),
        caps=np.concatenate([pair_cap, receive[receivers], pay[payers]]),
        costs=np.concatenate(
            [
                np.full(len(pair_cap), COST_CLEARED, dtype=np.int64),
                np.full(len(receivers), COST_CREDIT, dtype=np.int64),
                np.zeros(len(payers), dtype=np.int64),
            ]
        ),
    )


def _run_solver(net: _Network) -> tuple[str, np.ndarray]:
    mcf = SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(net.tails, net.heads, net.caps, net.costs)
    status = mcf.solve()
    if status != mcf.OPTIMAL:
        return status.name, np.zeros(0, dtype=np.int64)
    flows = mcf.flows(np.arange(len(net.tails), dtype=np.int64)).astype(np.int64, copy=False)
    # The solver's own total is a cheap consistency test of the flows read back.
    if int(flows @ net.costs) != mcf.optimal_cost():
        return "BAD_RESULT", np.zeros(0, dtype=np.int64)
    return "OPTIMAL", flows


def _solve(net: _Network, deadline: float) -> tuple[str, np.ndarray, str]:
    """Solve the circulation before ``deadline``: (solver status, flows, how it ran).

    The status is OR-Tools' (``OPTIMAL``, ...) or ``TIME_LIMIT``; flows are read only when it is
    ``OPTIMAL``.
    """
    if len(net.tails) <= INLINE_MAX_ARCS or not hasattr(os, "fork"):
        status, flows = _run_solver(net)
        return status, flows, "inline"
    status, flows = _solve_in_child(net, deadline)
    return status, flows, "child process"


def _solve_in_child(net: _Network, deadline: float) -> tuple[str, np.ndarray]:
    read_end, write_end = os.pipe()
    gc.freeze()  # the child then never touches (and so never copies) the parent's objects
    try:
        pid = os.fork()
    finally:
        gc.unfreeze()
    if pid == 0:  # the child: solve, send the answer, leave without running any cleanup
        code = 1
        try:
            gc.disable()
            os.close(read_end)
            status, flows = _run_solver(net)
            ok = status == "OPTIMAL"
            cost = int(flows @ net.costs) if ok else 0
            payload = _HEADER.pack(1 if ok else 0, cost) + status.encode().ljust(32)
            with os.fdopen(write_end, "wb") as pipe:
                pipe.write(payload)
                if ok:
                    pipe.write(memoryview(flows))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    chunks: list[bytes] = []
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                os.kill(pid, signal.SIGKILL)
                return "TIME_LIMIT", np.zeros(0, dtype=np.int64)
            # select() refuses timeouts beyond the platform's time_t: wait an hour at a time.
            if not select.select([read_end], [], [], min(remaining, 3600.0))[0]:
                continue
            chunk = os.read(read_end, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_end)
        os.waitpid(pid, 0)
    data = b"".join(chunks)
    head = _HEADER.size + 32
    if len(data) < head:
        raise RuntimeError("the min-cost-flow solver process ended without an answer")
    ok, cost = _HEADER.unpack_from(data)
    status = data[_HEADER.size : head].decode().strip()
    if not ok:
        return status, np.zeros(0, dtype=np.int64)
    flows = np.frombuffer(data, dtype=np.int64, offset=head)
    if len(flows) != len(net.tails) or int(flows @ net.costs) != cost:
        raise RuntimeError("the min-cost-flow solver process sent an incomplete answer")
    return status, flows


def _answer(problem: ClearingProblem, net: _Network, flows: np.ndarray) -> tuple[np.ndarray, ...]:
    """Set-off per obligation and credit change per participant, from the arcs' flows."""
    k, r = len(net.pair_cap), len(net.receivers)
    pair_flow = flows[:k]
    sorted_amount = problem.amount[net.order]
    before = np.cumsum(sorted_amount) - sorted_amount  # owed on the sorted invoices before this
    sizes = np.diff(np.r_[net.starts, len(sorted_amount)])
    group_before = np.repeat(before[net.starts], sizes)
    left = np.repeat(pair_flow, sizes) - (before - group_before)
    setoff = np.empty(len(sorted_amount), dtype=np.int64)
    setoff[net.order] = np.clip(left, 0, sorted_amount)
    credit = np.zeros(len(problem.participant_ids), dtype=np.int64)
    credit[net.receivers] += flows[k : k + r]
    credit[net.payers] -= flows[k + r :]
    return setoff, credit


def _document(
    problem: ClearingProblem,
    status: str,
    cleared: int,
    credit_moved: int,
    setoff: np.ndarray,
    credit: np.ndarray,
    stats: dict[str, Any],
) -> dict[str, Any]:
    oids, pids = problem.obligation_ids, problem.participant_ids
    used = np.flatnonzero(setoff)
    moved = np.flatnonzero(credit)
    return {
        "status": status,
        "cleared": cleared,
        "credit_moved": credit_moved,
        "setoffs": [
            {"obligation": oids[i], "amount": a}
            for i, a in zip(used.tolist(), setoff[used].tolist(), strict=True)
        ],
        "credit": [
            {"participant": pids[i], "amount": a}
            for i, a in zip(moved.tolist(), credit[moved].tolist(), strict=True)
        ],
        "stats": stats,
    }
