"""Lineage in the W3C PROV shape, and bounded walks over it.

An activity 处理活动 `(:Activity:Entity)` USED inputs, GENERATED outputs, was
PERFORMED_BY a party and ran UNDER a right per input. For fast walks each
output also gets `(output)-[:DERIVES_FROM {activityId, kind, day, ...}]->(input)`;
a product's registration adds `(product)-[:MADE_FROM {kind: 'PRODUCE', day}]->(input)`.

Walks go one level per statement from a frontier, each level capped, so a
question about a huge graph is answered in bounded time and size.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, LiteralString

from graph import classification
from graph.db import Database, Query, Row, Tx, native
from graph.history import states_at

CREATE_ACTIVITY = Query(
    "lineage.create_activity",
    """
    MATCH (performer:Party {id: $fields.performerId})
    CREATE (a:Activity:Entity)
    SET a = $fields, a.recordedAt = $now
    CREATE (a)-[:PERFORMED_BY]->(performer)
    WITH a
    CALL (a) {
        UNWIND $inputs AS input
        MATCH (used:Entity {id: input.id})
        CREATE (a)-[:USED]->(used)
    }
    CALL (a) {
        UNWIND $inputs AS input
        WITH input WHERE input.rightId IS NOT NULL
        MATCH (right:Right {id: input.rightId})
        MERGE (a)-[:UNDER]->(right)
    }
    CALL (a) {
        UNWIND $outputIds AS outputId
        MATCH (generated:Entity {id: outputId})
        CREATE (a)-[:GENERATED]->(generated)
        WITH generated
        UNWIND $inputs AS input
        WITH generated, input
        WHERE input.id <> generated.id AND NOT [generated.id, input.id] IN $skip
        MATCH (used:Entity {id: input.id})
        CREATE (generated)-[:DERIVES_FROM {
            activityId: a.id, kind: a.kind, day: a.day, at: a.at,
            performerId: a.performerId, rightId: input.rightId, recordedAt: $now
        }]->(used)
    }
    RETURN a.id AS id
    """,
)

# One level of a walk: the neighbours of a frontier, through edges visible at the view
# and passing the filters. `direction` picks the statement, never user text.
_LEVEL_FILTER = """
      (r.day IS NULL OR r.day <= $validAt) AND r.recordedAt <= $recordedAt
      AND ($kinds IS NULL OR r.kind IN $kinds)
      AND ($performerId IS NULL OR r.performerId = $performerId)
      AND ($since IS NULL OR r.day >= $since)
      AND ($until IS NULL OR r.day < $until)
