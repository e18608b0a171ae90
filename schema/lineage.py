"""Lineage: activities, walks, paths, problem-data impact 数据血缘."""

from __future__ import annotations

import base64
from collections.abc import Awaitable, Callable, Iterable
from datetime import date, datetime
from typing import Annotated, Any, TypeVar

import strawberry
from graphql import GraphQLError
from strawberry import relay

from graph.history import TimePoint
from schema.asset import DataAsset
from schema.connections import CountedConnection
from schema.context import Info
from schema.enums import (
    ActivityKind,
    DataCategory,
    ExportFormat,
    IssueSeverity,
    LineageDirection,
    StakeholderRole,
    StakeLink,
)
from schema.labels import label_of
from schema.loading import records_of
from schema.party import Party
from schema.region import Region
from schema.right import Right
from schema.runs import Run

T = TypeVar("T")
MAX_RUNS = 100
RunsFirst = Annotated[
    int, strawberry.argument(description="Most runs, latest first (1–100); page with `runs`.")
]


async def runs_of(info: Info, activity_id: str | None, view: TimePoint, first: int) -> list[Run]:
    if activity_id is None:
        return []
    limit = max(1, min(first, MAX_RUNS))
    rows, _ = await info.context.loaders.runs_of.load((activity_id, view, limit))
    return [Run.from_row(row, view) for row in rows]


@strawberry.type(
    description="A processing activity 处理活动 (W3C PROV): it used inputs, generated "
    "outputs, was performed by a party, under a right on each input."
)
class Activity(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id.")
    kind: ActivityKind = strawberry.field(description="Kind of activity 活动类型.")
    at: datetime = strawberry.field(description="When it ran 发生时间.")
    day: date = strawberry.field(description="Day it ran, in Qinzhou 发生日期.")
    name: str | None = strawberry.field(description="Job name, e.g. from OpenLineage 作业名称.")
    run_id: str | None = strawberry.field(
        description="OpenLineage run id of its first run, if ingested; `runs` lists them all."
    )
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    performer_id: strawberry.Private[str]
    input_ids: strawberry.Private[list[str]]
    output_ids: strawberry.Private[list[str]]
    right_ids: strawberry.Private[list[str]]

    @strawberry.field(description="Who performed it 执行主体 (article 5: responsible party).")
    async def performer(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.performer_id)
        return party

    @strawberry.field(description="The rights it ran under 依据的权利.")
    async def rights(self, info: Info) -> list[Right]:
        found = await info.context.loaders.right_any_time.load_many(self.right_ids)
        return [right for right in found if right is not None]

    @strawberry.field(description="What it used 输入.")
    async def used(self, info: Info) -> list[DataAsset]:
        return await info.context.assets(self.input_ids)

    @strawberry.field(
        description="Its runs as recorded now, latest first 运行记录: an ingested hop is one "
        "job over the same datasets, run again and again."
    )
    async def runs(self, info: Info, first: RunsFirst = 20) -> list[Run]:
        return await runs_of(info, self.uid, info.context.present, first)

    @strawberry.field(description="How many runs it has, as recorded now 运行次数.")
    async def run_count(self, info: Info) -> int:
        _, total = await info.context.loaders.runs_of.load((self.uid, info.context.present, 1))
        return total

    @strawberry.field(description="What it generated 输出.")
    async def generated(self, info: Info) -> list[DataAsset]:
        return await info.context.assets(self.output_ids)

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Activity | None]:
        return list(await info.context.loaders.activity.load_many(list(node_ids)))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Activity:
        return cls(
            uid=row["id"],
            kind=ActivityKind[row["kind"]],
            at=row["at"],
            day=row["day"],
            name=row.get("name"),
            run_id=row.get("runId"),
            recorded_at=row["recordedAt"],
            performer_id=row["performerId"],
            input_ids=list(row.get("inputIds") or []),
            output_ids=list(row.get("outputIds") or []),
            right_ids=[r for r in row.get("rightIds") or [] if r],
        )


@strawberry.type(description="An asset reached by a lineage walk 血缘节点.")
class LineageNode:
    depth: int = strawberry.field(description="Hops from the start 层级.")
    asset: DataAsset | None = strawberry.field(
        description="The asset as of the walk's view; null if it is not valid then."
    )
    asset_id: str = strawberry.field(description="Registry id of the asset.")
    asset_type: str = strawberry.field(description="DataResource or DataProduct.")


