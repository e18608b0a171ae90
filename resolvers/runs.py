"""Reading OpenLineage runs: by run id, and listed by job, state, performer or hop."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Annotated

import strawberry

from graph import runs as graph_runs
from graph.domain import ErrorCode
from resolvers.context import Context
from resolvers.errors import QueryInputError
from resolvers.fields import PAGE, AsRecordedAt, arg, paged
from resolvers.ids import filter_id
from resolvers.pagination import PageArgs, paginate
from resolvers.views import view_of
from schema.enums import RunSortField, SortDirection
from schema.permissions import CanReadRegistry
from schema.runs import Run, RunConnection, RunFilter

Info = strawberry.Info[Context, None]


async def run_by_run_id(info: Info, run_id: str, as_recorded_at: datetime | None) -> Run | None:
    ctx = info.context
    try:
        canonical = str(uuid.UUID(run_id))
    except ValueError as exc:
        raise QueryInputError(
            ErrorCode.INVALID_INPUT, "runId", "an OpenLineage run id is a UUID", "运行标识须为UUID"
        ) from exc
    at = view_of(ctx, None, as_recorded_at)
    row = (await graph_runs.runs_by_run_ids(ctx.db, [canonical])).get(canonical)
    if row is None or row["recordedAt"] > at.recorded_at:
        return None
    return Run.from_row(row, at)


async def list_runs(
    info: Info, filter: RunFilter | None, args: PageArgs, as_recorded_at: datetime | None
) -> RunConnection:
    ctx = info.context
    filter = filter or RunFilter()
    at = view_of(ctx, None, as_recorded_at)
    filters = {
        "jobNamespace": filter.job_namespace,
        "jobName": filter.job_name,
        "states": [s.name for s in filter.states] if filter.states else None,
        "performerId": filter_id(filter.performer_id, "filter.performerId", "Party"),
        "activityId": filter_id(filter.activity_id, "filter.activityId", "Activity"),
        "recordedAt": at.recorded_at,
    }
    return await paginate(
        ctx, RunConnection, graph_runs.RUNS, filters, args, lambda row: Run.from_row(row, at)
    )


@strawberry.type(description="Reading OpenLineage runs 作业运行.")
class RunQuery:
    @strawberry.field(
        description="A run by its OpenLineage run id 按运行标识查询运行; null when none is "
        "recorded (as of `asRecordedAt`).",
        permission_classes=[CanReadRegistry],
    )
    async def lineage_run(
        self,
        info: Info,
        run_id: Annotated[str, arg("The OpenLineage runId (a UUID).")],
        as_recorded_at: AsRecordedAt = None,
    ) -> Run | None:
        return await run_by_run_id(info, run_id, as_recorded_at)

    @strawberry.field(
        description="OpenLineage runs recorded, filtered and paged, latest first 作业运行列表; "
        "`state` filters on where each stands now.",
        permission_classes=[CanReadRegistry],
    )
    @paged(RunSortField.STARTED_AT, SortDirection.DESC)
    async def lineage_runs(
        self,
        info: Info,
        filter: Annotated[RunFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
        as_recorded_at: AsRecordedAt = None,
    ) -> RunConnection:
        return await list_runs(info, filter, page, as_recorded_at)
