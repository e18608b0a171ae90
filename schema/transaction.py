"""Transaction: a trade of a data resource or product 数据交易."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import strawberry
from strawberry import relay

from schema.asset import DataAsset
from schema.connections import CountedConnection
from schema.context import Info
from schema.enums import IntermediaryRole, PricingMode, RightKind, TransactionMode
from schema.party import Party
from schema.right import Right


@strawberry.type(description="An intermediary in a trade, in its role 交易中介.")
class Intermediary:
    role: IntermediaryRole = strawberry.field(description="Its role 角色.")
    party_id: strawberry.Private[str]

    @strawberry.field(description="The intermediary 中介机构.")
    async def party(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.party_id)
        return party


@strawberry.type(description="A contributor's share of a trade's income 收益分配份额.")
class IncomeShare:
    share: float = strawberry.field(description="Fraction of the net income, 0–1.")
    amount: Decimal = strawberry.field(description="Amount 金额.")
    basis: str = strawberry.field(description="Why this share 分配依据.")
    party_id: strawberry.Private[str]

    @strawberry.field(description="The contributing party 贡献方.")
    async def party(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.party_id)
        return party


@strawberry.type(
    description="How a trade's income is distributed (article 15: who invests, contributes, "
    "benefits) 收益分配."
)
class IncomeDistribution:
    public_data: bool = strawberry.field(
        description="Income of public-data authorized operation, for the government pool."
    )
    gross: Decimal = strawberry.field(description="Price 成交金额.")
    costs: Decimal = strawberry.field(description="Costs deducted 成本.")
    net: Decimal = strawberry.field(description="Net income 净收益.")
    government_pool: Decimal = strawberry.field(
        description="Net public-data income due to the government for public data governance "
        "公共数据治理资金."
    )
    contributors: list[IncomeShare] = strawberry.field(
        description="For public data: the source departments and their contribution, a basis "
        "for fiscal weighting; otherwise the seller."
    )
    currency: str = strawberry.field(description="Currency (ISO 4217).")


@strawberry.type(
    description="A data trade 数据交易: seller, buyer, asset, the right conveyed, price, the "
    "exchange and intermediaries, and whether it crossed the border (article 19)."
)
class Transaction(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id of the trade.")
    number: str = strawberry.field(description="Trade number 交易编号.")
    mode: TransactionMode = strawberry.field(description="Transfer or licence 交易方式.")
    right_kind: RightKind = strawberry.field(description="Kind of right conveyed 交易的权利.")
    price: Decimal = strawberry.field(description="Price 价格.")
    currency: str = strawberry.field(description="Currency (ISO 4217).")
    pricing_mode: PricingMode = strawberry.field(description="Pricing mode 定价方式.")
    costs: Decimal = strawberry.field(description="Costs of the trade, for income distribution.")
    trade_date: date = strawberry.field(description="Day of the trade 交易日期.")
    cross_border: bool = strawberry.field(description="Whether the data leaves China 是否出境.")
    destination_country: str | None = strawberry.field(
        description="Destination country (ISO 3166-1) 目的国."
    )
    security_assessment_ref: str | None = strawberry.field(
        description="Security assessment of an export of important data 安全评估编号."
    )
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    seller_id: strawberry.Private[str]
    buyer_id: strawberry.Private[str]
    object_id: strawberry.Private[str]
    object_type: strawberry.Private[str]
    exchange_id: strawberry.Private[str | None]
    conveyed_right_id: strawberry.Private[str | None]
    intermediary_list: strawberry.Private[list[Intermediary]]
    distribution: strawberry.Private[IncomeDistribution | None]

    @strawberry.field(name="uid", description="Registry id, without the type prefix of `id`.")
    def registry_id(self) -> str:
        return self.uid

    @strawberry.field(description="Seller 卖方.")
    async def seller(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.seller_id)
        return party

    @strawberry.field(description="Buyer 买方.")
    async def buyer(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.buyer_id)
        return party

    @strawberry.field(description="The data exchange it went through 数据交易场所.")
    async def exchange(self, info: Info) -> Party | None:
        if self.exchange_id is None:
            return None
        party: Party | None = await info.context.loaders.party.load(self.exchange_id)
        return party

    @strawberry.field(description="Intermediaries in their roles 中介.")
    def intermediaries(self) -> list[Intermediary]:
        return self.intermediary_list

    @strawberry.field(description="The resource or product traded 交易标的.")
    async def object(self, info: Info) -> DataAsset | None:
        loaders = info.context.loaders
        loader = loaders.resource if self.object_type == "DataResource" else loaders.product
        asset: Any = await loader.load((self.object_id, info.context.present))
        return asset

    @strawberry.field(description="The buyer's right created by the trade 买方取得的权利.")
    async def conveyed_right(self, info: Info) -> Right | None:
        if self.conveyed_right_id is None:
            return None
        right: Right | None = await info.context.loaders.right_any_time.load(self.conveyed_right_id)
        return right

    @strawberry.field(description="How its income is distributed (article 15) 收益分配.")
    def income_distribution(self) -> IncomeDistribution | None:
        return self.distribution

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Transaction | None]:
        return list(await info.context.loaders.transaction.load_many(list(node_ids)))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Transaction:
        return cls(
            uid=row["id"],
            number=row["number"],
            mode=TransactionMode[row["mode"]],
            right_kind=RightKind[row["rightKind"]],
            price=money(row["price"]),
            currency=row["currency"],
            pricing_mode=PricingMode[row["pricingMode"]],
            costs=money(row.get("costs") or 0),
            trade_date=row["tradeDate"],
            cross_border=bool(row.get("crossBorder")),
            destination_country=row.get("destinationCountry"),
            security_assessment_ref=row.get("securityAssessmentRef"),
            recorded_at=row["recordedAt"],
            seller_id=row["sellerId"],
            buyer_id=row["buyerId"],
            object_id=row["objectId"],
            object_type=row["objectType"],
            exchange_id=row.get("exchangeId"),
            conveyed_right_id=row.get("conveyedRightId"),
            intermediary_list=[
                Intermediary(role=IntermediaryRole[role], party_id=party_id)
                for party_id, role in zip(
                    row.get("intermediaryIds") or [],
                    row.get("intermediaryRoles") or [],
                    strict=True,
                )
            ],
            distribution=_distribution(row),
        )


def money(value: float | int | str) -> Decimal:
    """Amounts are kept to the fen (0.01)."""
    return Decimal(str(value)).quantize(CENT)


CENT = Decimal("0.01")


def _distribution(row: dict[str, Any]) -> IncomeDistribution:
    """The split stored with the trade when it was recorded (see resolvers/income.py)."""
    gross = money(row["price"])
    costs = money(row.get("costs") or 0)
    net = max(gross - costs, Decimal(0))
    public = bool(row.get("incomePublic"))
    shares = row.get("incomeShares") or []
    return IncomeDistribution(
        public_data=public,
        gross=gross,
        costs=costs,
        net=net,
        government_pool=net if public else Decimal(0),
        contributors=[
            IncomeShare(
                share=share,
                amount=(net * Decimal(str(share))).quantize(CENT),
                basis=basis,
                party_id=party_id,
            )
            for party_id, share, basis in zip(
                row.get("incomePartyIds") or [], shares, row.get("incomeBases") or [], strict=True
            )
        ],
        currency=row["currency"],
    )


@strawberry.input(description="An intermediary of a trade to record 交易中介.")
class IntermediaryInput:
    party_id: strawberry.ID = strawberry.field(description="Global id of the intermediary.")
    role: IntermediaryRole = strawberry.field(description="Its role.")


@strawberry.input(description="A trade to record 交易登记.")
class RecordTransactionInput:
    seller_id: strawberry.ID = strawberry.field(description="Global id of the seller.")
    buyer_id: strawberry.ID = strawberry.field(description="Global id of the buyer.")
    right_id: strawberry.ID = strawberry.field(
        description="Global id of the seller's right sold (transfer) or licensed from."
    )
    mode: TransactionMode = strawberry.field(description="Transfer or licence.")
    licensed_kind: RightKind | None = strawberry.field(
        default=None,
        description="For a licence: PROCESSING_USE or PRODUCT_OPERATION; default: "
        "processing-and-use from a holding right, otherwise the seller's kind.",
    )
    licence_ends: date | None = strawberry.field(
        default=None, description="For a licence: first day after its term."
    )
    price: Decimal = strawberry.field(description="Price.")
    currency: str = strawberry.field(default="CNY", description="Currency (ISO 4217).")
    pricing_mode: PricingMode = strawberry.field(description="Pricing mode (rule 6).")
    costs: Decimal = strawberry.field(
        default=Decimal(0), description="Costs to deduct for income distribution."
    )
    trade_date: date = strawberry.field(description="Day of the trade.")
    exchange_id: strawberry.ID | None = strawberry.field(
        default=None, description="Global id of the data exchange it went through."
    )
    intermediaries: list[IntermediaryInput] = strawberry.field(
        default_factory=list, description="Brokers, appraisers, custodians, consultants."
    )
    cross_border: bool | None = strawberry.field(
        default=None,
        description="Data leaves China 是否出境. Omitted, it follows from the buyer: true for a "
        "foreign buyer, false otherwise; false with a foreign buyer is refused (article 19).",
    )
    destination_country: str | None = strawberry.field(
        default=None,
        description="ISO 3166-1 code of the destination, for a cross-border trade 目的国. "
        "Omitted, a foreign buyer's country; another than the foreign buyer's is refused.",
    )
    security_assessment_ref: str | None = strawberry.field(
        default=None, description="Security assessment of important data going abroad."
    )


@strawberry.input(description="Filters of a transaction list 交易筛选条件.")
class TransactionFilter:
    party_id: strawberry.ID | None = strawberry.field(
        default=None, description="Trades where this party sold, bought or intermediated."
    )
    object_id: strawberry.ID | None = strawberry.field(default=None, description="The asset.")
    cross_border: bool | None = strawberry.field(default=None, description="Cross-border only.")
    exchange_id: strawberry.ID | None = strawberry.field(default=None, description="Exchange.")
    since: date | None = strawberry.field(default=None, description="On or after this day.")
    until: date | None = strawberry.field(default=None, description="Before this day.")


@strawberry.type(description="A page of transactions 交易列表.")
class TransactionConnection(CountedConnection[Transaction]):
    pass
