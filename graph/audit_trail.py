"""Reading the audit trail: who recorded what, when (investigators, regulators, registrars)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.pagination import Pageable

AUDIT_EVENTS = Pageable(
    name="audit",
    match="""
    MATCH (n:AuditEvent)
    WHERE ($actor IS NULL OR n.actor = $actor)
      AND ($operations IS NULL OR n.operation IN $operations)
      AND ($affectedId IS NULL OR $affectedId IN n.affectedIds)
      AND ($from IS NULL OR n.at >= $from)
      AND ($to IS NULL OR n.at < $to)
    """,
    projection="properties(n)",
    sort_properties={"AT": "at"},
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
