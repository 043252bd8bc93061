"""Reports at scale: a network of 10,000 businesses and 1,000,000 postings over twelve months,
then every dashboard page and every export timed through the Django test client.

Needs PostgreSQL. It creates (and drops afterwards) its own database next to DATABASE_URL's:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cyclotroc python bench/reports_bench.py
    python bench/reports_bench.py --businesses 2000 --postings 200000 --keep

The history is generated in Python (running balances within every credit limit, swaps whose
legs settle in one transaction, commission to the network account) and loaded with COPY under
`session_replication_role = replica` — the ledger's row triggers would check the 1,000,000
postings one by one — then `ledger_verify` proves the rows keep every invariant the triggers
guard. Each page is requested once cold, then --repeat times; the table gives the cold time,
the median of the repeats, the number of SQL queries and the response size.
Targets: every page under 1 s, the PDF under 10 s.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import os
import random
import statistics
import sys
import time
import warnings
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from ledger_bench import (  # noqa: E402
    bench_database_url,
    create_database,
    drop_database,
    setup_django,
)

ESS_KINDS = ["association", "scop", "scic", "cooperative", "insertion", "esus", "mutual"]
CLASSIC_KINDS = ["micro", "tpe", "pme"]
SECTORS = ["A", "C", "F", "G", "H", "I", "J", "M", "N", "P", "Q", "R", "S"]
COMMUNES = [
    ("91000", "Évry-Courcouronnes", 48.629, 2.441),
    ("91300", "Massy", 48.730, 2.271),
    ("91100", "Corbeil-Essonnes", 48.607, 2.482),
    ("91120", "Palaiseau", 48.714, 2.245),
    ("91150", "Étampes", 48.435, 2.161),
    ("91200", "Athis-Mons", 48.709, 2.386),
    ("91400", "Orsay", 48.698, 2.187),
    ("91600", "Savigny-sur-Orge", 48.683, 2.350),
    ("91700", "Sainte-Geneviève-des-Bois", 48.646, 2.322),
    ("91800", "Brunoy", 48.698, 2.504),
]


class Generator:
    """The bench network's rows, with ids, in memory; then COPY into the database."""

    def __init__(self, *, businesses: int, postings: int, seed: int = 7):
        self.rng = random.Random(seed)
        self.n_businesses = businesses
        self.target_postings = postings
        self.rows: dict[str, list[tuple]] = {}

    def run(self, now) -> None:
        from barter.models import Category

        rng = self.rng
        self.now = now
        self.history_start = now - timedelta(days=365)
        leaves = list(Category.objects.filter(parent__isnull=False).values_list("pk", flat=True))
        self.network_id = 1
        limit = 500_000  # 5,000 credits
        self.rows["barter_network"] = [
            (1, "Réseau de banc d'essai", "bench", '["91"]', "", limit, 150, self.history_start)
        ]
        # Businesses: a long tail of activity (most trade a little, a few a lot).
        statuses = ["active"] * 94 + ["pending"] * 3 + ["suspended"] * 2 + ["rejected"]
        businesses, self.active, self.weights, self.kind_of = [], [], [], {}
        for i in range(1, self.n_businesses + 1):
            postcode, commune, lat, lon = COMMUNES[i % len(COMMUNES)]
            kind = rng.choice(ESS_KINDS) if rng.random() < 0.4 else rng.choice(CLASSIC_KINDS)
            status = rng.choice(statuses)
            created = self.history_start - timedelta(days=rng.randint(1, 730))
            if rng.random() < 0.08:
                created = self.history_start + timedelta(days=rng.randint(0, 360))
            businesses.append(
                (
                    i, 1, f"Structure {i:05d}", f"B{i:013d}", kind, rng.choice(SECTORS), "",
                    "", postcode, commune, lat + rng.uniform(-0.05, 0.05),
                    lon + rng.uniform(-0.05, 0.05), "", "", "", status, "", None, None,
                    created, created,
                )
            )  # fmt: skip
            self.kind_of[i] = kind
            if status == "active":
                self.active.append(i)
                self.weights.append(rng.paretovariate(1.3))
        self.created = {b[0]: b[19] for b in businesses}
        self.rows["barter_business"] = businesses

        # Accounts: one per business that was ever approved, and the network's.
        self.account_of, accounts = {}, []
        for b in businesses:
            if b[15] in ("active", "suspended"):
                self.account_of[b[0]] = len(accounts) + 1
                accounts.append([len(accounts) + 1, 1, b[0], "business", limit, None, 0, 0, b[19]])
        self.network_account = len(accounts) + 1
        accounts.append(
            [self.network_account, 1, None, "network", limit, None, 0, 0, self.history_start]
        )
        self.limit = limit
        self.balance = {a[0]: 0 for a in accounts}

        # Listings: three offers and two wants per business; a quarter are unused assets.
        listings, self.offers, self.wants = [], {}, {}
        lid = 0
        for b in businesses:
            for kind, count in (("offer", 3), ("want", 2)):
                for _ in range(count):
                    lid += 1
                    nature = rng.choices(["service", "good", "asset"], [5, 3, 2])[0]
                    value = rng.randint(20, 600) * 100
                    status = "active" if b[15] == "active" else "draft"
                    listings.append(
                        (
                            lid, b[0], kind, nature, f"Annonce {lid}", "", rng.choice(leaves),
                            value, 5, "service", 0 if nature == "asset" else 2000,
                            self.history_start.date(), None, status, True, None, "", None,
                            None, b[19], b[19], b[19],
                        )
                    )  # fmt: skip
                    (self.offers if kind == "offer" else self.wants).setdefault(b[0], []).append(
                        (lid, value, listings[-1][10])
                    )
        self.rows["barter_listing"] = listings

        # Matching runs: one a day.
        runs = []
        for day in range(365):
            at = self.history_start + timedelta(days=day, hours=2)
            runs.append(
                (day + 1, 1, "succeeded", "schedule", None, "{}", "", 1.0, "optimal", None,
                 None, "{}", 0, "", at, at, at + timedelta(minutes=3))
            )  # fmt: skip
        self.rows["matching_matchingrun"] = runs

        self.txns, self.postings, self.purchases = [], [], []
        self.proposals, self.legs, self.participants = [], [], []
        self._exchanges()
        for a in accounts:
            a[6] = self.balance[a[0]]
        self.rows["ledger_account"] = [tuple(a) for a in accounts]
        self.rows["ledger_journaltransaction"] = self.txns
        self.rows["ledger_posting"] = self.postings
        self.rows["barter_purchase"] = self.purchases
        self.rows["matching_proposal"] = self.proposals
        self.rows["matching_proposalleg"] = self.legs
        self.rows["matching_proposalparticipant"] = self.participants

    def _pick(self, k: int) -> list[int]:
        chosen = set()
        while len(chosen) < k:
            chosen.add(self.rng.choices(self.active, self.weights)[0])
        return list(chosen)

    def _post(self, when, kind: str, legs: list[tuple[int, int]]) -> int:
        txn_id = len(self.txns) + 1
        key = f"bench:{txn_id}"
        self.txns.append(
            (txn_id, 1, kind, "", None, key, hashlib.sha256(key.encode()).hexdigest(), None, when)
        )
        for account, amount in sorted(legs):
            if amount:
                self.balance[account] += amount
                self.postings.append(
                    (len(self.postings) + 1, txn_id, account, amount, self.balance[account])
                )
        return txn_id

    def _fits(self, changes: dict[int, int]) -> bool:
        return all(self.balance[a] + d >= -self.limit for a, d in changes.items())

    def _exchanges(self) -> None:
        rng = self.rng
        span = (self.now - self.history_start).total_seconds() - 3600
        # About 54 % of the postings come from purchases (3 each), the rest from swaps: k + 1
        # postings for k participants (k = 3.2 on average; a participant whose legs cancel out
        # has none).
        # About 1.5 % of the draws find no credit left and are skipped.
        n_purchases = int(self.target_postings * 0.54 / 3 * 1.013)
        n_swaps = int((self.target_postings - 3 * n_purchases) / 4.18 * 1.015)
        n_open_proposals = n_swaps // 4
        events = sorted(
            [(rng.uniform(0, span), "purchase") for _ in range(n_purchases)]
            + [(rng.uniform(0, span), "swap") for _ in range(n_swaps)]
            + [(rng.uniform(0, span), "unsettled") for _ in range(n_open_proposals)]
        )
        for offset, kind in events:
            when = self.history_start + timedelta(seconds=offset)
            if kind == "purchase":
                self._purchase(when)
            else:
                self._swap(when, settled=kind == "swap")

    def _purchase(self, when) -> None:
        for _attempt in range(10):
            buyer, seller = self._pick(2)
            if self.created[buyer] > when or self.created[seller] > when:
                continue
            listing, unit_price, vat_rate = self.rng.choice(self.offers[seller])
            quantity = self.rng.choice([1, 1, 1, 2])
            total_ht = unit_price * quantity
            vat = (total_ht * vat_rate + 5000) // 10_000
            total = total_ht + vat
            commission = (total_ht * 150 + 5000) // 10_000
            legs = {
                self.account_of[buyer]: -total,
                self.account_of[seller]: total - commission,
                self.network_account: commission,
            }
            if not self._fits(legs):
                continue
            txn = self._post(when, "purchase", list(legs.items()))
            pid = len(self.purchases) + 1
            requested = when - timedelta(days=3)
            self.purchases.append(
                (pid, 1, listing, buyer, seller, quantity, unit_price, vat_rate, total_ht, vat,
                 total, commission, "", "settled", "", 1, None, txn, requested, when, when)
            )  # fmt: skip
            return

    def _swap(self, when, *, settled: bool) -> None:
        rng = self.rng
        k = rng.choices([2, 3, 4, 5], [25, 40, 25, 10])[0]
        for _attempt in range(10):
            members = self._pick(k)
            if any(self.created[b] > when for b in members):
                continue
            legs = []
            for i, giver in enumerate(members):
                receiver = members[(i + 1) % k]
                offer, unit_price, vat_rate = rng.choice(self.offers[giver])
                want = rng.choice(self.wants[receiver])[0]
                value = unit_price + (unit_price * vat_rate + 5000) // 10_000
                commission = (unit_price * 150 + 5000) // 10_000
                legs.append(
                    (i, offer, want, giver, receiver, unit_price, vat_rate, value, commission)
                )
            net = dict.fromkeys(members, 0)
            for leg in legs:
                net[leg[3]] += leg[7] - leg[8]
                net[leg[4]] -= leg[7]
            changes = {self.account_of[b]: d for b, d in net.items()}
            if settled and not self._fits(changes):
                continue
            break
        else:
            return
        run = min(365, max(1, int((when - self.history_start).days) + 1))
        created = self.history_start + timedelta(days=run - 1, hours=2, minutes=3)
        created = min(created, when)
        proposal_id = len(self.proposals) + 1
        txn = None
        if settled:
            commission_total = sum(leg[8] for leg in legs)
            changes[self.network_account] = commission_total
            txn = self._post(when, "swap", list(changes.items()))
            status, accepted_at, closed_at = "settled", when - timedelta(hours=12), when
        else:
            status = rng.choices(["declined", "expired", "open", "accepted"], [45, 35, 10, 10])[0]
            accepted_at = when if status == "accepted" else None
            closed_at = when if status in ("declined", "expired") else None
        combination = hashlib.sha256(f"c{proposal_id}".encode()).hexdigest()
        self.proposals.append(
            (proposal_id, 1, run, status, combination, sum(leg[7] for leg in legs),
             created + timedelta(days=7), txn, "", created, accepted_at, closed_at)
        )  # fmt: skip
        for position, offer, want, giver, receiver, unit_price, vat_rate, value, _c in legs:
            self.legs.append(
                (len(self.legs) + 1, proposal_id, position, offer, want, giver, receiver,
                 unit_price, vat_rate, value, 1.0, "banc d'essai", closed_at, closed_at)
            )  # fmt: skip
        gives = dict.fromkeys(net, 0)
        receives = dict.fromkeys(net, 0)
        commissions = dict.fromkeys(net, 0)
        for leg in legs:
            gives[leg[3]] += leg[7]
            commissions[leg[3]] += leg[8]
            receives[leg[4]] += leg[7]
        decision = "accepted" if status in ("settled", "accepted") else "pending"
        for b in sorted(net):
            self.participants.append(
                (len(self.participants) + 1, proposal_id, b, gives[b], receives[b],
                 commissions[b], decision, accepted_at, None, None)
            )  # fmt: skip


