"""Bulk loading: UNWIND batches that write the same shapes as the API's mutations, so bulk
data is read, walked and checked exactly like registered data.

Each batch runs in one managed transaction together with its checkpoint, so a load that
is interrupted resumes after the last committed batch, and MERGE on ids keeps a re-run
from duplicating anything.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Query, Tx

PARTIES = Query(
    "bulk.parties",
    """
    UNWIND $rows AS row
    MATCH (region:Region {id: row.regionId})
    MERGE (p:Party:Entity {id: row.id})
    ON CREATE SET p += row, p.regionPath = region.path, p.recordedAt = $now,
                  p.recordedBy = 'bulk'
    MERGE (p)-[:LOCATED_IN]->(region)
    RETURN count(*) AS written
    """,
)

RESOURCES = Query(
    "bulk.resources",
    """
    UNWIND $rows AS row
    MATCH (source:Party {id: row.sourceId})
    MATCH (region:Region {id: row.regionId})
    MERGE (r:DataResource:Entity {id: row.id})
    ON CREATE SET r += row.attrs, r.sourceId = source.id, r.regionId = region.id,
                  r.regionPath = region.path, r.recordedAt = $now
    MERGE (r)-[:SOURCED_FROM]->(source)
    MERGE (r)-[:IN_REGION]->(region)
    MERGE (r)-[:STATE]->(s:State:ResourceState {stateId: row.id + ':0'})
    ON CREATE SET s += row.attrs, s.id = row.id, s.sourceId = source.id,
                  s.regionId = region.id, s.regionPath = region.path,
                  s.validFrom = row.validFrom, s.recordedAt = $now, s.recordedBy = 'bulk'
    RETURN count(*) AS written
    """,
)

RIGHTS = Query(
    "bulk.rights",
    """
    UNWIND $rows AS row
    MATCH (holder:Party {id: row.holderId})
    MATCH (object:Entity {id: row.objectId})
    MERGE (r:Right:Entity {id: row.id})
    ON CREATE SET r.kind = row.kind, r.holderId = holder.id, r.objectId = object.id,
                  r.objectType = row.objectType, r.recordedAt = $now
    MERGE (holder)-[:HOLDS]->(r)
    MERGE (r)-[:ON]->(object)
    MERGE (r)-[:STATE]->(s:State:RightState {stateId: row.id + ':0'})
    ON CREATE SET s += row.attrs, s.id = row.id, s.validFrom = row.validFrom,
                  s.validTo = row.validTo, s.regionPath = object.regionPath,
                  s.recordedAt = $now, s.recordedBy = 'bulk'
    WITH r, row
    OPTIONAL MATCH (parent:Right {id: row.parentRightId})
    FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END |
        MERGE (r)-[:DERIVED_FROM]->(parent))
    RETURN count(*) AS written
    """,
)

ACTIVITIES = Query(
    "bulk.activities",
    """
    UNWIND $rows AS row
    MATCH (performer:Party {id: row.performerId})
    MERGE (a:Activity:Entity {id: row.id})
    ON CREATE SET a += row.attrs, a.performerId = performer.id, a.recordedAt = $now
    MERGE (a)-[:PERFORMED_BY]->(performer)
    WITH a, row
    CALL (a, row) {
        UNWIND row.inputs AS input
        MATCH (used:Entity {id: input.id})
        MERGE (a)-[:USED]->(used)
        WITH used, input
        MATCH (generated:Entity {id: row.outputId})
        MERGE (generated)-[d:DERIVES_FROM {activityId: row.id}]->(used)
        ON CREATE SET d.kind = row.attrs.kind, d.day = row.attrs.day, d.at = row.attrs.at,
                      d.performerId = row.performerId, d.rightId = input.rightId,
                      d.recordedAt = $now
    }
    MATCH (output:Entity {id: row.outputId})
    MERGE (a)-[:GENERATED]->(output)
    RETURN count(*) AS written
    """,
)

TRANSACTIONS = Query(
    "bulk.transactions",
    """
    UNWIND $rows AS row
    MATCH (seller:Party {id: row.sellerId})
    MATCH (buyer:Party {id: row.buyerId})
    MATCH (object:Entity {id: row.objectId})
    MATCH (conveyed:Right {id: row.conveyedRightId})
    MERGE (t:Transaction:Entity {id: row.id})
    ON CREATE SET t += row.attrs, t.sellerId = seller.id, t.buyerId = buyer.id,
                  t.objectId = object.id, t.conveyedRightId = conveyed.id,
                  t.regionPath = object.regionPath, t.recordedAt = $now
    MERGE (t)-[:SOLD_BY]->(seller)
    MERGE (t)-[:BOUGHT_BY]->(buyer)
    MERGE (t)-[:OF]->(object)
    MERGE (t)-[:CONVEYED]->(conveyed)
    RETURN count(*) AS written
    """,
)

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

STATEMENTS = {
    "parties": PARTIES,
    "resources": RESOURCES,
    "rights": RIGHTS,
    "transactions": TRANSACTIONS,
    "activities": ACTIVITIES,
}


async def write_batch(
    tx: Tx, name: str, kind: str, batch: str, rows: list[dict[str, Any]], now: datetime
) -> None:
    """One batch and its checkpoint, in the caller's transaction."""
    await tx.rows(STATEMENTS[kind], rows=rows, now=now)
    await tx.rows(CHECKPOINT, name=name, batch=batch, rows=len(rows), now=now)


async def batches_done(tx: Tx, name: str) -> set[str]:
    row = await tx.one(DONE, name=name)
    return set(row["batches"]) if row else set()