@strawberry.type(description="One hop of lineage: made from, by whom, how, under what 血缘边.")
class LineageEdge:
    from_id: str = strawberry.field(description="Registry id of the derived asset 派生方.")
    to_id: str = strawberry.field(description="Registry id of what it derives from 来源方.")
    kind: ActivityKind = strawberry.field(description="The activity 活动类型.")
    day: date | None = strawberry.field(description="When 日期.")
    activity_id: strawberry.Private[str | None]
    performer_id: strawberry.Private[str | None]
    right_id: strawberry.Private[str | None]
    view: strawberry.Private[TimePoint]

    @strawberry.field(
        description="Runs of the hop at the walk's view, latest first 运行记录 (OpenLineage "
        "runs of the job it came from; none for a hop recorded by hand)."
    )
    async def runs(self, info: Info, first: RunsFirst = 5) -> list[Run]:
        # Five by default: a walk's budget multiplies what each hop's runs cost.
        return await runs_of(info, self.activity_id, self.view, first)

    @strawberry.field(description="The activity, when the hop came from one 处理活动.")
    async def activity(self, info: Info) -> Activity | None:
        if self.activity_id is None:
            return None
        found: Activity | None = await info.context.loaders.activity.load(self.activity_id)
        return found

    @strawberry.field(description="Who did it 执行主体.")
    async def performer(self, info: Info) -> Party | None:
        if self.performer_id is None:
            return None
        party: Party | None = await info.context.loaders.party.load(self.performer_id)
        return party

    @strawberry.field(description="The right it was done under 依据的权利.")
    async def right(self, info: Info) -> Right | None:
        if self.right_id is None:
            return None
        right: Right | None = await info.context.loaders.right_any_time.load(self.right_id)
        return right


