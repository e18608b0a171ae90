"""Data products 数据产品: made from resources and products, operated by a party.

`(:DataProduct:Entity)-[:MADE_FROM]->(:DataResource|DataProduct)`; the
product's attributes (kind, operator, ...) are bitemporal `ProductState`s.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Database, Query, Row, Tx
from graph.history import VISIBLE, VISIBLE_NODE, TimePoint, states_at, time_params
from graph.pagination import Pageable

CREATE_PRODUCT = Query(
    "products.create",
    """
    MATCH (region:Region {id: $regionId})
    CREATE (p:DataProduct:Entity {
        id: $id, regionId: region.id, regionPath: region.path, recordedAt: $now
    })
    WITH p
    UNWIND $inputs AS made
    MATCH (input:Entity {id: made.id}) WHERE input:DataResource OR input:DataProduct
    CREATE (p)-[:MADE_FROM {
        recordedAt: $now, day: $validFrom, kind: 'PRODUCE', performerId: $operatorId,
        rightId: made.rightId
    }]->(input)
    RETURN count(input) AS inputs
    """,
)

INPUT_KINDS = Query(
    "products.input_kinds",
    """
    UNWIND $ids AS id
    OPTIONAL MATCH (n:Entity {id: id}) WHERE n:DataResource OR n:DataProduct
    RETURN id, CASE WHEN n:DataResource THEN 'DataResource'
                    WHEN n:DataProduct THEN 'DataProduct' END AS type,
           n.nameZh AS nameZh, n.containsPersonalInfo AS personal
    """,
)

PRODUCT_STATES = Query(
    "products.states_at",
    states_at("DataProduct", "ProductState", "$ids"),
    collected=True,
)

PRODUCTS_FROM = Query(
    "products.made_from",
    f"""
    UNWIND $ids AS inputId
    OPTIONAL MATCH (:Entity {{id: inputId}})<-[:MADE_FROM]-(:DataProduct)
                   -[:STATE]->(s:ProductState)
    WHERE {VISIBLE}
    WITH inputId, s ORDER BY s.nameZh
    RETURN inputId, collect(s.id) AS productIds
    """,
)

PRODUCTS = Pageable(
    name="products",
    match=f"""
    MATCH (n:ProductState)
    WHERE {VISIBLE_NODE}
    """,
    filters={
        "kinds": "n.kind IN $kinds",
        "operatorId": "n.operatorId = $operatorId",
        "underPath": "n.regionPath STARTS WITH $underPath",
    },
    projection="properties(n)",
    sort_properties={"NAME": "nameZh", "VALID_FROM": "validFrom"},
    indexed_sorts=frozenset({"nameZh"}),
)


async def create_product(tx: Tx, fields: dict[str, Any], now: datetime) -> int:
    row = await tx.one(CREATE_PRODUCT, **fields, now=now)
    return int(row["inputs"]) if row else 0


async def input_kinds(tx: Tx, ids: list[str]) -> dict[str, Row]:
    return {row["id"]: row for row in await tx.rows(INPUT_KINDS, ids=ids)}


async def product_states(db: Database, ids: list[str], at: TimePoint) -> dict[str, Row]:
    rows = await db.read(PRODUCT_STATES, ids=ids, **time_params(at))
    return {row["id"]: row["state"] for row in rows}


async def products_from(db: Database, ids: list[str], at: TimePoint) -> dict[str, list[str]]:
    rows = await db.read(PRODUCTS_FROM, ids=ids, **time_params(at))
    return {row["inputId"]: row["productIds"] for row in rows}


def product_filter_params(at: TimePoint, **filters: Any) -> dict[str, Any]:
    keys = ("kinds", "operatorId", "underPath")
    return {key: filters.get(key) or None for key in keys} | time_params(at)
