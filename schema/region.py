"""Region: a node of Qinzhou's four-level administrative tree (article 6) 行政区划."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import strawberry
from strawberry import relay

from schema.connections import CountedConnection
from schema.context import Info
from schema.enums import DivisionType, RegionLevel
from schema.labels import label_of


@strawberry.type(description="A region of Qinzhou: city, county/district, town, village 行政区划.")
class Region(relay.Node):
    code: relay.NodeID[str] = strawberry.field(
        description="Administrative division code 行政区划代码, e.g. 450700 for Qinzhou."
    )
    name_zh: str = strawberry.field(description="Chinese name 中文名称.")
    name_en: str | None = strawberry.field(description="English name 英文名称.")
    level: RegionLevel = strawberry.field(description="Level in the four-level system 层级.")
    division_type: DivisionType = strawberry.field(description="Kind of division 区划类型.")
    parent_code: strawberry.Private[str | None]
    path: strawberry.Private[str]

    @strawberry.field(
        name="code", description="Administrative division code 行政区划代码, e.g. 450700."
    )
    def division_code(self) -> str:
        return self.code

    @strawberry.field(description="Chinese label of the level 层级中文名.")
    def level_label_zh(self) -> str:
        return label_of(self.level).zh

    @strawberry.field(description="The region this one belongs to; null for the city 上级区划.")
    async def parent(self, info: Info) -> Region | None:
        if self.parent_code is None:
            return None
        return await info.context.loaders.region.load(self.parent_code)

    @strawberry.field(description="Regions from the city down to this one, itself last 区划路径.")
    async def ancestors(self, info: Info) -> list[Region]:
        codes = [code for code in self.path.strip("/").split("/") if code]
        regions = await info.context.loaders.region.load_many(codes)
        return [region for region in regions if region is not None]

    @strawberry.field(
        description="Regions directly below this one, by code 下级区划. "
        "For paging or filtering use the `regions` query with `parentCode`."
    )
    async def children(self, info: Info) -> list[Region]:
        return list(await info.context.loaders.region_children.load(self.code))

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[Region | None]:
        return list(await info.context.loaders.region.load_many(list(node_ids)))

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> Region:
        return cls(
            code=row["id"],
            name_zh=row["nameZh"],
            name_en=row.get("nameEn"),
            level=RegionLevel(row["level"]),
            division_type=DivisionType(row["divisionType"]),
            parent_code=row.get("parentId"),
            path=row["path"],
        )


@strawberry.input(
    description="Filters of a region list 行政区划筛选条件; all given filters must hold."
)
class RegionFilter:
    level: RegionLevel | None = strawberry.field(default=None, description="Only this level.")
    parent_code: str | None = strawberry.field(
        default=None, description="Only direct children of this division code."
    )
    under_code: str | None = strawberry.field(
        default=None, description="Only regions in the subtree of this code, itself included."
    )
    search: str | None = strawberry.field(
        default=None, description="Name contains this text (Chinese or English)."
    )


@strawberry.type(description="A page of regions 行政区划列表.")
class RegionConnection(CountedConnection[Region]):
    pass
