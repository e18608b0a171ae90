"""Reading the audit trail: who recorded what, when (investigators, regulators, registrars)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.pagination import Pageable

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