@strawberry.type(
    description="A bounded lineage answer 血缘查询结果: the assets reached and the hops, "
    "with what lies beyond the limits."
)
class Lineage:
    direction: LineageDirection = strawberry.field(description="Upstream or downstream.")
    root_id: str = strawberry.field(description="Registry id of the start.")
    all_nodes: strawberry.Private[list[LineageNode]]
    all_edges: strawberry.Private[list[LineageEdge]]
    depth_reached: int = strawberry.field(description="Deepest level walked.")
    cut: strawberry.Private[bool]  # the budget or a level's row cap stopped the walk
    count_beyond: strawberry.Private[Callable[[], Awaitable[int]]]
    as_of: date = strawberry.field(description="Valid date of the walk.")
    as_recorded_at: datetime = strawberry.field(description="Record time of the walk.")
    total_nodes: int = strawberry.field(description="Assets reached in all.")
    exporter: strawberry.Private[Callable[[ExportFormat], str]]

    @strawberry.field(
        description="True when the depth or the node budget stopped the walk 结果被截断."
    )
    async def truncated(self) -> bool:
        return self.cut or await self.count_beyond() > 0

    @strawberry.field(
        description="Assets one level past where the walk stopped, not included 未展开数量."
    )
    async def beyond(self) -> int:
        # Counted only when asked for (here or by `truncated`): one more statement.
        return await self.count_beyond()

    @strawberry.field(description="Assets reached, nearest first; paged by offset cursors.")
    def nodes(
        self,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> list[LineageNode]:
        return _slice(self.all_nodes, first, after)

    @strawberry.field(description="Hops between them; paged like `nodes`.")
    def edges(
        self,
        first: Annotated[int | None, strawberry.argument(description="Page size.")] = None,
        after: Annotated[str | None, strawberry.argument(description="Cursor.")] = None,
    ) -> list[LineageEdge]:
        return _slice(self.all_edges, first, after)

    @strawberry.field(
        description="Cursor after the `count`-th item of `nodes` or `edges`, to page on: "
        "pass `after: cursorAfter(count: 100)` with `first: 100` for the next page."
    )
    def cursor_after(
        self, count: Annotated[int, strawberry.argument(description="Items seen so far.")]
    ) -> str:
        return base64.urlsafe_b64encode(f"lineage:{count}".encode()).decode()

    @strawberry.field(description="How many hops the answer holds in all.")
    def total_edges(self) -> int:
        return len(self.all_edges)

    @strawberry.field(
        description="The answer as JSON, GraphML (networkx, Gephi) or DOT (Graphviz) 导出."
    )
    def export(
        self,
        format: Annotated[ExportFormat, strawberry.argument(description="The format.")] = (
            ExportFormat.JSON
        ),
    ) -> str:
        return self.exporter(format)


def _slice(items: list[T], first: int | None, after: str | None) -> list[T]:
    start = 0
    if after:
        try:
            start = int(base64.urlsafe_b64decode(after.encode()).decode().split(":")[1])
        except (ValueError, IndexError) as exc:
            raise GraphQLError(
                "malformed cursor", extensions={"code": "INVALID_CURSOR", "field": "after"}
            ) from exc
    return items[start : start + first if first is not None else None]


@strawberry.type(description="One path from an upstream asset to a downstream one 血缘路径.")
class LineagePath:
    asset_ids: list[str] = strawberry.field(description="Assets, downstream first.")
    hops: list[LineageEdge] = strawberry.field(description="Each hop with who, how, when.")


@strawberry.type(description="A data quality problem 数据质量问题 (article 9).")
class QualityIssue(relay.Node):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id.")
    description: str = strawberry.field(description="What is wrong 问题描述.")
    severity: IssueSeverity = strawberry.field(description="How bad 严重程度.")
    discovered_on: date = strawberry.field(description="When it was found 发现日期.")
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    resource_id: strawberry.Private[str]
    reporter: str = strawberry.field(description="Who reported it 报告人.")

    @strawberry.field(description="The resource it concerns, as it is today 问题数据.")
    async def resource(self, info: Info) -> DataAsset | None:
        found: DataAsset | None = await info.context.loaders.resource.load(
            (self.resource_id, info.context.present)
        )
        return found

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[QualityIssue | None]:
        return await records_of(info, "QualityIssue", node_ids, cls.from_row)

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> QualityIssue:
        return cls(
            uid=row["id"],
            description=row["description"],
            severity=IssueSeverity[row["severity"]],
            discovered_on=row["discoveredOn"],
            recorded_at=row["recordedAt"],
            resource_id=row["objectId"],
            reporter=row["reporter"],
        )


@strawberry.type(description="Who is accountable at one hop upstream 问题追责.")
class AccountableHop:
    asset_id: str = strawberry.field(description="The asset at this hop.")
    depth: int = strawberry.field(description="Hops above the problem.")
    kind: ActivityKind | None = strawberry.field(description="What was done here.")
    party_id: strawberry.Private[str | None]
    role: str = strawberry.field(description="source unit 来源单位 or performer 处理方.")

    @strawberry.field(description="The accountable party 责任主体.")
    async def party(self, info: Info) -> Party | None:
        if self.party_id is None:
            return None
        party: Party | None = await info.context.loaders.party.load(self.party_id)
        return party


@strawberry.type(
    description="A party (or registrar) with a stake in problem data, and why 利益相关方."
)
class Stakeholder:
    role: StakeholderRole = strawberry.field(description="Its stake 角色.")
    through: StakeLink = strawberry.field(description="What ties it to the data 关联.")
    asset_id: str = strawberry.field(description="Registry id of the affected asset.")
    number: str | None = strawberry.field(
        description="Number of the authorization or trade it is concerned through."
    )
    right_id: str | None = strawberry.field(description="Registry id of the right it holds.")
    party_id: strawberry.Private[str | None]
    region_id: strawberry.Private[str | None]

    @strawberry.field(description="Why, in words 原因.")
    def reason(self) -> str:
        role, through = label_of(self.role).en, label_of(self.through).en.lower()
        via = f" {self.number}" if self.number else ""
        return f"{role}: {through}{via}, on {self.asset_id}"

    @strawberry.field(description="Why, in Chinese 原因（中文）.")
    def reason_zh(self) -> str:
        via = f"（{self.number}）" if self.number else ""
        return f"{label_of(self.role).zh}：{label_of(self.through).zh}{via}，涉及{self.asset_id}"

    @strawberry.field(description="The affected asset, as it is today 受影响的数据.")
    async def asset(self, info: Info) -> DataAsset | None:
        [found] = await info.context.assets([self.asset_id])
        asset: DataAsset | None = found
        return asset

    @strawberry.field(description="The party to notify; null for the registrar 相关主体.")
    async def party(self, info: Info) -> Party | None:
        if self.party_id is None:
            return None
        party: Party | None = await info.context.loaders.party.load(self.party_id)
        return party

    @strawberry.field(description="The registrar's region, for the REGISTRAR role 辖区.")
    async def region(self, info: Info) -> Region | None:
        if self.region_id is None:
            return None
        region: Region | None = await info.context.loaders.region.load(self.region_id)
        return region

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Stakeholder:
        return cls(
            role=StakeholderRole[row["role"]],
            through=StakeLink[row["through"]],
            asset_id=row["assetId"],
            number=row.get("number"),
            right_id=row.get("rightId"),
            party_id=row.get("partyId"),
            region_id=row.get("regionId"),
        )


@strawberry.type(
    description="What a problem in one resource touches 问题数据影响分析 (article 9): who is "
    "accountable upstream, and what downstream must be told."
)
class Impact:
    issue: QualityIssue | None = strawberry.field(
        description="The problem: the one just reported, else the latest reported on the "
        "resource; null when none is."
    )
    issues: list[QualityIssue] = strawberry.field(
        description="Every problem reported on the resource, latest first 质量问题."
    )
    accountable: list[AccountableHop] = strawberry.field(
        description="Upstream to the source, the party accountable at each hop."
    )
    affected: Lineage = strawberry.field(description="Everything downstream.")
    affected_products: list[str] = strawberry.field(description="Registry ids of products.")
    active_authorization_numbers: list[str] = strawberry.field(
        description="Grants in force on affected assets 受影响的授权."
    )
    transaction_numbers: list[str] = strawberry.field(description="Trades of affected assets.")
    stakeholders: list[Stakeholder] = strawberry.field(
        description="Everyone to tell, each with why: source units, holders, grantors and "
        "grantees, sellers, buyers, exchanges and intermediaries of affected trades, and the "
        "registrar of the problem's region 需通知的利益相关方."
    )

    @strawberry.field(description="Parties to notify, each once (stakeholders says why).")
    async def notify(self, info: Info) -> list[Party]:
        ids = list(dict.fromkeys(s.party_id for s in self.stakeholders if s.party_id))
        found = await info.context.loaders.party.load_many(ids)
        return [party for party in found if party is not None]


@strawberry.input(description="A processing activity to record 登记处理活动.")
class RecordActivityInput:
    kind: ActivityKind = strawberry.field(description="Kind of activity.")
    performer_id: strawberry.ID = strawberry.field(description="Global id of the performer.")
    used_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Global ids of the assets it used."
    )
    generated_ids: list[strawberry.ID] = strawberry.field(
        default_factory=list, description="Global ids of the assets it generated."
    )
    at: datetime | None = strawberry.field(default=None, description="When; default now.")
    name: str | None = strawberry.field(default=None, description="Job name.")


