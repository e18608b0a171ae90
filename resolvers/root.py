"""The root Query and Mutation types: thin fields that delegate to the domain resolvers."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Any

import strawberry
from strawberry import relay

from resolvers import (
    audit,
    authorizations,
    findings,
    impact,
    income_lineage,
    lineage,
    market,
    parties,
    products,
    regions,
    registrations,
    resources,
    rights,
    search,
    transactions,
)
from resolvers.context import Context
from resolvers.ids import filter_id
from resolvers.income import Weighting
from resolvers.pagination import PageArgs
from resolvers.views import view_of
from resolvers.vocabulary import enum_labels
from schema.audit import AuditEventConnection, AuditFilter, Me, RuleInfo
from schema.authorization import (
    Authorization,
    AuthorizationConnection,
    AuthorizationFilter,
    GrantAuthorizationInput,
    RightStatusChange,
    RightStatusInput,
)
from schema.enums import (
    AuditSortField,
    AuthorizationSortField,
    CreditEventKind,
    CreditEventSortField,
    LineageDirection,
    PartySortField,
    ProductSortField,
    RegionSortField,
    RegistrationSortField,
    ResourceSortField,
    RightSortField,
    SortDirection,
    SupervisionSortField,
    SupervisionStatus,
    TransactionSortField,
)
from schema.errors import Rejection
from schema.lineage import (
    Activity,
    FindingPage,
    Impact,
    Lineage,
    LineageFilter,
    LineagePath,
    QualityIssue,
    RecordActivityInput,
    ReportQualityIssueInput,
)
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
from schema.party import PartyConnection, PartyFilter, RegisterPartyInput, RegisterPartyResult
from schema.permissions import (
    CanReadAudit,
    CanReadRegistry,
    CanWriteRegistry,
    CanWriteSupervision,
)
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
from schema.transaction import (
    IncomeDistribution,
    RecordTransactionInput,
    Transaction,
    TransactionConnection,
    TransactionFilter,
)
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
        "Client-chosen key of 1 to 200 characters 幂等键, scoped to the caller and this "
        "mutation: repeating a request with the same key returns the first result and writes "
        "nothing new; another caller's key is never seen."
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


def _result(type_: type, name: str, zh: str) -> object:
    return Annotated[
        type_ | Rejection,
        strawberry.union(name, description=f"The record, or why the write was refused {zh}."),
    ]


AuthorizationResult = _result(Authorization, "AuthorizationResult", "授权结果")
StatusChangeResult = _result(RightStatusChange, "RightStatusChangeResult", "权利状态变更结果")
TransactionResult = _result(Transaction, "TransactionResult", "交易登记结果")
DeclarationResult = _result(Declaration, "DeclarationResult", "声明承诺登记结果")
CreditEventResult = _result(CreditEvent, "CreditEventResult", "信用事件登记结果")
SupervisionResult = _result(SupervisionAction, "SupervisionActionResult", "监管措施登记结果")
ValuationResult = _result(Valuation, "ValuationResult", "评估登记结果")
ActivityResult = _result(Activity, "ActivityResult", "处理活动登记结果")
IssueResult = _result(QualityIssue, "QualityIssueResult", "质量问题登记结果")

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
        description="Authorizations, filtered and paged 授权列表.",
        permission_classes=[CanReadRegistry],
    )
    async def authorizations(
        self,
        info: Info,
        filter: Annotated[AuthorizationFilter | None, _arg("Filters.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: Annotated[
            AuthorizationSortField, _arg("Ordering.")
        ] = AuthorizationSortField.GRANTED_AT,
        direction: Direction = SortDirection.ASC,
    ) -> AuthorizationConnection:
        args = PageArgs(first, after, last, before, order_by, direction)
        return await authorizations.list_authorizations(info, filter, args)

    @strawberry.field(
        description="Trades, filtered and paged 交易列表.", permission_classes=[CanReadRegistry]
    )
    async def transactions(
        self,
        info: Info,
        filter: Annotated[TransactionFilter | None, _arg("Filters.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: Annotated[
            TransactionSortField, _arg("Ordering.")
        ] = TransactionSortField.TRADE_DATE,
        direction: Direction = SortDirection.ASC,
    ) -> TransactionConnection:
        args = PageArgs(first, after, last, before, order_by, direction)
        return await transactions.list_transactions(info, filter, args)

    @strawberry.field(description="Credit events of the data market 信用事件列表.")
    async def credit_events(
        self,
        info: Info,
        party_id: Annotated[strawberry.ID | None, _arg("Only this party's.")] = None,
        kinds: Annotated[list[CreditEventKind] | None, _arg("Only these kinds.")] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        direction: Direction = SortDirection.DESC,
    ) -> CreditEventConnection:
        args = PageArgs(first, after, last, before, CreditEventSortField.OCCURRED_ON, direction)
        return await market.list_credit_events(info, party_id, kinds, args)

    @strawberry.field(
        description="Supervision actions 监管措施列表.", permission_classes=[CanReadRegistry]
    )
    async def supervision_actions(
        self,
        info: Info,
        party_id: Annotated[strawberry.ID | None, _arg("Only about this party.")] = None,
        statuses: Annotated[
            list[SupervisionStatus] | None, _arg("Only these recorded statuses.")
        ] = None,
        first: First = None,
        after: After = None,
        last: Last = None,
        before: Before = None,
        order_by: Annotated[
            SupervisionSortField, _arg("Ordering.")
        ] = SupervisionSortField.TAKEN_ON,
        direction: Direction = SortDirection.DESC,
    ) -> SupervisionActionConnection:
        args = PageArgs(first, after, last, before, order_by, direction)
        return await market.list_supervision(info, party_id, statuses, args)

    @strawberry.field(
        description="Lineage from an asset, upstream or downstream, bounded by depth and a "
        "node budget, as of a date 数据血缘.",
        permission_classes=[CanReadRegistry],
    )
    async def lineage(
        self,
        info: Info,
        asset_id: Annotated[strawberry.ID, _arg("Global id of the resource or product.")],
        direction: Annotated[LineageDirection, _arg("Upstream or downstream.")] = (
            LineageDirection.UPSTREAM
        ),
        depth: Annotated[int, _arg("Most hops (1–20).")] = 3,
        budget: Annotated[int, _arg("Most assets returned (1–5000).")] = 500,
        filter: Annotated[LineageFilter | None, _arg("Filters of the hops.")] = None,
        as_of: AsOf = None,
        as_recorded_at: AsRecordedAt = None,
    ) -> Lineage:
        ctx = info.context
        filters = filter or LineageFilter()
        return await lineage.walk(
            ctx,
            lineage.asset_id(asset_id, "assetId"),
            direction,
            depth,
            budget,
            lineage.WalkFilters(
                kinds=[k.name for k in filters.kinds] if filters.kinds else None,
                performer_id=filter_id(filters.performer_id, "filter.performerId", "Party"),
                since=filters.since,
                until=filters.until,
                categories=[c.name for c in filters.categories] if filters.categories else None,
            ),
            view_of(ctx, as_of, as_recorded_at),
        )

    @strawberry.field(
        description="Why one asset derives from another: every path, hop by hop 血缘路径解释.",
        permission_classes=[CanReadRegistry],
    )
    async def lineage_paths(
        self,
        info: Info,
        downstream_id: Annotated[strawberry.ID, _arg("The derived asset (B).")],
        upstream_id: Annotated[strawberry.ID, _arg("The asset it may derive from (A).")],
        max_paths: Annotated[int, _arg("Most paths (1–100).")] = 10,
        max_depth: Annotated[int, _arg("Longest path (1–12).")] = 8,
    ) -> list[LineagePath]:
        return await lineage.explain(
            info.context,
            lineage.asset_id(downstream_id, "downstreamId"),
            lineage.asset_id(upstream_id, "upstreamId"),
            max_paths,
            max_depth,
        )

    @strawberry.field(
        description="What a problem in a resource touches: accountable parties upstream, "
        "products, grants, trades and parties downstream 问题数据影响分析 (article 9).",
        permission_classes=[CanReadRegistry],
    )
    async def impact(
        self,
        info: Info,
        resource_id: Annotated[strawberry.ID, _arg("Global id of the resource.")],
        depth: Annotated[int, _arg("Most hops each way (1–20).")] = 10,
    ) -> Impact:
        return await impact.impact_of(
            info.context, lineage.asset_id(resource_id, "resourceId"), None, depth
        )

    @strawberry.field(
        description="Breaches of the rules found in the graph 合规发现: processing without a "
        "right, products without the operation right, personal data without anonymization, "
        "duplicate sources, off-exchange trades, grades below inheritance, unregistered "
        "datasets, writes accepted in warn mode, and broken registry invariants (a forked "
        "timeline, a right in force under a suspended or revoked one, one catalogue code for "
        "two live resources, a record without its audit event; `rightsgraph check`).",
        permission_classes=[CanReadAudit],
    )
    async def findings(
        self,
        info: Info,
        rules: Annotated[list[str] | None, _arg("Only these rule codes.")] = None,
        party_id: Annotated[strawberry.ID | None, _arg("Only those naming this party.")] = None,
        region_code: Annotated[str | None, _arg("Only in this region or below.")] = None,
        first: First = None,
        after: After = None,
    ) -> FindingPage:
        ctx = info.context
        size = first or 50
        path = await regions.subtree_path(ctx, region_code) if region_code else None
        items, more, total = await findings.findings(
            info, rules, filter_id(party_id, "partyId", "Party"), path, size, after
        )
        start = findings.offset(after)
        return FindingPage(
            items=items,
            has_next_page=more,
            end_cursor=findings.cursor(start + len(items)) if items else after,
            total=total,
        )

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
        transaction_id: Annotated[strawberry.ID, _arg("Global id of the trade.")],
        source_weight: Annotated[float, _arg("Weight of a source unit.")] = 1.0,
        processing_weight: Annotated[float, _arg("Weight of a processing party.")] = 0.5,
        decay: Annotated[float, _arg("Factor per hop upstream, in (0, 1].")] = 0.5,
        depth: Annotated[int, _arg("Most hops upstream (1–20).")] = 10,
    ) -> IncomeDistribution:
        return await income_lineage.income_along_lineage(
            info,
            filter_id(transaction_id, "transactionId", "Transaction") or "",
            Weighting(source_weight, processing_weight, decay),
            depth,
        )

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


def _supervise(description: str) -> Any:
    return strawberry.mutation(description=description, permission_classes=[CanWriteSupervision])


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

    @_write("Grant a right out of one's own, within it 授权 (rule 2).")
    async def grant_authorization(
        self,
        info: Info,
        input: Annotated[GrantAuthorizationInput, _arg("The grant.")],
        idempotency_key: Key = None,
    ) -> AuthorizationResult:  # type: ignore[valid-type]
        return await authorizations.grant_authorization(info, input, idempotency_key)

    @_write("Suspend a right and every grant carved from it 中止权利（级联）.")
    async def suspend_right(
        self,
        info: Info,
        input: Annotated[RightStatusInput, _arg("The suspension.")],
        idempotency_key: Key = None,
    ) -> StatusChangeResult:  # type: ignore[valid-type]
        return await authorizations.change_right_status(
            info, "suspendRight", input, idempotency_key
        )

    @_write("Revoke a right and every grant carved from it 撤销权利（级联）.")
    async def revoke_right(
        self,
        info: Info,
        input: Annotated[RightStatusInput, _arg("The revocation.")],
        idempotency_key: Key = None,
    ) -> StatusChangeResult:  # type: ignore[valid-type]
        return await authorizations.change_right_status(info, "revokeRight", input, idempotency_key)

    @_write("Lift a suspension, down every grant it reached 恢复权利（级联）.")
    async def reinstate_right(
        self,
        info: Info,
        input: Annotated[RightStatusInput, _arg("The reinstatement.")],
        idempotency_key: Key = None,
    ) -> StatusChangeResult:  # type: ignore[valid-type]
        return await authorizations.change_right_status(
            info, "reinstateRight", input, idempotency_key
        )

    @_write("Record a trade 交易登记 (rules 2, 4-10).")
    async def record_transaction(
        self,
        info: Info,
        input: Annotated[RecordTransactionInput, _arg("The trade.")],
        idempotency_key: Key = None,
    ) -> TransactionResult:  # type: ignore[valid-type]
        return await transactions.record_transaction(info, input, idempotency_key)

    @_write("Record a declaration or commitment 登记声明承诺 (article 25).")
    async def record_declaration(
        self,
        info: Info,
        input: Annotated[RecordDeclarationInput, _arg("The declaration.")],
        idempotency_key: Key = None,
    ) -> DeclarationResult:  # type: ignore[valid-type]
        return await market.record_declaration(info, input, idempotency_key)

    @_write("Record a valuation by a third-party agency 登记数据资产评估 (article 18).")
    async def record_valuation(
        self,
        info: Info,
        input: Annotated[RecordValuationInput, _arg("The valuation.")],
        idempotency_key: Key = None,
    ) -> ValuationResult:  # type: ignore[valid-type]
        return await market.record_valuation(info, input, idempotency_key)

    @_supervise("Record a credit event 登记信用事件 (article 26).")
    async def record_credit_event(
        self,
        info: Info,
        input: Annotated[RecordCreditEventInput, _arg("The event.")],
        idempotency_key: Key = None,
    ) -> CreditEventResult:  # type: ignore[valid-type]
        return await market.record_credit_event(info, input, idempotency_key)

    @_supervise("Decide a credit objection 信用异议处理 (article 26).")
    async def resolve_credit_objection(
        self,
        info: Info,
        input: Annotated[ResolveCreditObjectionInput, _arg("The decision.")],
        idempotency_key: Key = None,
    ) -> CreditEventResult:  # type: ignore[valid-type]
        return await market.resolve_credit_objection(info, input, idempotency_key)

    @_supervise("Record a supervision action 登记监管措施 (articles 23, 24, 27).")
    async def record_supervision_action(
        self,
        info: Info,
        input: Annotated[RecordSupervisionInput, _arg("The action.")],
        idempotency_key: Key = None,
    ) -> SupervisionResult:  # type: ignore[valid-type]
        return await market.record_supervision(info, input, idempotency_key)

    @_supervise(
        "Update a supervision action's status or fault tolerance 更新监管措施 (article 28)."
    )
    async def update_supervision_action(
        self,
        info: Info,
        input: Annotated[UpdateSupervisionInput, _arg("The change.")],
        idempotency_key: Key = None,
    ) -> SupervisionResult:  # type: ignore[valid-type]
        return await market.update_supervision(info, input, idempotency_key)

    @_write("Record a processing activity 登记处理活动 (rules 3 and 7).")
    async def record_activity(
        self,
        info: Info,
        input: Annotated[RecordActivityInput, _arg("The activity.")],
        idempotency_key: Key = None,
    ) -> ActivityResult:  # type: ignore[valid-type]
        return await lineage.record_activity(info, input, idempotency_key)

    @_write("Report a data quality problem on a resource 报告数据质量问题 (article 9).")
    async def report_quality_issue(
        self,
        info: Info,
        input: Annotated[ReportQualityIssueInput, _arg("The problem.")],
        idempotency_key: Key = None,
    ) -> IssueResult:  # type: ignore[valid-type]
        return await impact.report_quality_issue(info, input, idempotency_key)
