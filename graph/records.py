"""Records looked up by label and id, for `node(id:)` of kinds that have no loader of their
own. The label comes from a fixed set, never from input."""

from __future__ import annotations

from typing import LiteralString

from graph.db import Database, Query, Row

LABELS: tuple[LiteralString, ...] = (
    "AuditEvent",
    "CreditEvent",
    "Declaration",
    "JobNamespace",
    "QualityIssue",
    "SupervisionAction",
    "Valuation",
)

_BY_IDS = {
    label: Query(
        f"records.{label}.by_ids",
        f"UNWIND $ids AS id MATCH (n:{label} {{id: id}}) RETURN id, properties(n) AS row",
    )
    for label in LABELS
}


async def records_by_ids(db: Database, label: str, ids: list[str]) -> dict[str, Row]:
    """The records of this label with these ids (any other label answers nothing)."""
    if label not in _BY_IDS:
        return {}
    return {row["id"]: row["row"] for row in await db.read(_BY_IDS[label], ids=ids)}
