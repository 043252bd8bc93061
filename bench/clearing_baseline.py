"""The bare baseline of the clearing benchmark: OR-Tools' SimpleMinCostFlow on the circulation.

``python bench/clearing_baseline.py INPUT.json [--parser json|msgspec]`` reads a clearing input
document, builds the same circulation as the engine, one arc per obligation (no validation, no
merging, no clamping), solves it and prints ``{"status", "cleared", "credit_moved"}`` as JSON.
It writes no per-invoice answer. The benchmark runs it as a whole process beside the engine.
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np
from ortools.graph.python.min_cost_flow import SimpleMinCostFlow


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("--parser", choices=("json", "msgspec"), default="json")
    args = parser.parse_args()
    with open(args.input, "rb") as fh:
        if args.parser == "msgspec":
            import msgspec

            doc = msgspec.json.decode(fh.read())
        else:
            doc = json.load(fh)
    participants, obligations = doc["participants"], doc["obligations"]
    index = {p["id"]: i for i, p in enumerate(participants)}
    n, m = len(participants), len(obligations)
    debtor = np.array([index[o["debtor"]] for o in obligations], dtype=np.int64)
    creditor = np.array([index[o["creditor"]] for o in obligations], dtype=np.int64)
    amount = np.array([o["amount"] for o in obligations], dtype=np.int64)
    receive = np.array([p["receive_capacity"] for p in participants], dtype=np.int64)
    pay = np.array([p["pay_capacity"] for p in participants], dtype=np.int64)
    nodes = np.arange(n, dtype=np.int64)
    outside = np.full(n, n, dtype=np.int64)
    mcf = SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(
        np.concatenate([debtor, nodes, outside]),
        np.concatenate([creditor, outside, nodes]),
        np.concatenate([amount, receive, pay]),
        np.concatenate([np.full(m, -2), np.ones(n, dtype=np.int64), np.zeros(n, dtype=np.int64)]),
    )
    status = mcf.solve()
    flows = mcf.flows(np.arange(m + 2 * n, dtype=np.int64))
    change = flows[m : m + n] - flows[m + n :]
    json.dump(
        {
            "status": status.name,
            "cleared": int(flows[:m].sum()),
            "credit_moved": int(change[change > 0].sum()),
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
