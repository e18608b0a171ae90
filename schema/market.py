"""The market's records: declarations, credit events, supervision, valuations."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from strawberry import relay

from graph.domain import Ability
from schema.connections import CountedConnection
from schema.context import Info
from schema.enums import (
    CreditEventKind,
    DeclarationKind,
    FaultTolerance,
    ObjectionOutcome,
    SupervisionKind,
    SupervisionStatus,
    ValuationMethod,
)
from schema.loading import records_of
from schema.party import Party


@strawberry.type(description="A declaration or commitment of a market party 声明承诺 (article 25).")
class Declaration(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id.")
    kind: DeclarationKind = strawberry.field(description="Declaration or commitment 类型.")
    content: str = strawberry.field(description="What it declares or commits to 内容.")
    valid_from: date = strawberry.field(description="First day it holds 生效日期.")
    valid_to: date | None = strawberry.field(description="First day it no longer holds 失效日期.")
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    party_id: strawberry.Private[str]

    @strawberry.field(description="The declaring party 声明主体.")
    async def party(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.party_id)
        return party

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Declaration | None]:
        return await records_of(info, "Declaration", node_ids, cls.from_row)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Declaration:
        return cls(
            uid=row["id"],
            kind=DeclarationKind[row["kind"]],
            content=row["content"],
            valid_from=row["validFrom"],
            valid_to=row.get("validTo"),
            recorded_at=row["recordedAt"],
            party_id=row["partyId"],
        )


@strawberry.type(description="A credit event of the data market 信用事件 (article 26).")
class CreditEvent(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id.")
    kind: CreditEventKind = strawberry.field(description="Kind 类型.")
    occurred_on: date = strawberry.field(description="Day it took effect 发生日期.")
    ends_on: date | None = strawberry.field(description="For a penalty: first day after its term.")
    description: str = strawberry.field(description="What happened 说明.")
    outcome: ObjectionOutcome | None = strawberry.field(
        description="For an objection: its outcome 异议结果."
    )
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    party_id: strawberry.Private[str]
    target_id: strawberry.Private[str | None]

    @strawberry.field(description="The party concerned 涉及主体.")
    async def party(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.party_id)
        return party

    @strawberry.field(description="For a repair or objection: the event it concerns 关联事件.")
    async def target(self, info: Info) -> CreditEvent | None:
        if self.target_id is None:
            return None
        event: CreditEvent | None = await info.context.loaders.credit_event.load(self.target_id)
        return event

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[CreditEvent | None]:
        return await records_of(info, "CreditEvent", node_ids, cls.from_row)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> CreditEvent:
        return cls(
            uid=row["id"],
            kind=CreditEventKind[row["kind"]],
            occurred_on=row["occurredOn"],
            ends_on=row.get("endsOn"),
            description=row["description"],
            outcome=ObjectionOutcome[row["outcome"]] if row.get("outcome") else None,
            recorded_at=row["recordedAt"],
            party_id=row["partyId"],
            target_id=row.get("targetId"),
        )


@strawberry.type(description="A party's credit standing on a date 信用状况 (article 26).")
class CreditStatus:
    as_of: date = strawberry.field(description="The date 查询日期.")
    under_penalty: bool = strawberry.field(
        description="Under an active dishonesty penalty: it may not trade (rule 10)."
    )
    active_penalties: list[CreditEvent] = strawberry.field(description="Penalties in force.")
    incentives: list[CreditEvent] = strawberry.field(description="Trustworthiness incentives.")
    events: list[CreditEvent] = strawberry.field(description="Every credit event so far.")


@strawberry.type(description="A supervision action by a regulator 监管措施 (articles 23–28).")
class SupervisionAction(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id.")
    kind: SupervisionKind = strawberry.field(description="Kind 类型.")
    findings: str = strawberry.field(description="Findings 检查发现.")
    taken_on: date = strawberry.field(description="Day it was taken 采取日期.")
    deadline: date | None = strawberry.field(description="Rectification deadline 整改期限.")
    recorded_status: strawberry.Private[SupervisionStatus]
    fault_tolerance: FaultTolerance = strawberry.field(
        description="Fault-tolerance outcome 容错结果 (article 28)."
    )
    fault_tolerance_reason: str | None = strawberry.field(description="Why 容错理由.")
    regulator: str = strawberry.field(description="Who took it 监管人员.")
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    party_id: strawberry.Private[str]

    @strawberry.field(description="Status on a date: open actions past their deadline are overdue.")
    def status(
        self,
        info: Info,
        as_of: Annotated[
            date | None, strawberry.argument(description="The date; default today.")
        ] = None,
    ) -> SupervisionStatus:
        day = as_of or info.context.present.valid_at
        late = self.deadline is not None and day > self.deadline
        if self.recorded_status is SupervisionStatus.OPEN and late:
            return SupervisionStatus.OVERDUE
        return self.recorded_status

    @strawberry.field(description="The party supervised 被监管主体.")
    async def party(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.party_id)
        return party

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[SupervisionAction | None]:
        return await records_of(info, "SupervisionAction", node_ids, cls.from_row)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> SupervisionAction:
        return cls(
            uid=row["id"],
            kind=SupervisionKind[row["kind"]],
            findings=row["findings"],
            taken_on=row["takenOn"],
            deadline=row.get("deadline"),
            recorded_status=SupervisionStatus[row["status"]],
            fault_tolerance=FaultTolerance[row.get("faultTolerance") or "NONE"],
            fault_tolerance_reason=row.get("faultToleranceReason"),
            regulator=row["regulator"],
            recorded_at=row["recordedAt"],
            party_id=row["partyId"],
        )


@strawberry.type(description="A valuation of a data asset 数据资产评估 (article 18).")
class Valuation(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id.")
    method: ValuationMethod = strawberry.field(description="Method 评估方法.")
    amount: Decimal = strawberry.field(description="Value 评估值.")
    currency: str = strawberry.field(description="Currency (ISO 4217).")
    valued_on: date = strawberry.field(description="Valuation date 评估基准日.")
    purpose: str = strawberry.field(description="Why it was valued, e.g. 数据资产入表.")
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    appraiser_id: strawberry.Private[str]

    @strawberry.field(description="The appraising agency 评估机构.")
    async def appraiser(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.appraiser_id)
        return party

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Valuation | None]:
        rows = await info.context.loaders.record.load_many([("Valuation", i) for i in node_ids])
        if Ability.READ_REGISTRY not in info.context.abilities:
            # the public sees a valuation only of an asset it may see
            seen = await info.context.assets([row["objectId"] for row in rows if row])
            visible = {asset.uid for asset in seen}
            rows = [row if row and row["objectId"] in visible else None for row in rows]
        return [cls.from_row(row) if row else None for row in rows]

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Valuation:
        return cls(
            uid=row["id"],
            method=ValuationMethod[row["method"]],
            amount=Decimal(str(row["amount"])),
            currency=row["currency"],
            valued_on=row["valuedOn"],
            purpose=row["purpose"],
            recorded_at=row["recordedAt"],
            appraiser_id=row["appraiserId"],
        )


@strawberry.input(description="A declaration or commitment to record 登记声明承诺.")
class RecordDeclarationInput:
    party_id: strawberry.ID = strawberry.field(description="Global id of the party.")
    kind: DeclarationKind = strawberry.field(description="Declaration or commitment.")
    content: str = strawberry.field(description="Its text.")
    valid_from: date = strawberry.field(description="First day it holds.")
    valid_to: date | None = strawberry.field(
        default=None, description="First day it no longer does."
    )


@strawberry.input(description="A credit event to record 登记信用事件.")
class RecordCreditEventInput:
    party_id: strawberry.ID = strawberry.field(description="Global id of the party.")
    kind: CreditEventKind = strawberry.field(description="Kind of event.")
    occurred_on: date = strawberry.field(description="Day it takes effect.")
    ends_on: date | None = strawberry.field(
        default=None, description="For a penalty: first day after its term."
    )
    description: str = strawberry.field(description="What happened.")
    target_event_id: strawberry.ID | None = strawberry.field(
        default=None, description="For a repair or objection: the event it concerns."
    )


@strawberry.input(description="The outcome of a credit objection 异议处理结果.")
class ResolveCreditObjectionInput:
    objection_id: strawberry.ID = strawberry.field(description="Global id of the objection.")
    upheld: bool = strawberry.field(description="True annuls the disputed event.")
    reason: str = strawberry.field(description="The reasoning.")


@strawberry.input(description="A supervision action to record 登记监管措施.")
class RecordSupervisionInput:
    party_id: strawberry.ID = strawberry.field(description="Global id of the party supervised.")
    kind: SupervisionKind = strawberry.field(description="Kind of action.")
    findings: str = strawberry.field(description="Findings.")
    taken_on: date = strawberry.field(description="Day it was taken.")
    deadline: date | None = strawberry.field(default=None, description="Rectification deadline.")


@strawberry.input(description="A change to a supervision action 更新监管措施.")
class UpdateSupervisionInput:
    action_id: strawberry.ID = strawberry.field(description="Global id of the action.")
    status: SupervisionStatus | None = strawberry.field(default=None, description="New status.")
    fault_tolerance: FaultTolerance | None = strawberry.field(
        default=None, description="Fault-tolerance outcome (article 28)."
    )
    fault_tolerance_reason: str | None = strawberry.field(
        default=None, description="Why; required with a fault-tolerance outcome."
    )


@strawberry.input(description="A valuation to record 登记数据资产评估.")
class RecordValuationInput:
    object_id: strawberry.ID = strawberry.field(description="Global id of the asset.")
    method: ValuationMethod = strawberry.field(description="Method.")
    amount: Decimal = strawberry.field(description="Value.")
    currency: str = strawberry.field(default="CNY", description="Currency.")
    appraiser_id: strawberry.ID = strawberry.field(
        description="Global id of the appraiser, a third-party agency."
    )
    valued_on: date = strawberry.field(description="Valuation date.")
    purpose: str = strawberry.field(
        default="数据资产入表", description="Why: balance-sheet recognition by default."
    )


@strawberry.type(description="A page of credit events 信用事件列表.")
class CreditEventConnection(CountedConnection[CreditEvent]):
    pass


@strawberry.type(description="A page of supervision actions 监管措施列表.")
class SupervisionActionConnection(CountedConnection[SupervisionAction]):
    pass