@strawberry.input(description="Filters of a lineage walk 血缘筛选条件.")
class LineageFilter:
    kinds: list[ActivityKind] | None = strawberry.field(
        default=None, description="Only hops by these activities."
    )
    performer_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only hops performed by this party."
    )
    since: date | None = strawberry.field(default=None, description="Only hops on or after.")
    until: date | None = strawberry.field(default=None, description="Only hops before.")
    categories: list[DataCategory] | None = strawberry.field(
        default=None,
        description="Only resources of these categories in the answer (products are kept, "
        "being where lineage leads).",
    )


@strawberry.input(description="A data quality problem to report 报告数据质量问题 (article 9).")
class ReportQualityIssueInput:
    resource_id: strawberry.ID = strawberry.field(description="Global id of the resource.")
    description: str = strawberry.field(description="What is wrong.")
    severity: IssueSeverity = strawberry.field(description="How bad.")
    discovered_on: date = strawberry.field(description="When it was found.")


@strawberry.type(description="A breach of a rule found in the graph 合规发现.")
class Finding:
    rule: str = strawberry.field(
        description="Code of the rule, or of the registry invariant, broken 规则或不变量代码."
    )
    article: str = strawberry.field(description="Article of the Qinzhou rules 条款.")
    message: str = strawberry.field(description="What was found, in English.")
    message_zh: str = strawberry.field(description="What was found, in Chinese 说明.")
    node_ids: list[str] = strawberry.field(description="Registry ids of the records involved.")
    day: date | None = strawberry.field(description="When it happened, where known 日期.")
    source: str = strawberry.field(
        description="scan (found on read), invariant (a registry invariant found broken) "
        "or the write that warned."
    )


@strawberry.type(description="A page of findings 合规发现列表.")
class FindingPage:
    items: list[Finding] = strawberry.field(description="The findings of this page.")
    has_next_page: bool = strawberry.field(description="More follow after `endCursor`.")
    end_cursor: str | None = strawberry.field(description="Cursor to pass as `after`.")
    total: int = strawberry.field(description="Findings in all (each scan is capped).")


@strawberry.type(description="A page of quality issues 质量问题列表.")
class QualityIssueConnection(CountedConnection[QualityIssue]):
    pass
