"""Who runs the jobs of an OpenLineage job namespace: registrars map a namespace (for
pipelines of one producer, or of any) to the party that performs them.

`(:JobNamespace:Entity {id, namespace, producer, performerId, recordedAt, supersededAt})`:
mapping the same namespace and producer again supersedes the earlier record, unmapping
supersedes it with none; nothing is deleted. `producer` is a prefix of the events'
`producer` URI ('' for any producer); the longest current prefix that fits wins.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, LiteralString

from graph.db import Query, Row, Tx
from graph.pagination import Pageable
from graph.regions import CITY_CODE, CITY_PATH

# The performer of a job namespace ($namespace, for $producer), with the region it acts in
# (a foreign party acts for the city as a whole, as graph/parties.py reads it); one row,
# `performer` null when the namespace is mapped to nobody. Part of graph/ingestion.py's
# statement; $cityCode and $cityPath are `CITY_PARAMS`.
PERFORMER_OF_NAMESPACE: LiteralString = """
    OPTIONAL MATCH (m:JobNamespace {namespace: $namespace})
    WHERE m.supersededAt IS NULL AND $producer STARTS WITH m.producer
    WITH m ORDER BY size(m.producer) DESC LIMIT 1
    OPTIONAL MATCH (p:Party {id: m.performerId})
    OPTIONAL MATCH (p)-[:LOCATED_IN]->(region:Region)
    RETURN CASE WHEN p IS NULL THEN null ELSE {
        id: p.id, mappingId: m.id,
        regionId: coalesce(region.id, $cityCode), regionPath: coalesce(region.path, $cityPath)
    } END AS performer
"""
CITY_PARAMS = {"cityCode": CITY_CODE, "cityPath": CITY_PATH}

CURRENT = Query(
    "job_namespaces.current",
    """
    MATCH (m:JobNamespace {namespace: $namespace, producer: $producer})
    WHERE m.supersededAt IS NULL
    RETURN properties(m) AS mapping
    """,
)

SUPERSEDE = Query(
    "job_namespaces.supersede",
    """
    MATCH (m:JobNamespace {namespace: $namespace, producer: $producer})
    WHERE m.supersededAt IS NULL
    SET m.supersededAt = $now
    RETURN collect(m.id) AS ids
    """,
)

CREATE = Query(
    "job_namespaces.create",
    """
    CREATE (m:JobNamespace:Entity)
    SET m = $fields, m.recordedAt = $now
    RETURN m.id AS id
    """,
)

MAPPINGS = Pageable(
    name="job_namespaces",
    match="""
    MATCH (n:JobNamespace)
    WHERE n.recordedAt <= $recordedAt
      AND (n.supersededAt IS NULL OR n.supersededAt > $recordedAt)
    """,
    filters={
        "namespace": "n.namespace = $namespace",
        "performerId": "n.performerId = $performerId",
    },
    projection="properties(n)",
    sort_properties={"NAMESPACE": "namespace", "RECORDED_AT": "recordedAt"},
)


async def current(tx: Tx, namespace: str, producer: str) -> Row | None:
    found = await tx.one(CURRENT, namespace=namespace, producer=producer)
    return found["mapping"] if found else None


async def supersede(tx: Tx, namespace: str, producer: str, now: datetime) -> list[str]:
    found = await tx.one(SUPERSEDE, namespace=namespace, producer=producer, now=now)
    return list(found["ids"]) if found else []


async def create(tx: Tx, fields: dict[str, Any], now: datetime) -> None:
    await tx.rows(CREATE, fields=fields, now=now)
