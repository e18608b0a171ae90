"""Article 15, "who invests, who contributes, who benefits": the income split of a trade.

At the trade:
- Data of public origin, a resource of public origin or a product made only from such
  resources (public data, or data derived from it through any processing, anonymization
  included, as for pricing): the net income (price less costs) is due to the government for
  public data governance, and the source departments are listed with their
  contribution. Each public input counts once, so a department that
  supplied two of three inputs contributes 2/3. This is the basis of the
  fiscal weighting of article 15.
- Any other asset: the seller takes the whole net income.

Along lineage (`incomeAlongLineage`): source units and processing parties upstream of the
traded asset share it by a documented, configurable weighting (`Weighting`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from decimal import Decimal
from typing import Annotated, Any

import strawberry

from graph import impact as graph_impact
from graph import transactions
from graph.classification import PUBLIC
from graph.domain import ErrorCode
from graph.history import TimePoint
from resolvers.context import Context
from resolvers.errors import QueryInputError
from resolvers.fields import Info, arg
from resolvers.ids import filter_id
from resolvers.lineage import WalkFilters, walk
from schema.enums import LineageDirection
from schema.permissions import CanReadRegistry
from schema.transaction import CENT, IncomeDistribution, IncomeShare, money


@dataclass(frozen=True)
class Split:
    public: bool
    party_ids: list[str]
    shares: list[float]
    bases: list[str]


def income_split(
    object_type: str,
    object_state: dict[str, Any],
    inputs: list[dict[str, Any]],
    seller_id: str,
    public_origin: set[str],
) -> Split:
    """`inputs` are the resource records a product is made from (empty for a resource);
    `public_origin` the ids among them and the object that are of public origin (public, or
    derived from public data through any processing: graph/classification.py), the same
    test rule 6 prices by."""
    sources = [object_state] if object_type == "DataResource" else inputs
    public = bool(sources) and all(
        s.get("category") == PUBLIC or s["id"] in public_origin for s in sources
    )
    if not public:
        return Split(False, [seller_id], [1.0], ["seller 卖方"])
    counts = Counter(s["sourceId"] for s in sources)
    total = sum(counts.values())
    party_ids = sorted(counts)
    return Split(
        True,
        party_ids,
        [counts[p] / total for p in party_ids],
        [
            f"source of {counts[p]} of {total} public inputs 提供{counts[p]}/{total}项公共数据"
            for p in party_ids
        ],
    )


# Along lineage (the lineage issue's extension of article 15):
#   score(source unit of a resource d hops upstream)   = sourceWeight     * decay ** d
#   score(performer of a hop whose output is d hops up) = processingWeight * decay ** d
#   share = score / sum of scores; the seller is the performer at d = 0.
# Defaults 1.0, 0.5 and 0.5: the data's origin counts most, each hop further away half as much.


@dataclass(frozen=True)
class Weighting:
    source: float = 1.0
    processing: float = 0.5
    decay: float = 0.5


def lineage_split(
    seller_id: str,
    depths: dict[str, int],
    sources: dict[str, str],
    hops: list[tuple[str, str | None]],
    weighting: Weighting,
) -> Split:
    """`depths`: asset → hops above the traded asset (it is 0); `sources`: resource → source
    unit; `hops`: (derived asset, performer) for every hop of the walk."""
    scores: Counter[str] = Counter()
    bases: dict[str, set[str]] = {}

    def credit(party: str, score: float, basis: str) -> None:
        scores[party] += score  # type: ignore[assignment]
        bases.setdefault(party, set()).add(basis)

    credit(seller_id, weighting.processing, "seller 卖方")
    for asset, source in sources.items():
        credit(source, weighting.source * weighting.decay ** depths[asset], "source 来源")
    for derived, performer in hops:
        if performer:
            credit(
                performer,
                weighting.processing * weighting.decay ** depths.get(derived, 0),
                "processing 加工",
            )
    total = sum(scores.values())
    party_ids = sorted(scores, key=lambda p: -scores[p])
    return Split(
        public=False,
        party_ids=party_ids,
        shares=[scores[p] / total for p in party_ids],
        bases=[" + ".join(sorted(bases[p])) for p in party_ids],
    )


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


@strawberry.type(description="Reading income along lineage 收益分配.")
class IncomeQuery:
    @strawberry.field(
        description="A trade's income split among the parties along its asset's lineage "
        "(article 15: who invests, contributes, benefits) 沿血缘的收益分配. Each source unit "
        "weighs sourceWeight, each processing party processingWeight, and every hop further "
        "upstream counts `decay` times less; the seller is the processor at the trade.",
        permission_classes=[CanReadRegistry],
    )
    async def income_along_lineage(
        self,
        info: Info,
        transaction_id: Annotated[strawberry.ID, arg("Global id of the trade.")],
        source_weight: Annotated[float, arg("Weight of a source unit.")] = 1.0,
        processing_weight: Annotated[float, arg("Weight of a processing party.")] = 0.5,
        decay: Annotated[float, arg("Factor per hop upstream, in (0, 1].")] = 0.5,
        depth: Annotated[int, arg("Most hops upstream (1–20).")] = 10,
    ) -> IncomeDistribution:
        return await income_along_lineage(
            info,
            filter_id(transaction_id, "transactionId", "Transaction") or "",
            Weighting(source_weight, processing_weight, decay),
            depth,
        )
