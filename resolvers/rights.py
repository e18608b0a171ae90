"""Recording, ending and listing rights (article 12, 14); creating a right inside any write
(resources, products, registrations, grants and trades all do), and reading the rights a
rule relies on under their locks."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from pydantic import Field, ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from graph import parties, rights
from graph.db import Row
from graph.domain import ErrorCode
from graph.history import Span, end_at
from graph.shapes import RightAttrs
from resolvers.context import Context
from resolvers.errors import Refusal, answers_refusals, user_error
from resolvers.fields import PAGE, AsOf, AsRecordedAt, Key, arg, paged, result_union, writes
from resolvers.ids import decode_id, filter_id, not_found
from resolvers.jurisdiction import jurisdiction_violations, timeline_in_jurisdiction
from resolvers.pagination import PageArgs, paginate
from resolvers.rules import Violation
from resolvers.validation import InputModel, valid_to_after_valid_from, validated
from resolvers.views import view_of
from resolvers.writes import Locks, Write, Written, plain_inputs, run_write
from schema.enums import RightBasis, RightKind, RightSortField
from schema.errors import Rejection
from schema.permissions import CanReadRegistry
from schema.right import EndRightInput, RecordRightInput, Right, RightConnection, RightFilter

Info = strawberry.Info[Context, None]


class RightRecord(InputModel):
    kind: RightKind
    holder_id: str
    object_id: str
    basis: RightBasis
    basis_reference: str | None = Field(None, max_length=500, validate_default=True)
    sublicensable: bool
    valid_from: date
    valid_to: date | None = None

    _interval = field_validator("valid_to")(valid_to_after_valid_from)

    @field_validator("basis_reference")
    @classmethod
    def _reference_named(cls, value: str | None, info: ValidationInfo) -> str | None:
        basis = info.data.get("basis")
        if basis is not None and basis is not RightBasis.ORIGINAL_HOLDING and not value:
            raise PydanticCustomError(
                "INVALID_INPUT",
                "name the law, contract or authorization the right rests on (article 14)",
                {"zh": "须写明权利所依据的法律、合同或授权（第十四条）", "article": "第十四条"},
            )
        return value


@answers_refusals
async def record_right(info: Info, input: RecordRightInput, idempotency_key: str | None) -> Right:
    ctx = info.context
    raw = plain_inputs(input)
    checked = validated(RightRecord, raw)
    holder_id = decode_id(checked.holder_id, "input.holderId", "Party")[1]
    object_type, object_id = decode_id(
        checked.object_id, "input.objectId", "DataResource", "DataProduct"
    )

    if object_type == "DataResource" and checked.kind is RightKind.PRODUCT_OPERATION:
        raise Refusal(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input.kind",
                "the product-operation right is over a data product, not a resource",
                "数据产品经营权的客体是数据产品，而非数据资源",
            )
        )

    async def work(write: Write) -> list[str]:
        if await parties.party_with_region(write.tx, holder_id) is None:
            write.refuse(not_found("input.holderId", "Party", holder_id))
        spans = await write.timeline(object_type, object_id)
        if not spans:
            write.refuse(not_found("input.objectId", object_type, object_id))
        if not any(span.covers(checked.valid_from) for span in spans):
            write.refuse(
                user_error(
                    ErrorCode.DATE_ORDER,
                    "input.validFrom",
                    f"the {object_type} does not exist on {checked.valid_from}",
                    f"该数据资产在{checked.valid_from}尚不存在或已失效",
                )
            )
        region_path = spans[0].attrs["regionPath"]
        violations = await jurisdiction_violations(ctx, region_path, "input.objectId")
        source = spans[0].attrs.get("sourceId")
        if (
            checked.kind is RightKind.HOLDING
            and checked.basis is RightBasis.ORIGINAL_HOLDING
            and source is not None
            and source != holder_id
        ):
            violations.append(
                Violation(
                    "ONE_SOURCE",
                    "input.holderId",
                    "only the source unit originally holds a resource; another holder needs "
                    "a law, contract or authorization as basis",
                    "只有来源单位原始持有数据资源，其他主体须以法律、合同或授权为依据",
                    existing=("Party", source),
                )
            )
        write.judge(violations)
        right_id = await create_right(
            write,
            kind=checked.kind.name,
            holder_id=holder_id,
            object_id=object_id,
            object_type=object_type,
            region_path=region_path,
            basis=checked.basis.name,
            basis_reference=checked.basis_reference,
            valid_from=checked.valid_from,
            valid_to=checked.valid_to,
            sublicensable=checked.sublicensable,
        )
        return [right_id]

    written = await run_write(
        ctx, "recordRight", raw, work, idempotency_key, Locks(entities=(object_id,))
    )
    return await _right(ctx, written)


@answers_refusals
async def end_right(info: Info, input: EndRightInput, idempotency_key: str | None) -> Right:
    ctx = info.context
    raw = plain_inputs(input)
    right_id = decode_id(input.right_id, "input.rightId", "Right")[1]

    async def work(write: Write) -> list[str]:
        spans = await timeline_in_jurisdiction(write, "Right", right_id, "input.rightId")
        if input.end_on <= spans[0].valid_from:
            write.refuse(
                user_error(
                    ErrorCode.DATE_ORDER,
                    "input.endOn",
                    f"the right starts on {spans[0].valid_from}; end it after that",
                    f"该权利自{spans[0].valid_from}起生效，终止日期须晚于此日",
                )
            )
        ended = end_at(spans, input.end_on)
        await write.save_timeline("RightState", right_id, ended)
        return [right_id]

    written = await run_write(
        ctx, "endRight", raw, work, idempotency_key, Locks(entities=(right_id,))
    )
    return await _right(ctx, written)


async def _right(ctx: Context, written: Written) -> Right:
    right = await ctx.loaders.right_any_time.load(written.affected_ids[0])
    assert right is not None, "a right written in a committed transaction must be readable"
    return right


async def list_rights(
    info: Info,
    filter: RightFilter | None,
    args: PageArgs,
    as_of: date | None,
    as_recorded_at: Any,
) -> RightConnection:
    ctx = info.context
    filter = filter or RightFilter()
    at = view_of(ctx, as_of, as_recorded_at)
    filters = rights.right_filter_params(
        at,
        kinds=[k.name for k in filter.kinds] if filter.kinds else None,
        holderId=filter_id(filter.holder_id, "filter.holderId", "Party"),
        objectId=filter_id(filter.object_id, "filter.objectId", "DataResource", "DataProduct"),
        statuses=[s.name for s in filter.statuses] if filter.statuses else None,
        bases=[b.name for b in filter.bases] if filter.bases else None,
    )
    return await paginate(
        ctx, RightConnection, rights.RIGHTS, filters, args, lambda s: Right.from_state(s, at)
    )


RightResult = Annotated[
    Right | Rejection,
    result_union("RightResult", "The right, or why the write was refused 数据权利写入结果."),
]


@strawberry.type(description="Reading rights 数据权利.")
class RightQuery:
    @strawberry.field(
        description="Rights, filtered and paged, as of a date 数据权利列表.",
        permission_classes=[CanReadRegistry],
    )
    @paged(RightSortField.VALID_FROM)
    async def rights(
        self,
        info: Info,
        filter: Annotated[RightFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
        as_of: AsOf = None,
        as_recorded_at: AsRecordedAt = None,
    ) -> RightConnection:
        return await list_rights(info, filter, page, as_of, as_recorded_at)


@strawberry.type(description="Recording rights 数据权利.")
class RightMutation:
    @writes("Record a right held by law, contract or authorization 记录数据权利.")
    async def record_right(
        self,
        info: Info,
        input: Annotated[RecordRightInput, arg("The right.")],
        idempotency_key: Key = None,
    ) -> RightResult:
        return await record_right(info, input, idempotency_key)

    @writes("End a right from a day on 终止数据权利.")
    async def end_right(
        self,
        info: Info,
        input: Annotated[EndRightInput, arg("The end.")],
        idempotency_key: Key = None,
    ) -> RightResult:
        return await end_right(info, input, idempotency_key)


async def create_right(
    write: Write,
    *,
    kind: str,
    holder_id: str,
    object_id: str,
    object_type: str,
    region_path: str,
    basis: str,
    basis_reference: str | None,
    valid_from: date,
    valid_to: date | None,
    sublicensable: bool = False,
    constraints: dict[str, Any] | None = None,
) -> str:
    """`constraints`: a granted right's limits (purposes, territory, counts, duties) and its
    parent, kept in its record so that onward grants are checked against them."""
    right_id = write.new_id()
    await rights.create_right(
        write.tx,
        {
            "id": right_id,
            "kind": kind,
            "holderId": holder_id,
            "objectId": object_id,
            "objectType": object_type,
        },
        write.now,
        write.ctx.actor.subject,
    )
    attrs: RightAttrs = {
        "kind": kind,
        "holderId": holder_id,
        "objectId": object_id,
        "objectType": object_type,
        "regionPath": region_path,
        "basis": basis,
        "basisReference": basis_reference,
        "sublicensable": sublicensable,
        "status": "ACTIVE",
    }
    state = {**attrs, **(constraints or {})}
    await write.save_timeline("RightState", right_id, [Span(valid_from, valid_to, state)])
    return right_id


async def valid_rights(
    write: Write,
    holder_id: str,
    object_ids: list[str],
    kinds: list[str],
    day: date,
    lock: bool = True,
) -> dict[str, list[Row]]:
    """Active rights of these kinds `holder_id` holds on each object on `day`, read under
    the rights' locks: a suspension or revocation racing this write is either seen here or
    waits until this write has committed. `lock` False reads them as committed, for a rule
    that only warns (a breach it misses in a race is still found by the read-side scan)."""
    return await valid_rights_of(write, holder_id, dict.fromkeys(object_ids, kinds), day, lock)


async def valid_rights_of(
    write: Write, holder_id: str, objects: dict[str, list[str]], day: date, lock: bool = True
) -> dict[str, list[Row]]:
    """As `valid_rights`, with the kinds of right that count given per object."""
    locked, valid = await rights.valid_rights(write.tx, holder_id, objects, day, lock)
    write.locked |= set(locked)
    return valid
