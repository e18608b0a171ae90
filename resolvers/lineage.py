"""Recording processing activities (rules 3 and 7), and asking lineage: bounded walks,
path explanation, exports."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Annotated, Any

import strawberry

from graph import lineage, parties, products
from graph.db import Tx
from graph.domain import ErrorCode
from graph.history import TimePoint, local_date, time_params
from graph.lineage import FirstLevels
from graph.rule_terms import PROCESSING_RIGHTS
from resolvers.context import Context
from resolvers.errors import QueryInputError, answers_refusals, user_error
from resolvers.exports import to_dot, to_graphml, to_json
from resolvers.fields import AsOf, AsRecordedAt, Key, arg, result_union, writes
from resolvers.ids import BadId, decode_id, filter_id, not_found
from resolvers.jurisdiction import jurisdiction_violations
from resolvers.rights import valid_rights_of
from resolvers.rules import RuleMode, Violation, mode_of
from resolvers.views import view_of
from resolvers.writes import Write, plain_inputs, run_write
from schema.enums import ActivityKind, ExportFormat, LineageDirection
from schema.errors import Rejection
from schema.lineage import (
    Activity,
    Lineage,
    LineageEdge,
    LineageFilter,
    LineageNode,
    LineagePath,
    RecordActivityInput,
)
from schema.permissions import CanReadRegistry

Info = strawberry.Info[Context, None]
ASSET_TYPES = ("DataResource", "DataProduct")
MAX_DEPTH = lineage.WALK_MAX_DEPTH  # one unrolled walk statement per depth
MAX_BUDGET = 5000


@dataclass
class ActivityRecord:
    kind: ActivityKind
    performer_id: str
    at: datetime
    used: list[tuple[str, str]]
    generated: list[tuple[str, str]]
    name: str | None = None
    run_id: str | None = None


def processing_rights(record: ActivityRecord) -> dict[str, list[str]]:
    """The kinds of right that let the performer process each input (rule 3)."""
    return {node_id: list(PROCESSING_RIGHTS[kind]) for kind, node_id in record.used}


async def activity_violations(
    write: Write, record: ActivityRecord, held: dict[str, list[Any]] | None = None
) -> tuple[list[Violation], list[dict[str, Any]]]:
    """Rule 3 for every input, and rule 7 for products; and the right each input ran under.
    `held`: the performer's valid rights on the inputs, when the caller read them already
    (unlocked: for a rule that only warns)."""
    violations: list[Violation] = []
    inputs: list[dict[str, Any]] = []
    if held is None:
        # Locks guard a refusal; a rule that only warns here is scanned for on read too.
        lock = mode_of("PROCESSING_NEEDS_RIGHT", write.ctx.rule_modes) is RuleMode.ENFORCE
        held = await valid_rights_of(
            write, record.performer_id, processing_rights(record), local_date(record.at), lock
        )
    for index, (kind, node_id) in enumerate(record.used):
        found = held.get(node_id) or []
        inputs.append({"id": node_id, "rightId": found[0]["id"] if found else None})
        if not found:
            violations.append(
                Violation(
                    "PROCESSING_NEEDS_RIGHT",
                    f"input.usedIds.{index}",
                    f"the performer holds no holding or processing right on this {kind} then",
                    "执行方在活动发生时对该输入数据不持有资源持有权或有效的加工使用权",
                    existing=(kind, node_id),
                )
            )
    makes_product = any(kind == "DataProduct" for kind, _ in record.generated)
    if makes_product and record.kind is not ActivityKind.ANONYMIZE:
        personal = await lineage.personal_upstream(write.tx, [i for _, i in record.used])
        violations += [
            Violation(
                "PERSONAL_DATA_ANONYMIZED",
                "input.usedIds",
                "personal information would reach a product without anonymization",
                "个人信息未经匿名化即进入数据产品",
                existing=("DataResource", node_id),
            )
            for node_id in personal
        ]
    return violations, inputs


async def save_activity(write: Write, record: ActivityRecord) -> str:
    """Check and record one activity inside a write; returns its id."""
    performer = await parties.party_with_region(write.tx, record.performer_id)
    if performer is None:
        write.refuse(not_found("input.performerId", "Party", record.performer_id))
    ids = [node_id for _, node_id in record.used + record.generated]
    found = await products.input_kinds(write.tx, ids)
    missing = [
        not_found("input", kind, node_id)
        for kind, node_id in record.used + record.generated
        if found[node_id]["type"] != kind
    ]
    if missing:
        write.refuse(*missing)
    await _refuse_recorded_hops(write, record)
    inputs = await judge_activity(write, record, performer["regionPath"])
    return await create_hop(write, record, inputs, performer["regionPath"])


async def judge_activity(
    write: Write,
    record: ActivityRecord,
    region_path: str,
    held: dict[str, list[Any]] | None = None,
) -> list[dict[str, Any]]:
    """Rules 3, 7 and 12 for an activity, judged in the write's rule modes; each input with
    the right it ran under (`held`: see `activity_violations`)."""
    violations, inputs = await activity_violations(write, record, held)
    violations += await jurisdiction_violations(write.ctx, region_path, "input")
    write.judge(violations)
    return inputs


async def create_hop(
    write: Write,
    record: ActivityRecord,
    inputs: list[dict[str, Any]],
    region_path: str,
    extra: dict[str, Any] | None = None,
    skip: list[list[str]] | None = None,
) -> str:
    """Record the activity and its edges (rules already judged); its id. `extra` adds
    properties (an ingested hop's key); `skip` names (output, input) pairs that get no
    edge."""
    activity_id = str(uuid.uuid4())
    write.created[activity_id] = None
    fields = {
        "id": activity_id,
        "kind": record.kind.name,
        "performerId": record.performer_id,
        "at": record.at,
        "day": local_date(record.at),
        "name": record.name,
        "runId": record.run_id,
        "inputIds": [i["id"] for i in inputs],
        "outputIds": [node_id for _, node_id in record.generated],
        "rightIds": [i["rightId"] for i in inputs if i["rightId"]],
        "regionPath": region_path,
        **(extra or {}),
    }
    await lineage.create_activity(
        write.tx, fields, inputs, [n for _, n in record.generated], write.now, skip
    )
    return activity_id


async def _refuse_recorded_hops(write: Write, record: ActivityRecord) -> None:
    """A product's registration records its PRODUCE hop from each input; an activity that
    generates the product from one of them again would draw every such edge twice."""
    outputs = [node_id for _, node_id in record.generated]
    recorded = await lineage.produced_from(
        write.tx, outputs, [node_id for _, node_id in record.used]
    )
    if recorded:
        write.refuse(
            *(
                user_error(
                    ErrorCode.DUPLICATE_LINEAGE_HOP,
                    f"input.generatedIds.{outputs.index(row['outputId'])}",
                    "the product's registration already records that it is made from "
                    f"{row['inputId']}; record the analysis as the registration's hop, or "
                    "record an activity only for steps the registration does not cover",
                    f"该产品登记时已记录其由{row['inputId']}加工而成，勿重复记录该环节",
                )
                for row in recorded
            )
        )


def decode_assets(values: list[str], field: str) -> list[tuple[str, str]]:
    return [decode_id(v, f"{field}.{i}", *ASSET_TYPES) for i, v in enumerate(values)]


@answers_refusals
async def record_activity(info: Info, input: Any, idempotency_key: str | None) -> Activity:
    ctx = info.context
    raw = plain_inputs(input)
    record = ActivityRecord(
        kind=input.kind,
        performer_id=decode_id(input.performer_id, "input.performerId", "Party")[1],
        at=input.at or ctx.now,
        used=decode_assets(input.used_ids, "input.usedIds"),
        generated=decode_assets(input.generated_ids, "input.generatedIds"),
        name=input.name,
    )

    async def work(write: Write) -> list[str]:
        return [await save_activity(write, record)]

    written = await run_write(ctx, "recordActivity", raw, work, idempotency_key)
    rows = await lineage.activities_by_ids(ctx.db, written.affected_ids[:1])
    return Activity.from_row(rows[written.affected_ids[0]])


@dataclass(frozen=True)
class WalkFilters:
    kinds: list[str] | None = None
    performer_id: str | None = None
    since: date | None = None
    until: date | None = None
    categories: list[str] | None = None


async def walk(
    ctx: Context,
    root_id: str,
    direction: LineageDirection,
    depth: int,
    budget: int,
    filters: WalkFilters,
    at: TimePoint,
) -> Lineage:
    """Breadth-first, one statement per level, never more than `budget` assets."""
    if not 1 <= depth <= MAX_DEPTH:
        raise QueryInputError(ErrorCode.INVALID_INPUT, "depth", f"between 1 and {MAX_DEPTH}")
    if not 1 <= budget <= MAX_BUDGET:
        raise QueryInputError(ErrorCode.INVALID_INPUT, "budget", f"between 1 and {MAX_BUDGET}")
    params = time_params(at) | {
        "kinds": filters.kinds,
        "performerId": filters.performer_id,
        "since": filters.since,
        "until": filters.until,
    }
    found = await ctx.db.read_each(
        lambda tx: walk_levels(tx, root_id, direction, depth, budget, params)
    )
    if found.records is not None:
        ctx.prime_assets(found.records.seen, found.records.resources, found.records.products, at)
    assets = await ctx.assets(list(found.seen), at)
    counting: asyncio.Task[int] | None = None

    async def count() -> int:
        if not found.frontier:
            return 0
        return await ctx.db.read_each(
            lambda tx: lineage.beyond(tx, direction.name, found.frontier, params)
        )

    def count_beyond() -> asyncio.Task[int]:
        # One task, however many of `truncated` and `beyond` await it.
        nonlocal counting
        counting = counting or asyncio.ensure_future(count())
        return counting

    return _lineage(root_id, direction, found, assets, at, filters, count_beyond)


@dataclass
class Walked:
    seen: dict[str, tuple[int, str]]  # id -> (depth, asset type)
    edges: list[dict[str, Any]]
    frontier: list[str]  # the last level reached, whose next level was not walked
    cut: bool  # the budget or a level's row cap left assets out
    records: FirstLevels | None = None  # the walk's statement brought its assets' records


async def walk_levels(
    tx: Tx,
    root_id: str,
    direction: LineageDirection,
    depth: int,
    budget: int,
    params: dict[str, Any],
) -> Walked:
    """The walk itself (retried whole if need be): its first levels in one statement, then
    level by level from a level too large for that."""
    walked = Walked({root_id: (0, "")}, [], [root_id], False)
    row_limit = budget * 4 + 1
    first = await lineage.first_levels(
        tx, direction.name, root_id, depth, params, row_limit, budget
    )
    for level, rows in enumerate(first.levels):
        _take_level(walked, rows, level, budget, row_limit)
    if not first.big:
        walked.records = first
        return walked
    level = len(first.levels)
    while walked.frontier and level < depth:
        rows = await lineage.level(tx, direction.name, walked.frontier, params, row_limit)
        _take_level(walked, rows, level, budget, row_limit)
        level += 1
    return walked


def _take_level(
    walked: Walked, rows: list[dict[str, Any]], level: int, budget: int, limit: int
) -> None:
    """One level's rows into the walk: targets not seen join the next frontier (while the
    budget lasts), and every row is an edge."""
    seen = walked.seen
    walked.cut = walked.cut or len(rows) >= limit  # the statement's cap cut the level
    frontier: list[str] = []
    for row in rows:
        target = row["target"]
        if target not in seen:
            if len(seen) - 1 >= budget:
                walked.cut = True
                continue
            kind = next((lbl for lbl in row["labels"] if lbl in ASSET_TYPES), "")
            seen[target] = (level + 1, kind)
            frontier.append(target)
        walked.edges.append(row)
    walked.frontier = frontier


def _lineage(
    root_id: str,
    direction: LineageDirection,
    walked: Walked,
    found: list[Any],
    at: TimePoint,
    filters: WalkFilters,
    count_beyond: Callable[[], Awaitable[int]],
) -> Lineage:
    seen, edges = walked.seen, walked.edges
    ids = [node_id for node_id in seen if node_id != root_id]
    assets = {a.uid: a for a in found}
    if filters.categories:
        keep = {
            i
            for i in ids
            if getattr(assets.get(i), "category", None) is not None
            and assets[i].category.name in filters.categories
        }
        ids = [i for i in ids if i in keep or seen[i][1] == "DataProduct"]
    nodes = [
        LineageNode(depth=seen[i][0], asset=assets.get(i), asset_id=i, asset_type=seen[i][1])
        for i in ids
    ]
    shown = {*ids, root_id}
    hops = [
        edge_of(row["source"], row["target"], row["edge"], direction, at)
        for row in edges
        if row["target"] in shown and row["source"] in shown
    ]
    names = {i: getattr(a, "name_zh", i) for i, a in assets.items()}
    columns = {i: list(getattr(a, "column_list", [])) for i, a in assets.items()}
    writers = {
        ExportFormat.JSON: to_json,
        ExportFormat.GRAPHML: to_graphml,
        ExportFormat.DOT: to_dot,
    }
    return Lineage(
        direction=direction,
        root_id=root_id,
        all_nodes=nodes,
        all_edges=hops,
        depth_reached=max((node.depth for node in nodes), default=0),
        cut=walked.cut,
        count_beyond=count_beyond,
        as_of=at.valid_at,
        as_recorded_at=at.recorded_at,
        total_nodes=len(nodes),
        # Written only when asked for: most lineage queries never select `export`.
        exporter=lambda format: writers[format](root_id, nodes, hops, names, columns),
    )


def edge_of(
    source: str, target: str, edge: dict[str, Any], direction: LineageDirection, at: TimePoint
) -> LineageEdge:
    """A hop, always pointing from the derived asset to what it derives from."""
    derived, origin = (
        (source, target) if direction is LineageDirection.UPSTREAM else (target, source)
    )
    return LineageEdge(
        from_id=derived,
        to_id=origin,
        kind=ActivityKind[edge.get("kind") or "PRODUCE"],
        day=edge.get("day"),
        activity_id=edge.get("activityId"),
        performer_id=edge.get("performerId"),
        right_id=edge.get("rightId"),
        view=at,
    )


async def explain(
    ctx: Context, downstream_id: str, upstream_id: str, max_paths: int, max_depth: int
) -> list[LineagePath]:
    """Why `downstream_id` derives from `upstream_id`: every path, up to the limits."""
    if not 1 <= max_paths <= 100 or not 1 <= max_depth <= 12:
        raise QueryInputError(ErrorCode.INVALID_INPUT, "maxPaths", "maxPaths 1–100, maxDepth 1–12")
    rows = await lineage.paths(ctx.db, downstream_id, upstream_id, max_depth, max_paths)
    present = ctx.present
    return [
        LineagePath(
            asset_ids=row["nodes"],
            hops=[
                edge_of(
                    row["nodes"][i], row["nodes"][i + 1], edge, LineageDirection.UPSTREAM, present
                )
                for i, edge in enumerate(row["edges"])
            ],
        )
        for row in rows
    ]


def decode_asset_id(value: str, field: str) -> str:
    try:
        return decode_id(value, field, *ASSET_TYPES)[1]
    except BadId as bad:
        raise QueryInputError(ErrorCode.INVALID_INPUT, field, bad.error.message) from bad


ActivityResult = Annotated[
    Activity | Rejection,
    result_union("ActivityResult", "The record, or why the write was refused 处理活动登记结果."),
]


@strawberry.type(description="Reading lineage 数据血缘.")
class LineageQuery:
    @strawberry.field(
        description="Lineage from an asset, upstream or downstream, bounded by depth and a "
        "node budget, as of a date 数据血缘.",
        permission_classes=[CanReadRegistry],
    )
    async def lineage(
        self,
        info: Info,
        asset_id: Annotated[strawberry.ID, arg("Global id of the resource or product.")],
        direction: Annotated[LineageDirection, arg("Upstream or downstream.")] = (
            LineageDirection.UPSTREAM
        ),
        depth: Annotated[int, arg("Most hops (1–20).")] = 3,
        budget: Annotated[int, arg("Most assets returned (1–5000).")] = 500,
        filter: Annotated[LineageFilter | None, arg("Filters of the hops.")] = None,
        as_of: AsOf = None,
        as_recorded_at: AsRecordedAt = None,
    ) -> Lineage:
        ctx = info.context
        filters = filter or LineageFilter()
        return await walk(
            ctx,
            decode_asset_id(asset_id, "assetId"),
            direction,
            depth,
            budget,
            WalkFilters(
                kinds=[k.name for k in filters.kinds] if filters.kinds else None,
                performer_id=filter_id(filters.performer_id, "filter.performerId", "Party"),
                since=filters.since,
                until=filters.until,
                categories=[c.name for c in filters.categories] if filters.categories else None,
            ),
            view_of(ctx, as_of, as_recorded_at),
        )

    @strawberry.field(
        description="Why one asset derives from another: every path, hop by hop 血缘路径解释.",
        permission_classes=[CanReadRegistry],
    )
    async def lineage_paths(
        self,
        info: Info,
        downstream_id: Annotated[strawberry.ID, arg("The derived asset (B).")],
        upstream_id: Annotated[strawberry.ID, arg("The asset it may derive from (A).")],
        max_paths: Annotated[int, arg("Most paths (1–100).")] = 10,
        max_depth: Annotated[int, arg("Longest path (1–12).")] = 8,
    ) -> list[LineagePath]:
        return await explain(
            info.context,
            decode_asset_id(downstream_id, "downstreamId"),
            decode_asset_id(upstream_id, "upstreamId"),
            max_paths,
            max_depth,
        )


@strawberry.type(description="Recording lineage 数据血缘.")
class LineageMutation:
    @writes("Record a processing activity 登记处理活动 (rules 3 and 7).")
    async def record_activity(
        self,
        info: Info,
        input: Annotated[RecordActivityInput, arg("The activity.")],
        idempotency_key: Key = None,
    ) -> ActivityResult:
        return await record_activity(info, input, idempotency_key)
