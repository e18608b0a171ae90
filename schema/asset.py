"""DataAsset: what rights, registrations and lineage are about 数据资产."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from schema.bitemporal import Bitemporal
from schema.context import Info

if TYPE_CHECKING:
    from schema.columns import Column
    from schema.datasets import DatasetIdentifier
    from schema.market import Valuation


@strawberry.interface(
    description="A data asset 数据资产: a data resource or a data product, the object of "
    "rights and registrations."
)
class DataAsset(relay.Node, Bitemporal):
    name_zh: str = strawberry.field(description="Chinese name 中文名称.")
    name_en: str | None = strawberry.field(description="English name 英文名称.")
    description: str | None = strawberry.field(description="What it covers or offers 说明.")
    column_list: strawberry.Private[list[Any]]  # schema.columns.Column, as of the record

    @strawberry.field(
        description="Its columns as of the view 字段 (name, type, description), from the "
        "`schema` facets of OpenLineage events naming it; empty when none said."
    )
    def columns(self) -> list[Annotated[Column, strawberry.lazy("schema.columns")]]:
        return list(self.column_list)

    @strawberry.field(description="Valuations of the asset 资产评估 (article 18).")
    async def valuations(
        self, info: Info
    ) -> list[Annotated[Valuation, strawberry.lazy("schema.market")]]:
        found = await info.context.loaders.valuations_of.load(getattr(self, "uid"))  # noqa: B009
        return list(found or [])

    @strawberry.field(
        description="OpenLineage dataset identifiers of this asset, as recorded at the view "
        "数据集标识: lineage events naming one of them land here (`linkDatasets`)."
    )
    async def datasets(
        self, info: Info
    ) -> list[Annotated[DatasetIdentifier, strawberry.lazy("schema.datasets")]]:
        key = (getattr(self, "uid"), self.view)  # noqa: B009
        return list(await info.context.loaders.datasets_of.load(key))
