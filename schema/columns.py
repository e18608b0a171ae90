"""Columns of resources and products 字段, and column-level lineage 字段级血缘."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date, datetime
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from graph.columns import COLUMN_ATTRIBUTES
from schema.asset import DataAsset
from schema.context import Info
from schema.enums import (
    ColumnTransformationSubtype,
    ColumnTransformationType,
    ExportFormat,
    LineageDirection,
)

if TYPE_CHECKING:
    from schema.lineage import Activity


@strawberry.type(description="A column of a dataset 字段: name, type and description.")
class Column:
    name: str = strawberry.field(description="Column name 字段名.")
    type: str | None = strawberry.field(description="Type as the source names it 字段类型.")
    description: str | None = strawberry.field(description="What it holds 字段说明.")
    position: int = strawberry.field(description="Position in the schema, from 1 字段序号.")


def columns_of(state: dict[str, Any]) -> list[Column]:
    """The columns a record holds (graph/columns.py), in schema order."""
    if not state.get(COLUMN_ATTRIBUTES[0]):  # most records: a page makes 50 at once
        return []
    names, types, descriptions = (list(state.get(key) or []) for key in COLUMN_ATTRIBUTES)
    return [
        Column(
            name=name,
            type=types[index] if index < len(types) and types[index] else None,
            description=(
                descriptions[index] if index < len(descriptions) and descriptions[index] else None
            ),
            position=index + 1,
        )
        for index, name in enumerate(names)
    ]


@strawberry.type(description="How an output column was computed from an input column 字段变换.")
class ColumnTransformation:
    type: ColumnTransformationType = strawberry.field(description="Direct or indirect 依赖类型.")
    subtype: ColumnTransformationSubtype = strawberry.field(description="What was done 变换方式.")
    description: str | None = strawberry.field(description="The transformation, in words 说明.")
    masking: bool = strawberry.field(
        description="Whether it masks the data (a hash of personal data, say) 是否脱敏."
    )


@strawberry.type(description="A column reached by a column lineage walk 字段血缘节点.")
class ColumnLineageNode:
    depth: int = strawberry.field(description="Hops from the start 层级.")
    asset_id: str = strawberry.field(description="Registry id of the resource or product.")
    column: str = strawberry.field(description="Column name 字段名.")
    asset: DataAsset | None = strawberry.field(
        description="The resource or product as of the walk's view; null if not valid then."
    )


@strawberry.type(
    description="One hop of column lineage: an output column computed from an input column "
    "字段血缘边, pointing from the derived column to its origin."
)
class ColumnLineageEdge:
    from_asset_id: str = strawberry.field(description="Registry id of the derived asset.")
    from_column: str = strawberry.field(description="The derived column 派生字段.")
    to_asset_id: str = strawberry.field(description="Registry id of the origin asset.")
    to_column: str = strawberry.field(description="The column it comes from 来源字段.")
    day: date | None = strawberry.field(description="Day of the hop's first run 日期.")
    recorded_at: datetime = strawberry.field(description="When it was recorded 登记时间.")
    transformations: list[ColumnTransformation] = strawberry.field(
        description="How 字段变换 (none given: unknown)."
    )
    activity_id: strawberry.Private[str | None]

    @strawberry.field(description="The hop (activity) that computes it 处理活动.")
    async def activity(
        self, info: Info
    ) -> Annotated[Activity, strawberry.lazy("schema.lineage")] | None:
        if self.activity_id is None:
            return None
        found: Activity | None = await info.context.loaders.activity.load(self.activity_id)
        return found


@strawberry.type(
    description="A bounded column lineage answer 字段级血缘查询结果: the columns reached and "
    "the hops, with what lies beyond the limits."
)
class ColumnLineage:
    direction: LineageDirection = strawberry.field(description="Upstream or downstream.")
    asset_id: str = strawberry.field(description="Registry id of the start's asset.")
    column: str = strawberry.field(description="The start column 起始字段.")
    nodes: list[ColumnLineageNode] = strawberry.field(description="Columns reached, nearest first.")
    edges: list[ColumnLineageEdge] = strawberry.field(description="Hops between them.")
    depth_reached: int = strawberry.field(description="Deepest level walked.")
    total_nodes: int = strawberry.field(description="Columns reached in all.")
    as_of: date = strawberry.field(description="Valid date of the walk.")
    as_recorded_at: datetime = strawberry.field(description="Record time of the walk.")
    cut: strawberry.Private[bool]
    count_beyond: strawberry.Private[Callable[[], Awaitable[int]]]
    exporter: strawberry.Private[Callable[[ExportFormat], str]]

    @strawberry.field(description="True when the depth or the budget stopped the walk 被截断.")
    async def truncated(self) -> bool:
        return self.cut or await self.count_beyond() > 0

    @strawberry.field(description="Columns one level past where the walk stopped 未展开数量.")
    async def beyond(self) -> int:
        return await self.count_beyond()

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
