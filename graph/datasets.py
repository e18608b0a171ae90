"""OpenLineage dataset identifiers (namespace and name) and the assets they name.

`(:Dataset:Entity {id, key, namespace, name})-[:IDENTIFIES]->(asset)`: one node per
identifier, created once; its link names the resource or product it is. A link is recorded
(`recordedAt`) and, when the identifier is moved to another asset or unlinked, superseded
(`supersededAt`), never deleted, so `datasets` reads as recorded at any moment. At most one
link of an identifier is current; the write path keeps it so under the identifier's key lock
(`dataset:<key>`), and `rightsgraph check` scans for it (DATASET_LINKED_TWICE).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from graph.db import Database, Query, Row, Tx
from graph.history import TimePoint

# Namespace and name hold no control characters (the inputs refuse them), so a newline
# between them makes a key no other pair shares.
SEPARATOR = "\n"


def dataset_key(namespace: str, name: str) -> str:
    return f"{namespace}{SEPARATOR}{name}"


# The asset each identifier of $keys names now (`d`, `a`), with what kind of asset it is.
LINKED_MATCH: LiteralString = """
    UNWIND $keys AS key
    MATCH (d:Dataset {key: key})-[l:IDENTIFIES]->(a:Entity)
    WHERE l.supersededAt IS NULL
"""
LINKED_FIELDS: LiteralString = """
        key: key, datasetId: d.id, assetId: a.id,
        type: CASE WHEN a:DataProduct THEN 'DataProduct' ELSE 'DataResource' END,
        unregistered: coalesce(a.unregistered, false)"""
LINKED = Query(
    "datasets.linked",
    LINKED_MATCH + "RETURN collect({" + LINKED_FIELDS + "}) AS rows",
    collected=True,
)

# Each row names its identifier (key, namespace, name) and the asset; `newId` becomes the
# identifier node's id when this creates it. The current link of the identifier, if any,
# is superseded first; linking it again to the asset it names is a no-op.
LINK = Query(
    "datasets.link",
    """
    UNWIND $rows AS row
    MERGE (d:Dataset {key: row.key})
    ON CREATE SET d:Entity, d.id = row.newId, d.namespace = row.namespace, d.name = row.name,
                  d.recordedAt = $now
    WITH d, row
    OPTIONAL MATCH (d)-[current:IDENTIFIES]->(named:Entity)
    WHERE current.supersededAt IS NULL
    WITH d, row, current, named
    WHERE named IS NULL OR named.id <> row.assetId
    SET current.supersededAt = $now
    WITH d, row, named
    MATCH (asset:Entity {id: row.assetId})
    CREATE (d)-[:IDENTIFIES {recordedAt: $now}]->(asset)
    RETURN collect({key: row.key, datasetId: d.id, created: d.id = row.newId,
                    movedFrom: named.id}) AS rows
    """,
    collected=True,
)

UNLINK = Query(
    "datasets.unlink",
    """
    UNWIND $keys AS key
    MATCH (d:Dataset {key: key})-[l:IDENTIFIES]->(:Entity {id: $assetId})
    WHERE l.supersededAt IS NULL
    SET l.supersededAt = $now
    RETURN collect({key: key, datasetId: d.id}) AS rows
    """,
    collected=True,
)

# Identifiers of each asset as recorded at a moment (links have record time only: an
# identifier names a dataset, it does not hold in the world for a while).
DATASETS_OF = Query(
    "datasets.of",
    """
    UNWIND $ids AS id
    MATCH (d:Dataset)-[l:IDENTIFIES]->(:Entity {id: id})
    WHERE l.recordedAt <= $recordedAt AND (l.supersededAt IS NULL OR l.supersededAt > $recordedAt)
    WITH id, d ORDER BY d.namespace, d.name
    RETURN collect({id: id, namespace: d.namespace, name: d.name}) AS rows
    """,
    collected=True,
)

CURRENT_OF = Query(
    "datasets.current_of",
    """
    MATCH (d:Dataset)-[l:IDENTIFIES]->(:Entity {id: $id})
    WHERE l.supersededAt IS NULL
    RETURN collect(d.key) AS keys
    """,
)


async def linked(tx: Tx, keys: list[str]) -> dict[str, Row]:
    """The current link of each of these identifiers that has one, by key."""
    if not keys:
        return {}
    return {row["key"]: row for row in await tx.rows(LINKED, keys=keys)}


async def link(tx: Tx, rows: list[dict[str, Any]], now: datetime) -> list[Row]:
    """Link each row's identifier to its asset; rows of {key, namespace, name, assetId,
    newId}. Answers, per identifier changed: its node id, whether this created it, and the
    asset it named before (`movedFrom`)."""
    if not rows:
        return []
    return await tx.rows(LINK, rows=rows, now=now)


async def unlink(tx: Tx, asset_id: str, keys: list[str], now: datetime) -> list[Row]:
    if not keys:
        return []
    return await tx.rows(UNLINK, assetId=asset_id, keys=keys, now=now)


async def current_keys(tx: Tx, asset_id: str) -> list[str]:
    found = await tx.one(CURRENT_OF, id=asset_id)
    return list(found["keys"]) if found else []


async def datasets_of(db: Database, ids: list[str], at: TimePoint) -> dict[str, list[Row]]:
    grouped: dict[str, list[Row]] = {}
    for row in await db.read(DATASETS_OF, ids=ids, recordedAt=at.recorded_at):
        grouped.setdefault(row["id"], []).append(row)
    return grouped
