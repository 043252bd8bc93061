"""Benchmark of the clearing engine on seeded, realistic invoice networks.

For each size it writes the input document (matching.engine.clearing_synthetic: heavy-tailed firm
sizes, preferential attachment, regional clusters, log-normal amounts, credit lines for half the
firms) to a JSON file, and the same network with every capacity at 0 (set-off alone). Then, for
each file, it times as whole processes

- the engine: ``python -m matching.engine clear FILE -o OUT``;
- the bare baseline: bench/clearing_baseline.py, OR-Tools' SimpleMinCostFlow on the circulation
  with one arc per invoice, reading the file with the standard json module, and again with
  msgspec (the engine's parser);

and prints wall time, CPU time, peak memory (maximum resident set of the process and its
children), status, the share of the debt cleared and the credit moved, and the ratio of the
engine's time to the faster baseline. Each answer is checked with check_clearing, and the
baseline's cleared and credit_moved must equal the engine's. ``--repeat N`` keeps the fastest
of N interleaved runs of each process (the machine is shared: figures are noisy), and the
ratio is printed for wall-clock and for CPU time.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Case:
    name: str
    firms: int
    invoices: int
    target: str


FULL = [
    Case("10k / 200k", 10_000, 200_000, "< 3 s, proven optimal, ratio <= 1.5"),
    Case("50k / 1M", 50_000, 1_000_000, "< 20 s, < 2 GB, ratio <= 1.5"),
]
QUICK = [Case("1k / 20k", 1_000, 20_000, "-")]


@dataclass
class Run:
    wall_s: float
    cpu_s: float
    peak_mb: float
    stdout: str


def _measured(args: list[str]) -> Run:
    """Run a process; its wall time, CPU time and peak RSS (itself and its children)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(  # noqa: S603 - our own interpreter and scripts
            args, cwd=ROOT, stdout=subprocess.PIPE, stderr=err
        )
        stdout = proc.stdout.read() if proc.stdout else b""
        # wait4 gives the child's own resource usage, its waited-for children included.
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode != 0:
            err.seek(0)
            raise RuntimeError(f"{' '.join(args)} failed ({proc.returncode}): {err.read()!r}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout.decode())


def _fastest(runs: list[Run]) -> Run:
    """The fastest wall time and the least CPU time of several runs of one process."""
    best = min(runs, key=lambda r: r.wall_s)
    return Run(best.wall_s, min(r.cpu_s for r in runs), max(r.peak_mb for r in runs), best.stdout)


def run_file(path: Path, repeat: int) -> dict:
    out_path = path.with_suffix(".out.json")
    baseline = [sys.executable, str(ROOT / "bench" / "clearing_baseline.py"), str(path)]
    commands = {
        "engine": [
            sys.executable,
            "-m",
            "matching.engine",
            "clear",
            str(path),
            "-o",
            str(out_path),
        ],
        "baseline json": baseline,
        "baseline msgspec": [*baseline, "--parser", "msgspec"],
    }
    measured: dict[str, list[Run]] = {name: [] for name in commands}
    for _ in range(repeat):  # interleaved, so that a burst of load hits all three alike
        for name, args in commands.items():
            measured[name].append(_measured(args))
    runs = {name: _fastest(r) for name, r in measured.items()}
    checked = json.loads(_helper("--check", str(path), str(out_path)))
    bare = json.loads(runs["baseline json"].stdout)
    agree = (bare["cleared"], bare["credit_moved"]) == (checked["cleared"], checked["credit_moved"])
    return {"runs": runs, "agree": agree and bare["status"] == "OPTIMAL", **checked}


def _helper(*args: str) -> str:
    """Run this script's helper mode in a child process, so that this process stays small: a
    process started from it inherits its resident set as the floor of its own peak."""
    proc = subprocess.run(  # noqa: S603 - our own interpreter and script
        [sys.executable, __file__, *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    return proc.stdout


def write_case(firms: int, invoices: int, seed: int, with_credit: str, setoff: str) -> None:
    """Helper mode: write a network, and the same with every capacity at 0."""
    from matching.engine.clearing_synthetic import generate_clearing

    doc = generate_clearing(firms=firms, invoices=invoices, seed=seed)
    Path(with_credit).write_text(json.dumps(doc))
    for p in doc["participants"]:
        p["pay_capacity"] = p["receive_capacity"] = 0
    Path(setoff).write_text(json.dumps(doc))


def check_answer(path: str, out_path: str) -> dict:
    """Helper mode: check an engine answer; its figures and the broken rules."""
    from matching.engine.clearing_checker import check_clearing

    doc = json.loads(Path(path).read_text())
    out = json.loads(Path(out_path).read_text())
    errors = check_clearing(doc, out)
    return {
        "status": out["status"],
        "valid": not errors,
        "errors": errors[:3],
        "debt": sum(o["amount"] for o in doc["obligations"]),
        "cleared": out["cleared"],
        "credit_moved": out["credit_moved"],
        "stats": out["stats"],
    }


def _euros(cents: int) -> str:
    return f"{cents / 100:,.0f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark the clearing engine: prints time, peak memory, cleared share, "
        "credit moved and the ratio to a bare min-cost-flow baseline, per size."
    )
    parser.add_argument("--quick", action="store_true", help="one small size, a few seconds")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=1, help="keep the fastest of N runs")
    parser.add_argument("--dir", help="write the JSON files here (default: a temporary folder)")
    parser.add_argument("--write", nargs=5, help=argparse.SUPPRESS)
    parser.add_argument("--check", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.write:
        firms, invoices, seed, with_credit, setoff = args.write
        write_case(int(firms), int(invoices), int(seed), with_credit, setoff)
        return 0
    if args.check:
        print(json.dumps(check_answer(*args.check)))
        return 0

    cases = QUICK if args.quick else FULL
    folder = Path(args.dir or tempfile.mkdtemp(prefix="clearing-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for case in cases:
        print(f"generating {case.name} (seed {args.seed}) ...", flush=True)
        files = {
            "with credit": folder / f"clear-{case.firms}-{case.invoices}.json",
            "set-off alone": folder / f"clear-{case.firms}-{case.invoices}-setoff.json",
        }
        _helper(
            "--write",
            str(case.firms),
            str(case.invoices),
            str(args.seed),
            *(str(f) for f in files.values()),
        )
        for variant, path in files.items():
            print(f"running {case.name}, {variant} ...", flush=True)
            result = run_file(path, args.repeat)
            rows.append((case, variant, result))
            print(f"  {result['status']}, stats {json.dumps(result['stats'])}", flush=True)
    print_table(rows, args.seed, args.repeat)
    ok = all(r["valid"] and r["agree"] for _, _, r in rows)
    return 0 if ok else 1


def print_table(rows: list, seed: int, repeat: int) -> None:
    print()
    print(f"Invoice networks (seed {seed}): matching.engine.clearing_synthetic —")
    print("  Pareto(1.2) firm sizes; invoices drawn in 16 blocks with probability ~ size + 0.5 x")
    print("  invoices so far (preferential attachment); regions of ~400 firms, 80% of invoices")
    print("  inside one; 93% of invoices owed by the more downstream firm; amounts log-normal,")
    print("  median 1,200 EUR x size factor, sigma 1.1; half the firms may pay and half may be")
    print("  paid in credit, up to ~25% of their debts (receivables), log-normal.")
    print(f"  Times: fastest of {repeat} interleaved run(s) of each whole process, wall and CPU.")
    print()
    head = (
        f"{'size':<11} {'variant':<14} {'process':<17} {'wall s':>7} {'cpu s':>7} "
        f"{'peak MB':>8} {'status':<9} {'cleared %':>9} {'credit moved EUR':>17} "
        f"{'ratio':>6} {'cpu ratio':>9} {'target'}"
    )
    print(head)
    print("-" * len(head))
    for case, variant, r in rows:
        engine = r["runs"]["engine"]
        bases = [r["runs"]["baseline json"], r["runs"]["baseline msgspec"]]
        fastest = min(b.wall_s for b in bases)
        thriftiest = min(b.cpu_s for b in bases)
        for name, run in r["runs"].items():
            is_engine = name == "engine"
            status = (r["status"] + ("" if r["valid"] else " INVALID")) if is_engine else ""
            share = f"{100 * r['cleared'] / r['debt']:.1f}" if is_engine and r["debt"] else ""
            moved = _euros(r["credit_moved"]) if is_engine else ""
            ratio = f"{engine.wall_s / fastest:.2f}" if is_engine else ""
            cpu_ratio = f"{engine.cpu_s / thriftiest:.2f}" if is_engine else ""
            print(
                f"{case.name:<11} {variant:<14} {name:<17} {run.wall_s:>7.2f} {run.cpu_s:>7.2f} "
                f"{run.peak_mb:>8.0f} {status:<9} {share:>9} {moved:>17} {ratio:>6} {cpu_ratio:>9} "
                f"{case.target if is_engine else ''}"
            )
        if not r["agree"]:
            print("  !! the baseline's cleared / credit_moved differ from the engine's")
    print()
    print("cleared %: cleared / total debt of the invoices; ratio: engine wall time / the faster")
    print("baseline's; cpu ratio: the same with CPU time (user + system, children included), less")
    print("sensitive to a busy machine. Peak MB: maximum resident set of the process or of its")
    print("solver child.")


if __name__ == "__main__":
    raise SystemExit(main())
