"""The floor for the bulk loader: a plain UNWIND loop with the driver, writing the same shapes.

Same nodes, labels, properties and relationships as `graph/bulk.py`, with CREATE instead
of MERGE, no checkpoints, no progress and no retries: what a hand-written script would do.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from graph.db import Database, Query

PARTIES = Query(
    "plain.parties",
    """
    UNWIND $rows AS row
    MATCH (region:Region {id: row.regionId})
    CREATE (p:Party:Entity)-[:LOCATED_IN]->(region)
    SET p += row, p.regionPath = region.path, p.recordedAt = $now, p.recordedBy = 'bulk'
    """,
)

RESOURCES = Query(
    "plain.resources",
    """
    UNWIND $rows AS row
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
)

RIGHTS = Query(
    "plain.rights",
    """
    UNWIND $rows AS row
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
)

ACTIVITIES = Query(
    "plain.activities",
    """
    UNWIND $rows AS row
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
)

TRANSACTIONS = Query(
    "plain.transactions",
    """
    UNWIND $rows AS row
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
)

STATEMENTS = {
    "parties": PARTIES,
    "resources": RESOURCES,
    "rights": RIGHTS,
    "transactions": TRANSACTIONS,
    "activities": ACTIVITIES,
}


async def plain_load(
    db: Database, plan: list[tuple[str, list[dict[str, Any]]]], batch_size: int = 5000
) -> int:
    """Write every row of `plan` in autocommit-sized UNWIND batches; returns the rows written."""
    written = 0
    for kind, rows in plan:
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            await db.write(STATEMENTS[kind], rows=chunk, now=datetime.now(UTC))
            written += len(chunk)
    return written