COLUMNS = {
    "barter_network": "id, name, slug, departements, description, default_credit_limit, "
    "commission_rate, created_at",
    "barter_business": "id, network_id, legal_name, siret, kind, sector, description, address, "
    "postcode, commune, latitude, longitude, website, email, phone, status, status_reason, "
    "status_changed_at, status_changed_by_id, created_at, updated_at",
    "ledger_account": "id, network_id, business_id, kind, credit_limit, max_balance, balance, "
    "held, created_at",
    "barter_listing": "id, business_id, kind, nature, title, description, category_id, value, "
    "quantity, unit, vat_rate, valid_from, valid_until, status, is_remote, radius_km, "
    "moderation_reason, moderated_at, moderated_by_id, published_at, created_at, updated_at",
    "matching_matchingrun": "id, network_id, status, trigger, started_by_id, parameters, phase, "
    "progress, engine_status, objective, bound, stats, proposals_created, error, created_at, "
    "started_at, finished_at",
    "ledger_journaltransaction": "id, network_id, kind, memo, actor_id, idempotency_key, "
    "request_hash, reverses_id, created_at",
    "ledger_posting": "id, transaction_id, account_id, amount, balance_after",
    "barter_purchase": "id, network_id, listing_id, buyer_id, seller_id, quantity, unit_price, "
    "vat_rate, total_ht, total_vat, total, commission, message, status, status_note, "
    "requested_by_id, hold_id, settlement_id, created_at, updated_at, settled_at",
    "matching_proposal": "id, network_id, run_id, status, combination, total_value, expires_at, "
    "settlement_id, closed_reason, created_at, accepted_at, closed_at",
    "matching_proposalleg": "id, proposal_id, position, offer_id, want_id, giver_id, receiver_id, "
    "unit_price, vat_rate, value, score, explanation, delivered_at, confirmed_at",
    "matching_proposalparticipant": "id, proposal_id, business_id, gives, receives, commission, "
    "decision, decided_at, decided_by_id, hold_id",
}


