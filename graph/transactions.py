"""Transactions 数据交易: a trade of a resource or product, through an exchange or not.

`(:Transaction:Entity)-[:SOLD_BY]->(:Party)`, `-[:BOUGHT_BY]->(:Party)`,
`-[:OF]->(asset)`, `-[:THROUGH]->(:Party {kind: DATA_EXCHANGE})`,
`-[:INTERMEDIARY {role}]->(:Party)`, `-[:CONVEYED]->(:Right)` (the buyer's new right).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Database, Query, Row, Tx
from graph.pagination import Pageable

CREATE_TRANSACTION = Query(
    "transactions.create",
    """
    MATCH (seller:Party {id: $fields.sellerId})
    MATCH (buyer:Party {id: $fields.buyerId})
    MATCH (object:Entity {id: $fields.objectId})
    CREATE (t:Transaction:Entity)
    SET t = $fields, t.recordedAt = $now
    CREATE (t)-[:SOLD_BY]->(seller)
    CREATE (t)-[:BOUGHT_BY]->(buyer)
    CREATE (t)-[:OF]->(object)
    WITH t
    OPTIONAL MATCH (exchange:Party {id: t.exchangeId})
    FOREACH (_ IN CASE WHEN exchange IS NULL THEN [] ELSE [1] END |
        CREATE (t)-[:THROUGH]->(exchange))
    WITH t
    OPTIONAL MATCH (conveyed:Right {id: t.conveyedRightId})
    FOREACH (_ IN CASE WHEN conveyed IS NULL THEN [] ELSE [1] END |
        CREATE (t)-[:CONVEYED]->(conveyed))
    WITH t
    UNWIND range(0, size(t.intermediaryIds) - 1) AS i
    MATCH (p:Party {id: t.intermediaryIds[i]})
    CREATE (t)-[:INTERMEDIARY {role: t.intermediaryRoles[i]}]->(p)
    RETURN count(*) AS linked
    """,
)

PARTIES_OF = Query(
    "transactions.parties",
    """
    UNWIND $ids AS id
    MATCH (p:Party {id: id})
    RETURN p.id AS id, p.kind AS kind, p.nameZh AS nameZh, coalesce(p.country, 'CN') AS country
    """,
)

TRANSACTIONS_BY_IDS = Query(
    "transactions.by_ids",
    "UNWIND $ids AS id MATCH (n:Transaction {id: id}) RETURN id, properties(n) AS row",
)

TRANSACTIONS = Pageable(
    name="transactions",
    match="""
    MATCH (n:Transaction)
    WHERE true
    """,
    filters={
        "partyId": "n.sellerId = $partyId OR n.buyerId = $partyId OR $partyId IN n.intermediaryIds",
        "objectId": "n.objectId = $objectId",
        "crossBorder": "n.crossBorder = $crossBorder",
        "exchangeId": "n.exchangeId = $exchangeId",
        "from": "n.tradeDate >= $from",
        "to": "n.tradeDate < $to",
    },
    projection="properties(n)",
    sort_properties={"TRADE_DATE": "tradeDate", "PRICE": "price"},
)


async def create_transaction(tx: Tx, fields: dict[str, Any], now: datetime) -> None:
    await tx.rows(CREATE_TRANSACTION, fields=fields, now=now)


async def parties_of(tx: Tx, ids: list[str]) -> dict[str, Row]:
    return {row["id"]: row for row in await tx.rows(PARTIES_OF, ids=ids)}


async def transactions_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    return {row["id"]: row["row"] for row in await db.read(TRANSACTIONS_BY_IDS, ids=ids)}


def transaction_filter_params(**filters: Any) -> dict[str, Any]:
    keys = ("partyId", "objectId", "crossBorder", "exchangeId", "from", "to")
    return {key: filters.get(key) for key in keys}
