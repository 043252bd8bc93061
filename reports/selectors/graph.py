"""Report: the exchange network, who trades with whom among the most active businesses."""

from __future__ import annotations

from dataclasses import dataclass

from barter.models import Business

from ..periods import Period
from .cash import BusinessFlows
from .lines import lines_sql
from .shared import as_int, fetch_all, placeholders


@dataclass
class GraphReport:
    nodes: list[BusinessFlows]  # the top businesses by volume
    edges: list[tuple[int, int, int, int]]  # (buyer id, seller id, exchanges, volume)
    total_businesses: int  # businesses that took part in an exchange
    shown_volume: int  # volume of the edges drawn
    total_volume: int


def exchange_graph(
    network_ids, period: Period, *, top: int = 30, flows: dict | None = None
) -> GraphReport:
    """Who trades with whom: the `top` businesses by volume (both sides) and the credits that
    flowed between each pair of them in the period (purchases and swap legs, buyer → seller).
    One statement: the volumes, the top, the pairs among the top; or, with the businesses'
    `flows` read already, only the lines of the top businesses."""
    if flows is not None:
        ranked = sorted(flows.values(), key=lambda f: (-f.volume, f.business_id))[:top]
        ids = [f.business_id for f in ranked]
        edges = []
        if ids:
            lines, params = lines_sql(network_ids, period.start_at, period.end_at, business_ids=ids)
            marks, id_params = placeholders(ids)
            edges = [
                (b, s_, n, as_int(v))
                for b, s_, n, v in fetch_all(
                    f"WITH lines AS ({lines}) SELECT buyer_id, seller_id, COUNT(*), SUM(value) "  # noqa: S608
                    f"FROM lines WHERE buyer_id IN ({marks}) AND seller_id IN ({marks}) "
                    "GROUP BY buyer_id, seller_id",
                    [*params, *id_params, *id_params],
                )
            ]
        edges.sort(key=lambda e: (-e[3], e[0], e[1]))
        return GraphReport(
            nodes=sorted(ranked, key=lambda f: (-f.volume, f.name)),
            edges=edges,
            total_businesses=len(flows),
            shown_volume=sum(e[3] for e in edges),
            total_volume=sum(f.cash_preserved for f in flows.values()),
        )
    lines, params = lines_sql(network_ids, period.start_at, period.end_at)
    rows = fetch_all(
        f"WITH lines AS ({lines}), "  # noqa: S608
        "sides AS (SELECT buyer_id AS id, value AS bought, 0 AS sold FROM lines "
        "UNION ALL SELECT seller_id, 0, value FROM lines), "
        "volumes AS (SELECT id, SUM(bought) AS bought, SUM(sold) AS sold, "
        "SUM(bought) + SUM(sold) AS volume FROM sides GROUP BY id), "
        "top AS (SELECT id FROM volumes ORDER BY volume DESC, id LIMIT %s) "
        "SELECT 0, id, 0, bought, sold FROM volumes WHERE id IN (SELECT id FROM top) "
        "UNION ALL SELECT 1, buyer_id, seller_id, COUNT(*), SUM(value) FROM lines "
        "WHERE buyer_id IN (SELECT id FROM top) AND seller_id IN (SELECT id FROM top) "
        "GROUP BY buyer_id, seller_id "
        "UNION ALL SELECT 2, COUNT(*), 0, 0, SUM(volume) FROM volumes",
        [*params, top],
    )
    nodes = {
        pk: BusinessFlows(pk, bought=as_int(bought), sold=as_int(sold))
        for kind, pk, _s, bought, sold in rows
        if kind == 0
    }
    for pk, name, kind in Business.objects.filter(pk__in=list(nodes)).values_list(
        "pk", "legal_name", "kind"
    ):
        nodes[pk].name, nodes[pk].kind = name, kind
    edges = sorted(
        ((b, s, n, as_int(v)) for kind, b, s, n, v in rows if kind == 1),
        key=lambda e: (-e[3], e[0], e[1]),
    )
    total_businesses, both_sides = next(((r[1], as_int(r[4])) for r in rows if r[0] == 2), (0, 0))
    return GraphReport(
        nodes=sorted(nodes.values(), key=lambda f: (-f.volume, f.name)),
        edges=edges,
        total_businesses=total_businesses,
        shown_volume=sum(e[3] for e in edges),
        total_volume=both_sides // 2,
    )
