"""Quality issues, and what an affected set of assets touches."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from graph.db import Database, Query, Tx

CREATE_ISSUE = Query(
    "impact.create_issue",
    """
    MATCH (resource:DataResource {id: $fields.objectId})
    CREATE (i:QualityIssue:Entity)
    SET i = $fields, i.recordedAt = $now
    CREATE (i)-[:CONCERNS]->(resource)
    RETURN i.id AS id
    """,
)

SOURCES = Query(
    "impact.sources",
    """
    UNWIND $ids AS id
    MATCH (:DataResource {id: id})-[:SOURCED_FROM]->(p:Party)
    RETURN id, p.id AS source
    """,
)

TOUCHED = Query(
    "impact.touched",
    """
    CALL () {
        MATCH (a:Authorization) WHERE a.objectId IN $ids
          AND a.validFrom <= $day AND (a.validTo IS NULL OR a.validTo > $day)
        RETURN collect(DISTINCT a.number) AS authorizations,
               collect(DISTINCT a.granteeId) + collect(DISTINCT a.grantorId) AS grantParties
    }
    CALL () {
        MATCH (t:Transaction) WHERE t.objectId IN $ids
        RETURN collect(DISTINCT t.number) AS transactions, collect(DISTINCT t.buyerId) AS buyers
    }
    CALL () {
        MATCH (s:RightState)
        WHERE s.objectId IN $ids AND s.supersededAt IS NULL AND s.status = 'ACTIVE'
          AND s.validFrom <= $day AND (s.validTo IS NULL OR s.validTo > $day)
        RETURN collect(DISTINCT s.holderId) AS holders
    }
    RETURN authorizations, transactions, grantParties + buyers + holders AS parties
    """,
)


async def create_issue(tx: Tx, fields: dict[str, Any], now: datetime) -> bool:
    return await tx.one(CREATE_ISSUE, fields=fields, now=now) is not None


async def sources(db: Database, ids: list[str]) -> dict[str, str]:
    return {row["id"]: row["source"] for row in await db.read(SOURCES, ids=ids)}


async def touched(db: Database, ids: list[str], day: date) -> dict[str, list[str]]:
    row = (await db.read(TOUCHED, ids=ids, day=day))[0]
    return {
        "authorizations": sorted(row["authorizations"]),
        "transactions": sorted(row["transactions"]),
        "parties": sorted(set(row["parties"])),
    }
