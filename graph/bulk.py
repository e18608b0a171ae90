"""Bulk loading: UNWIND batches that write the same shapes as the API's mutations, so bulk
data is read, walked and checked exactly like registered data.

A load is a list of steps, each a list of rows written in order. Each batch runs in one
transaction together with its checkpoint, how many rows of its step are written
(a high-water mark), so an interrupted load resumes at the first row not written,
whatever batch size either run used, and a re-run writes nothing. Should a checkpoint be
lost, the uniqueness constraint on ids refuses the rows again rather than duplicating them.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from graph.audit import record_audit
from graph.db import Query, Tx
from graph.domain import Actor
from graph.shapes import PARTY, RESOURCE, RIGHT

BULK_ACTOR = Actor(subject="bulk", role="REGISTRAR", region_code="450700")

# What each row writes: the same nodes, labels, properties and relationships as the
# API's mutations (resources and rights from their declared shapes, graph/shapes.py);
# every relationship belongs to the row's own new node.
BODIES: dict[str, LiteralString] = {
    "parties": PARTY.bulk_body(),
    "resources": RESOURCE.bulk_body(),
    "rights": RIGHT.bulk_body()
    + """
    WITH n, row
    OPTIONAL MATCH (parent:Right {id: row.parentRightId})
    FOREACH (_ IN CASE WHEN parent IS NULL THEN [] ELSE [1] END |
        CREATE (n)-[:DERIVED_FROM]->(parent))
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

# CREATE, not MERGE: the checkpoint says which rows are new, and MERGE would look up and
# lock every node and relationship again (the loader ran at 0.8 of a plain UNWIND loop).
STATEMENTS = {
    kind: Query(f"bulk.{kind}", "UNWIND $rows AS row\n" + body) for kind, body in BODIES.items()
}

CHECKPOINT = Query(
    "bulk.checkpoint",
    """
    MERGE (c:BulkLoad {name: $name})
    ON CREATE SET c.startedAt = $now, c.written = [i IN range(1, $steps) | 0]
    SET c.written = [i IN range(0, $steps - 1) |
                     CASE WHEN i = $step THEN $upTo ELSE c.written[i] END],
        c.updatedAt = $now
    RETURN c.written AS written
    """,
)

WRITTEN = Query(
    "bulk.written",
    "OPTIONAL MATCH (c:BulkLoad {name: $name}) RETURN c.written AS written",
)


async def write_batch(
    tx: Tx,
    name: str,
    steps: int,
    step: tuple[int, str],
    rows: list[dict[str, Any]],
    up_to: int,
    now: datetime,
) -> None:
    """Rows of step (index, kind) ending at row `up_to`, their audit event and the
    checkpoint, in `tx`."""
    index, kind = step
    await tx.rows(STATEMENTS[kind], rows=rows, now=now, recordedBy=BULK_ACTOR.subject)
    await record_audit(
        tx,
        actor=BULK_ACTOR,
        operation="bulkLoad",
        inputs={"load": name, "step": kind, "rows": [up_to - len(rows), up_to]},
        affected_ids=[row["id"] for row in rows],
        at=now,
    )
    await tx.rows(CHECKPOINT, name=name, steps=steps, step=index, upTo=up_to, now=now)


async def rows_written(tx: Tx, name: str, steps: int) -> list[int]:
    """How many rows of each step a load of this name has written (zeros for a new one)."""
    row = await tx.one(WRITTEN, name=name)
    written = row["written"] if row and row["written"] else []
    return list(written) + [0] * (steps - len(written))
