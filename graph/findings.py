"""Findings: breaches of a rule that the registry accepted (rule mode `warn`) or found on read."""

from __future__ import annotations

import uuid
from datetime import datetime

from graph.db import Query, Tx

RECORD_FINDINGS = Query(
    "findings.record",
    """
    UNWIND $findings AS f
    CREATE (finding:Finding {
        id: f.id, rule: f.rule, article: f.article, message: f.message,
        messageZh: f.messageZh, nodeIds: f.nodeIds, at: $at, source: $source,
        auditId: $auditId
    })
    WITH finding
    UNWIND finding.nodeIds AS nodeId
    MATCH (n:Entity {id: nodeId})
    CREATE (finding)-[:CONCERNS]->(n)
    RETURN count(*) AS linked
    """,
)


async def record_findings(
    tx: Tx,
    findings: list[dict[str, object]],
    at: datetime,
    source: str,
    audit_id: str | None,
) -> list[str]:
    rows = [{**finding, "id": str(uuid.uuid4())} for finding in findings]
    if rows:
        await tx.rows(RECORD_FINDINGS, findings=rows, at=at, source=source, auditId=audit_id)
    return [str(row["id"]) for row in rows]
