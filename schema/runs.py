"""Runs of OpenLineage jobs 作业运行, and who runs the jobs of a namespace 作业命名空间."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from graph.history import TimePoint, local_date
from graph.runs import events_at, summary
from schema.asset import DataAsset
from schema.connections import CountedConnection
from schema.context import Info
from schema.enums import RunState
from schema.loading import records_of
from schema.party import Party

if TYPE_CHECKING:
    from schema.lineage import Activity


@strawberry.type(description="One event of a run: the state it reported and when 运行事件.")
class RunEvent:
    state: RunState = strawberry.field(description="State reported 状态.")
    event_time: datetime = strawberry.field(description="When it happened (eventTime) 发生时间.")
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")


@strawberry.type(
    description="A run of an OpenLineage job 作业运行: every event it sent, its state as of "
    "the view, and, once it completed, the hop it ran as."
)
class Run(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id.")
    run_id: str = strawberry.field(description="OpenLineage run id (runId) 运行标识.")
    job_namespace: str = strawberry.field(description="Job namespace 作业命名空间.")
    job_name: str = strawberry.field(description="Job name 作业名称.")
    producer: str | None = strawberry.field(description="Producer URI of its first event.")
    parent_run_id: str | None = strawberry.field(
        description="Run id of the parent run (the `parent` run facet) 父运行标识."
    )
    parent_job: str | None = strawberry.field(
        description="Namespace/name of the parent job 父作业."
    )
    recorded_at: datetime = strawberry.field(description="When it was first recorded 登记时间.")
    row: strawberry.Private[dict[str, Any]]
    view: strawberry.Private[TimePoint]

    def _events(self) -> list[tuple[str, datetime, datetime]]:
        seen = events_at(self.row, self.view.recorded_at)
        return [e for e in seen if local_date(e[1]) <= self.view.valid_at] or seen[:1]

    @strawberry.field(description="Where it stands as of the view 当前状态.")
    def state(self) -> RunState:
        return RunState[summary([(s, t) for s, t, _ in self._events()]).state]

    @strawberry.field(description="When it started: its first START, else first event 开始时间.")
    def started_at(self) -> datetime:
        return summary([(s, t) for s, t, _ in self._events()]).started_at

    @strawberry.field(description="When it completed, failed or was aborted 结束时间.")
    def ended_at(self) -> datetime | None:
        return summary([(s, t) for s, t, _ in self._events()]).ended_at

    @strawberry.field(description="Day it started, in Qinzhou 开始日期.")
    def day(self) -> date:
        return local_date(self.started_at())

    @strawberry.field(description="Every event it sent, in the order they arrived 运行事件.")
    def events(self) -> list[RunEvent]:
        return [
            RunEvent(state=RunState[s], event_time=t, recorded_at=r) for s, t, r in self._events()
        ]

    @strawberry.field(description="Who performed it 执行主体.")
    async def performer(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.row["performerId"])
        return party

    @strawberry.field(
        description="The hop it ran as, once it completed 对应血缘环节: one job of one "
        "performer over the same inputs and outputs, whatever run."
    )
    async def activity(
        self, info: Info
    ) -> Annotated[Activity, strawberry.lazy("schema.lineage")] | None:
        activity_id = self.row.get("activityId")
        if activity_id is None or self.state() is not RunState.COMPLETE:
            return None
        found: Activity | None = await info.context.loaders.activity.load(activity_id)
        return found

    @strawberry.field(description="The datasets its events read 输入.")
    async def inputs(self, info: Info) -> list[DataAsset]:
        return await info.context.assets(list(self.row.get("inputIds") or []), self.view)

    @strawberry.field(description="The datasets its events wrote 输出.")
    async def outputs(self, info: Info) -> list[DataAsset]:
        return await info.context.assets(list(self.row.get("outputIds") or []), self.view)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Run | None]:
        present = info.context.present
        found = await info.context.loaders.run.load_many(list(node_ids))
        return [None if row is None else cls.from_row(row, present) for row in found]

    @classmethod
    def from_row(cls, row: dict[str, Any], view: TimePoint) -> Run:
        return cls(
            uid=row["id"],
            run_id=row["runId"],
            job_namespace=row["jobNamespace"],
            job_name=row["jobName"],
            producer=row.get("producer"),
            parent_run_id=row.get("parentRunId"),
            parent_job=row.get("parentJob"),
            recorded_at=row["recordedAt"],
            row=row,
            view=view,
        )


@strawberry.type(description="A page of runs 作业运行列表.")
class RunConnection(CountedConnection[Run]):
    pass


@strawberry.input(description="Filters of a run list 作业运行筛选条件; all given must hold.")
class RunFilter:
    job_namespace: str | None = strawberry.field(default=None, description="Only this namespace.")
    job_name: str | None = strawberry.field(default=None, description="Only this job.")
    states: list[RunState] | None = strawberry.field(
        default=None, description="Only runs in these states now."
    )
    performer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only runs of this performer (global id of a Party)."
    )
    activity_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only runs of this hop (global id of an Activity)."
    )


@strawberry.type(
    description="Who performs the jobs of an OpenLineage job namespace 作业命名空间映射: "
    "events of the namespace (from producers whose URI starts with `producer`) are recorded "
    "as processing by this party."
)
class JobNamespaceMapping(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id.")
    namespace: str = strawberry.field(description="Job namespace, e.g. `airflow-prod` 命名空间.")
    producer: str = strawberry.field(
        description="Prefix of the producer URI it applies to; empty for any producer."
    )
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    superseded_at: datetime | None = strawberry.field(
        description="When it was replaced or unmapped; null while in force 被替代时间."
    )
    recorded_by: str = strawberry.field(description="Who recorded it 登记人.")
    performer_id: strawberry.Private[str]

    @strawberry.field(description="The party that performs the jobs 执行主体.")
    async def performer(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.performer_id)
        return party

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[JobNamespaceMapping | None]:
        return await records_of(info, "JobNamespace", node_ids, cls.from_row)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> JobNamespaceMapping:
        return cls(
            uid=row["id"],
            namespace=row["namespace"],
            producer=row.get("producer") or "",
            recorded_at=row["recordedAt"],
            superseded_at=row.get("supersededAt"),
            recorded_by=row.get("recordedBy") or "",
            performer_id=row["performerId"],
        )


@strawberry.type(description="A page of job namespace mappings 作业命名空间映射列表.")
class JobNamespaceMappingConnection(CountedConnection[JobNamespaceMapping]):
    pass


@strawberry.input(
    description="Map an OpenLineage job namespace to the party that runs its jobs "
    "映射作业命名空间 (once per namespace; again to change it)."
)
class MapJobNamespaceInput:
    namespace: str = strawberry.field(
        description="The job namespace as pipelines send it, e.g. `airflow-prod` (1–500 chars)."
    )
    producer: str | None = strawberry.field(
        default=None,
        description="Only for events whose producer URI starts with this, e.g. "
        "`https://github.com/apache/airflow`; omitted: any producer. The longest that fits "
        "wins.",
    )
    performer_id: strawberry.ID = strawberry.field(
        description="Global id of the party that performs the namespace's jobs."
    )


@strawberry.input(description="Stop mapping a job namespace 解除作业命名空间映射.")
class UnmapJobNamespaceInput:
    namespace: str = strawberry.field(description="The job namespace.")
    producer: str | None = strawberry.field(
        default=None, description="The producer prefix it was mapped for; omitted: any."
    )
