"""Recording trades: rules 2 and 4 to 10, the right conveyed, and the income split."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

import strawberry
from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from graph import classification, countries, market, registrations, rights, transactions
from graph.domain import ErrorCode
from graph.history import Span, end_at
from graph.rule_terms import (
    ASSESSED_ABROAD_GRADE,
    DECLARING_KINDS,
    GRANTABLE,
    GRANTED_BASIS,
    NEVER_TRADED_GRADE,
    OPERATING_RIGHTS,
    PUBLIC_BODIES,
)
from resolvers.context import Context
from resolvers.credit import active_penalties
from resolvers.errors import Refusal, answers_refusals, user_error
from resolvers.fields import PAGE, Key, arg, paged, result_union, writes
from resolvers.ids import decode_id, filter_id, not_found
from resolvers.income import income_split
from resolvers.jurisdiction import jurisdiction_violations
from resolvers.pagination import PageArgs, paginate
from resolvers.rights import create_right, valid_rights
from resolvers.rules import Violation
from resolvers.validation import InputModel, validated
from resolvers.writes import Locks, Write, plain_inputs, run_write
from schema.enums import (
    IntermediaryRole,
    PricingMode,
    RightKind,
    TransactionMode,
    TransactionSortField,
)
from schema.errors import Rejection, UserError
from schema.permissions import CanReadRegistry
from schema.transaction import (
    RecordTransactionInput,
    Transaction,
    TransactionConnection,
    TransactionFilter,
)

Info = strawberry.Info[Context, None]


class IntermediaryRecord(InputModel):
    party_id: str
    role: IntermediaryRole


class TradeRecord(InputModel):
    seller_id: str
    buyer_id: str
    right_id: str
    mode: TransactionMode
    licensed_kind: RightKind | None = None
    licence_ends: date | None = None
    price: Decimal = Field(ge=0)
    currency: str = Field(pattern=r"^[A-Z]{3}$")
    pricing_mode: PricingMode
    costs: Decimal = Field(ge=0)
    trade_date: date
    exchange_id: str | None = None
    intermediaries: list[IntermediaryRecord]
    cross_border: bool | None = None  # None: follows from the buyer (article 19)
    destination_country: str | None = Field(None, validate_default=True)
    security_assessment_ref: str | None = None

    @field_validator("destination_country")
    @classmethod
    def _destination(cls, value: str | None, info: ValidationInfo) -> str | None:
        """The shape of a destination; whether one is needed depends on the buyer, checked
        in `destination_violations`."""
        if value is None:
            return None
        if info.data.get("cross_border") is False:
            raise ValueError("only a cross-border trade has a destination country")
        code = value.upper()
        if not countries.is_country(code):
            raise PydanticCustomError(
                "INVALID_COUNTRY",
                "not an ISO 3166-1 alpha-2 country code: {code}",
                {"code": value, "zh": f"不是ISO 3166-1二位国家或地区代码：{value}"},
            )
        if code == countries.CHINA:
            raise ValueError("a cross-border trade's destination is outside China")
        return code


def destination_violations(trade: TradeRecord, buyer: dict[str, Any]) -> list[Violation]:
    """Article 19: a foreign buyer makes the trade cross-border, to the buyer's country."""
    country = buyer["country"]
    if country == countries.CHINA:
        return []
    found = []
    if trade.cross_border is False:
        found.append(
            _rule(
                "DESTINATION_FOLLOWS_BUYER",
                "input.crossBorder",
                f"the buyer {buyer['nameZh']} is registered in {countries.name_en(country)}: "
                "the trade is cross-border",
                f"买方{buyer['nameZh']}为境外主体（{countries.name_zh(country)}），该交易属于数据出境",
            )
        )
    if trade.destination_country not in (None, country):
        found.append(
            _rule(
                "DESTINATION_FOLLOWS_BUYER",
                "input.destinationCountry",
                f"the buyer is registered in {countries.name_en(country)} ({country}), not "
                f"{trade.destination_country}",
                f"买方所在国家或地区为{countries.name_zh(country)}（{country}），"
                f"与目的地{trade.destination_country}不符",
            )
        )
    return found


