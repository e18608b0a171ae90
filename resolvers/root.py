"""The root Query and Mutation types: thin fields that delegate to the domain resolvers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay

from resolvers import (
    audit,
    parties,
    products,
    regions,
    registrations,
    resources,
    rights,
    search,
)
from resolvers.context import Context
from resolvers.pagination import PageArgs
from resolvers.vocabulary import enum_labels
from schema.audit import AuditEventConnection, AuditFilter, Me, RuleInfo
from schema.enums import (
    AuditSortField,
    PartySortField,
    ProductSortField,
    RegionSortField,
    RegistrationSortField,
    ResourceSortField,
    RightSortField,
    SortDirection,
)
from schema.errors import Rejection
from schema.party import PartyConnection, PartyFilter, RegisterPartyInput, RegisterPartyResult
from schema.permissions import CanReadAudit, CanReadRegistry, CanWriteRegistry
from schema.product import (
    ChangeProductOperatorInput,
    DataProduct,
    DataProductConnection,
    ProductFilter,
    RegisterDataProductInput,
)
from schema.region import Region, RegionConnection, RegionFilter
from schema.registration import (
    ApproveRegistrationInput,
    FileObjectionInput,
    Registration,
    RegistrationConnection,
    RegistrationFilter,
    RegistrationStepInput,
    ResolveObjectionInput,
    StartPublicityInput,
    SubmitRegistrationInput,
)
from schema.resource import (
    DataResource,
    DataResourceConnection,
    RegisterDataResourceInput,
    ResourceFilter,
    ReviseDataResourceInput,
)
from schema.right import EndRightInput, RecordRightInput, Right, RightConnection, RightFilter
from schema.search import SearchHit, SearchType
from schema.vocabulary import EnumLabel

Info = strawberry.Info[Context, None]


def _arg(description: str) -> object:
    return strawberry.argument(description=description)


First = Annotated[int | None, _arg("Page size from the start (default 20).")]
After = Annotated[str | None, _arg("Cursor of the edge to start after.")]
Last = Annotated[int | None, _arg("Page size from the end.")]
Before = Annotated[str | None, _arg("Cursor of the edge to end before.")]
Direction = Annotated[SortDirection, _arg("Sort direction.")]
AsOf = Annotated[date | None, _arg("Valid date to read at 查询日期; default today.")]
AsRecordedAt = Annotated[
    datetime | None,
    _arg(
        "Read the registry as it was recorded at this moment 历史记录时点 (investigators, "
        "registrars and regulators); default now."
    ),
]
Key = Annotated[
    str | None,
    _arg(
        "Client-chosen key; repeating a request with the same key returns the first result "
        "and writes nothing new."
    ),
]

ResourceResult = Annotated[
    DataResource | Rejection,
    strawberry.union(
        "DataResourceResult",
        description="The resource, or why the write was refused 数据资源写入结果.",
    ),
]
ProductResult = Annotated[
    DataProduct | Rejection,
    strawberry.union(
        "DataProductResult",
        description="The product, or why the write was refused 数据产品写入结果.",
    ),
]
RightResult = Annotated[
    Right | Rejection,
    strawberry.union(
        "RightResult", description="The right, or why the write was refused 数据权利写入结果."
    ),
]
RegistrationResult = Annotated[
    Registration | Rejection,
    strawberry.union(
        "RegistrationResult",
        description="The registration, or why the step was refused 登记办理结果.",
    ),
]


@strawberry.type(description="Read the registry 查询.")
class Query:
    @strawberry.field(description="Any record by its global id (Relay node lookup).")
    async def node(
        self, info: Info, id: Annotated[relay.GlobalID, _arg("Global id of the record.")]
    ) -> relay.Node | None:
        # A plain resolver rather than `relay.node()`, which cannot serve two schemas
        # built in one process (the app and its tests build several).
        return await id.resolve_node(info, required=False)

    @strawberry.field(description="The caller: subject, role, jurisdiction, abilities 当前调用者.")
    def me(self, info: Info) -> Me:
        return audit.me(info)

    @strawberry.field(description="A region by its administrative division code 行政区划.")
    async def region(
        self, info: Info, code: Annotated[str, _arg("Division code, e.g. 450700.")]
    ) -> Region | None:
        return await info.context.loaders.region.load(code)

    @strawberry.field(description="Regions of Qinzhou, filtered and paged 行政区划列表.")
    async def regions(
        self,
        info: Info,
        filter: Annotated[RegionFilter | None, _arg("Filters.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: Annotated[RegionSortField, _arg("Ordering.")] = RegionSortField.CODE,
        direction: Direction = SortDirection.ASC,
    ) -> RegionConnection:
        args = PageArgs(first, after, last, before, order_by, direction)
        return await regions.list_regions(info, filter, args)

    @strawberry.field(description="Parties of the market, filtered and paged 主体列表.")
    async def parties(
        self,
        info: Info,
        filter: Annotated[PartyFilter | None, _arg("Filters.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: Annotated[PartySortField, _arg("Ordering.")] = PartySortField.NAME,
        direction: Direction = SortDirection.ASC,
    ) -> PartyConnection:
        args = PageArgs(first, after, last, before, order_by, direction)
        return await parties.list_parties(info, filter, args)

    @strawberry.field(
        description="Data resources, filtered and paged, as of a date 数据资源列表. Callers "
        "without registry access see open and conditionally open resources only."
    )
    async def data_resources(
        self,
        info: Info,
        filter: Annotated[ResourceFilter | None, _arg("Filters.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: Annotated[ResourceSortField, _arg("Ordering.")] = ResourceSortField.NAME,
        direction: Direction = SortDirection.ASC,
        as_of: AsOf = None,
        as_recorded_at: AsRecordedAt = None,
    ) -> DataResourceConnection:
        args = PageArgs(first, after, last, before, order_by, direction)
        return await resources.list_resources(info, filter, args, as_of, as_recorded_at)

    @strawberry.field(description="Data products, filtered and paged, as of a date 数据产品列表.")
    async def data_products(
        self,
        info: Info,
        filter: Annotated[ProductFilter | None, _arg("Filters.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: Annotated[ProductSortField, _arg("Ordering.")] = ProductSortField.NAME,
        direction: Direction = SortDirection.ASC,
        as_of: AsOf = None,
        as_recorded_at: AsRecordedAt = None,
    ) -> DataProductConnection:
        args = PageArgs(first, after, last, before, order_by, direction)
        return await products.list_products(info, filter, args, as_of, as_recorded_at)

    @strawberry.field(
        description="Rights, filtered and paged, as of a date 数据权利列表.",
        permission_classes=[CanReadRegistry],
    )
    async def rights(
        self,
        info: Info,
        filter: Annotated[RightFilter | None, _arg("Filters.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: Annotated[RightSortField, _arg("Ordering.")] = RightSortField.VALID_FROM,
        direction: Direction = SortDirection.ASC,
        as_of: AsOf = None,
        as_recorded_at: AsRecordedAt = None,
    ) -> RightConnection:
        args = PageArgs(first, after, last, before, order_by, direction)
        return await rights.list_rights(info, filter, args, as_of, as_recorded_at)

    @strawberry.field(
        description="Property registrations, filtered and paged 产权登记列表.",
        permission_classes=[CanReadRegistry],
    )
    async def registrations(
        self,
        info: Info,
        filter: Annotated[RegistrationFilter | None, _arg("Filters.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: Annotated[
            RegistrationSortField, _arg("Ordering.")
        ] = RegistrationSortField.SUBMITTED_AT,
        direction: Direction = SortDirection.ASC,
    ) -> RegistrationConnection:
        args = PageArgs(first, after, last, before, order_by, direction)
        return await registrations.list_registrations(info, filter, args)

    @strawberry.field(
        description="The audit trail: who recorded what, when 审计记录.",
        permission_classes=[CanReadAudit],
    )
    async def audit_events(
        self,
        info: Info,
        filter: Annotated[AuditFilter | None, _arg("Filters.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        direction: Direction = SortDirection.DESC,
    ) -> AuditEventConnection:
        args = PageArgs(first, after, last, before, AuditSortField.AT, direction)
        return await audit.list_audit_events(info, filter, args)

    @strawberry.field(
        description="Full-text search in Chinese and English over names and descriptions 全文检索."
    )
    async def search(
        self,
        info: Info,
        text: Annotated[str, _arg("Words to find, e.g. 港口物流 or port logistics.")],
        types: Annotated[
            list[SearchType] | None, _arg("Only these kinds of record; all when omitted.")
        ] = None,
        first: Annotated[int, _arg("How many hits, best first (1–100).")] = 20,
    ) -> list[SearchHit]:
        return await search.search(info, text, types, first)

    @strawberry.field(
        description="The rules the registry checks on write, with their modes 登记校验规则."
    )
    def rules(self, info: Info) -> list[RuleInfo]:
        return audit.list_rules(info)

    @strawberry.field(
        description="Every enum value with its Chinese and English label 枚举中英文标签."
    )
    def enum_labels(
        self,
        enum_name: Annotated[
            str | None, _arg("Only this enum, e.g. `PartyKind`; all when omitted.")
        ] = None,
    ) -> list[EnumLabel]:
        return enum_labels(enum_name)


def _write(description: str) -> Any:
    return strawberry.mutation(description=description, permission_classes=[CanWriteRegistry])


@strawberry.type(
    description="Record facts in the registry 登记. Registrars only, within their "
    "jurisdiction (rule 12)."
)
class Mutation:
    @_write("Register a party 登记主体.")
    async def register_party(
        self,
        info: Info,
        input: Annotated[RegisterPartyInput, _arg("The party.")],
        idempotency_key: Key = None,
    ) -> RegisterPartyResult:
        return await parties.register_party(info, input, idempotency_key)

    @_write(
        "Register a data resource with its single source unit, who receives the holding "
        "right 登记数据资源 (rules 1, 12)."
    )
    async def register_data_resource(
        self,
        info: Info,
        input: Annotated[RegisterDataResourceInput, _arg("The resource.")],
        idempotency_key: Key = None,
    ) -> ResourceResult:
        return await resources.register_data_resource(info, input, idempotency_key)

    @_write(
        "Change a resource from a date, or correct its record; the old record is kept "
        "变更或更正数据资源."
    )
    async def revise_data_resource(
        self,
        info: Info,
        input: Annotated[ReviseDataResourceInput, _arg("The change.")],
        idempotency_key: Key = None,
    ) -> ResourceResult:
        return await resources.revise_data_resource(info, input, idempotency_key)

    @_write(
        "Register a data product; its operator receives the product-operation right "
        "登记数据产品 (rules 3, 12)."
    )
    async def register_data_product(
        self,
        info: Info,
        input: Annotated[RegisterDataProductInput, _arg("The product.")],
        idempotency_key: Key = None,
    ) -> ProductResult:
        return await products.register_data_product(info, input, idempotency_key)

    @_write("Hand a product's operation to another party 变更经营主体 (rule 4).")
    async def change_product_operator(
        self,
        info: Info,
        input: Annotated[ChangeProductOperatorInput, _arg("The handover.")],
        idempotency_key: Key = None,
    ) -> ProductResult:
        return await products.change_product_operator(info, input, idempotency_key)

    @_write("Record a right held by law, contract or authorization 记录数据权利.")
    async def record_right(
        self,
        info: Info,
        input: Annotated[RecordRightInput, _arg("The right.")],
        idempotency_key: Key = None,
    ) -> RightResult:
        return await rights.record_right(info, input, idempotency_key)

    @_write("End a right from a day on 终止数据权利.")
    async def end_right(
        self,
        info: Info,
        input: Annotated[EndRightInput, _arg("The end.")],
        idempotency_key: Key = None,
    ) -> RightResult:
        return await rights.end_right(info, input, idempotency_key)

    @_write("Apply for a data property registration 申请产权登记 (article 13).")
    async def submit_registration(
        self,
        info: Info,
        input: Annotated[SubmitRegistrationInput, _arg("The application.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await registrations.submit_registration(info, input, idempotency_key)

    @_write("Accept a submitted registration for review 受理审核.")
    async def start_registration_review(
        self,
        info: Info,
        input: Annotated[RegistrationStepInput, _arg("The step.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await registrations.start_review(info, input, idempotency_key)

    @_write("Open the publicity period 公示.")
    async def start_registration_publicity(
        self,
        info: Info,
        input: Annotated[StartPublicityInput, _arg("The publicity.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await registrations.start_publicity(info, input, idempotency_key)

    @_write("Record an objection during publicity; it holds the registration 异议.")
    async def file_registration_objection(
        self,
        info: Info,
        input: Annotated[FileObjectionInput, _arg("The objection.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await registrations.file_objection(info, input, idempotency_key)

    @_write("Decide the open objections: uphold (reject) or dismiss (resume publicity) 异议处理.")
    async def resolve_registration_objection(
        self,
        info: Info,
        input: Annotated[ResolveObjectionInput, _arg("The decision.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await registrations.resolve_objection(info, input, idempotency_key)

    @_write("Approve after publicity and issue the certificate 准予登记并发证.")
    async def approve_registration(
        self,
        info: Info,
        input: Annotated[ApproveRegistrationInput, _arg("The approval.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await registrations.approve_registration(info, input, idempotency_key)

    @_write("Refuse a registration, with the reason 不予登记.")
    async def reject_registration(
        self,
        info: Info,
        input: Annotated[RegistrationStepInput, _arg("The refusal.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await registrations.reject_registration(info, input, idempotency_key)

    @_write("Withdraw an application before publicity 撤回申请.")
    async def withdraw_registration(
        self,
        info: Info,
        input: Annotated[RegistrationStepInput, _arg("The withdrawal.")],
        idempotency_key: Key = None,
    ) -> RegistrationResult:
        return await registrations.withdraw_registration(info, input, idempotency_key)
