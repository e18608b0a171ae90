"""Quality issues, and what an affected set of assets touches."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from graph.db import Database, Query, Tx
from graph.pagination import Pageable

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

# Everyone with a stake in the affected assets, each row saying why: the role, the asset,
# and the right, grant or trade through which the party is concerned.
STAKEHOLDERS = Query(
    "impact.stakeholders",
    """
    CALL () {
        MATCH (a:Authorization) WHERE a.objectId IN $ids
          AND a.validFrom <= $day AND (a.validTo IS NULL OR a.validTo > $day)
        UNWIND [[a.grantorId, 'GRANTOR'], [a.granteeId, 'GRANTEE']] AS stake
        RETURN collect({partyId: stake[0], role: stake[1], assetId: a.objectId,
                        number: a.number, through: 'AUTHORIZATION'}) AS grants
    }
    CALL () {
        MATCH (t:Transaction) WHERE t.objectId IN $ids
        WITH t, coalesce(t.intermediaryIds, []) AS others
        UNWIND [[t.sellerId, 'SELLER'], [t.buyerId, 'BUYER'], [t.exchangeId, 'EXCHANGE']]
             + [i IN range(0, size(others) - 1) | [others[i], t.intermediaryRoles[i]]] AS stake
        WITH t, stake WHERE stake[0] IS NOT NULL
        RETURN collect({partyId: stake[0], role: stake[1], assetId: t.objectId,
                        number: t.number, through: 'TRANSACTION'}) AS trades
    }
    CALL () {
        MATCH (right:Right)-[:STATE]->(s:RightState)
        WHERE s.objectId IN $ids AND s.supersededAt IS NULL AND s.status = 'ACTIVE'
          AND s.validFrom <= $day AND (s.validTo IS NULL OR s.validTo > $day)
        RETURN collect({partyId: s.holderId, role: 'HOLDER', assetId: s.objectId,
                        rightId: right.id, rightKind: s.kind, through: 'RIGHT'}) AS holders
    }
    CALL () {
        UNWIND $ids AS id
        MATCH (:DataResource {id: id})-[:SOURCED_FROM]->(p:Party)
        RETURN collect({partyId: p.id, role: 'SOURCE_UNIT', assetId: id,
                        through: 'SOURCE'}) AS sources
    }
    CALL () {
        MATCH (:DataResource {id: $rootId})-[:IN_REGION]->(region:Region)
        RETURN collect({regionId: region.id, role: 'REGISTRAR', assetId: $rootId,
                        through: 'JURISDICTION'}) AS registrars
    }
    RETURN grants + trades + holders + sources + registrars AS stakes
    """,
)

ISSUES_OF = Query(
    "impact.issues_of",
    """
    MATCH (i:QualityIssue {objectId: $id})
    WITH i ORDER BY i.recordedAt DESC
    RETURN collect(properties(i)) AS rows
    """,
    collected=True,
)

QUALITY_ISSUE_LIST = Pageable(
    name="quality_issues",
    match="""
    MATCH (n:QualityIssue)
    WHERE true
    """,
    filters={
        "resourceId": "n.objectId = $resourceId",
        "severities": "n.severity IN $severities",
    },
    projection="properties(n)",
    sort_properties={"RECORDED_AT": "recordedAt", "DISCOVERED_ON": "discoveredOn"},
)


async def create_issue(tx: Tx, fields: dict[str, Any], now: datetime) -> bool:
    return await tx.one(CREATE_ISSUE, fields=fields, now=now) is not None


async def sources(db: Database, ids: list[str]) -> dict[str, str]:
    return {row["id"]: row["source"] for row in await db.read(SOURCES, ids=ids)}


async def stakeholders(
    db: Database, root_id: str, ids: list[str], day: date
) -> list[dict[str, Any]]:
    rows = await db.read(STAKEHOLDERS, rootId=root_id, ids=ids, day=day)
    stakes: list[dict[str, Any]] = rows[0]["stakes"]
    return stakes


async def issues_of(db: Database, resource_id: str) -> list[dict[str, Any]]:
    return await db.read(ISSUES_OF, id=resource_id)
