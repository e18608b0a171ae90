"""Article 9: problem data is traceable and accountable. A quality issue is recorded on a
resource; the impact walks upstream to name who is accountable at each hop and downstream to
find every product, grant, trade and party it touches."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import strawberry

from graph import impact as graph_impact
from graph import market
from graph.domain import ErrorCode
from resolvers.context import Context
from resolvers.errors import Refusal, answers_refusals, user_error
from resolvers.fields import PAGE, Key, arg, paged, reports, result_union
from resolvers.ids import decode_id, filter_id, not_found
from resolvers.lineage import WalkFilters, decode_asset_id, walk
from resolvers.pagination import PageArgs, paginate
from resolvers.writes import Write, plain_inputs, run_write
from schema.enums import (
    ActivityKind,
    IssueSeverity,
    LineageDirection,
    QualityIssueSortField,
    SortDirection,
)
from schema.errors import Rejection
from schema.lineage import (
    AccountableHop,
    Impact,
    QualityIssue,
    QualityIssueConnection,
    ReportQualityIssueInput,
    Stakeholder,
)
from schema.permissions import CanReadRegistry

Info = strawberry.Info[Context, None]


@answers_refusals
async def report_quality_issue(
    info: Info, input: ReportQualityIssueInput, key: str | None
) -> QualityIssue:
    ctx = info.context
    raw = plain_inputs(input)
    if len(input.description.strip()) < 4:
        raise Refusal(
            user_error(
                ErrorCode.INVALID_INPUT, "input.description", "describe the problem", "请描述问题"
            )
        )
    resource_id = decode_id(input.resource_id, "input.resourceId", "DataResource")[1]

    async def work(write: Write) -> list[str]:
        issue_id = str(uuid.uuid4())
        created = await graph_impact.create_issue(
            write.tx,
            {
                "id": issue_id,
                "objectId": resource_id,
                "description": input.description,
                "severity": input.severity.name,
                "discoveredOn": input.discovered_on,
                "reporter": ctx.actor.subject,
            },
            write.now,
        )
        if not created:
            write.refuse(not_found("input.resourceId", "DataResource", resource_id))
        return [issue_id, resource_id]

    written = await run_write(ctx, "reportQualityIssue", raw, work, key)
    rows = await market.records_by_ids(ctx.db, written.affected_ids[:1])
    return QualityIssue.from_row(rows[written.affected_ids[0]])


# The most assets each walk of an impact reads.
UPSTREAM_BUDGET = 500
DOWNSTREAM_BUDGET = 2000


async def impact_of(
    ctx: Context, resource_id: str, issue: QualityIssue | None, depth: int
) -> Impact:
    upstream = await walk(
        ctx,
        resource_id,
        LineageDirection.UPSTREAM,
        depth,
        UPSTREAM_BUDGET,
        WalkFilters(),
        ctx.present,
    )
    downstream = await walk(
        ctx,
        resource_id,
        LineageDirection.DOWNSTREAM,
        depth,
        DOWNSTREAM_BUDGET,
        WalkFilters(),
        ctx.present,
    )
    accountable = await _accountable(ctx, resource_id, upstream)
    affected_ids = [resource_id, *(n.asset_id for n in downstream.all_nodes)]
    stakes = await graph_impact.stakeholders(
        ctx.db, resource_id, affected_ids, ctx.present.valid_at
    )
    issues = [
        QualityIssue.from_row(row) for row in await graph_impact.issues_of(ctx.db, resource_id)
    ]
    return Impact(
        issue=issue or (issues[0] if issues else None),
        issues=issues,
        accountable=accountable,
        affected=downstream,
        affected_products=[
            n.asset_id for n in downstream.all_nodes if n.asset_type == "DataProduct"
        ],
        active_authorization_numbers=_numbers(stakes, "AUTHORIZATION"),
        transaction_numbers=_numbers(stakes, "TRANSACTION"),
        stakeholders=_distinct([Stakeholder.from_row(row) for row in stakes]),
    )


def _numbers(stakes: list[dict[str, Any]], through: str) -> list[str]:
    return sorted({row["number"] for row in stakes if row["through"] == through})


def _distinct(stakeholders: list[Stakeholder]) -> list[Stakeholder]:
    """Each stake once, in a stable order: by role, then party, asset and number."""
    seen: dict[tuple[Any, ...], Stakeholder] = {}
    for s in stakeholders:
        key = (s.role.name, s.party_id or s.region_id or "", s.asset_id, s.number or "")
        seen.setdefault(key, s)
    return [seen[key] for key in sorted(seen)]


async def list_quality_issues(
    info: Info, resource_id: str | None, severities: list[IssueSeverity] | None, args: PageArgs
) -> QualityIssueConnection:
    filters = {
        "resourceId": filter_id(resource_id, "resourceId", "DataResource"),
        "severities": [s.name for s in severities] if severities else None,
    }
    return await paginate(
        info.context,
        QualityIssueConnection,
        graph_impact.QUALITY_ISSUE_LIST,
        filters,
        args,
        QualityIssue.from_row,
    )


async def _accountable(ctx: Context, resource_id: str, upstream: Any) -> list[AccountableHop]:
    """Who answers for each hop: the performer of each activity, the source of each resource."""
    depth_of = {resource_id: 0, **{n.asset_id: n.depth for n in upstream.all_nodes}}
    hops = [
        AccountableHop(
            asset_id=e.from_id,
            depth=depth_of.get(e.from_id, 0),
            kind=e.kind,
            party_id=e.performer_id,
            role="performer 处理方",
        )
        for e in upstream.all_edges
    ]
    sources = await graph_impact.sources(ctx.db, list(depth_of))
    hops += [
        AccountableHop(
            asset_id=asset,
            depth=depth_of[asset],
            kind=ActivityKind.COLLECT,
            party_id=source,
            role="source unit 来源单位",
        )
        for asset, source in sources.items()
    ]
    return sorted(hops, key=lambda h: (h.depth, h.role))


IssueResult = Annotated[
    QualityIssue | Rejection,
    result_union(
        "QualityIssueResult", "The record, or why the write was refused 质量问题登记结果."
    ),
]


@strawberry.type(description="Reading impact of quality issues 影响分析.")
class ImpactQuery:
    @strawberry.field(
        description="What a problem in a resource touches: accountable parties upstream, "
        "products, grants, trades and parties downstream 问题数据影响分析 (article 9).",
        permission_classes=[CanReadRegistry],
    )
    async def impact(
        self,
        info: Info,
        resource_id: Annotated[strawberry.ID, arg("Global id of the resource.")],
        depth: Annotated[int, arg("Most hops each way (1–20).")] = 10,
    ) -> Impact:
        return await impact_of(
            info.context, decode_asset_id(resource_id, "resourceId"), None, depth
        )

    @strawberry.field(
        description="Quality problems reported 质量问题列表 (article 9).",
        permission_classes=[CanReadRegistry],
    )
    @paged(QualityIssueSortField.RECORDED_AT, SortDirection.DESC)
    async def quality_issues(
        self,
        info: Info,
        resource_id: Annotated[strawberry.ID | None, arg("Only this resource's.")] = None,
        severities: Annotated[list[IssueSeverity] | None, arg("Only these severities.")] = None,
        page: PageArgs = PAGE,
    ) -> QualityIssueConnection:
        return await list_quality_issues(info, resource_id, severities, page)


@strawberry.type(description="Recording impact of quality issues 影响分析.")
class ImpactMutation:
    @reports(
        "Report a data quality problem on a resource 报告数据质量问题 (article 9); "
        "investigators, registrars and regulators may."
    )
    async def report_quality_issue(
        self,
        info: Info,
        input: Annotated[ReportQualityIssueInput, arg("The problem.")],
        idempotency_key: Key = None,
    ) -> IssueResult:
        return await report_quality_issue(info, input, idempotency_key)
