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
from resolvers.fields import Key, arg, result_union, writes
from resolvers.ids import decode_id, not_found
from resolvers.lineage import WalkFilters, decode_asset_id, walk
from resolvers.writes import Write, plain_inputs, run_write
from schema.enums import ActivityKind, LineageDirection
from schema.errors import Rejection
from schema.lineage import AccountableHop, Impact, QualityIssue, ReportQualityIssueInput
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
    touched = await graph_impact.touched(ctx.db, affected_ids, ctx.present.valid_at)
    return Impact(
        issue=issue,
        accountable=accountable,
        affected=downstream,
        affected_products=[
            n.asset_id for n in downstream.all_nodes if n.asset_type == "DataProduct"
        ],
        active_authorization_numbers=touched["authorizations"],
        transaction_numbers=touched["transactions"],
        notify_party_ids=touched["parties"],
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


@strawberry.type(description="Recording impact of quality issues 影响分析.")
class ImpactMutation:
    @writes("Report a data quality problem on a resource 报告数据质量问题 (article 9).")
    async def report_quality_issue(
        self,
        info: Info,
        input: Annotated[ReportQualityIssueInput, arg("The problem.")],
        idempotency_key: Key = None,
    ) -> IssueResult:
        return await report_quality_issue(info, input, idempotency_key)
