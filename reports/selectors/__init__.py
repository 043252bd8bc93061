"""The reports' reads: every measure of the coordinators' dashboards, aggregated in the database.

Definitions (docs/reports.md says the same for coordinators):

- An *exchange* is a settled direct purchase (a `Purchase` with its settling journal transaction,
  kind purchase) or a leg of a settled swap (a `ProposalLeg` of a `Proposal` with its settling
  transaction, kind swap). It is dated by its journal transaction's `created_at`, in local time
  (Europe/Paris). An exchange whose journal transaction was later reversed is not counted.
- *Volume*: the credits the buyers (purchases) and the receivers (swap legs) paid for the
  exchanges of the period, VAT included: `Purchase.total` and `ProposalLeg.value`.
- *Cash preserved* by a business: what it acquired paying in credits in the period (as a buyer,
  and as a receiver of swap legs), the euros it did not have to spend; the total over the
  businesses is the volume. Its sales in credits are shown beside it, not added to it (each euro
  not spent is counted once, on the side that did not spend it).
- *Commission collected*: what the network's account received from the period's settlements.
- *Social economy ↔ classic*: an exchange links the two families when one side is a
  social-economy structure (`SOCIAL_ECONOMY_KINDS`) and the other a classic firm, by the
  businesses' current legal form; the share is that volume over the total volume.
- *Balance at an instant*: the sum of the account's postings whose transaction is dated before it.

Every function takes the ids of the networks to report on; results are grouped per network where
the federation view needs them side by side.

One module per report, its SQL beside it:

- `exchanges.py` — exchanges per month, by family, swaps by number of participants, commission
- `cash.py` — what each business bought, sold, received and gave; cash preserved
- `graph.py` — the exchange network: who trades with whom
- `members.py` — members by family, legal form and sector; trading and dormant members
- `balances.py` — balances at an instant, their distribution, accounts near their limit
- `listings.py` — offers and wants per category, unmet wants, unused assets put back to use
- `funnel.py` — the matching funnel per run
- `members_map.py` — the active members on the map
- `key_figures.py` — each network's headline figures (the summary, the federation view)
- `business.py` — one business's own report

and what they share in one place: `lines.py` (the SQL of the period's exchange lines, the read
model every report aggregates), `shared.py` (families, raw-SQL helpers, JIT off) and
`access.py` (who may read which report). The callers import from `reports.selectors`.
"""

from .access import report_business_visible_to, report_networks
from .balances import (
    AccountRow,
    BalancesReport,
    HistogramBucket,
    balances_report,
    balances_sql,
    histogram_edges,
)
from .business import BusinessReport, business_report, settled_legs, settled_purchases
from .cash import BusinessFlows, CashReport, business_flows, cash_report
from .exchanges import (
    ExchangesReport,
    FamilyCell,
    MonthRow,
    commission_by_network,
    exchanges_report,
    exchanges_volume,
)
from .funnel import FunnelReport, FunnelRow, funnel_report
from .graph import GraphReport, exchange_graph
from .key_figures import KeyFigures, key_figures
from .lines import lines_sql, month_bucket_sql, reversed_transactions
from .listings import (
    CategoryRow,
    ListingsReport,
    listings_report,
    marketplace_listings,
    unmet_wants,
)
from .members import (
    MemberGroup,
    MembersReport,
    dormancy_window,
    dormant_businesses,
    members_report,
    trading_by_index,
)
from .members_map import active_members_for_map
from .shared import CLASSIC, ESS, analytic_queries, ratio

__all__ = [
    "CLASSIC",
    "ESS",
    "AccountRow",
    "BalancesReport",
    "BusinessFlows",
    "BusinessReport",
    "CashReport",
    "CategoryRow",
    "ExchangesReport",
    "FamilyCell",
    "FunnelReport",
    "FunnelRow",
    "GraphReport",
    "HistogramBucket",
    "KeyFigures",
    "ListingsReport",
    "MemberGroup",
    "MembersReport",
    "MonthRow",
    "active_members_for_map",
    "analytic_queries",
    "balances_report",
    "balances_sql",
    "business_flows",
    "business_report",
    "cash_report",
    "commission_by_network",
    "dormancy_window",
    "dormant_businesses",
    "exchange_graph",
    "exchanges_report",
    "exchanges_volume",
    "funnel_report",
    "histogram_edges",
    "key_figures",
    "lines_sql",
    "listings_report",
    "marketplace_listings",
    "members_report",
    "month_bucket_sql",
    "ratio",
    "report_business_visible_to",
    "report_networks",
    "reversed_transactions",
    "settled_legs",
    "settled_purchases",
    "trading_by_index",
    "unmet_wants",
]