def destination_problems(trade: TradeRecord) -> list[UserError]:
    """A destination without a cross-border trade, or a cross-border trade without one."""
    if not trade.cross_border and trade.destination_country is not None:
        return [
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.destinationCountry",
                "only a cross-border trade has a destination country",
                "仅数据出境交易填写目的国",
                article="第十九条",
            )
        ]
    if trade.cross_border and trade.destination_country is None:
        return [
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.destinationCountry",
                "a cross-border trade names its destination (ISO 3166-1, e.g. VN)",
                "数据出境交易须填写目的国（ISO 3166-1代码，如VN）",
                article="第十九条",
            )
        ]
    return []


def with_destination(trade: TradeRecord, buyer: dict[str, Any]) -> TradeRecord:
    """The trade with what follows from its buyer filled in: a foreign buyer's trade is
    cross-border to the buyer's country, unless the input said otherwise."""
    country = buyer["country"]
    if country == countries.CHINA:
        return trade.model_copy(update={"cross_border": bool(trade.cross_border)})
    crossing = True if trade.cross_border is None else trade.cross_border
    return trade.model_copy(
        update={
            "cross_border": crossing,
            "destination_country": trade.destination_country or (country if crossing else None),
        }
    )


def licensed_kind(trade: TradeRecord, seller_kind: str) -> str:
    """What a licence conveys: as asked, else processing-and-use from a holding right, else
    the seller's own kind."""
    if trade.licensed_kind is not None:
        return trade.licensed_kind.name
    return "PROCESSING_USE" if seller_kind == "HOLDING" else seller_kind


def _covering(spans: list[Span], day: date) -> Span | None:
    return next((span for span in spans if span.covers(day)), None)


def _rule(
    rule: str, field: str, en: str, zh: str, existing: tuple[str, str] | None = None
) -> Violation:
    return Violation(rule, field, en, zh, existing)


def market_violations(
    trade: TradeRecord,
    participants: dict[str, tuple[str, dict[str, Any]]],
    declared: dict[str, int],
    events: dict[str, list[dict[str, Any]]],
) -> list[Violation]:
    """Rules 5, 9 and 10: who may trade, and how. `participants` maps a field to its party."""
    found = []
    kinds = {field: party["kind"] for field, (_, party) in participants.items()}
    if {kinds["input.sellerId"], kinds["input.buyerId"]} & PUBLIC_BODIES and not trade.exchange_id:
        found.append(
            _rule(
                "PUBLIC_BODY_ON_EXCHANGE",
                "input.exchangeId",
                "a government department or public service organization trades only "
                "through a data exchange",
                "政府部门和公共服务组织须通过数据交易场所交易",
            )
        )
    for field, (party_id, party) in participants.items():
        if party["kind"] in DECLARING_KINDS and not declared.get(party_id):
            found.append(
                _rule(
                    "DECLARATION_REQUIRED",
                    field,
                    f"{party['nameZh']} has no valid declaration and commitment on "
                    f"{trade.trade_date}",
                    f"{party['nameZh']}在交易日无有效的声明和承诺",
                    ("Party", party_id),
                )
            )
        penalties = active_penalties(events.get(party_id, []), trade.trade_date)
        if penalties:
            found.append(
                _rule(
                    "NO_TRADE_UNDER_PENALTY",
                    field,
                    f"{party['nameZh']} is under a dishonesty penalty until "
                    f"{penalties[0].get('endsOn') or 'further notice'}",
                    f"{party['nameZh']}处于失信惩戒期内",
                    ("Party", party_id),
                )
            )
    return found


