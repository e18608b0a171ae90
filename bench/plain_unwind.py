"""The floor for the bulk loader: a plain UNWIND loop with the driver, writing the same shapes.

The same statements as `graph/bulk.py` (nodes, labels, properties, relationships) without
its existence check, checkpoints, progress or retries: what a hand-written script does.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from graph.bulk import BODIES
from graph.db import Database, Query

STATEMENTS = {
    kind: Query(f"plain.{kind}", "UNWIND $rows AS row\n" + body) for kind, body in BODIES.items()
}


async def plain_load(
    db: Database, plan: list[tuple[str, list[dict[str, Any]]]], batch_size: int = 5000
) -> int:
    """Write every row of `plan` in UNWIND batches of `batch_size`; returns the rows written."""
    written = 0
    for kind, rows in plan:
        for start in range(0, len(rows), batch_size):
            chunk = rows[start : start + batch_size]
            await db.write(STATEMENTS[kind], rows=chunk, now=datetime.now(UTC), recordedBy="bulk")
            written += len(chunk)
    return written
