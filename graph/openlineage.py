"""Lookups for OpenLineage ingestion: datasets by key, parties by credit code."""

from __future__ import annotations

from typing import Any

from graph.db import Query, Tx

DATASETS = Query(
    "openlineage.datasets",
    """
    UNWIND $keys AS key
    MATCH (r:DataResource {datasetKey: key})
    RETURN key, r.id AS id
    """,
)

PARTY = Query(
    "openlineage.party",
    """
    MATCH (p:Party {creditCode: $code})-[:LOCATED_IN]->(region:Region)
    RETURN p.id AS id, region.id AS regionId, region.path AS regionPath
    """,
)


async def dataset_resources(tx: Tx, keys: list[str]) -> dict[str, str]:
    return {row["key"]: row["id"] for row in await tx.rows(DATASETS, keys=keys)}


async def party_by_credit_code(tx: Tx, code: str) -> dict[str, Any] | None:
    return await tx.one(PARTY, code=code.upper())
