"""Registering, handing over and listing data products (articles 12, 17)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

import strawberry
from pydantic import Field, field_validator

from graph import lineage, parties, products
from graph.domain import ErrorCode
from graph.history import Span, revise
from graph.rule_terms import OPERATING_RIGHTS, PROCESSING_RIGHTS
from resolvers.context import Context
from resolvers.datasets import dataset_identifiers, identifier_locks, link_datasets
from resolvers.errors import answers_refusals, user_error
from resolvers.fields import PAGE, AsOf, AsRecordedAt, Key, arg, paged, result_union, writes
from resolvers.ids import decode_id, filter_id, not_found
from resolvers.jurisdiction import jurisdiction_violations, timeline_in_jurisdiction
from resolvers.pagination import PageArgs, paginate
from resolvers.regions import subtree_path
from resolvers.rights import create_right, valid_rights
from resolvers.rules import Violation
from resolvers.validation import InputModel, valid_to_after_valid_from, validated
from resolvers.views import view_of, written_record
from resolvers.writes import Locks, Write, plain_inputs, run_write
from schema.enums import ProductKind, ProductSortField
from schema.errors import Rejection
from schema.product import (
    ChangeProductOperatorInput,
    DataProduct,
    DataProductConnection,
    ProductFilter,
    RegisterDataProductInput,
)

Info = strawberry.Info[Context, None]
STATE = "ProductState"


class ProductRegistration(InputModel):
    name_zh: str = Field(min_length=2, max_length=200)
    name_en: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=4000)
    kind: ProductKind
    operator_id: str
    input_ids: list[str] = Field(min_length=1, max_length=200)
    valid_from: date
    valid_to: date | None = None

    _interval = field_validator("valid_to")(valid_to_after_valid_from)


def _decode_inputs(ids: list[str]) -> list[tuple[str, str]]:
    return [
        decode_id(value, f"input.inputIds.{index}", "DataResource", "DataProduct")
        for index, value in enumerate(dict.fromkeys(ids))
    ]


async def processing_violations(
    write: Write,
    operator_id: str,
    inputs: list[tuple[str, str]],
    day: date,
    rights_used: dict[str, str] | None = None,
) -> list[Violation]:
    """Rule 3: the operator holds a holding or processing right on every input on `day`.
    The right found for each input is put in `rights_used`."""
    violations = []
    for object_type, kinds in PROCESSING_RIGHTS.items():
        ids = [node_id for kind, node_id in inputs if kind == object_type]
        if not ids:
            continue
        held = await valid_rights(write, operator_id, ids, list(kinds), day)
        if rights_used is not None:
            rights_used.update({i: found[0]["id"] for i, found in held.items() if found})
        for node_id in ids:
            if not held.get(node_id):
                index = inputs.index((object_type, node_id))
                violations.append(
                    Violation(
                        "PROCESSING_NEEDS_RIGHT",
                        f"input.inputIds.{index}",
                        f"the operator holds no {' or '.join(kinds)} right on this "
                        f"{object_type} on {day}",
                        f"经营主体在{day}对该输入数据不持有资源持有权或加工使用权",
                        existing=(object_type, node_id),
                    )
                )
    return violations


async def personal_data_violations(write: Write, inputs: list[tuple[str, str]]) -> list[Violation]:
    """Rule 7: personal information reaches a product only through an anonymization."""
    personal = await lineage.personal_upstream(write.tx, [node_id for _, node_id in inputs])
    return [
        Violation(
            "PERSONAL_DATA_ANONYMIZED",
            f"input.inputIds.{[n for _, n in inputs].index(node_id)}",
            "this input holds personal information that no anonymization removed",
            "该输入数据含个人信息且未经匿名化处理",
            existing=("DataResource", node_id),
        )
        for node_id in personal
    ]


@answers_refusals
async def register_data_product(
    info: Info, input: RegisterDataProductInput, idempotency_key: str | None
) -> DataProduct:
    ctx = info.context
    raw = plain_inputs(input)
    checked = validated(ProductRegistration, raw)
    operator_id = decode_id(checked.operator_id, "input.operatorId", "Party")[1]
    inputs = _decode_inputs(checked.input_ids)
    identifiers = dataset_identifiers(raw.get("datasets"), "input.datasets")

    async def work(write: Write) -> list[str]:
        operator = await parties.party_with_region(write.tx, operator_id)
        if operator is None:
            write.refuse(not_found("input.operatorId", "Party", operator_id))
        found = await products.input_kinds(write.tx, [node_id for _, node_id in inputs])
        missing = [
            not_found(f"input.inputIds.{i}", kind, node_id)
            for i, (kind, node_id) in enumerate(inputs)
            if found[node_id]["type"] != kind
        ]
        if missing:
            write.refuse(*missing)
        rights_used: dict[str, str] = {}
        write.judge(
            [
                *await jurisdiction_violations(ctx, operator["regionPath"], "input.operatorId"),
                *await processing_violations(
                    write, operator_id, inputs, checked.valid_from, rights_used
                ),
                *await personal_data_violations(write, inputs),
            ]
        )
        product_id = write.new_id()
        await products.create_product(
            write.tx,
            {
                "id": product_id,
                "regionId": operator["regionId"],
                "inputs": [{"id": i, "rightId": rights_used.get(i)} for _, i in inputs],
                "validFrom": checked.valid_from,
                "operatorId": operator_id,
            },
            write.now,
        )
        attrs = {
            "nameZh": checked.name_zh,
            "nameEn": checked.name_en,
            "description": checked.description,
            "kind": checked.kind.name,
            "operatorId": operator_id,
            "inputIds": [node_id for _, node_id in inputs],
            "inputTypes": [kind for kind, _ in inputs],
            "regionId": operator["regionId"],
            "regionPath": operator["regionPath"],
        }
        span = Span(checked.valid_from, checked.valid_to, attrs)
        await write.save_timeline(STATE, product_id, [span])
        operation = await create_right(
            write,
            kind="PRODUCT_OPERATION",
            holder_id=operator_id,
            object_id=product_id,
            object_type="DataProduct",
            region_path=operator["regionPath"],
            basis="ORIGINAL_HOLDING",
            basis_reference=None,
            valid_from=checked.valid_from,
            valid_to=checked.valid_to,
        )
        linked = await link_datasets(write, product_id, identifiers, "input.datasets")
        return [product_id, operation, *linked]

    written = await run_write(
        ctx,
        "registerDataProduct",
        raw,
        work,
        idempotency_key,
        Locks(keys=identifier_locks(identifiers)),
    )
    return await written_record(ctx, written, STATE, DataProduct.from_state)


@answers_refusals
async def change_product_operator(
    info: Info, input: ChangeProductOperatorInput, idempotency_key: str | None
) -> DataProduct:
    ctx = info.context
    raw = plain_inputs(input)
    product_id = decode_id(input.product_id, "input.productId", "DataProduct")[1]
    operator_id = decode_id(input.operator_id, "input.operatorId", "Party")[1]

    async def work(write: Write) -> list[str]:
        spans = await timeline_in_jurisdiction(write, "DataProduct", product_id, "input.productId")
        if await parties.party_with_region(write.tx, operator_id) is None:
            write.refuse(not_found("input.operatorId", "Party", operator_id))
        if not any(span.covers(input.effective_from) for span in spans):
            write.refuse(
                user_error(
                    ErrorCode.DATE_ORDER,
                    "input.effectiveFrom",
                    f"the product does not exist on {input.effective_from}",
                    f"该数据产品在{input.effective_from}不存在",
                )
            )
        held = await valid_rights(
            write, operator_id, [product_id], list(OPERATING_RIGHTS), input.effective_from
        )
        violations = []
        if not held.get(product_id):
            violations.append(
                Violation(
                    "OPERATION_NEEDS_RIGHT",
                    "input.operatorId",
                    f"the new operator holds no product-operation right on {input.effective_from}",
                    f"新经营主体在{input.effective_from}不持有该产品的数据产品经营权",
                )
            )
        write.judge(violations)
        revised = revise(spans, {"operatorId": operator_id}, input.effective_from)
        await write.save_timeline(STATE, product_id, revised)
        return [product_id]

    written = await run_write(
        ctx, "changeProductOperator", raw, work, idempotency_key, Locks(entities=(product_id,))
    )
    return await written_record(ctx, written, STATE, DataProduct.from_state)


async def list_products(
    info: Info,
    filter: ProductFilter | None,
    args: PageArgs,
    as_of: date | None,
    as_recorded_at: Any,
) -> DataProductConnection:
    ctx = info.context
    filter = filter or ProductFilter()
    at = view_of(ctx, as_of, as_recorded_at)
    filters = products.product_filter_params(
        at,
        kinds=[k.name for k in filter.kinds] if filter.kinds else None,
        operatorId=filter_id(filter.operator_id, "filter.operatorId", "Party"),
        underPath=await subtree_path(ctx, filter.region_code) if filter.region_code else None,
    )
    return await paginate(
        ctx,
        DataProductConnection,
        products.PRODUCTS,
        filters,
        args,
        lambda s: DataProduct.from_state(s, at),
    )


ProductResult = Annotated[
    DataProduct | Rejection,
    result_union(
        "DataProductResult", "The product, or why the write was refused 数据产品写入结果."
    ),
]


@strawberry.type(description="Reading data products 数据产品.")
class ProductQuery:
    @strawberry.field(description="Data products, filtered and paged, as of a date 数据产品列表.")
    @paged(ProductSortField.NAME)
    async def data_products(
        self,
        info: Info,
        filter: Annotated[ProductFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
        as_of: AsOf = None,
        as_recorded_at: AsRecordedAt = None,
    ) -> DataProductConnection:
        return await list_products(info, filter, page, as_of, as_recorded_at)


@strawberry.type(description="Recording data products 数据产品.")
class ProductMutation:
    @writes(
        "Register a data product; its operator receives the product-operation right "
        "登记数据产品 (rules 3, 12)."
    )
    async def register_data_product(
        self,
        info: Info,
        input: Annotated[RegisterDataProductInput, arg("The product.")],
        idempotency_key: Key = None,
    ) -> ProductResult:
        return await register_data_product(info, input, idempotency_key)

    @writes("Hand a product's operation to another party 变更经营主体 (rule 4).")
    async def change_product_operator(
        self,
        info: Info,
        input: Annotated[ChangeProductOperatorInput, arg("The handover.")],
        idempotency_key: Key = None,
    ) -> ProductResult:
        return await change_product_operator(info, input, idempotency_key)
