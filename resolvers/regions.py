"""Queries over the region tree."""

from __future__ import annotations

import strawberry

from graph import regions
from resolvers.context import Context
from resolvers.pagination import page_request, to_connection
from schema.enums import RegionSortField, SortDirection
from schema.region import Region, RegionConnection, RegionFilter


async def subtree_path(ctx: Context, code: str) -> str:
    """The path prefix of a region's subtree; a code that matches nothing yields no rows."""
    region = await ctx.loaders.region.load(code)
    return region.path if region is not None else f"/{code}/#missing"


async def list_regions(
    info: strawberry.Info[Context, None],
    filter: RegionFilter | None,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
    order_by: RegionSortField,
    direction: SortDirection,
) -> RegionConnection:
    ctx = info.context
    filter = filter or RegionFilter()
    ordering = f"{order_by.name}:{direction.name}"
    request = page_request(ordering, ctx.max_page_size, first, after, last, before)
    filters = regions.region_filter_params(
        level=filter.level.name if filter.level else None,
        parent_id=filter.parent_code,
        under_path=await subtree_path(ctx, filter.under_code) if filter.under_code else None,
        search=filter.search,
    )
    page = await regions.page_regions(
        ctx.db, request, filters, order_by.name, direction is SortDirection.DESC
    )
    return to_connection(
        RegionConnection,
        page,
        ordering,
        Region.from_row,
        "region",
        lambda: regions.count_regions(ctx.db, filters),
    )
