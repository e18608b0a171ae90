"""Data resources 数据资源: identity, one source unit, region, and bitemporal attributes.

`(:DataResource:Entity)-[:SOURCED_FROM]->(:Party)` names the single source
unit (article 6); `catalogCode` identifies what data it is, so a second
collection of the same data is recognized.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from graph.db import Database, Query, Row, Tx
from graph.history import VISIBLE_NODE, TimePoint, states_at, time_params
from graph.pagination import Pageable
from graph.shapes import RESOURCE

CREATE_RESOURCE = RESOURCE.create_query()

SAME_DATA = Query(
    "resources.same_data",
    """
    MATCH (e:DataResource {catalogCode: $catalogCode})-[:STATE]->(s:ResourceState)
    WHERE s.supersededAt IS NULL AND s.validFrom < coalesce($to, date('9999-12-31'))
      AND $from < coalesce(s.validTo, date('9999-12-31'))
    MATCH (e)-[:SOURCED_FROM]->(src:Party)
    RETURN DISTINCT e.id AS id, e.nameZh AS nameZh, src.id AS sourceId, src.nameZh AS sourceName
    """,
)

RESOURCE_STATES = Query(
    "resources.states_at",
    states_at("DataResource", "ResourceState", "$ids"),
    collected=True,
    plain=True,
)

RESOURCE_HISTORY = Query(
    "resources.history",
    """
    UNWIND $ids AS id
    MATCH (:DataResource:Entity {id: id})-[:STATE]->(s:ResourceState)
    WITH id, s ORDER BY s.recordedAt, s.validFrom
    RETURN id, collect(properties(s)) AS states
    """,
)

RESOURCES = Pageable(
    name="resources",
    match=f"""
    MATCH (n:ResourceState)
    WHERE {VISIBLE_NODE}
    """,
    filters={
        "categories": "n.category IN $categories",
        "grades": "n.grade IN $grades",
        "sectors": "n.sector IN $sectors",
        "openness": "n.openness IN $openness",
        "underPath": "n.regionPath STARTS WITH $underPath",
        "sourceId": "n.sourceId = $sourceId",
        "openListYear": "$openListYear IN n.openListYears",
        "ids": "n.id IN $ids",
    },
    projection="properties(n)",
    sort_properties={"NAME": "nameZh", "CATALOG_CODE": "catalogCode", "VALID_FROM": "validFrom"},
    indexed_sorts=frozenset({"nameZh", "catalogCode"}),
)


async def create_resource(tx: Tx, fields: dict[str, Any], now: datetime, recorded_by: str) -> bool:
    """The identity node of a new resource (`id, catalogCode, sourceId, regionId`), linked to
    its source unit and region; False when either does not exist."""
    return bool(await tx.rows(CREATE_RESOURCE, rows=[fields], now=now, recordedBy=recorded_by))


async def same_data(
    tx: Tx, catalog_code: str, valid_from: date, valid_to: date | None
) -> list[Row]:
    """Resources live under this code at some time of [valid_from, valid_to) (rule 1; the
    read-side scan is graph/invariants.py CATALOG_CODE_TWICE)."""
    return await tx.rows(SAME_DATA, catalogCode=catalog_code, to=valid_to, **{"from": valid_from})


async def resource_states(db: Database, ids: list[str], at: TimePoint) -> dict[str, Row]:
    rows = await db.read(RESOURCE_STATES, ids=ids, **time_params(at))
    return {row["id"]: row["state"] for row in rows}


async def resource_histories(db: Database, ids: list[str]) -> dict[str, list[Row]]:
    rows = await db.read(RESOURCE_HISTORY, ids=ids)
    return {row["id"]: row["states"] for row in rows}


def resource_filter_params(at: TimePoint, **filters: Any) -> dict[str, Any]:
    keys = ("categories", "grades", "sectors", "openness", "underPath", "sourceId", "ids")
    params = {key: filters.get(key) or None for key in keys}
    params["openListYear"] = filters.get("openListYear")
    return params | time_params(at)
