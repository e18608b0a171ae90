"""Income of a trade split among the parties along the traded asset's lineage."""

from __future__ import annotations

from decimal import Decimal

import strawberry

from graph import impact as graph_impact
from graph import transactions
from graph.history import TimePoint
from resolvers.context import Context
from resolvers.errors import QueryInputError
from resolvers.income import Weighting, lineage_split
from resolvers.lineage import WalkFilters, walk
from schema.enums import ErrorCode, LineageDirection
from schema.transaction import CENT, IncomeDistribution, IncomeShare, money


async def income_along_lineage(
    info: strawberry.Info[Context, None], transaction_id: str, weighting: Weighting, depth: int
) -> IncomeDistribution:
    ctx = info.context
    if weighting.source < 0 or weighting.processing < 0 or not 0 < weighting.decay <= 1:
        raise QueryInputError(
            ErrorCode.INVALID_INPUT, "decay", "weights are not negative and decay is in (0, 1]"
        )
    rows = await transactions.transactions_by_ids(ctx.db, [transaction_id])
    if transaction_id not in rows:
        raise QueryInputError(ErrorCode.NOT_FOUND, "transactionId", "no such transaction")
    trade = rows[transaction_id]
    at = TimePoint(trade["tradeDate"], ctx.present.recorded_at)
    upstream = await walk(
        ctx, trade["objectId"], LineageDirection.UPSTREAM, depth, 2000, WalkFilters(), at
    )
    depths = {trade["objectId"]: 0, **{n.asset_id: n.depth for n in upstream.all_nodes}}
    sources = await graph_impact.sources(ctx.db, list(depths))
    split = lineage_split(
        trade["sellerId"],
        depths,
        sources,
        [(edge.from_id, edge.performer_id) for edge in upstream.all_edges],
        weighting,
    )
    gross, costs = money(trade["price"]), money(trade.get("costs") or 0)
    net = max(gross - costs, Decimal(0))
    return IncomeDistribution(
        public_data=bool(trade.get("incomePublic")),
        gross=gross,
        costs=costs,
        net=net,
        government_pool=net if trade.get("incomePublic") else Decimal(0),
        contributors=[
            IncomeShare(
                share=share,
                amount=(net * Decimal(str(share))).quantize(CENT),
                basis=basis,
                party_id=party,
            )
            for party, share, basis in zip(split.party_ids, split.shares, split.bases, strict=True)
        ],
        currency=trade["currency"],
    )
