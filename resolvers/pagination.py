"""Relay arguments to keyset page requests, and pages back to connections.

A cursor is opaque to clients (resolvers/cursors.py): the position encrypted and
signed, valid only for the ordering that produced it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum
from typing import Any, TypeVar

from strawberry import relay

from graph.domain import ErrorCode
from graph.pagination import Attached, Page, Pageable, PageRequest, count_rows, fetch_page
from resolvers.context import Context
from resolvers.cursors import Cursors
from resolvers.errors import QueryInputError
from schema.connections import CountedConnection
from schema.enums import SortDirection

ConnectionT = TypeVar("ConnectionT", bound=CountedConnection[Any])

DEFAULT_PAGE_SIZE = 20


def page_request(
    cursors: Cursors,
    ordering: str,
    max_page_size: int,
    first: int | None,
    after: str | None,
    last: int | None,
    before: str | None,
) -> PageRequest:
    if first is not None and last is not None:
        raise QueryInputError(ErrorCode.INVALID_INPUT, "last", "give `first` or `last`, not both")
    size = last if last is not None else first
    field = "last" if last is not None else "first"
    if size is None:
        size = DEFAULT_PAGE_SIZE
    if size < 0 or size > max_page_size:
        raise QueryInputError(
            ErrorCode.INVALID_INPUT, field, f"page size must be between 0 and {max_page_size}"
        )
    return PageRequest(
        limit=size,
        after=cursors.decode(after, ordering, "after") if after else None,
        before=cursors.decode(before, ordering, "before") if before else None,
        backwards=last is not None,
    )


@dataclass(frozen=True)
class PageArgs:
    """The Relay arguments of a list field, and its ordering."""

    first: int | None
    after: str | None
    last: int | None
    before: str | None
    order_by: Enum
    direction: SortDirection
    # Whether the request reads `edges { cursor }`: when not, only the first and last
    # edges' cursors are made (for `pageInfo`); each is encrypted, 50 cost a millisecond.
    edge_cursors: bool = True


@dataclass(frozen=True)
class Along:
    """What a page brings along in its own statement (graph/pagination.py `Attached`, with
    its parameters), and what to do with it once fetched: prime the loaders that the
    nodes' fields will ask."""

    attached: Attached
    params: dict[str, Any]
    received: Callable[[Page], None]


async def paginate(
    ctx: Context,
    connection_type: type[ConnectionT],
    pageable: Pageable,
    filters: dict[str, Any],
    args: PageArgs,
    make_node: Callable[[dict[str, Any]], Any],
    along: Along | None = None,
    node_keys: tuple[str, ...] | None = None,
) -> ConnectionT:
    """One page of `pageable` as a connection; `totalCount` is counted only if asked for.
    `node_keys`: the properties of each node the selection reads (None: all), for
    `make_node`."""
    ordering = f"{args.order_by.name}:{args.direction.name}"
    request = page_request(
        ctx.cursors, ordering, ctx.max_page_size, args.first, args.after, args.last, args.before
    )
    descending = args.direction is SortDirection.DESC
    page = await fetch_page(
        ctx.db,
        pageable,
        request,
        filters,
        args.order_by.name,
        descending,
        along.attached if along else None,
        along.params if along else None,
        node_keys,
    )
    if along is not None:
        along.received(page)
    last = len(page.rows) - 1
    edges = [
        relay.Edge(
            cursor=ctx.cursors.encode(ordering, row["_sort"], row["node"]["id"])
            if args.edge_cursors or index in (0, last)
            else "",
            node=make_node(row["node"]),
        )
        for index, row in enumerate(page.rows)
    ]
    return connection_type(
        edges=edges,
        page_info=relay.PageInfo(
            has_next_page=page.has_next,
            has_previous_page=page.has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        count_all=lambda: count_rows(ctx.db, pageable, filters),
    )
