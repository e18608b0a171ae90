"""Bulk loading: UNWIND batches that write the same shapes as the API's mutations, so bulk
data is read, walked and checked exactly like registered data.

Each batch runs in one managed transaction together with its checkpoint, so a load that
is interrupted resumes after the last committed batch, and rows whose ids exist are
skipped, so a re-run duplicates nothing.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from graph.db import Query, Tx

# What each row writes: the same nodes, labels, properties and relationships as the
# API's mutations. Each row is written whole or not at all, so a row whose id exists was
# written before, with its relationships, and is skipped (see STATEMENTS).
BODIES: dict[str, LiteralString] = {
    "parties": """
    MATCH (region:Region {id: row.regionId})
    CREATE (p:Party:Entity)-[:LOCATED_IN]->(region)
    SET p += row, p.regionPath = region.path, p.recordedAt = $now, p.recordedBy = 'bulk'
    """,
    "resources": """
    MATCH (source:Party {id: row.sourceId})
    MATCH (region:Region {id: row.regionId})
    CREATE (r:DataResource:Entity)-[:SOURCED_FROM]->(source)
    SET r += row.attrs, r.id = row.id, r.sourceId = source.id, r.regionId = region.id,
        r.regionPath = region.path, r.recordedAt = $now
    CREATE (r)-[:IN_REGION]->(region)
    CREATE (r)-[:STATE]->(s:State:ResourceState)
    SET s += row.attrs, s.stateId = row.id + ':0', s.id = row.id, s.sourceId = source.id,
        s.regionId = region.id, s.regionPath = region.path, s.validFrom = row.validFrom,
        s.recordedAt = $now, s.recordedBy = 'bulk'
    """,
    "rights": """
    MATCH (holder:Party {id: row.holderId})
    MATCH (object:Entity {id: row.objectId})
    CREATE (holder)-[:HOLDS]->(r:Right:Entity)-[:ON]->(object)
    SET r.id = row.id, r.kind = row.kind, r.holderId = holder.id, r.objectId = object.id,
        r.objectType = row.objectType, r.recordedAt = $now
    CREATE (r)-[:STATE]->(s:State:RightState)
    SET s += row.attrs, s.stateId = row.id + ':0', s.id = row.id,
        s.validFrom = row.validFrom, s.validTo = row.validTo, s.regionPath = object.regionPath,
        s.recordedAt = $now, s.recordedBy = 'bulk'
    WITH r, row
    OPTIONAL MATCH (parent:Right {id: row.parentRightId})
    FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END |
        CREATE (r)-[:DERIVED_FROM]->(parent))
    """,
    "transactions": """
    MATCH (seller:Party {id: row.sellerId})
    MATCH (buyer:Party {id: row.buyerId})
    MATCH (object:Entity {id: row.objectId})
    MATCH (conveyed:Right {id: row.conveyedRightId})
    CREATE (t:Transaction:Entity)-[:SOLD_BY]->(seller)
    SET t += row.attrs, t.id = row.id, t.sellerId = seller.id, t.buyerId = buyer.id,
        t.objectId = object.id, t.conveyedRightId = conveyed.id,
        t.regionPath = object.regionPath, t.recordedAt = $now
    CREATE (t)-[:BOUGHT_BY]->(buyer)
    CREATE (t)-[:OF]->(object)
    CREATE (t)-[:CONVEYED]->(conveyed)
    """,
    "activities": """
    MATCH (performer:Party {id: row.performerId})
    MATCH (output:Entity {id: row.outputId})
    CREATE (a:Activity:Entity)-[:PERFORMED_BY]->(performer)
    SET a += row.attrs, a.id = row.id, a.performerId = performer.id, a.recordedAt = $now
    CREATE (a)-[:GENERATED]->(output)
    WITH a, row, output
    UNWIND row.inputs AS input
    MATCH (used:Entity {id: input.id})
    CREATE (a)-[:USED]->(used)
    CREATE (output)-[d:DERIVES_FROM]->(used)
    SET d.activityId = row.id, d.kind = row.attrs.kind, d.day = row.attrs.day,
        d.at = row.attrs.at, d.performerId = row.performerId, d.rightId = input.rightId,
        d.recordedAt = $now
    """,
}

# Rows already in the graph are skipped: a rerun, or a load of the same data cut into other
# batches, duplicates nothing. An existence check costs less than MERGE, which also locks.
STATEMENTS = {
    kind: Query(
        f"bulk.{kind}",
        "UNWIND $rows AS row\nWITH row WHERE NOT EXISTS { MATCH (:Entity {id: row.id}) }\n" + body,
    )
    for kind, body in BODIES.items()
}

CHECKPOINT = Query(
    "bulk.checkpoint",
    """
    MERGE (c:BulkLoad {name: $name})
    ON CREATE SET c.batches = [], c.startedAt = $now
    SET c.batches = c.batches + $batch, c.updatedAt = $now, c.rows = coalesce(c.rows, 0) + $rows
    RETURN size(c.batches) AS done
    """,
)

DONE = Query(
    "bulk.done",
    "OPTIONAL MATCH (c:BulkLoad {name: $name}) RETURN coalesce(c.batches, []) AS batches",
)


async def write_batch(
    tx: Tx, name: str, kind: str, batch: str, rows: list[dict[str, Any]], now: datetime
) -> None:
    """One batch and its checkpoint, in the caller's transaction."""
    await tx.rows(STATEMENTS[kind], rows=rows, now=now)
    await tx.rows(CHECKPOINT, name=name, batch=batch, rows=len(rows), now=now)


async def batches_done(tx: Tx, name: str) -> set[str]:
    row = await tx.one(DONE, name=name)
    return set(row["batches"]) if row else set()