def data_violations(
    trade: TradeRecord, public: bool, grade: str, personal: bool
) -> list[Violation]:
    """Rules 6, 7 and 8: what the data allows. `public`: of public origin, public itself or
    derived from public data through any processing (graph/classification.py)."""
    found = []
    expected = PricingMode.GOVERNMENT_GUIDED if public else PricingMode.MARKET
    if trade.pricing_mode is not expected:
        found.append(
            _rule(
                "PRICING_FOLLOWS_CATEGORY",
                "input.pricingMode",
                "the data is of public origin (public, or derived from public data), priced at "
                "GOVERNMENT_GUIDED"
                if public
                else "enterprise and personal data are priced at MARKET",
                "该数据来源于公共数据（含经加工、匿名化处理的），应执行政府指导价"
                if public
                else "企业和个人数据应执行市场调节价",
            )
        )
    if personal:
        found.append(
            _rule(
                "PERSONAL_DATA_ANONYMIZED",
                "input.rightId",
                "the data holds personal information and no anonymization is recorded",
                "该数据含个人信息且无匿名化处理记录",
            )
        )
    if grade == NEVER_TRADED_GRADE:
        found.append(
            _rule(
                "CORE_DATA_STAYS", "input.rightId", "core data is never traded", "核心数据不得交易"
            )
        )
    elif (
        trade.cross_border and grade == ASSESSED_ABROAD_GRADE and not trade.security_assessment_ref
    ):
        found.append(
            _rule(
                "IMPORTANT_DATA_ASSESSED",
                "input.securityAssessmentRef",
                "important data goes abroad only with a security assessment reference",
                "重要数据出境须提供数据出境安全评估编号",
            )
        )
    return found


def seller_violations(
    trade: TradeRecord, seller_id: str, right: dict[str, Any], span: Span | None
) -> list[Violation]:
    """Rule 2 for a sale: the seller validly holds the right it sells or licenses from."""
    if right["holderId"] != seller_id:
        return [
            _rule(
                "GRANTOR_HOLDS_RIGHT",
                "input.rightId",
                "the seller does not hold this right",
                "卖方不是该权利的权利人",
            )
        ]
    if span is None or span.attrs.get("status") != "ACTIVE":
        return [
            _rule(
                "GRANTOR_HOLDS_RIGHT",
                "input.rightId",
                f"the right is not valid and active on {trade.trade_date}",
                f"该权利在{trade.trade_date}无效或已中止、撤销",
            )
        ]
    if trade.mode is TransactionMode.LICENCE:
        kind = licensed_kind(trade, right["kind"])
        if kind not in GRANTABLE[right["kind"]]:
            return [
                _rule(
                    "GRANTOR_HOLDS_RIGHT",
                    "input.licensedKind",
                    f"a {right['kind']} right cannot license a {kind} right",
                    "该权利类型不能许可所申请的权利",
                )
            ]
        if right.get("basis") == GRANTED_BASIS and not right.get("sublicensable"):
            return [
                _rule(
                    "GRANTOR_HOLDS_RIGHT",
                    "input.rightId",
                    "the right was granted without permission to license onward",
                    "该权利系被授权取得且不得再许可",
                )
            ]
    return []


async def _data_profile(
    write: Write, right: dict[str, Any], day: date
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The traded asset's record on the day, and the resource records of a product's inputs,
    each with its asset's `id`."""
    spans = await write.timeline(right["objectType"], right["objectId"])
    state = (_covering(spans, day) or spans[-1]).attrs | {"id": right["objectId"]}
    inputs: list[dict[str, Any]] = []
    if right["objectType"] == "DataProduct":
        for input_id, kind in zip(state["inputIds"], state["inputTypes"], strict=True):
            if kind == "DataResource":
                input_spans = await write.timeline("DataResource", input_id)
                record = (_covering(input_spans, day) or input_spans[-1]).attrs
                inputs.append(record | {"id": input_id})
    return state, inputs


async def _public_origin(write: Write, records: list[dict[str, Any]]) -> set[str]:
    """The ids among these resource records that are of public origin."""
    ids = [record["id"] for record in records]
    found = await classification.classify(write.tx, ids) if ids else {}
    return {
        node_id
        for node_id, origin in found.items()
        if origin.public_from is not None or origin.category == classification.PUBLIC
    }


async def _known_parties(
    write: Write, fields: dict[str, str], exchange_id: str | None
) -> dict[str, dict[str, Any]]:
    """The trade's parties by id; refused when one is unknown or the exchange is none."""
    ids = [*fields.values(), *([exchange_id] if exchange_id else [])]
    known = await transactions.parties_of(write.tx, ids)
    missing = [not_found(field, "Party", pid) for field, pid in fields.items() if pid not in known]
    if exchange_id and exchange_id not in known:
        missing.append(not_found("input.exchangeId", "Party", exchange_id))
    if missing:
        write.refuse(*missing)
    if exchange_id and known[exchange_id]["kind"] != "DATA_EXCHANGE":
        write.refuse(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.exchangeId",
                "this party is not a data exchange",
                "该主体不是数据交易场所",
            )
        )
    return known