def load(generator: Generator) -> None:
    """COPY every table, triggers off (replica), reset the id sequences, rebuild the reports'
    exchange lines from the loaded purchases and swaps, and analyse."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")
        for table, columns in COLUMNS.items():
            with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in generator.rows[table]:
                    copy.write_row(row)
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT COALESCE(MAX(id), 1) FROM {table}))"
            )
        cursor.execute("SET session_replication_role = DEFAULT")
        cursor.execute(
            "UPDATE matching_matchingrun r SET proposals_created = "
            "(SELECT COUNT(*) FROM matching_proposal p WHERE p.run_id = r.id)"
        )
    # The reports' read model, which the settling services keep and COPY bypassed.
    from reports.services import exchange_lines_rebuild

    t0 = time.perf_counter()
    count = exchange_lines_rebuild()
    print(f"reports_rebuild: {count} exchange lines in {time.perf_counter() - t0:.1f} s")
    connection.connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


def users():
    from django.contrib.auth import get_user_model

    from barter.models import Membership, Network

    User = get_user_model()
    coordinator = User.objects.create_user("bench-coordinator", password="x")  # noqa: S106
    Network.objects.get(pk=1).coordinators.add(coordinator)
    admin = User.objects.create_superuser("bench-admin", "admin@example.org", "x")
    owner = User.objects.create_user("bench-owner", password="x")  # noqa: S106
    from reports.periods import last_twelve_months
    from reports.selectors import business_flows  # the most active business: a full page

    flows = business_flows([1], last_twelve_months())
    busiest = max(flows.values(), key=lambda f: f.volume).business_id
    Membership.objects.create(user=owner, business_id=busiest, role="owner")
    return coordinator, admin, owner, busiest


def timed(client, url: str, repeat: int) -> dict:
    from django.db import connection

    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        t0 = time.perf_counter()
        response = client.get(url, secure=True)
        cold = time.perf_counter() - t0
    if response.status_code != 200:
        raise SystemExit(f"{url}: HTTP {response.status_code}\n{response.content[:2000]!r}")
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        client.get(url, secure=True)
        times.append(time.perf_counter() - t0)
    return {
        "cold": cold,
        "median": statistics.median(times) if times else cold,
        "queries": len(queries),
        "size": len(response.content),
    }


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--businesses", type=int, default=10_000)
    parser.add_argument("--postings", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs after the cold one")
    parser.add_argument("--keep", action="store_true", help="keep the bench database afterwards")
    parser.add_argument("--reuse", action="store_true", help="reuse a kept bench database")
    args = parser.parse_args()

    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        print("reports_bench needs PostgreSQL: set DATABASE_URL=postgres://…", file=sys.stderr)
        return 2
    name = "cyclotroc_reports_bench"
    database_url = bench_database_url(base, name)
    if not args.reuse:
        create_database(base, name)
    try:
        setup_django(database_url)
        warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers")
        logging.getLogger("weasyprint").setLevel(logging.WARNING)
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        from django.conf import settings

        settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
        # No collectstatic here: plain static URLs instead of the manifest's hashed names.
        settings.STORAGES = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client
        from django.utils import timezone

        if not args.reuse:
            call_command("migrate", verbosity=0)
            t0 = time.perf_counter()
            generator = Generator(businesses=args.businesses, postings=args.postings)
            generator.run(timezone.now())
            t1 = time.perf_counter()
            load(generator)
            t2 = time.perf_counter()
            print(
                f"generated {len(generator.rows['barter_business'])} businesses, "
                f"{len(generator.rows['ledger_posting'])} postings, "
                f"{len(generator.rows['ledger_journaltransaction'])} journal transactions, "
                f"{len(generator.rows['barter_purchase'])} purchases, "
                f"{sum(1 for p in generator.rows['matching_proposal'] if p[3] == 'settled')} "
                f"settled swaps ({len(generator.rows['matching_proposalleg'])} legs of "
                f"{len(generator.rows['matching_proposal'])} proposals) "
                f"in {t1 - t0:.0f} s, loaded in {t2 - t1:.0f} s"
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
            if not report.ok:
                return 1
            coordinator, admin, owner, busiest = users()
        else:
            from django.contrib.auth import get_user_model

            User = get_user_model()
            coordinator = User.objects.get(username="bench-coordinator")
            admin = User.objects.get(username="bench-admin")
            owner = User.objects.get(username="bench-owner")
            busiest = owner.memberships.get().business_id

        today = timezone.localdate()
        mid = (today.replace(day=1) - timedelta(days=170)).replace(day=1)
        periods = {
            "12 months": "",
            f"month {mid:%Y-%m}": f"?period=month&year={mid.year}&month={mid.month}",
        }
        sections = ["", "members/", "exchanges/", "cash/", "balances/", "listings/",
                    "matching/", "network/"]  # fmt: skip
        pages = []
        for label, query in periods.items():
            for section in sections:
                pages.append(
                    (f"dashboard {section or 'overview/'} {label}", coordinator,
                     f"/reports/networks/bench/{section}{query}")
                )  # fmt: skip
        from reports.dashboard import TABLE_SECTIONS

        for table in TABLE_SECTIONS:
            for fmt in ("csv", "xlsx"):
                pages.append(
                    (f"export {table}.{fmt}", coordinator,
                     f"/reports/networks/bench/export/{table}.{fmt}")
                )  # fmt: skip
        pages += [
            ("workbook tables.xlsx", coordinator, "/reports/networks/bench/tables.xlsx"),
            ("PDF report 12 months", coordinator, "/reports/networks/bench/report.pdf"),
            (f"PDF report month {mid:%Y-%m}", coordinator,
             f"/reports/networks/bench/report.pdf?period=month&year={mid.year}&month={mid.month}"),
            ("federation 12 months", admin, "/reports/federation/"),
            ("federation export.xlsx", admin, "/reports/federation/export.xlsx"),
            ("business page (busiest) 12 months", owner, f"/reports/businesses/{busiest}/"),
            ("business export swaps.csv", owner,
             f"/reports/businesses/{busiest}/export/business-swaps.csv"),
        ]  # fmt: skip
        clients = {}
        load_before = os.getloadavg()
        print(
            f"reports_bench: PostgreSQL {connection.pg_version // 10000}, {os.cpu_count()} CPUs, "
            f"load average {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; "
            f"cold run then median of {args.repeat}"
        )
        print(f"{'page':<52} {'cold s':>7} {'median s':>9} {'queries':>8} {'size':>10}  target")
        failures = 0
        for label, user, url in pages:
            if user.pk not in clients:
                clients[user.pk] = Client()
                clients[user.pk].force_login(user)
            r = timed(clients[user.pk], url, args.repeat if "PDF" not in label else 1)
            target = 10.0 if "PDF" in label else 1.0
            ok = r["median"] < target
            failures += not ok
            print(
                f"{label:<52} {r['cold']:>7.2f} {r['median']:>9.2f} {r['queries']:>8} "
                f"{r['size']:>10}  {'ok' if ok else 'OVER'} (< {target:g} s)"
            )
        load_after = os.getloadavg()
        print(
            f"load average after: {load_after[0]:.2f} {load_after[1]:.2f} {load_after[2]:.2f}; "
            f"{failures} page(s) over target"
        )
        connection.close()
        return 0 if failures == 0 else 1
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep:
            drop_database(base, name)


if __name__ == "__main__":
    sys.exit(main())
