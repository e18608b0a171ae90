"""Queries over the region tree."""

from __future__ import annotations

import strawberry

from graph import regions
from resolvers.context import Context
from resolvers.pagination import PageArgs, paginate
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