@answers_refusals
async def record_transaction(
    info: Info, input: RecordTransactionInput, idempotency_key: str | None
) -> Transaction:
    ctx = info.context
    raw = plain_inputs(input)
    checked = validated(TradeRecord, raw)
    seller_id = decode_id(checked.seller_id, "input.sellerId", "Party")[1]
    buyer_id = decode_id(checked.buyer_id, "input.buyerId", "Party")[1]
    right_id = decode_id(checked.right_id, "input.rightId", "Right")[1]
    exchange_id = (
        decode_id(checked.exchange_id, "input.exchangeId", "Party")[1]
        if checked.exchange_id
        else None
    )
    middle = [
        (decode_id(m.party_id, f"input.intermediaries.{i}.partyId", "Party")[1], m.role)
        for i, m in enumerate(checked.intermediaries)
    ]

    if checked.licence_ends is not None and checked.licence_ends <= checked.trade_date:
        raise Refusal(
            user_error(
                ErrorCode.DATE_ORDER,
                "input.licenceEnds",
                "a licence ends after the trade date",
                "许可期限须晚于交易日期",
            )
        )
    day = checked.trade_date

    async def work(write: Write) -> list[str]:
        fields = {"input.sellerId": seller_id, "input.buyerId": buyer_id}
        fields |= {f"input.intermediaries.{i}.partyId": pid for i, (pid, _) in enumerate(middle)}
        known = await _known_parties(write, fields, exchange_id)
        destination = destination_violations(checked, known[buyer_id])
        trade = with_destination(checked, known[buyer_id])
        unsettled = destination_problems(trade)
        if unsettled:
            write.refuse(*unsettled)
        spans = await write.timeline("Right", right_id)
        if not spans:
            write.refuse(not_found("input.rightId", "Right", right_id))
        span = _covering(spans, day)
        right = (span or spans[-1]).attrs
        state, inputs = await _data_profile(write, right, day)
        sources = [state] if right["objectType"] == "DataResource" else inputs
        origin = (await classification.classify(write.tx, [right["objectId"]]))[right["objectId"]]
        if right["objectType"] == "DataResource":
            category, grade = state["category"], state["grade"]
        else:  # a product's grade and category are derived from its lineage
            category = origin.category or classification.CATEGORY_ORDER[0]
            grade = origin.grade or classification.GRADE_ORDER[0]
        public = category == classification.PUBLIC or origin.public_from is not None
        personal = any(s.get("containsPersonalInfo") for s in sources)
        participants = {field: (pid, known[pid]) for field, pid in fields.items()}
        declared = await market.declared_parties(write.tx, list(fields.values()), day)
        events = await market.credit_events(write.tx, list(fields.values()))
        violations = await jurisdiction_violations(ctx, right["regionPath"], "input.rightId")
        violations += seller_violations(checked, seller_id, right, span)
        if right["objectType"] == "DataProduct":
            operating = await valid_rights(
                write, seller_id, [right["objectId"]], list(OPERATING_RIGHTS), day
            )
            if not operating.get(right["objectId"]):
                violations.append(
                    _rule(
                        "OPERATION_NEEDS_RIGHT",
                        "input.rightId",
                        "the seller holds no product-operation right on the product",
                        "卖方不持有该数据产品的经营权",
                    )
                )
        violations += market_violations(trade, participants, declared, events)
        violations += destination
        violations += data_violations(trade, public, grade, personal)
        write.judge(violations)
        year = write.now.year
        number = (
            f"QZJY-{year}-{await registrations.next_number(write.tx, f'transaction-{year}'):06d}"
        )
        conveyed = await _convey(write, checked, right_id, spans, span, right, buyer_id, number)
        split = income_split(
            right["objectType"], state, inputs, seller_id, await _public_origin(write, sources)
        )
        transaction_id = str(uuid.uuid4())
        await transactions.create_transaction(
            write.tx,
            {
                "id": transaction_id,
                "number": number,
                "mode": checked.mode.name,
                "rightKind": licensed_kind(checked, right["kind"])
                if checked.mode is TransactionMode.LICENCE
                else right["kind"],
                "sellerId": seller_id,
                "buyerId": buyer_id,
                "objectId": right["objectId"],
                "objectType": right["objectType"],
                "rightId": right_id,
                "conveyedRightId": conveyed,
                "price": float(checked.price),
                "currency": checked.currency,
                "pricingMode": checked.pricing_mode.name,
                "costs": float(checked.costs),
                "tradeDate": day,
                "exchangeId": exchange_id,
                "intermediaryIds": [pid for pid, _ in middle],
                "intermediaryRoles": [role.name for _, role in middle],
                "crossBorder": trade.cross_border,
                "destinationCountry": trade.destination_country,
                "securityAssessmentRef": checked.security_assessment_ref,
                "regionPath": right["regionPath"],
                "incomePublic": split.public,
                "incomePartyIds": split.party_ids,
                "incomeShares": split.shares,
                "incomeBases": split.bases,
            },
            write.now,
        )
        return [transaction_id, conveyed]

    # A licence carves a right from the one sold: its chain is locked as for a grant.
    written = await run_write(
        ctx, "recordTransaction", raw, work, idempotency_key, Locks(chains=(right_id,))
    )
    rows = await transactions.transactions_by_ids(ctx.db, written.affected_ids[:1])
    return Transaction.from_row(rows[written.affected_ids[0]])


