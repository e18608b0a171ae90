"""Keyset (cursor) pagination over a filtered node set.

A page is fetched with one statement whatever its size: the filter, then the
keyset condition `(sort, id) > (afterSort, afterId)`, then `LIMIT n + 1` to
learn whether more follow. The sort property is picked from a fixed
whitelist by the caller, never taken from input; cursor values are
parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, LiteralString

from graph.db import Database, Query, Row


@dataclass(frozen=True)
class Keyset:
    """A position in an ordering: the sort value and the id of a node."""

    sort_value: Any
    node_id: str


@dataclass(frozen=True)
class PageRequest:
    """Which slice of an ordering to fetch (Relay semantics: first/after or last/before)."""

    limit: int
    after: Keyset | None = None
    before: Keyset | None = None
    backwards: bool = False  # `last` was given: take the end of the slice


@dataclass(frozen=True)
class Page:
    rows: list[Row]
    has_next: bool
    has_previous: bool


@dataclass(frozen=True)
class Pageable:
    """How to list one kind of node.

    `match` binds the node to `n` and may use `$`-parameters for filters; it
    must end in a WHERE clause (use `WHERE true` when there is no filter).
    `projection` is a map projection of `n`, returned as `node`.
    """

    name: str
    match: LiteralString
    projection: LiteralString
    sort_properties: dict[str, LiteralString]


_cache: dict[tuple[str, str, bool, bool], Query] = {}


def page_query(pageable: Pageable, sort: str, descending: bool, backwards: bool) -> Query:
    prop = pageable.sort_properties[sort]
    key = (pageable.name, sort, descending, backwards)
    if key not in _cache:
        reverse = descending != backwards
        direction = "DESC" if reverse else "ASC"
        # "after" in the requested order is "greater" when ascending.
        after_op = "<" if descending else ">"
        before_op = ">" if descending else "<"
        text = (
            f"{pageable.match}\n"
            f"  AND ($afterId IS NULL OR n.{prop} {after_op} $afterSort"
            f" OR (n.{prop} = $afterSort AND n.id {after_op} $afterId))\n"
            f"  AND ($beforeId IS NULL OR n.{prop} {before_op} $beforeSort"
            f" OR (n.{prop} = $beforeSort AND n.id {before_op} $beforeId))\n"
            f"WITH n ORDER BY n.{prop} {direction}, n.id {direction} LIMIT $limit\n"
            f"RETURN n.{prop} AS _sort, {pageable.projection} AS node"
        )
        _cache[key] = Query(f"{pageable.name}.page", text)
    return _cache[key]


def count_query(pageable: Pageable) -> Query:
    text = f"{pageable.match}\nRETURN count(n) AS total"
    return Query(f"{pageable.name}.count", text)


def page_params(request: PageRequest) -> dict[str, Any]:
    return {
        "limit": request.limit + 1,
        "afterSort": request.after.sort_value if request.after else None,
        "afterId": request.after.node_id if request.after else None,
        "beforeSort": request.before.sort_value if request.before else None,
        "beforeId": request.before.node_id if request.before else None,
    }


def to_page(rows: list[Row], request: PageRequest) -> Page:
    """Trim the look-ahead row and restore the requested order."""
    more = len(rows) > request.limit
    rows = rows[: request.limit]
    if request.backwards:
        rows.reverse()
        return Page(rows, has_next=request.before is not None, has_previous=more)
    return Page(rows, has_next=more, has_previous=request.after is not None)


async def fetch_page(
    db: Database,
    pageable: Pageable,
    request: PageRequest,
    filters: dict[str, Any],
    sort: str,
    descending: bool,
) -> Page:
    query = page_query(pageable, sort, descending, request.backwards)
    rows = await db.read(query, **filters, **page_params(request))
    return to_page(rows, request)


async def count_rows(db: Database, pageable: Pageable, filters: dict[str, Any]) -> int:
    rows = await db.read(count_query(pageable), **filters)
    return int(rows[0]["total"])
