"""The market's records: declarations (article 25), credit events (26), supervision
(23, 24, 27, 28) and valuations (18)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, TypeVar

import strawberry
from pydantic import Field, field_validator

from graph import market, parties
from graph.db import Row
from graph.domain import ErrorCode
from resolvers.context import Context
from resolvers.errors import Refusal, answers_refusals, user_error
from resolvers.fields import PAGE, Key, arg, paged, result_union, supervises, writes
from resolvers.ids import decode_id, filter_id, not_found
from resolvers.jurisdiction import jurisdiction_violations, timeline_in_jurisdiction
from resolvers.pagination import PageArgs, paginate
from resolvers.validation import InputModel, valid_to_after_valid_from, validated
from resolvers.writes import Locks, Write, Written, plain_inputs, run_write
from schema.enums import (
    CreditEventKind,
    CreditEventSortField,
    FaultTolerance,
    SortDirection,
    SupervisionSortField,
    SupervisionStatus,
)
from schema.errors import Rejection
from schema.market import (
    CreditEvent,
    CreditEventConnection,
    Declaration,
    RecordCreditEventInput,
    RecordDeclarationInput,
    RecordSupervisionInput,
    RecordValuationInput,
    ResolveCreditObjectionInput,
    SupervisionAction,
    SupervisionActionConnection,
    UpdateSupervisionInput,
    Valuation,
)
from schema.permissions import CanReadRegistry

Info = strawberry.Info[Context, None]
T = TypeVar("T")


async def _answer(ctx: Context, written: Written, make: Callable[[Row], T]) -> T:
    rows = await market.records_by_ids(ctx.db, written.affected_ids[:1])
    return make(rows[written.affected_ids[0]])


def _party_id(value: str, field: str) -> str:
    return decode_id(value, field, "Party")[1]


class DeclarationRecord(InputModel):
    content: str = Field(min_length=4, max_length=4000)
    valid_from: date
    valid_to: date | None = None

    _interval = field_validator("valid_to")(valid_to_after_valid_from)


@answers_refusals
async def record_declaration(
    info: Info, input: RecordDeclarationInput, key: str | None
) -> Declaration:
    ctx = info.context
    raw = plain_inputs(input)
    checked = validated(DeclarationRecord, raw)
    party_id = _party_id(input.party_id, "input.partyId")

    async def work(write: Write) -> list[str]:
        party = await parties.party_with_region(write.tx, party_id)
        if party is None:
            write.refuse(not_found("input.partyId", "Party", party_id))
        write.judge(await jurisdiction_violations(ctx, party["regionPath"], "input.partyId"))
        record_id = str(uuid.uuid4())
        await market.create_record(
            write.tx,
            "Declaration",
            {
                "id": record_id,
                "partyId": party_id,
                "kind": input.kind.name,
                "content": checked.content,
                "validFrom": checked.valid_from,
                "validTo": checked.valid_to,
            },
            write.now,
        )
        return [record_id]

    written = await run_write(ctx, "recordDeclaration", raw, work, key)
    return await _answer(ctx, written, Declaration.from_row)


@answers_refusals
async def record_credit_event(
    info: Info, input: RecordCreditEventInput, key: str | None
) -> CreditEvent:
    ctx = info.context
    raw = plain_inputs(input)
    needs_target = input.kind in (CreditEventKind.CREDIT_REPAIR, CreditEventKind.OBJECTION)
    errors = []
    if needs_target and input.target_event_id is None:
        errors.append(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.targetEventId",
                "a repair or an objection names the event it concerns",
                "信用修复和异议须指明所涉事件",
            )
        )
    if input.ends_on is not None and input.ends_on <= input.occurred_on:
        errors.append(
            user_error(
                ErrorCode.DATE_ORDER,
                "input.endsOn",
                "a penalty ends after it begins",
                "惩戒期限须晚于开始日期",
            )
        )
    if len(input.description.strip()) < 4:
        errors.append(
            user_error(
                ErrorCode.INVALID_INPUT, "input.description", "describe the event", "请说明事件内容"
            )
        )
    if errors:
        raise Refusal(*errors)
    party_id = _party_id(input.party_id, "input.partyId")
    target_id = (
        decode_id(input.target_event_id, "input.targetEventId", "CreditEvent")[1]
        if input.target_event_id
        else None
    )

    async def work(write: Write) -> list[str]:
        if await parties.party_with_region(write.tx, party_id) is None:
            write.refuse(not_found("input.partyId", "Party", party_id))
        if target_id is not None:
            target = await market.record_in_tx(write.tx, target_id)
            if target is None or target.get("partyId") != party_id:
                write.refuse(
                    not_found("input.targetEventId", "CreditEvent of this party", target_id)
                )
            if (
                input.kind is CreditEventKind.CREDIT_REPAIR
                and target["kind"] != "DISHONESTY_PENALTY"
            ):
                write.refuse(
                    user_error(
                        ErrorCode.INVALID_INPUT,
                        "input.targetEventId",
                        "credit repair ends a dishonesty penalty",
                        "信用修复针对失信惩戒",
                    )
                )
        record_id = str(uuid.uuid4())
        await market.create_record(
            write.tx,
            "CreditEvent",
            {
                "id": record_id,
                "partyId": party_id,
                "kind": input.kind.name,
                "occurredOn": input.occurred_on,
                "endsOn": input.ends_on,
                "description": input.description,
                "targetId": target_id,
                "outcome": "PENDING" if input.kind is CreditEventKind.OBJECTION else None,
            },
            write.now,
        )
        return [record_id]

    written = await run_write(ctx, "recordCreditEvent", raw, work, key)
    return await _answer(ctx, written, CreditEvent.from_row)


@answers_refusals
async def resolve_credit_objection(
    info: Info, input: ResolveCreditObjectionInput, key: str | None
) -> CreditEvent:
    ctx = info.context
    raw = plain_inputs(input)
    objection_id = decode_id(input.objection_id, "input.objectionId", "CreditEvent")[1]

    async def work(write: Write) -> list[str]:
        objection = await market.record_in_tx(write.tx, objection_id)
        if objection is None or objection.get("kind") != "OBJECTION":
            write.refuse(not_found("input.objectionId", "credit objection", objection_id))
        if objection["outcome"] != "PENDING":
            write.refuse(
                user_error(
                    ErrorCode.INVALID_INPUT,
                    "input.objectionId",
                    "this objection was already decided",
                    "该异议已处理",
                )
            )
        await market.update_record(
            write.tx,
            objection_id,
            {
                "outcome": "UPHELD" if input.upheld else "DISMISSED",
                "resolution": input.reason,
            },
            write.now,
        )
        return [objection_id, objection["targetId"]]

    # Decided once: two resolutions of one objection meet on its lock.
    written = await run_write(
        ctx, "resolveCreditObjection", raw, work, key, Locks(entities=(objection_id,))
    )
    return await _answer(ctx, written, CreditEvent.from_row)


@answers_refusals
async def record_supervision(
    info: Info, input: RecordSupervisionInput, key: str | None
) -> SupervisionAction:
    ctx = info.context
    raw = plain_inputs(input)
    if input.deadline is not None and input.deadline <= input.taken_on:
        raise Refusal(
            user_error(
                ErrorCode.DATE_ORDER,
                "input.deadline",
                "the deadline falls after the action",
                "整改期限须晚于采取日期",
            )
        )
    party_id = _party_id(input.party_id, "input.partyId")

    async def work(write: Write) -> list[str]:
        if await parties.party_with_region(write.tx, party_id) is None:
            write.refuse(not_found("input.partyId", "Party", party_id))
        record_id = str(uuid.uuid4())
        await market.create_record(
            write.tx,
            "SupervisionAction",
            {
                "id": record_id,
                "partyId": party_id,
                "kind": input.kind.name,
                "findings": input.findings,
                "takenOn": input.taken_on,
                "deadline": input.deadline,
                "status": SupervisionStatus.OPEN.name,
                "faultTolerance": FaultTolerance.NONE.name,
                "regulator": ctx.actor.subject,
            },
            write.now,
        )
        return [record_id]

    written = await run_write(ctx, "recordSupervisionAction", raw, work, key)
    return await _answer(ctx, written, SupervisionAction.from_row)


@answers_refusals
async def update_supervision(
    info: Info, input: UpdateSupervisionInput, key: str | None
) -> SupervisionAction:
    ctx = info.context
    raw = plain_inputs(input)
    tolerant = input.fault_tolerance not in (None, FaultTolerance.NONE)
    if tolerant and not input.fault_tolerance_reason:
        raise Refusal(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.faultToleranceReason",
                "state the article 28 conditions that apply",
                "须说明适用第二十八条容错免责的情形",
                article="第二十八条",
            )
        )
    if input.status is SupervisionStatus.OVERDUE:
        raise Refusal(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.status",
                "overdue follows from the deadline; it is not set",
                "逾期状态由整改期限自动得出",
            )
        )
    action_id = decode_id(input.action_id, "input.actionId", "SupervisionAction")[1]

    async def work(write: Write) -> list[str]:
        if await market.record_in_tx(write.tx, action_id) is None:
            write.refuse(not_found("input.actionId", "SupervisionAction", action_id))
        changes: dict[str, Any] = {}
        if input.status is not None:
            changes["status"] = input.status.name
        if input.fault_tolerance is not None:
            changes["faultTolerance"] = input.fault_tolerance.name
            changes["faultToleranceReason"] = input.fault_tolerance_reason
        await market.update_record(write.tx, action_id, changes, write.now)
        return [action_id]

    written = await run_write(
        ctx, "updateSupervisionAction", raw, work, key, Locks(entities=(action_id,))
    )
    return await _answer(ctx, written, SupervisionAction.from_row)


@answers_refusals
async def record_valuation(info: Info, input: RecordValuationInput, key: str | None) -> Valuation:
    ctx = info.context
    raw = plain_inputs(input)
    if input.amount < Decimal(0):
        raise Refusal(
            user_error(
                ErrorCode.INVALID_INPUT, "input.amount", "a value is not negative", "评估值不能为负"
            )
        )
    object_type, object_id = decode_id(
        input.object_id, "input.objectId", "DataResource", "DataProduct"
    )
    appraiser_id = _party_id(input.appraiser_id, "input.appraiserId")

    async def work(write: Write) -> list[str]:
        await timeline_in_jurisdiction(write, object_type, object_id, "input.objectId")
        kind = (await market.record_in_tx(write.tx, appraiser_id) or {}).get("kind")
        if kind != "THIRD_PARTY_AGENCY":
            write.refuse(
                user_error(
                    ErrorCode.INVALID_INPUT,
                    "input.appraiserId",
                    "valuations are made by a third-party agency (article 20)",
                    "数据资产评估须由第三方专业服务机构作出",
                    article="第二十条",
                )
            )
        record_id = str(uuid.uuid4())
        await market.create_record(
            write.tx,
            "Valuation",
            {
                "id": record_id,
                "objectId": object_id,
                "method": input.method.name,
                "amount": float(input.amount),
                "currency": input.currency,
                "appraiserId": appraiser_id,
                "valuedOn": input.valued_on,
                "purpose": input.purpose,
            },
            write.now,
        )
        return [record_id]

    written = await run_write(ctx, "recordValuation", raw, work, key)
    return await _answer(ctx, written, Valuation.from_row)


async def list_credit_events(
    info: Info, party_id: str | None, kinds: list[CreditEventKind] | None, args: PageArgs
) -> CreditEventConnection:
    filters = {
        "partyId": filter_id(party_id, "partyId", "Party"),
        "kinds": [k.name for k in kinds] if kinds else None,
    }
    return await paginate(
        info.context,
        CreditEventConnection,
        market.CREDIT_EVENT_LIST,
        filters,
        args,
        CreditEvent.from_row,
    )


async def list_supervision(
    info: Info, party_id: str | None, statuses: list[SupervisionStatus] | None, args: PageArgs
) -> SupervisionActionConnection:
    filters = {
        "partyId": filter_id(party_id, "partyId", "Party"),
        "kinds": None,
        "statuses": [s.name for s in statuses] if statuses else None,
    }
    return await paginate(
        info.context,
        SupervisionActionConnection,
        market.SUPERVISION_LIST,
        filters,
        args,
        SupervisionAction.from_row,
    )


DeclarationResult = Annotated[
    Declaration | Rejection,
    result_union("DeclarationResult", "The record, or why the write was refused 声明承诺登记结果."),
]
CreditEventResult = Annotated[
    CreditEvent | Rejection,
    result_union("CreditEventResult", "The record, or why the write was refused 信用事件登记结果."),
]
SupervisionResult = Annotated[
    SupervisionAction | Rejection,
    result_union(
        "SupervisionActionResult", "The record, or why the write was refused 监管措施登记结果."
    ),
]
ValuationResult = Annotated[
    Valuation | Rejection,
    result_union("ValuationResult", "The record, or why the write was refused 评估登记结果."),
]


@strawberry.type(description="Reading the market: credit and supervision 信用与监管.")
class MarketQuery:
    @strawberry.field(description="Credit events of the data market 信用事件列表.")
    @paged(CreditEventSortField.OCCURRED_ON, SortDirection.DESC, fixed=True)
    async def credit_events(
        self,
        info: Info,
        party_id: Annotated[strawberry.ID | None, arg("Only this party's.")] = None,
        kinds: Annotated[list[CreditEventKind] | None, arg("Only these kinds.")] = None,
        page: PageArgs = PAGE,
    ) -> CreditEventConnection:
        return await list_credit_events(info, party_id, kinds, page)

    @strawberry.field(
        description="Supervision actions 监管措施列表.", permission_classes=[CanReadRegistry]
    )
    @paged(SupervisionSortField.TAKEN_ON, SortDirection.DESC)
    async def supervision_actions(
        self,
        info: Info,
        party_id: Annotated[strawberry.ID | None, arg("Only about this party.")] = None,
        statuses: Annotated[
            list[SupervisionStatus] | None, arg("Only these recorded statuses.")
        ] = None,
        page: PageArgs = PAGE,
    ) -> SupervisionActionConnection:
        return await list_supervision(info, party_id, statuses, page)


@strawberry.type(description="Recording the market: credit and supervision 信用与监管.")
class MarketMutation:
    @writes("Record a declaration or commitment 登记声明承诺 (article 25).")
    async def record_declaration(
        self,
        info: Info,
        input: Annotated[RecordDeclarationInput, arg("The declaration.")],
        idempotency_key: Key = None,
    ) -> DeclarationResult:
        return await record_declaration(info, input, idempotency_key)

    @writes("Record a valuation by a third-party agency 登记数据资产评估 (article 18).")
    async def record_valuation(
        self,
        info: Info,
        input: Annotated[RecordValuationInput, arg("The valuation.")],
        idempotency_key: Key = None,
    ) -> ValuationResult:
        return await record_valuation(info, input, idempotency_key)

    @supervises("Record a credit event 登记信用事件 (article 26).")
    async def record_credit_event(
        self,
        info: Info,
        input: Annotated[RecordCreditEventInput, arg("The event.")],
        idempotency_key: Key = None,
    ) -> CreditEventResult:
        return await record_credit_event(info, input, idempotency_key)

    @supervises("Decide a credit objection 信用异议处理 (article 26).")
    async def resolve_credit_objection(
        self,
        info: Info,
        input: Annotated[ResolveCreditObjectionInput, arg("The decision.")],
        idempotency_key: Key = None,
    ) -> CreditEventResult:
        return await resolve_credit_objection(info, input, idempotency_key)

    @supervises("Record a supervision action 登记监管措施 (articles 23, 24, 27).")
    async def record_supervision_action(
        self,
        info: Info,
        input: Annotated[RecordSupervisionInput, arg("The action.")],
        idempotency_key: Key = None,
    ) -> SupervisionResult:
        return await record_supervision(info, input, idempotency_key)

    @supervises(
        "Update a supervision action's status or fault tolerance 更新监管措施 (article 28)."
    )
    async def update_supervision_action(
        self,
        info: Info,
        input: Annotated[UpdateSupervisionInput, arg("The change.")],
        idempotency_key: Key = None,
    ) -> SupervisionResult:
        return await update_supervision(info, input, idempotency_key)
