"""Data property registrations 数据产权登记 (article 13): applications, their workflow steps,
objections during publicity, and certificates.

`(:Registration:Entity)-[:OF]->(:DataResource|DataProduct)`,
`-[:FOR_RIGHT]->(:Right)`, `-[:APPLIED_BY]->(:Party)`, and one
`(:RegistrationStep)` per transition, so the workflow can be replayed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Database, Query, Row, Tx
from graph.pagination import Pageable

PROJECTION = "properties(n)"

NEXT_NUMBER = Query(
    "registrations.next_number",
    """
    MERGE (s:Sequence {name: $name})
    ON CREATE SET s.value = 0
    SET s.value = s.value + 1
    RETURN s.value AS value
    """,
)

CREATE_REGISTRATION = Query(
    "registrations.create",
    """
    MATCH (object:Entity {id: $objectId})
    MATCH (applicant:Party {id: $applicantId})
    CREATE (n:Registration:Entity)
    SET n = $fields, n.submittedAt = $now, n.updatedAt = $now, n.steps = 1
    CREATE (n)-[:OF]->(object)
    CREATE (n)-[:APPLIED_BY]->(applicant)
    CREATE (n)-[:STEP]->(:RegistrationStep {
        id: randomUUID(), seq: 1, fromStatus: null, toStatus: n.status, at: $now,
        actor: $actor, reason: $reason
    })
    WITH n
    OPTIONAL MATCH (right:Right {id: n.rightId})
    FOREACH (_ IN CASE WHEN right IS NULL THEN [] ELSE [1] END | CREATE (n)-[:FOR_RIGHT]->(right))
    WITH n
    OPTIONAL MATCH (previous:Registration {id: n.previousId})
    FOREACH (_ IN CASE WHEN previous IS NULL THEN [] ELSE [1] END |
        CREATE (n)-[:FOLLOWS]->(previous))
    RETURN n.id AS id
    """,
)

REGISTRATION = Query(
    "registrations.one",
    """
    MATCH (n:Registration {id: $id})
    RETURN properties(n) AS registration
    """,
)

TRANSITION = Query(
    "registrations.transition",
    """
    MATCH (n:Registration {id: $id})
    WITH n, n.status AS fromStatus
    SET n += $changes, n.updatedAt = $now, n.steps = n.steps + 1
    CREATE (n)-[:STEP]->(:RegistrationStep {
        id: randomUUID(), seq: n.steps, fromStatus: fromStatus, toStatus: n.status, at: $now,
        actor: $actor, reason: $reason
    })
    RETURN n.id AS id
    """,
)

ADD_OBJECTION = Query(
    "registrations.add_objection",
    """
    MATCH (n:Registration {id: $id})
    MATCH (objector:Party {id: $objectorId})
    CREATE (n)-[:OBJECTION]->(o:Objection {
        id: $objectionId, objectorId: objector.id, reason: $reason, filedAt: $now,
        resolvedAt: null, upheld: null
    })-[:FILED_BY]->(objector)
    RETURN o.id AS id
    """,
)

RESOLVE_OBJECTIONS = Query(
    "registrations.resolve_objections",
    """
    MATCH (:Registration {id: $id})-[:OBJECTION]->(o:Objection)
    WHERE o.resolvedAt IS NULL
    SET o.resolvedAt = $now, o.upheld = $upheld, o.resolution = $reason
    RETURN count(o) AS resolved
    """,
)

DISPUTES = Query(
    "registrations.disputes",
    """
    MATCH (n:Registration {objectId: $objectId, type: 'OBJECTION'})
    WHERE NOT n.status IN ['REJECTED', 'CANCELLED', 'WITHDRAWN']
    RETURN properties(n) AS registration
    """,
)

REGISTRATIONS_BY_IDS = Query(
    "registrations.by_ids",
    "UNWIND $ids AS id MATCH (n:Registration {id: id}) RETURN id, properties(n) AS registration",
)

REGISTRATIONS_OF = Query(
    "registrations.of_objects",
    """
    UNWIND $ids AS objectId
    OPTIONAL MATCH (n:Registration {objectId: objectId})
    WITH objectId, n ORDER BY n.submittedAt
    RETURN objectId, collect(properties(n)) AS registrations
    """,
)

STEPS_OF = Query(
    "registrations.steps",
    """
    UNWIND $ids AS id
    OPTIONAL MATCH (:Registration {id: id})-[:STEP]->(s:RegistrationStep)
    WITH id, s ORDER BY s.seq
    RETURN id, collect(properties(s)) AS steps
    """,
)

OBJECTIONS_OF = Query(
    "registrations.objections",
    """
    UNWIND $ids AS id
    OPTIONAL MATCH (:Registration {id: id})-[:OBJECTION]->(o:Objection)
    WITH id, o ORDER BY o.filedAt
    RETURN id, collect(properties(o)) AS objections
    """,
)

REGISTRATIONS = Pageable(
    name="registrations",
    match="""
    MATCH (n:Registration)
    WHERE true
    """,
    filters={
        "statuses": "n.status IN $statuses",
        "types": "n.type IN $types",
        "applicantId": "n.applicantId = $applicantId",
        "objectId": "n.objectId = $objectId",
        "underPath": "n.regionPath STARTS WITH $underPath",
        "certificateNumber": "n.certificateNumber = $certificateNumber",
    },
    projection=PROJECTION,
    sort_properties={"SUBMITTED_AT": "submittedAt", "NUMBER": "number"},
)


async def next_number(tx: Tx, name: str) -> int:
    row = await tx.one(NEXT_NUMBER, name=name)
    assert row is not None
    return int(row["value"])


async def create_registration(
    tx: Tx, fields: dict[str, Any], now: datetime, actor: str, reason: str | None
) -> None:
    await tx.rows(
        CREATE_REGISTRATION,
        fields=fields,
        objectId=fields["objectId"],
        applicantId=fields["applicantId"],
        now=now,
        actor=actor,
        reason=reason,
    )


async def registration_in_tx(tx: Tx, registration_id: str) -> Row | None:
    """A registration as a write sees it (the write locks it first: resolvers/writes.py)."""
    row = await tx.one(REGISTRATION, id=registration_id)
    return dict(row["registration"]) if row else None


async def transition(
    tx: Tx,
    registration_id: str,
    changes: dict[str, Any],
    now: datetime,
    actor: str,
    reason: str | None,
) -> None:
    await tx.rows(
        TRANSITION, id=registration_id, changes=changes, now=now, actor=actor, reason=reason
    )


async def add_objection(
    tx: Tx, registration_id: str, objection_id: str, objector_id: str, reason: str, now: datetime
) -> bool:
    row = await tx.one(
        ADD_OBJECTION,
        id=registration_id,
        objectionId=objection_id,
        objectorId=objector_id,
        reason=reason,
        now=now,
    )
    return row is not None


async def resolve_objections(
    tx: Tx, registration_id: str, upheld: bool, reason: str, now: datetime
) -> int:
    row = await tx.one(
        RESOLVE_OBJECTIONS, id=registration_id, upheld=upheld, reason=reason, now=now
    )
    return int(row["resolved"]) if row else 0


async def disputes_on(tx: Tx, object_id: str) -> list[Row]:
    return [row["registration"] for row in await tx.rows(DISPUTES, objectId=object_id)]


async def registrations_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    rows = await db.read(REGISTRATIONS_BY_IDS, ids=ids)
    return {row["id"]: row["registration"] for row in rows}


async def registrations_of(db: Database, object_ids: list[str]) -> dict[str, list[Row]]:
    rows = await db.read(REGISTRATIONS_OF, ids=object_ids)
    return {row["objectId"]: row["registrations"] for row in rows}


async def steps_of(db: Database, ids: list[str]) -> dict[str, list[Row]]:
    return {row["id"]: row["steps"] for row in await db.read(STEPS_OF, ids=ids)}


async def objections_of(db: Database, ids: list[str]) -> dict[str, list[Row]]:
    return {row["id"]: row["objections"] for row in await db.read(OBJECTIONS_OF, ids=ids)}


def registration_filter_params(**filters: Any) -> dict[str, Any]:
    keys = ("statuses", "types", "applicantId", "objectId", "underPath", "certificateNumber")
    return {key: filters.get(key) or None for key in keys}
