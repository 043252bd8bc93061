"""The seeding steps, one module per thing they seed, run in the order of `STEPS`.

A step is a function `step(context: DemoContext) -> None`. It reads what the steps before it
made from the context (networks, coordinators, businesses with their owners, listings, planted
cycles), writes through the apps' services as a member or a coordinator would, and records in
the context what later steps need. `demo.services.demo_seed` runs them all in one transaction.

- networks.py — the networks and their coordinators; the administrator
- businesses.py — registration and approval of every business; suspensions
- listings.py — planted exchange cycles, then everyday offers, wants and idle assets
- dates.py — registration and publication dates spread over the past
- purchases.py — direct purchases, most settled on the ledger (with invoices)
- swaps.py — monthly matching runs and what became of their proposals

The ledger's history and the reports' read model have no step of their own: the purchases and
swaps settle through the services, which post to the ledger and project the exchange lines.

See demo/README.md for how to add a step.
"""

from __future__ import annotations

from collections.abc import Callable

from ..context import DemoContext
from .businesses import seed_businesses, seed_suspensions
from .dates import seed_past_dates
from .listings import seed_cycles, seed_listings
from .networks import seed_admin, seed_networks
from .purchases import seed_purchases
from .swaps import seed_swaps

STEPS: list[Callable[[DemoContext], None]] = [
    seed_networks,
    seed_admin,
    seed_businesses,
    seed_cycles,
    seed_listings,
    seed_suspensions,
    seed_past_dates,
    seed_purchases,
    seed_swaps,
]
