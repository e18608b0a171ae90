"""Columns of resources and products, and column-level lineage.

A dataset's columns are attributes of its records (`ResourceState`, `ProductState`), as
three parallel lists (`columnNames`, `columnTypes`, `columnDescriptions`; '' where a
schema gave no type or description), so they change over valid time and read as recorded
at any moment like every other attribute.

Column lineage links column nodes: `(:Column:Entity {id, key, assetId, name})`, one per
asset and column name, and `(output column)-[:COLUMN_FROM {activityId, kind, day, at,
performerId, recordedAt, transformationTypes, transformationSubtypes,
transformationDescriptions, masking}]->(input column)` per hop that computed one from the
other (the transformations as parallel lists). The hop keeps the key of each column lineage
its runs recorded (`columnLineageKeys`), so the next run saying the same writes nothing.
Walks go one level per statement, capped, as asset lineage does (graph/lineage.py).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Query, Row, Tx

COLUMN_ATTRIBUTES = ("columnNames", "columnTypes", "columnDescriptions")


def column_key(asset_id: str, name: str) -> str:
    """Asset ids are UUIDs, which hold no '#': the key is unambiguous."""
    return f"{asset_id}#{name}"


# Each edge row names its output and input column (asset id, name, and a new id for the
# column node should this create it) and how; an edge already recorded for the hop is kept.
# The hop remembers the column lineage by its key.
RECORD_EDGES = Query(
    "columns.record_edges",
    """
    UNWIND $edges AS edge
    CALL (edge) {
        MERGE (o:Column {key: edge.outputKey})
        ON CREATE SET o:Entity, o.id = edge.outputNewId, o.assetId = edge.outputAssetId,
                      o.name = edge.outputName, o.recordedAt = $now
        MERGE (i:Column {key: edge.inputKey})
        ON CREATE SET i:Entity, i.id = edge.inputNewId, i.assetId = edge.inputAssetId,
                      i.name = edge.inputName, i.recordedAt = $now
        RETURN o, i
    }
    MERGE (o)-[r:COLUMN_FROM {activityId: $activityId}]->(i)
    ON CREATE SET r.kind = $kind, r.day = $day, r.at = $at, r.performerId = $performerId,
                  r.recordedAt = $now, r.transformationTypes = edge.types,
                  r.transformationSubtypes = edge.subtypes,
                  r.transformationDescriptions = edge.descriptions, r.masking = edge.masking
    WITH collect(DISTINCT o.id) + collect(DISTINCT i.id) AS ids
    MATCH (hop:Activity {id: $activityId})
    SET hop.columnLineageKeys = coalesce(hop.columnLineageKeys, []) + $lineageKey
    RETURN ids
    """,
)

ROOT = Query(
    "columns.root",
    "MATCH (c:Column {key: $key}) RETURN c.id AS id",
)

_LEVEL_FILTER = """
      (r.day IS NULL OR r.day <= $validAt) AND r.recordedAt <= $recordedAt
"""

LEVEL = {
    "UPSTREAM": Query(
        "columns.upstream_level",
        """
        UNWIND $frontier AS id
        MATCH (:Column {id: id})-[r:COLUMN_FROM]->(m:Column)
        WHERE """
        + _LEVEL_FILTER
        + """
        WITH id, m, r LIMIT $limit
        RETURN collect({source: id, target: m.id, assetId: m.assetId, name: m.name,
                        edge: properties(r)}) AS rows
        """,
        collected=True,
    ),
    "DOWNSTREAM": Query(
        "columns.downstream_level",
        """
        UNWIND $frontier AS id
        MATCH (:Column {id: id})<-[r:COLUMN_FROM]-(m:Column)
        WHERE """
        + _LEVEL_FILTER
        + """
        WITH id, m, r LIMIT $limit
        RETURN collect({source: id, target: m.id, assetId: m.assetId, name: m.name,
                        edge: properties(r)}) AS rows
        """,
        collected=True,
    ),
}

BEYOND = {
    direction: Query(
        f"columns.{direction.lower()}_count",
        """
        UNWIND $frontier AS id
        MATCH (:Column {id: id})"""
        + ("-[r:COLUMN_FROM]->" if direction == "UPSTREAM" else "<-[r:COLUMN_FROM]-")
        + """(m:Column)
        WHERE """
        + _LEVEL_FILTER
        + " RETURN count(DISTINCT m) AS beyond",
    )
    for direction in ("UPSTREAM", "DOWNSTREAM")
}

# Column lineage between the assets of an asset lineage answer, for its exports.
BETWEEN = Query(
    "columns.between",
    """
    MATCH (o:Column)-[r:COLUMN_FROM]->(i:Column)
    WHERE o.assetId IN $ids AND i.assetId IN $ids AND
    """
    + _LEVEL_FILTER
    + """
    WITH o, i, r LIMIT $limit
    RETURN collect({fromAssetId: o.assetId, fromColumn: o.name, toAssetId: i.assetId,
                    toColumn: i.name, types: r.transformationTypes}) AS rows
    """,
    collected=True,
)


async def record_edges(
    tx: Tx, edges: list[dict[str, Any]], hop: dict[str, Any], key: str, now: datetime
) -> list[str]:
    """Record column edges of a hop (`hop`: activityId, kind, day, at, performerId) and
    the column lineage's `key` on it; the ids of the column nodes they touch."""
    if not edges:
        return []
    found = await tx.one(RECORD_EDGES, edges=edges, now=now, lineageKey=key, **hop)
    return list(dict.fromkeys(found["ids"])) if found else []


async def root(tx: Tx, asset_id: str, name: str) -> str | None:
    found = await tx.one(ROOT, key=column_key(asset_id, name))
    return None if found is None else str(found["id"])


async def level(
    tx: Tx, direction: str, frontier: list[str], params: dict[str, Any], limit: int
) -> list[Row]:
    return await tx.rows(LEVEL[direction], frontier=frontier, limit=limit, **params)


async def beyond(tx: Tx, direction: str, frontier: list[str], params: dict[str, Any]) -> int:
    rows = await tx.rows(BEYOND[direction], frontier=frontier, **params)
    return int(rows[0]["beyond"]) if rows else 0


async def between(tx: Tx, ids: list[str], params: dict[str, Any], limit: int) -> list[Row]:
    return await tx.rows(BETWEEN, ids=ids, limit=limit, **params)
