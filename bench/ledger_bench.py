"""Ledger throughput: transfers posted through ledger.services with N parallel worker processes.

Needs PostgreSQL. It creates (and drops afterwards) its own database next to DATABASE_URL's:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cyclotroc python bench/ledger_bench.py
    python bench/ledger_bench.py --workers 8 --seconds 10 --mix uniform hot

Mixes:
  uniform  payer and payee drawn uniformly among --accounts accounts;
  hot      every transfer involves one of --hot accounts (the other side uniform): the
           contended case, every worker queues on the same few row locks.
Prints, per mix: transfers per second, p50/p99/max latency, refusals for want of credit,
retries, then the ledger_verify figures (0 violations expected).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def bench_database_url(base: str, name: str) -> str:
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path="/" + name))


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    # As in production: DEBUG off (no query log kept per connection).
    os.environ["DEBUG"] = "False"
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-bench-only-not-secret-0123456789")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")
    import django

    django.setup()


def create_database(base_url: str, name: str) -> None:
    import psycopg

    admin = bench_database_url(base_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(base_url: str, name: str) -> None:
    import psycopg

    admin = bench_database_url(base_url, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def prepare(n_accounts: int) -> list[int]:
    """Migrate, then open n business accounts in one network; returns their ids."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from barter.models import Business, BusinessStatus, Network
    from ledger import services
    from ledger.models import Account

    network = Network.objects.create(name="Bench", slug="bench", default_credit_limit=500_000)
    businesses = Business.objects.bulk_create(
        [
            Business(
                network=network,
                legal_name=f"Bench {i}",
                siret=f"B{i:013d}",
                kind="tpe",
                sector="M",
                postcode="91000",
                commune="Évry-Courcouronnes",
                status=BusinessStatus.ACTIVE,
            )
            for i in range(n_accounts)
        ]
    )
    for business in businesses:
        services.account_open(business=business)
    return list(
        Account.objects.filter(kind="business", network=network)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


_ready = None  # a barrier shared by the pool's processes (set by _init_worker)


def _init_worker(barrier) -> None:
    global _ready
    _ready = barrier


def worker(args) -> dict:
    database_url, ids, hot, seconds, seed = args
    setup_django(database_url)
    from django.db import connection

    from ledger import services
    from ledger.errors import InsufficientCredit
    from ledger.models import Account

    connection.ensure_connection()
    accounts = {a.pk: a for a in Account.objects.filter(pk__in=ids)}
    rng = random.Random(seed)
    latencies: list[float] = []
    refused = 0
    # The clock starts once every process has imported Django and connected: on 2 CPUs, eight
    # processes importing the project take several seconds, which must not count as load.
    _ready.wait()
    deadline = time.time() + seconds
    n = 0
    while time.time() < deadline:
        if hot:
            payer, payee = rng.choice(hot), rng.choice(ids)
            if rng.random() < 0.5:
                payer, payee = payee, payer
        else:
            payer, payee = rng.sample(ids, 2)
        if payer == payee:
            continue
        t0 = time.perf_counter()
        try:
            services.transfer_post(
                actor=None,
                payer=accounts[payer],
                payee=accounts[payee],
                amount=rng.randint(100, 20_000),
                idempotency_key=f"bench-{seed}-{n}",
            )
            latencies.append(time.perf_counter() - t0)
        except InsufficientCredit:
            refused += 1
        n += 1
    connection.close()
    return {"latencies": latencies, "refused": refused}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_mix(database_url, ids, mix, workers, seconds, hot_count) -> dict:
    hot = ids[:hot_count] if mix == "hot" else []
    tasks = [(database_url, ids, hot, seconds, 1000 * (i + 1) + len(mix)) for i in range(workers)]
    ctx = mp.get_context("spawn")
    with ctx.Pool(workers, initializer=_init_worker, initargs=(ctx.Barrier(workers),)) as pool:
        results = pool.map(worker, tasks)
    latencies = [lat for r in results for lat in r["latencies"]]
    return {
        "mix": mix,
        "workers": workers,
        "transfers": len(latencies),
        "per_second": len(latencies) / seconds,
        "p50_ms": 1000 * statistics.median(latencies) if latencies else 0.0,
        "p99_ms": 1000 * percentile(latencies, 0.99) if latencies else 0.0,
        "max_ms": 1000 * max(latencies) if latencies else 0.0,
        "refused": sum(r["refused"] for r in results),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--accounts", type=int, default=1000)
    parser.add_argument("--hot", type=int, default=5, help="hot accounts in the 'hot' mix")
    parser.add_argument("--mix", nargs="+", default=["uniform", "hot"], choices=["uniform", "hot"])
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        print("ledger_bench needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    name = "cyclotroc_ledger_bench"
    database_url = bench_database_url(base, name)
    create_database(base, name)
    try:
        setup_django(database_url)
        ids = prepare(args.accounts)
        from django.db import connections

        connections.close_all()
        print(
            f"ledger_bench: PostgreSQL, {args.accounts} accounts, {args.workers} worker processes, "
            f"{args.seconds:g} s per mix, {os.cpu_count()} CPUs"
        )
        print(
            f"{'mix':<8} {'workers':>7} {'transfers':>10} {'per s':>9} "
            f"{'p50 ms':>8} {'p99 ms':>8} {'max ms':>8} {'refused':>8}"
        )
        for mix in args.mix:
            r = run_mix(database_url, ids, mix, args.workers, args.seconds, args.hot)
            print(
                f"{r['mix']:<8} {r['workers']:>7} {r['transfers']:>10} {r['per_second']:>9.0f} "
                f"{r['p50_ms']:>8.2f} {r['p99_ms']:>8.2f} {r['max_ms']:>8.1f} {r['refused']:>8}"
            )
        from ledger.selectors import ledger_verify

        t0 = time.perf_counter()
        report = ledger_verify()
        print(
            f"ledger_verify: {report.transactions} transactions, {report.postings} postings, "
            f"{len(report.violations)} violations, sum of balances {report.networks}, "
            f"{time.perf_counter() - t0:.1f} s"
        )
        for violation in report.violations[:20]:
            print("  VIOLATION", violation)
        connections.close_all()
        return 0 if report.ok else 1
    finally:
        if not args.keep:
            drop_database(base, name)


if __name__ == "__main__":
    sys.exit(main())