async def _convey(
    write: Write,
    trade: TradeRecord,
    right_id: str,
    spans: list[Span],
    span: Span | None,
    right: dict[str, Any],
    buyer_id: str,
    number: str,
) -> str:
    """The buyer's new right: the seller's own for a transfer, a carved one for a licence."""
    day = trade.trade_date
    end = span.valid_to if span else None
    if trade.mode is TransactionMode.TRANSFER:
        await write.save_timeline("RightState", right_id, end_at(spans, day))
        kind = right["kind"]
    else:
        kind = licensed_kind(trade, right["kind"])
        if trade.licence_ends is not None:
            end = trade.licence_ends if end is None else min(end, trade.licence_ends)
    conveyed = await create_right(
        write,
        kind=kind,
        holder_id=buyer_id,
        object_id=right["objectId"],
        object_type=right["objectType"],
        region_path=right["regionPath"],
        basis="CONTRACT",
        basis_reference=f"transaction {number}",
        valid_from=day,
        valid_to=end,
        constraints={
            key: right.get(key)
            for key in ("purposes", "territory", "maxCount", "maxVolumeGb", "duties")
        }
        | ({"parentRightId": right_id} if trade.mode is TransactionMode.LICENCE else {}),
    )
    if trade.mode is TransactionMode.LICENCE:
        await rights.link_derived(write.tx, conveyed, right_id)
    return conveyed


async def list_transactions(
    info: Info, filter: TransactionFilter | None, args: PageArgs
) -> TransactionConnection:
    ctx = info.context
    filter = filter or TransactionFilter()
    filters = transactions.transaction_filter_params(
        partyId=filter_id(filter.party_id, "filter.partyId", "Party"),
        objectId=filter_id(filter.object_id, "filter.objectId", "DataResource", "DataProduct"),
        crossBorder=filter.cross_border,
        exchangeId=filter_id(filter.exchange_id, "filter.exchangeId", "Party"),
        **{"from": filter.since, "to": filter.until},
    )
    return await paginate(
        ctx, TransactionConnection, transactions.TRANSACTIONS, filters, args, Transaction.from_row
    )


TransactionResult = Annotated[
    Transaction | Rejection,
    result_union("TransactionResult", "The record, or why the write was refused 交易登记结果."),
]


@strawberry.type(description="Reading trades 交易.")
class TransactionQuery:
    @strawberry.field(
        description="Trades, filtered and paged 交易列表.", permission_classes=[CanReadRegistry]
    )
    @paged(TransactionSortField.TRADE_DATE)
    async def transactions(
        self,
        info: Info,
        filter: Annotated[TransactionFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
    ) -> TransactionConnection:
        return await list_transactions(info, filter, page)


@strawberry.type(description="Recording trades 交易.")
class TransactionMutation:
    @writes("Record a trade 交易登记 (rules 2, 4-10).")
    async def record_transaction(
        self,
        info: Info,
        input: Annotated[RecordTransactionInput, arg("The trade.")],
        idempotency_key: Key = None,
    ) -> TransactionResult:
        return await record_transaction(info, input, idempotency_key)
