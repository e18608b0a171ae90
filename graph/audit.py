"""Audit events: who recorded what, when, with which inputs.

Written by every mutation inside the same transaction as the change itself,
so there is never a change without its audit event, nor the reverse; and read
back as the audit trail (investigators, regulators, registrars).
"""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any

from graph.db import Query, Tx
from graph.domain import Actor
from graph.pagination import Pageable

RECORD_AUDIT = Query(
    "audit.record",
    """
    CREATE (a:AuditEvent {
        id: $id, at: $at, actor: $actor, actorRole: $actorRole, actorRegion: $actorRegion,
        operation: $operation,
        inputs: $inputs, affectedIds: $affectedIds, idempotencyKey: $idempotencyKey,
        idempotencyScope: $idempotencyScope
    })
    WITH a
    UNWIND $affectedIds AS affectedId
    MATCH (n:Entity {id: affectedId})
    CREATE (a)-[:AFFECTED]->(n)
    RETURN count(*) AS linked
    """,
)


async def record_audit(
    tx: Tx,
    *,
    actor: Actor,
    operation: str,
    inputs: dict[str, Any],
    affected_ids: list[str],
    at: datetime,
    idempotency_key: str | None = None,
    idempotency_scope: str | None = None,
) -> str:
    """`idempotency_scope` is unique (the key hashed with caller and operation); the key
    itself is kept as the caller sent it, for the record."""
    audit_id = str(uuid.uuid4())
    await tx.rows(
        RECORD_AUDIT,
        id=audit_id,
        at=at,
        actor=actor.subject,
        actorRole=actor.role,
        actorRegion=actor.region_code,
        operation=operation,
        inputs=json.dumps(inputs, ensure_ascii=False, sort_keys=True, default=str),
        affectedIds=affected_ids,
        idempotencyKey=idempotency_key,
        idempotencyScope=idempotency_scope,
    )
    return audit_id


AUDIT_BY_IDEMPOTENCY_SCOPE = Query(
    "audit.by_idempotency_scope",
    """
    MATCH (a:AuditEvent {idempotencyScope: $scope})
    RETURN a.id AS id, a.operation AS operation, a.affectedIds AS affectedIds,
           a.inputs AS inputs, a.actor AS actor
    """,
)


async def audit_by_idempotency_scope(tx: Tx, scope: str) -> dict[str, Any] | None:
    return await tx.one(AUDIT_BY_IDEMPOTENCY_SCOPE, scope=scope)


AUDIT_EVENTS = Pageable(
    name="audit",
    match="""
    MATCH (n:AuditEvent)
    WHERE true
    """,
    filters={
        "actor": "n.actor = $actor",
        "operations": "n.operation IN $operations",
        "affectedId": "$affectedId IN n.affectedIds",
        "from": "n.at >= $from",
        "to": "n.at < $to",
    },
    projection="properties(n)",
    sort_properties={"AT": "at"},
    indexed_sorts=frozenset({"at"}),
)


def audit_filter_params(
    actor: str | None = None,
    operations: list[str] | None = None,
    affected_id: str | None = None,
    since: datetime | None = None,
    until: datetime | None = None,
) -> dict[str, Any]:
    return {
        "actor": actor,
        "operations": operations or None,
        "affectedId": affected_id,
        "from": since,
        "to": until,
    }


SEED_STATE = Query(
    "audit.seed_state",
    """
    CALL () { OPTIONAL MATCH (s:AuditEvent {operation: 'loadSeed'}) RETURN count(s) > 0 AS seeded }
    CALL () {
        OPTIONAL MATCH (n) WHERE none(label IN labels(n) WHERE label IN $disregard)
        WITH n LIMIT 1
        RETURN n IS NOT NULL AS holdsData
    }
    RETURN seeded, holdsData
    """,
)


async def holds_other_data(tx: Tx, disregard: list[str]) -> bool:
    """The database holds nodes (other than those labelled `disregard`) and the seed was
    never loaded into it: it is someone's registry, or another application's data."""
    row = await tx.one(SEED_STATE, disregard=disregard)
    return bool(row and row["holdsData"] and not row["seeded"])
