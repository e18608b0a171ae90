"""The market's own records: declarations and commitments (article 25), credit events
(article 26), supervision actions (articles 23, 24, 27, 28) and valuations (article 18).

Each is an event node linked to its party or asset: `(:Declaration)-[:BY]->(:Party)`,
`(:CreditEvent)-[:ABOUT]->(:Party)`, `(:SupervisionAction)-[:OF]->(:Party)`,
`(:Valuation)-[:OF]->(:DataResource|DataProduct)`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, LiteralString

from graph.db import Database, Query, Row, Tx
from graph.pagination import Pageable

# (label, relationship to the party or asset, property naming it)
RECORDS: dict[str, tuple[LiteralString, LiteralString, LiteralString]] = {
    "Declaration": ("Declaration", "BY", "partyId"),
    "CreditEvent": ("CreditEvent", "ABOUT", "partyId"),
    "SupervisionAction": ("SupervisionAction", "OF", "partyId"),
    "Valuation": ("Valuation", "OF", "objectId"),
}


def _create(label: LiteralString, rel: LiteralString, key: LiteralString) -> Query:
    return Query(
        f"market.{label}.create",
        f"""
        MATCH (target:Entity {{id: $fields.{key}}})
        CREATE (n:{label}:Entity)
        SET n = $fields, n.recordedAt = $now
        CREATE (n)-[:{rel}]->(target)
        RETURN n.id AS id
        """,
    )


def _of(label: LiteralString, key: LiteralString) -> Query:
    return Query(
        f"market.{label}.of",
        f"""
        UNWIND $ids AS targetId
        OPTIONAL MATCH (n:{label} {{{key}: targetId}})
        WITH targetId, n ORDER BY n.recordedAt
        RETURN targetId, collect(properties(n)) AS rows
        """,
    )


_CREATE = {name: _create(*spec) for name, spec in RECORDS.items()}
_OF = {name: _of(spec[0], spec[2]) for name, spec in RECORDS.items()}

BY_IDS = Query(
    "market.by_ids",
    "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN id, properties(n) AS row",
)

UPDATE = Query(
    "market.update",
    """
    MATCH (n:Entity {id: $id})
    SET n += $changes, n.updatedAt = $now
    RETURN properties(n) AS row
    """,
)

# Declarations valid on a day, and credit events of some parties, for the trading rules.
VALID_DECLARATIONS = Query(
    "market.valid_declarations",
    """
    UNWIND $partyIds AS partyId
    OPTIONAL MATCH (d:Declaration {partyId: partyId})
    WHERE d.validFrom <= $day AND (d.validTo IS NULL OR d.validTo > $day)
    RETURN partyId, count(d) AS valid
    """,
)

CREDIT_EVENTS = Query(
    "market.credit_events",
    """
    UNWIND $partyIds AS partyId
    OPTIONAL MATCH (e:CreditEvent {partyId: partyId})
    WITH partyId, e ORDER BY e.occurredOn
    RETURN partyId, collect(properties(e)) AS events
    """,
)

CREDIT_EVENT_LIST = Pageable(
    name="credit_events",
    match="""
    MATCH (n:CreditEvent)
    WHERE true
    """,
    filters={
        "partyId": "n.partyId = $partyId",
        "kinds": "n.kind IN $kinds",
    },
    projection="properties(n)",
    sort_properties={"OCCURRED_ON": "occurredOn"},
)

SUPERVISION_LIST = Pageable(
    name="supervision",
    match="""
    MATCH (n:SupervisionAction)
    WHERE true
    """,
    filters={
        "partyId": "n.partyId = $partyId",
        "kinds": "n.kind IN $kinds",
        "statuses": "n.status IN $statuses",
    },
    projection="properties(n)",
    sort_properties={"TAKEN_ON": "takenOn", "DEADLINE": "deadline"},
)


async def create_record(tx: Tx, name: str, fields: dict[str, Any], now: datetime) -> bool:
    return await tx.one(_CREATE[name], fields=fields, now=now) is not None


async def records_of(db: Database, name: str, target_ids: list[str]) -> dict[str, list[Row]]:
    rows = await db.read(_OF[name], ids=target_ids)
    return {row["targetId"]: row["rows"] for row in rows}


async def records_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    return {row["id"]: row["row"] for row in await db.read(BY_IDS, ids=ids)}


async def record_in_tx(tx: Tx, record_id: str) -> Row | None:
    row = await tx.one(BY_IDS, ids=[record_id])
    return dict(row["row"]) if row else None


async def update_record(tx: Tx, record_id: str, changes: dict[str, Any], now: datetime) -> Row:
    row = await tx.one(UPDATE, id=record_id, changes=changes, now=now)
    assert row is not None
    return dict(row["row"])


async def declared_parties(tx: Tx, party_ids: list[str], day: date) -> dict[str, int]:
    rows = await tx.rows(VALID_DECLARATIONS, partyIds=party_ids, day=day)
    return {row["partyId"]: int(row["valid"]) for row in rows}


async def credit_events(tx: Tx | Database, party_ids: list[str]) -> dict[str, list[Row]]:
    if isinstance(tx, Database):
        rows = await tx.read(CREDIT_EVENTS, partyIds=party_ids)
    else:
        rows = await tx.rows(CREDIT_EVENTS, partyIds=party_ids)
    return {row["partyId"]: row["events"] for row in rows}
