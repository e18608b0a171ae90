"""Queries over the region tree."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graph import regions
from resolvers.context import Context
from resolvers.fields import PAGE, Info, arg, paged
from resolvers.pagination import PageArgs, paginate
from schema.enums import RegionSortField
from schema.region import Region, RegionConnection, RegionFilter


async def subtree_path(ctx: Context, code: str) -> str:
    """The path prefix of a region's subtree; a code that matches nothing yields no rows."""
    region = await ctx.loaders.region.load(code)
    return region.path if region is not None else f"/{code}/#missing"


async def list_regions(
    info: strawberry.Info[Context, None], filter: RegionFilter | None, args: PageArgs
) -> RegionConnection:
    ctx = info.context
    filter = filter or RegionFilter()
    filters = regions.region_filter_params(
        level=filter.level.name if filter.level else None,
        parent_id=filter.parent_code,
        under_path=await subtree_path(ctx, filter.under_code) if filter.under_code else None,
        search=filter.search,
    )
    return await paginate(ctx, RegionConnection, regions.REGIONS, filters, args, Region.from_row)


@strawberry.type(description="Reading regions 行政区划.")
class RegionQuery:
    @strawberry.field(description="A region by its administrative division code 行政区划.")
    async def region(
        self, info: Info, code: Annotated[str, arg("Division code, e.g. 450700.")]
    ) -> Region | None:
        return await info.context.loaders.region.load(code)

    @strawberry.field(description="Regions of Qinzhou, filtered and paged 行政区划列表.")
    @paged(RegionSortField.CODE)
    async def regions(
        self,
        info: Info,
        filter: Annotated[RegionFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
    ) -> RegionConnection:
        return await list_regions(info, filter, page)
