"""Columns: set by OpenLineage `schema` facets, linked column to column by `columnLineage`
facets, and walked by `columnLineage` within the bounds of asset lineage.

A schema facet seen on the event's day sets the dataset's columns from that day until the
next change already recorded (so an event arriving late does not undo a later schema), as a
change of the asset's record (graph/columns.py): the asset is locked only when its columns
actually change.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Annotated, Any

import strawberry

from graph import columns as graph_columns
from graph.columns import COLUMN_ATTRIBUTES, column_key
from graph.db import Row, Tx
from graph.domain import ErrorCode
from graph.history import STATE_OF, Span, TimePoint, local_date, time_params
from resolvers.context import Context
from resolvers.errors import QueryInputError
from resolvers.exports import column_dot, column_graphml, column_json
from resolvers.fields import AsOf, AsRecordedAt, arg
from resolvers.lineage import MAX_BUDGET, MAX_DEPTH, decode_asset_id
from resolvers.openlineage_events import Column as FacetColumn
from resolvers.openlineage_events import EventFacts
from resolvers.views import view_of
from resolvers.writes import Write
from schema.columns import (
    ColumnLineage,
    ColumnLineageEdge,
    ColumnLineageNode,
    ColumnTransformation,
)
from schema.enums import (
    ColumnTransformationSubtype,
    ColumnTransformationType,
    ExportFormat,
    LineageDirection,
)
from schema.permissions import CanReadRegistry

Info = strawberry.Info[Context, None]
Identifier = tuple[str, str]


def column_attributes(columns: list[FacetColumn]) -> dict[str, list[str]]:
    names, types, descriptions = COLUMN_ATTRIBUTES
    return {
        names: [c.name for c in columns],
        types: [c.type or "" for c in columns],
        descriptions: [c.description or "" for c in columns],
    }


def _columns(span: Span) -> dict[str, list[str]]:
    return {key: list(span.attrs.get(key) or []) for key in COLUMN_ATTRIBUTES}


def _covering(spans: list[Span], day: date) -> Span | None:
    return next((span for span in spans if span.covers(day)), None)


def with_columns(spans: list[Span], day: date, columns: dict[str, list[str]]) -> list[Span]:
    """The timeline with `columns` from `day` (or the asset's first day) until a later
    change of columns already recorded."""
    ordered = sorted(spans, key=lambda s: s.valid_from)
    if not ordered:
        return ordered
    day = max(day, ordered[0].valid_from)
    covering = _covering(ordered, day)
    if covering is None or _columns(covering) == columns:
        return ordered
    before, changing, result = _columns(covering), True, []
    for span in ordered:
        if span.valid_to is not None and span.valid_to <= day:
            result.append(span)
        elif span.valid_from < day:
            result += [
                replace(span, valid_to=day),
                Span(day, span.valid_to, {**span.attrs, **columns}),
            ]
        elif changing and _columns(span) == before:
            result.append(replace(span, attrs={**span.attrs, **columns}))
        else:
            changing = False
            result.append(span)
    return result


async def record_columns(
    write: Write,
    assets: dict[Identifier, tuple[str, str]],
    facts: EventFacts,
    day: date,
    current: dict[str, list[Span]],
) -> list[str]:
    """Set the columns the event's schema facets give; the assets whose columns changed.
    `current`: the columns of each linked asset's current records, read without its lock
    (graph/ingestion.py); an asset this write made has the columns it was made with."""
    wanted: dict[str, tuple[str, dict[str, list[str]]]] = {}
    for dataset in facts.inputs + facts.outputs:
        kind, asset_id = assets[dataset.identifier]
        if dataset.columns is not None and asset_id in current:
            wanted[asset_id] = (kind, column_attributes(dataset.columns))
    changed = []
    for asset_id, (kind, columns) in wanted.items():
        if with_columns(current[asset_id], day, columns) == current[asset_id]:
            continue  # the usual case: the same schema again, and no lock taken
        spans = await write.timeline(kind, asset_id)
        revised = with_columns(spans, day, columns)
        if revised != spans:
            await write.save_timeline(STATE_OF[kind], asset_id, revised)
            changed.append(asset_id)
    return changed


async def record_column_lineage(
    write: Write,
    hop: dict[str, Any],
    known: list[str],
    assets: dict[Identifier, tuple[str, str]],
    facts: EventFacts,
) -> list[str]:
    """Record the column lineage of the event's outputs on the hop (`hop`: activityId,
    kind, day, at, performerId) unless one of its runs already did (`known`: the keys of
    the column lineages it recorded); the column nodes it touched."""
    edges = []
    for edge in facts.column_edges:
        output_id, input_id = assets[edge.output][1], assets[edge.input][1]
        edges.append(
            {
                "outputKey": column_key(output_id, edge.column),
                "outputAssetId": output_id,
                "outputName": edge.column,
                "outputNewId": _new_id(),
                "inputKey": column_key(input_id, edge.input_column),
                "inputAssetId": input_id,
                "inputName": edge.input_column,
                "inputNewId": _new_id(),
                "types": [t.type for t in edge.transformations],
                "subtypes": [(t.subtype or "").upper() for t in edge.transformations],
                "descriptions": [t.description or "" for t in edge.transformations],
                "masking": [bool(t.masking) for t in edge.transformations],
            }
        )
    key = hashlib.sha256(json.dumps(edges_without_ids(edges), sort_keys=True).encode()).hexdigest()
    if not edges or key in known:
        return []
    touched = await graph_columns.record_edges(write.tx, edges, hop, key, write.now)
    write.touched.update(dict.fromkeys(touched))
    return touched


def edges_without_ids(edges: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """What a column lineage says, whatever ids this write would give new columns."""
    return [{k: v for k, v in edge.items() if not k.endswith("NewId")} for edge in edges]


def _new_id() -> str:
    return str(uuid.uuid4())


def transformations_of(edge: Row) -> list[ColumnTransformation]:
    types = list(edge.get("transformationTypes") or [])
    subtypes = list(edge.get("transformationSubtypes") or [])
    descriptions = list(edge.get("transformationDescriptions") or [])
    masking = list(edge.get("masking") or [])
    return [
        ColumnTransformation(
            type=ColumnTransformationType[kind],
            subtype=ColumnTransformationSubtype.__members__.get(
                subtypes[i] if i < len(subtypes) else "", ColumnTransformationSubtype.OTHER
            ),
            description=(descriptions[i] or None) if i < len(descriptions) else None,
            masking=bool(masking[i]) if i < len(masking) else False,
        )
        for i, kind in enumerate(types)
    ]


@dataclass
class ColumnWalk:
    seen: dict[str, tuple[int, str, str]]  # column node id -> (depth, asset id, name)
    edges: list[Row]
    frontier: list[str]
    cut: bool


async def _levels(
    tx: Tx, root: str, direction: str, depth: int, budget: int, params: dict[str, Any]
) -> ColumnWalk:
    seen: dict[str, tuple[int, str, str]] = {root: (0, "", "")}
    edges: list[Row] = []
    frontier, level, cut = [root], 0, False
    row_limit = budget * 4 + 1
    while frontier and level < depth:
        rows = await graph_columns.level(tx, direction, frontier, params, row_limit)
        cut = cut or len(rows) >= row_limit
        reached: list[str] = []
        for row in rows:
            if row["target"] not in seen:
                if len(seen) - 1 >= budget:
                    cut = True
                    continue
                seen[row["target"]] = (level + 1, row["assetId"], row["name"])
                reached.append(row["target"])
            edges.append(row)
        level += 1
        frontier = reached
    return ColumnWalk(seen, edges, frontier, cut)


async def column_walk(
    ctx: Context,
    asset_id: str,
    column: str,
    direction: LineageDirection,
    depth: int,
    budget: int,
    at: TimePoint,
) -> ColumnLineage:
    """Breadth-first from one column, one statement per level, at most `budget` columns."""
    if not 1 <= depth <= MAX_DEPTH:
        raise QueryInputError(ErrorCode.INVALID_INPUT, "depth", f"between 1 and {MAX_DEPTH}")
    if not 1 <= budget <= MAX_BUDGET:
        raise QueryInputError(ErrorCode.INVALID_INPUT, "budget", f"between 1 and {MAX_BUDGET}")
    params = time_params(at)

    async def read(tx: Tx) -> ColumnWalk | None:
        root = await graph_columns.root(tx, asset_id, column)
        if root is None:
            return None
        return await _levels(tx, root, direction.name, depth, budget, params)

    walked = await ctx.db.read_tx(read)
    [asset] = await ctx.assets([asset_id], at) or [None]
    if walked is None:
        _known_column(asset, asset_id, column)
        walked = ColumnWalk({"": (0, asset_id, column)}, [], [], False)
    root_id = next(iter(walked.seen))
    walked.seen[root_id] = (0, asset_id, column)
    return await _answer(ctx, walked, direction, at, root_id)


def _known_column(asset: Any, asset_id: str, column: str) -> None:
    """A column with no lineage is an answer with no hops; an unknown one is an error."""
    if asset is None:
        raise QueryInputError(
            ErrorCode.NOT_FOUND, "assetId", f"no resource or product {asset_id} at this view"
        )
    if column not in {c.name for c in asset.column_list}:
        raise QueryInputError(
            ErrorCode.NOT_FOUND,
            "column",
            f"{asset.name_zh} has no column {column!r} at this view and none in lineage",
            f"{asset.name_zh}在该时点没有字段「{column}」",
        )


async def _answer(
    ctx: Context, walked: ColumnWalk, direction: LineageDirection, at: TimePoint, root_id: str
) -> ColumnLineage:
    ids = list(dict.fromkeys(asset for _, asset, _ in walked.seen.values()))
    assets = {a.uid: a for a in await ctx.assets(ids, at)}
    nodes = [
        ColumnLineageNode(depth=d, asset_id=a, column=n, asset=assets.get(a))
        for node_id, (d, a, n) in walked.seen.items()
        if node_id != root_id
    ]
    edges = [_edge(row, walked, direction) for row in walked.edges]
    counting: asyncio.Task[int] | None = None

    async def count() -> int:
        if not walked.frontier:
            return 0
        frontier = walked.frontier
        return await ctx.db.read_tx(
            lambda tx: graph_columns.beyond(tx, direction.name, frontier, time_params(at))
        )

    async def count_beyond() -> int:
        nonlocal counting
        counting = counting or asyncio.ensure_future(count())
        return await counting

    _, root_asset, root_column = walked.seen[root_id]
    names = {i: getattr(a, "name_zh", i) for i, a in assets.items()}
    writers = {ExportFormat.JSON: column_json, ExportFormat.GRAPHML: column_graphml}
    writers[ExportFormat.DOT] = column_dot
    return ColumnLineage(
        direction=direction,
        asset_id=root_asset,
        column=root_column,
        nodes=nodes,
        edges=edges,
        depth_reached=max((n.depth for n in nodes), default=0),
        total_nodes=len(nodes),
        as_of=at.valid_at,
        as_recorded_at=at.recorded_at,
        cut=walked.cut,
        count_beyond=count_beyond,
        exporter=lambda format: writers[format]((root_asset, root_column), nodes, edges, names),
    )


def _edge(row: Row, walked: ColumnWalk, direction: LineageDirection) -> ColumnLineageEdge:
    """A column hop, pointing from the derived column to its origin."""
    source, target = walked.seen[row["source"]], walked.seen.get(row["target"])
    target = target or (0, row["assetId"], row["name"])
    derived, origin = (
        (source, target) if direction is LineageDirection.UPSTREAM else (target, source)
    )
    edge = row["edge"]
    return ColumnLineageEdge(
        from_asset_id=derived[1],
        from_column=derived[2],
        to_asset_id=origin[1],
        to_column=origin[2],
        day=edge.get("day"),
        recorded_at=edge["recordedAt"],
        transformations=transformations_of(edge),
        activity_id=edge.get("activityId"),
    )


def hop_of(activity_id: str, kind: str, at: datetime, performer_id: str) -> dict[str, Any]:
    return {
        "activityId": activity_id,
        "kind": kind,
        "day": local_date(at),
        "at": at,
        "performerId": performer_id,
    }


@strawberry.type(description="Reading column-level lineage 字段级血缘.")
class ColumnQuery:
    @strawberry.field(
        description="Column-level lineage from one column of a resource or product, upstream "
        "or downstream, bounded by depth and a column budget as asset lineage is, as of a "
        "date 字段级血缘.",
        permission_classes=[CanReadRegistry],
    )
    async def column_lineage(
        self,
        info: Info,
        asset_id: Annotated[strawberry.ID, arg("Global id of the resource or product.")],
        column: Annotated[str, arg("Name of the column.")],
        direction: Annotated[LineageDirection, arg("Upstream or downstream.")] = (
            LineageDirection.UPSTREAM
        ),
        depth: Annotated[int, arg("Most hops (1–20).")] = 3,
        budget: Annotated[int, arg("Most columns returned (1–5000).")] = 500,
        as_of: AsOf = None,
        as_recorded_at: AsRecordedAt = None,
    ) -> ColumnLineage:
        ctx = info.context
        return await column_walk(
            ctx,
            decode_asset_id(asset_id, "assetId"),
            column,
            direction,
            depth,
            budget,
            view_of(ctx, as_of, as_recorded_at),
        )