"""

UPSTREAM_LEVEL = Query(
    "lineage.upstream_level",
    """
    UNWIND $frontier AS id
    MATCH (:Entity {id: id})-[r:DERIVES_FROM|MADE_FROM]->(m:Entity)
    WHERE """
    + _LEVEL_FILTER
    + """
    WITH id, m, r LIMIT $limit
    RETURN collect({source: id, target: m.id, labels: labels(m), edge: properties(r)}) AS rows
    """,
    collected=True,
    plain=True,
)

DOWNSTREAM_LEVEL = Query(
    "lineage.downstream_level",
    """
    UNWIND $frontier AS id
    MATCH (:Entity {id: id})<-[r:DERIVES_FROM|MADE_FROM]-(m:Entity)
    WHERE """
    + _LEVEL_FILTER
    + """
    WITH id, m, r LIMIT $limit
    RETURN collect({source: id, target: m.id, labels: labels(m), edge: properties(r)}) AS rows
    """,
    collected=True,
    plain=True,
)

# The first levels of a walk in one statement, as `level` would walk them one by one: the
# frontier of each is the new targets of the one before, in row order, no more than the
# budget leaves room for. It stops after a level of more than $cap rows (its frontier is
# then worked out in Python, where a large one costs less), returning the levels walked.
# One statement per (direction, depth), unrolled here from constants (Cypher cannot loop).
WALK_MAX_DEPTH = 20
WALK_LEVEL_CAP = 256
_PATTERNS = {
    "UPSTREAM": "(:Entity {id: id})-[r:DERIVES_FROM|MADE_FROM]->(m:Entity)",
    "DOWNSTREAM": "(:Entity {id: id})<-[r:DERIVES_FROM|MADE_FROM]-(m:Entity)",
}


def _walk_level(pattern: str) -> str:
    return (
        """
    CALL (frontier) {
        UNWIND frontier AS id
        MATCH """
        + pattern
        + """
        WHERE """
        + _LEVEL_FILTER
        + """
        WITH id, m, r LIMIT $limit
        RETURN collect({source: id, target: m.id, labels: labels(m), edge: properties(r)})
            AS rows
    }
    WITH seen, rows, big OR size(rows) > $cap AS big,
         levels + CASE WHEN size(frontier) > 0 THEN [rows] ELSE [] END AS levels
    WITH seen, levels, big, CASE WHEN big THEN [] ELSE reduce(fresh = [], row IN rows |
             CASE WHEN row.target IN fresh OR row.target IN seen THEN fresh
             ELSE fresh + row.target END) END AS fresh
    WITH levels, big, seen, fresh[0..$budget - size(seen) + 1] AS frontier
    WITH levels, big, frontier, seen + frontier AS seen"""
    )


# A walk that ends within its statement also brings the records of what it reached (the
# start included) visible at the view, as the loaders would read them: one round trip,
# where a statement costs the API about 0.6 ms of CPU whatever it does.
_RECORDS = (
    "\n    CALL (seen, big) {"
    + states_at("DataResource", "ResourceState", "CASE WHEN big THEN [] ELSE seen END", "resources")
    + "\n    }\n    CALL (seen, big) {"
    + states_at("DataProduct", "ProductState", "CASE WHEN big THEN [] ELSE seen END", "products")
    + "\n    }"
)


def _walk(direction: str, depth: int) -> Query:
    head = "WITH [$rootId] AS frontier, [$rootId] AS seen, [] AS levels, false AS big"
    body = "".join(_walk_level(_PATTERNS[direction]) for _ in range(depth))
    tail = _RECORDS + "\n    RETURN levels, big, seen, resources, products"
    return Query(f"lineage.walk_{direction.lower()}_{depth}", head + body + tail, plain=True)


WALKS = {
    (direction, depth): _walk(direction, depth)
    for direction in _PATTERNS
    for depth in range(1, WALK_MAX_DEPTH + 1)
}

LEVEL_SIZE = {
    "UPSTREAM": Query(
        "lineage.upstream_count",
        """
        UNWIND $frontier AS id
        MATCH (:Entity {id: id})-[r:DERIVES_FROM|MADE_FROM]->(m:Entity)
        WHERE """
        + _LEVEL_FILTER
        + " RETURN count(DISTINCT m) AS beyond",
    ),
    "DOWNSTREAM": Query(
        "lineage.downstream_count",
        """
        UNWIND $frontier AS id
        MATCH (:Entity {id: id})<-[r:DERIVES_FROM|MADE_FROM]-(m:Entity)
        WHERE """
        + _LEVEL_FILTER
        + " RETURN count(DISTINCT m) AS beyond",
    ),
}

PATHS = Query(
    "lineage.paths",
    """
    MATCH path = (:Entity {id: $downstreamId})-[:DERIVES_FROM|MADE_FROM*1..12]->
                 (:Entity {id: $upstreamId})
    WHERE length(path) <= $maxDepth
    RETURN [n IN nodes(path) | n.id] AS nodes,
           [r IN relationships(path) | r {.*, type: type(r)}] AS edges
    LIMIT $limit
    """,
)

PERSONAL_UPSTREAM = Query(
    "lineage.personal_upstream",
    """
    UNWIND $ids AS id
    MATCH (a:Entity {id: id})
    RETURN id, EXISTS {
        MATCH path = (a)-[:DERIVES_FROM|MADE_FROM*0..12]->(source:DataResource)
        WHERE source.containsPersonalInfo
          AND none(r IN relationships(path) WHERE r.kind IN $anonymizing)
    } AS personal
    """,
)

ACTIVITIES_BY_IDS = Query(
    "lineage.activities",
    "UNWIND $ids AS id MATCH (a:Activity {id: id}) RETURN id, properties(a) AS row",
)

ACTIVITIES_OF = Query(
    "lineage.activities_of",
    """
    UNWIND $ids AS id
    OPTIONAL MATCH (a:Activity)-[:USED|GENERATED]->(:Entity {id: id})
    WITH id, a ORDER BY a.at
    RETURN id, collect(DISTINCT properties(a)) AS rows
    """,
)


# A product's registration already records its PRODUCE hop from each input.
PRODUCED_FROM = Query(
    "lineage.produced_from",
    """
    UNWIND $outputIds AS outputId
    MATCH (:DataProduct {id: outputId})-[:MADE_FROM]->(input:Entity)
    WHERE input.id IN $inputIds
    RETURN outputId, input.id AS inputId
    """,
)


async def produced_from(tx: Tx, output_ids: list[str], input_ids: list[str]) -> list[Row]:
    """(product, input) pairs among these that the product's registration already links."""
    return await tx.rows(PRODUCED_FROM, outputIds=output_ids, inputIds=input_ids)


