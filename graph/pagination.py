"""Keyset (cursor) pagination over a filtered node set.

A page is fetched with one statement whatever its size: the filter, then the
keyset condition `[sort, id] > [afterSort, afterId]`, then `LIMIT n + 1` to
learn whether more follow. The sort property is picked from a fixed
whitelist by the caller, never taken from input; cursor values are
parameters.

Query shape matters at scale. Optional filters written as `($x IS NULL OR ...)`
make the planner union index scans and sort every match, so a `Pageable` may
list its filters apart: only those given become part of the statement. The
keyset is one list comparison rather than an OR (a state's visibility has no OR
either: graph/history.py VISIBLE), and a sort property every node has and an index
covers (`indexed_sorts`) anchors the statement on that index, so a page reads about
`limit` nodes in index order however many match.

What a list shows of its nodes' neighbours may come in the same statement
(`Attached`): a page of 50 resources with their 580 rights and the parties they
name is one round trip, not one for the page and one more for the rest.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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
    gathered: list[Row] = field(default_factory=list)  # what an `Attached` gathered


@dataclass(frozen=True)
class Attached:
    """What a page statement brings along with its nodes, in the same round trip.

    `per_node` is a `CALL (n) { ... }` subquery returning one column, `name`, kept in each
    node's row under that name; `gather` a `CALL (rows) { ... }` subquery over the page's
    rows (`{_sort, node, <name>}`) returning `gathered`, for example the records of the
    parties the rows name. Both take their parameters from the caller, besides the page's.
    """

    name: LiteralString
    per_node: LiteralString
    gather: LiteralString


@dataclass(frozen=True)
class Pageable:
    """How to list one kind of node.

    `match` binds the node to `n` and may use `$`-parameters for filters; it
    must end in a WHERE clause (use `WHERE true` when there is no filter).
    `filters` maps a parameter to a condition added only when that parameter is
    given. `projection` is a map projection of `n`, returned as `node`.
    `indexed_sorts` are sort properties every node has, indexed on the label
    `match` starts from.
    """

    name: str
    match: LiteralString
    projection: LiteralString
    sort_properties: dict[str, LiteralString]
    filters: dict[str, LiteralString] = field(default_factory=dict)
    indexed_sorts: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Shape:
    """What a page statement depends on besides its parameter values."""

    sort: str
    descending: bool
    backwards: bool
    after: bool
    before: bool
    filters: tuple[str, ...]


_cache: dict[tuple[str, Shape, Attached | None, tuple[str, ...] | None], Query] = {}
# Statements kept: what a page brings along varies with its selection (graph/rights.py
# rights_on_page), so the oldest go rather than let selections grow the process.
PAGE_QUERIES_KEPT = 1024


def page_query(
    pageable: Pageable,
    shape: Shape,
    attached: Attached | None = None,
    node_keys: tuple[str, ...] | None = None,
) -> Query:
    """The statement of a page of this shape; with `node_keys`, each node is the map of
    those properties only (named in its text: property names alone, else ValueError), else
    `pageable.projection`."""
    key = (pageable.name, shape, attached, node_keys)
    if key not in _cache:
        projection = pageable.projection if node_keys is None else map_of("n", node_keys)
        if attached is None:
            text = _page_text(pageable, shape, projection)
            query = Query(f"{pageable.name}.page", text, collected=True, plain=True)
        else:
            text = _attached_text(pageable, shape, attached, projection)
            query = Query(f"{pageable.name}.page_with_{attached.name}", text, plain=True)
        if len(_cache) >= PAGE_QUERIES_KEPT:
            del _cache[next(iter(_cache))]
        _cache[key] = query
    return _cache[key]


def _ordering(pageable: Pageable, shape: Shape) -> LiteralString:
    prop = pageable.sort_properties[shape.sort]
    direction = "DESC" if shape.descending != shape.backwards else "ASC"
    return f"n.{prop} {direction}, n.id {direction}"


def map_of(variable: str, keys: tuple[str, ...]) -> LiteralString:
    """`v {.a, .b}`, for property names only (anything else is refused)."""
    return variable + " {" + ", ".join("." + key for key in property_names(keys)) + "}"


def property_names(keys: tuple[str, ...]) -> tuple[str, ...]:
    """`keys`, each a property name that may be written into a statement; else ValueError."""
    if not all(key.isascii() and key.isidentifier() for key in keys):
        raise ValueError(f"not property names: {keys!r}")
    return keys


def _page_text(pageable: Pageable, shape: Shape, projection: LiteralString) -> LiteralString:
    prop = pageable.sort_properties[shape.sort]
    return (
        f"{_slice_text(pageable, shape)}\n"
        f"RETURN collect({{_sort: n.{prop}, node: {projection}}}) AS rows"
    )


def _attached_text(
    pageable: Pageable, shape: Shape, attached: Attached, projection: LiteralString
) -> LiteralString:
    # Ordered again after the subquery: the slice's order is not promised to survive it.
    prop = pageable.sort_properties[shape.sort]
    name = attached.name
    return (
        f"{_slice_text(pageable, shape)}\n"
        f"{attached.per_node}\n"
        f"WITH n, {name} ORDER BY {_ordering(pageable, shape)}\n"
        f"WITH collect({{_sort: n.{prop}, node: {projection}, {name}: {name}}}) AS rows\n"
        f"{attached.gather}\n"
        "RETURN rows, gathered"
    )


def _slice_text(pageable: Pageable, shape: Shape) -> LiteralString:
    """The nodes of the page, bound to `n` in order (and one more, if more follow)."""
    prop = pageable.sort_properties[shape.sort]
    indexed = prop in pageable.indexed_sorts
    # "after" in the requested order is "greater" when ascending.
    after_op = "<" if shape.descending else ">"
    before_op = ">" if shape.descending else "<"
    conditions = _filter_text(pageable, shape.filters)
    if shape.after:
        if indexed:
            conditions += f"\n  AND n.{prop} {after_op}= $afterSort"
        conditions += f"\n  AND [n.{prop}, n.id] {after_op} [$afterSort, $afterId]"
    if shape.before:
        if indexed:
            conditions += f"\n  AND n.{prop} {before_op}= $beforeSort"
        conditions += f"\n  AND [n.{prop}, n.id] {before_op} [$beforeSort, $beforeId]"
    if indexed and not (shape.after or shape.before):
        conditions += f"\n  AND n.{prop} IS NOT NULL"
    return (
        f"{pageable.match}{conditions}\nWITH n ORDER BY {_ordering(pageable, shape)} LIMIT $limit"
    )


def _filter_text(pageable: Pageable, given: tuple[str, ...]) -> LiteralString:
    text: LiteralString = ""
    for name, condition in pageable.filters.items():
        if name in given:
            text += f"\n  AND ({condition})"
    return text


def given_filters(pageable: Pageable, filters: dict[str, Any]) -> tuple[str, ...]:
    return tuple(name for name in pageable.filters if filters.get(name) is not None)


def count_query(pageable: Pageable, given: tuple[str, ...]) -> Query:
    text = f"{pageable.match}{_filter_text(pageable, given)}\nRETURN count(n) AS total"
    return Query(f"{pageable.name}.count", text)


def page_params(request: PageRequest) -> dict[str, Any]:
    return {
        "limit": request.limit + 1,
        "afterSort": request.after.sort_value if request.after else None,
        "afterId": request.after.node_id if request.after else None,
        "beforeSort": request.before.sort_value if request.before else None,
        "beforeId": request.before.node_id if request.before else None,
    }


def to_page(rows: list[Row], request: PageRequest, gathered: list[Row] | None = None) -> Page:
    """Trim the look-ahead row and restore the requested order."""
    more = len(rows) > request.limit
    rows = rows[: request.limit]
    gathered = gathered or []
    if request.backwards:
        rows.reverse()
        return Page(rows, request.before is not None, more, gathered)
    return Page(rows, more, request.after is not None, gathered)


async def fetch_page(
    db: Database,
    pageable: Pageable,
    request: PageRequest,
    filters: dict[str, Any],
    sort: str,
    descending: bool,
    attached: Attached | None = None,
    attached_params: dict[str, Any] | None = None,
    node_keys: tuple[str, ...] | None = None,
) -> Page:
    """One page; with `attached`, what it brings along (in each row, and `Page.gathered`),
    in the same statement, its parameters in `attached_params`; with `node_keys`, only
    those properties of each node (`page_query`)."""
    shape = Shape(
        sort,
        descending,
        request.backwards,
        request.after is not None,
        request.before is not None,
        given_filters(pageable, filters),
    )
    query = page_query(pageable, shape, attached, node_keys)
    params = filters | page_params(request)
    if attached is None:
        return to_page(await db.read(query, **params), request)
    [found] = await db.read(query, **params, **(attached_params or {}))
    return to_page(found["rows"], request, found["gathered"])


async def count_rows(db: Database, pageable: Pageable, filters: dict[str, Any]) -> int:
    rows = await db.read(count_query(pageable, given_filters(pageable, filters)), **filters)
    return int(rows[0]["total"])
