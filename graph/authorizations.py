"""Authorizations 授权: a holder carves a right out of its own for another party.

`(:Authorization:Entity)-[:CARVED_FROM]->(parent:Right)`, `-[:GRANTED_BY]->`,
`-[:GRANTED_TO]->(:Party)`, `-[:CREATED]->(child:Right)`, and
`(child)-[:DERIVED_FROM]->(parent)`, so a chain of sub-grants is a path back
to the original holder.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Database, Query, Row, Tx
from graph.pagination import Pageable

CREATE_AUTHORIZATION = Query(
    "authorizations.create",
    """
    MATCH (parent:Right {id: $fields.parentRightId})
    MATCH (child:Right {id: $fields.rightId})
    MATCH (grantor:Party {id: $fields.grantorId})
    MATCH (grantee:Party {id: $fields.granteeId})
    CREATE (a:Authorization:Entity)
    SET a = $fields, a.grantedAt = $now
    CREATE (a)-[:CARVED_FROM]->(parent)
    CREATE (a)-[:CREATED]->(child)
    CREATE (a)-[:GRANTED_BY]->(grantor)
    CREATE (a)-[:GRANTED_TO]->(grantee)
    CREATE (child)-[:DERIVED_FROM]->(parent)
    RETURN a.id AS id
    """,
)

DESCENDANTS = Query(
    "rights.descendants",
    """
    MATCH (:Right {id: $id})<-[:DERIVED_FROM*1..]-(d:Right)
    RETURN DISTINCT d.id AS id
    """,
)

CHAIN = Query(
    "rights.chain",
    """
    UNWIND $ids AS id
    MATCH path = (:Right {id: id})-[:DERIVED_FROM*0..]->(root:Right)
    WHERE NOT (root)-[:DERIVED_FROM]->()
    RETURN id, [n IN reverse(nodes(path)) | n.id] AS chain
    """,
)

AUTHORIZATIONS_BY_IDS = Query(
    "authorizations.by_ids",
    "UNWIND $ids AS id MATCH (n:Authorization {id: id}) RETURN id, properties(n) AS row",
)

AUTHORIZATION_OF_RIGHTS = Query(
    "authorizations.of_rights",
    """
    UNWIND $ids AS id
    MATCH (n:Authorization)-[:CREATED]->(:Right {id: id})
    RETURN id, properties(n) AS row
    """,
)

AUTHORIZATIONS = Pageable(
    name="authorizations",
    match="""
    MATCH (n:Authorization)
    WHERE true
    """,
    filters={
        "grantorId": "n.grantorId = $grantorId",
        "granteeId": "n.granteeId = $granteeId",
        "objectId": "n.objectId = $objectId",
        "kinds": "n.kind IN $kinds",
        "underPath": "n.regionPath STARTS WITH $underPath",
    },
    projection="properties(n)",
    sort_properties={"GRANTED_AT": "grantedAt", "NUMBER": "number"},
)


async def create_authorization(tx: Tx, fields: dict[str, Any], now: datetime) -> None:
    await tx.rows(CREATE_AUTHORIZATION, fields=fields, now=now)


async def descendants(tx: Tx, right_id: str) -> list[str]:
    return [row["id"] for row in await tx.rows(DESCENDANTS, id=right_id)]


async def chains(db: Database, right_ids: list[str]) -> dict[str, list[str]]:
    return {row["id"]: row["chain"] for row in await db.read(CHAIN, ids=right_ids)}


async def authorizations_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    return {row["id"]: row["row"] for row in await db.read(AUTHORIZATIONS_BY_IDS, ids=ids)}


async def authorizations_of_rights(db: Database, right_ids: list[str]) -> dict[str, Row]:
    rows = await db.read(AUTHORIZATION_OF_RIGHTS, ids=right_ids)
    return {row["id"]: row["row"] for row in rows}


def authorization_filter_params(**filters: Any) -> dict[str, Any]:
    keys = ("grantorId", "granteeId", "objectId", "kinds", "underPath")
    return {key: filters.get(key) or None for key in keys}