async def create_activity(
    tx: Tx,
    fields: dict[str, Any],
    inputs: list[dict[str, Any]],
    output_ids: list[str],
    now: datetime,
    skip: list[list[str]] | None = None,
) -> None:
    """The activity with its edges; no hop is drawn from an asset to itself, nor for the
    (output, input) pairs in `skip`."""
    await tx.rows(
        CREATE_ACTIVITY,
        fields=fields,
        inputs=inputs,
        outputIds=output_ids,
        now=now,
        skip=skip or [],
    )


# An ingested hop: one job of one performer over the same inputs and outputs; with the
# keys of the column lineages its runs recorded (graph/columns.py).
# As `hop`, one row (null when there is none). Part of graph/ingestion.py's statements.
HOP_BY_KEY: LiteralString = """
    CALL () {
        OPTIONAL MATCH (a:Activity {hopKey: $key})
        RETURN CASE WHEN a IS NULL THEN null ELSE {
            id: a.id, columnLineageKeys: coalesce(a.columnLineageKeys, [])
        } END AS hop
    }
"""


async def level(
    tx: Tx, direction: str, frontier: list[str], params: dict[str, Any], limit: int
) -> list[Row]:
    """One level of a walk. A walk runs its levels in one read transaction: one snapshot,
    and no commit round trip per level."""
    query = UPSTREAM_LEVEL if direction == "UPSTREAM" else DOWNSTREAM_LEVEL
    return await tx.rows(query, frontier=frontier, limit=limit, **params)


@dataclass
class FirstLevels:
    """What a walk's first statement found: the rows of each level walked; `big`: it
    stopped at a large level before its depth (the walk goes on level by level from
    there); else the records of the assets it reached (`seen`, the start included) by id,
    resources and products, those not visible at the view left out."""

    levels: list[list[Row]]
    big: bool
    seen: list[str]
    resources: dict[str, Row]
    products: dict[str, Row]


async def first_levels(
    tx: Tx,
    direction: str,
    root_id: str,
    depth: int,
    params: dict[str, Any],
    limit: int,
    budget: int,
) -> FirstLevels:
    """The first levels of a walk (WALKS), with the records of what it reached."""
    [row] = await tx.rows(
        WALKS[(direction, depth)],
        rootId=root_id,
        limit=limit,
        budget=budget,
        cap=WALK_LEVEL_CAP,
        **params,
    )
    return FirstLevels(
        row["levels"],
        row["big"],
        row["seen"],
        {found["id"]: found["state"] for found in row["resources"]},
        # product records may hold values the plain decoding leaves as the driver's
        {found["id"]: native(found["state"]) for found in row["products"]},
    )


async def beyond(tx: Tx, direction: str, frontier: list[str], params: dict[str, Any]) -> int:
    rows = await tx.rows(LEVEL_SIZE[direction], frontier=frontier, **params)
    return int(rows[0]["beyond"]) if rows else 0


async def paths(
    db: Database, downstream_id: str, upstream_id: str, max_depth: int, limit: int
) -> list[Row]:
    return await db.read(
        PATHS, downstreamId=downstream_id, upstreamId=upstream_id, maxDepth=max_depth, limit=limit
    )


async def personal_upstream(tx: Tx, ids: list[str]) -> list[str]:
    """Assets that reach personal information upstream without an anonymization between."""
    rows = await tx.rows(PERSONAL_UPSTREAM, ids=ids, anonymizing=list(classification.ENDS_PERSONAL))
    return [row["id"] for row in rows if row["personal"]]


async def activities_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    return {row["id"]: row["row"] for row in await db.read(ACTIVITIES_BY_IDS, ids=ids)}


async def activities_of(db: Database, ids: list[str]) -> dict[str, list[Row]]:
    return {row["id"]: row["rows"] for row in await db.read(ACTIVITIES_OF, ids=ids)}
