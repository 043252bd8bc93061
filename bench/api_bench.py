"""Partner API under load: listing search and transfer creation through gunicorn on PostgreSQL.

Needs PostgreSQL. It creates (and drops afterwards) its own database next to DATABASE_URL's,
seeds the demo (`manage.py seed_demo`), creates a partner client of the Essonne network, starts
gunicorn with production settings (DEBUG=False) on a free port, then drives --clients concurrent
clients (threads with keep-alive sessions, spread over --procs processes) for --seconds each:

  search     GET /api/v1/listings/?search=<word>, a word drawn from a list of demo terms
  transfers  POST /api/v1/transfers/ between two active businesses, a new Idempotency-Key each

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cyclotroc python bench/api_bench.py
    python bench/api_bench.py --seconds 30 --clients 50 --worker-class gthread --threads 4
    python bench/api_bench.py --think-ms 500   # each client pauses between requests, as users do
    REDIS_URL=redis://127.0.0.1:6379/13 python bench/api_bench.py   # rate-limit counters in Redis

Without --think-ms the clients send their next request as soon as the previous one is answered:
the figures are then the server's saturation, where latency is concurrency / throughput.

Prints per scenario: requests, errors, requests per second, p50/p95/p99/max latency (ms).
The load generator runs on the same machine as gunicorn and PostgreSQL and competes with them
for the CPUs: on a small machine the figures understate what the server alone would do.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import random
import re
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
SEARCH_TERMS = [
    "site", "formation", "salle", "camionnette", "traiteur", "impression", "conseil",
    "nettoyage", "photo", "comptable", "vélo", "bureau", "menuiserie", "jardin", "graphisme",
    "location", "réparation", "atelier", "informatique", "vidéo", "communication", "bois",
]  # fmt: skip


def database_url(base: str, name: str) -> str:
    return urlunsplit(urlsplit(base)._replace(path="/" + name))


def admin_sql(base: str, sql: str) -> None:
    import psycopg

    with psycopg.connect(database_url(base, "postgres"), autocommit=True) as conn:
        conn.execute(sql)


def psycopg_connect(url: str):
    import psycopg

    return psycopg.connect(url, autocommit=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_env(db_url: str, redis_url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": db_url,
        "DEBUG": "False",
        "SECRET_KEY": "bench-only-not-secret-bench-only-not-secret-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "False",
        "CELERY_TASK_ALWAYS_EAGER": "true",
        "LOG_LEVEL": "WARNING",
        "CONN_MAX_AGE": "600",
        # The API serves no static file; STATIC_ROOT exists only after `collectstatic`.
        "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
    }
    env.pop("CELERY_BROKER_URL", None)
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(  # noqa: S603 - our own manage.py
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_until_up(url: str, seconds: float = 60) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise SystemExit(f"gunicorn did not answer on {url}")


# --- The load -----------------------------------------------------------------------------------


def client_process(args) -> list[tuple[float, int]]:
    """One process of the load generator: `threads` clients, each with its keep-alive session,
    each sending requests one after the other until the deadline. Returns (latency s, status)."""
    base, key, scenario, threads, start_at, seconds, accounts, seed, think = args
    import requests

    results: list[tuple[float, int]] = []
    lock = threading.Lock()

    def run(index: int) -> None:
        rng = random.Random(seed * 1000 + index)
        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {key}"
        mine = []
        while time.time() < start_at:
            time.sleep(0.001)
        end = start_at + seconds
        while time.time() < end:
            began = time.perf_counter()
            try:
                if scenario == "search":
                    response = session.get(
                        f"{base}/api/v1/listings/",
                        params={"search": rng.choice(SEARCH_TERMS)},
                        timeout=30,
                    )
                else:
                    payer, payee = rng.sample(accounts, 2)
                    response = session.post(
                        f"{base}/api/v1/transfers/",
                        json={"payer": payer, "payee": payee, "amount": rng.randint(1, 100)},
                        headers={"Idempotency-Key": str(uuid.uuid4())},
                        timeout=30,
                    )
                status = response.status_code
            except requests.RequestException:
                status = 0
            mine.append((time.perf_counter() - began, status))
            if think:
                time.sleep(rng.uniform(0, 2 * think))
        with lock:
            results.extend(mine)

    workers = [threading.Thread(target=run, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def run_scenario(base, key, scenario, clients, procs, seconds, accounts, think=0.0) -> dict:
    per_proc = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    start_at = time.time() + 2.0
    jobs = [
        (base, key, scenario, n, start_at, seconds, accounts, i, think)
        for i, n in enumerate(per_proc)
        if n
    ]
    with mp.get_context("spawn").Pool(len(jobs)) as pool:
        results = [r for chunk in pool.map(client_process, jobs) for r in chunk]
    latencies = [latency for latency, status in results]
    errors: dict[int, int] = {}
    for _latency, status in results:
        if not 200 <= status < 300:
            errors[status] = errors.get(status, 0) + 1
    return {
        "scenario": scenario,
        "requests": len(results),
        "errors": errors,
        "rps": len(results) / seconds,
        "p50": percentile(latencies, 0.50) * 1000,
        "p95": percentile(latencies, 0.95) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "max": max(latencies) * 1000,
    }


def print_table(rows: list[dict], header: str) -> None:
    print()
    print(header)
    print(f"{'scenario':<10} {'requests':>9} {'errors':>7} {'req/s':>8} "
          f"{'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")  # fmt: skip
    for r in rows:
        errors = sum(r["errors"].values())
        print(
            f"{r['scenario']:<10} {r['requests']:>9} {errors:>7} {r['rps']:>8.1f} "
            f"{r['p50']:>8.1f} {r['p95']:>8.1f} {r['p99']:>8.1f} {r['max']:>8.1f}"
        )
        if r["errors"]:
            print(f"{'':<10} errors by status: {r['errors']}")


def main() -> int:
    cpus = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--procs", type=int, default=2, help="load-generator processes")
    parser.add_argument("--workers", type=int, default=2 * cpus + 1, help="gunicorn workers")
    parser.add_argument(
        "--worker-class", default="sync", choices=["sync", "gthread"], help="sync: as deployed"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--scenarios", nargs="+", default=["search", "transfers"])
    parser.add_argument(
        "--think-ms",
        type=float,
        default=0.0,
        help="mean pause of each client between two requests (uniform 0..2×mean); 0: none",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args()
    base_url = os.environ.get("DATABASE_URL", "")
    if not base_url.startswith("postgres"):
        print("api_bench needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    name = "cyclotroc_api_bench"
    db_url = database_url(base_url, name)
    redis_url = os.environ.get("REDIS_URL", "")
    env = server_env(db_url, redis_url)
    admin_sql(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin_sql(base_url, f'CREATE DATABASE "{name}"')
    server = None
    try:
        began = time.monotonic()
        manage(env, "migrate", "--noinput", "-v", "0")
        manage(env, "seed_demo")
        created = manage(
            env, "partner_create", "--network", "essonne", "--name", "bench",
            "--scopes", "read", "write", "--rate", "100000000/min",
        )  # fmt: skip
        key = re.search(r"^key:\s+(\S+)$", created, re.M).group(1)
        # What autovacuum does to a production database: without statistics the planner
        # ignores the full-text index, and the index's pending list is still unmerged.
        with psycopg_connect(db_url) as conn:
            conn.execute("VACUUM ANALYZE")
        print(f"demo seeded and client created in {time.monotonic() - began:.0f} s")
        port = free_port()
        command = [
            GUNICORN, "config.wsgi:application", "--bind", f"127.0.0.1:{port}",
            "--workers", str(args.workers), "--worker-class", args.worker_class,
            "--keep-alive", "30", "--log-level", "warning",
        ]  # fmt: skip
        if args.worker_class == "gthread":
            command += ["--threads", str(args.threads)]
        server = subprocess.Popen(command, cwd=ROOT, env=env)  # noqa: S603
        base = f"http://127.0.0.1:{port}"
        wait_until_up(f"{base}/healthz/")
        import requests

        session = requests.Session()
        session.headers["Authorization"] = f"Bearer {key}"
        accounts = []
        url = f"{base}/api/v1/businesses/?status=active&page_size=100"
        while url:
            page = session.get(url, timeout=30).json()
            accounts += [b["id"] for b in page["results"]]
            url = page["next"]
        hits = session.get(f"{base}/api/v1/listings/", params={"search": "site"}).json()
        print(
            f"gunicorn: {args.workers} {args.worker_class} workers"
            + (f" × {args.threads} threads" if args.worker_class == "gthread" else "")
            + f"; cache: {'Redis' if redis_url else 'local memory'}; {cpus} CPUs; "
            f"{len(accounts)} active businesses; 'site' finds {len(hits['results'])} listings "
            f"on the first page"
        )
        # Warm every worker's connection and caches before measuring.
        run_scenario(base, key, "search", args.clients, args.procs, 2, accounts)
        rows = [
            run_scenario(
                base, key, s, args.clients, args.procs, args.seconds, accounts, args.think_ms / 1000
            )
            for s in args.scenarios
        ]
        print_table(
            rows,
            f"{args.clients} concurrent clients, {args.seconds} s per scenario, "
            + (
                f"each pausing {args.think_ms:g} ms on average between requests "
                if args.think_ms
                else "no pause between requests (the server's saturation) "
            )
            + "(load generator on the same machine)",
        )
        print()
        print(manage(env, "ledger_verify").strip().splitlines()[-1])
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        if not args.keep:
            admin_sql(base_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    sys.exit(main())
