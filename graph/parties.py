"""Parties: the units and people that hold, process, trade and supervise data.

`(:Party)-[:LOCATED_IN]->(:Region)`; `regionPath` copies the region's path so
that "parties in this county" is one indexed `STARTS WITH`. A foreign party (article 19)
has a `country` other than CN, a home registration (`homeRegistrationId` under
`homeRegistrationScheme`) and no region; a party without `country` is domestic (CN).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from graph.db import Database, Query, Row, Tx
from graph.pagination import Pageable
from graph.regions import CITY_PATH
from graph.shapes import PARTY

PARTY_MAP = (
    "n {.id, .nameZh, .nameEn, .kind, .creditCode, .regionId, .description, "
    ".recordedAt, .recordedBy, .homeRegistrationId, .homeRegistrationScheme, "
    "country: coalesce(n.country, 'CN')}"
)
PARTY_PROJECTION = PARTY_MAP + " AS party"
# The keys of PARTY_MAP: a party read as a list of values of some of these (absent country:
# domestic, as PARTY_MAP's coalesce says) is `dict(zip(keys, values))`.
PARTY_KEYS = (
    "id",
    "nameZh",
    "nameEn",
    "kind",
    "creditCode",
    "regionId",
    "description",
    "recordedAt",
    "recordedBy",
    "homeRegistrationId",
    "homeRegistrationScheme",
    "country",
)

CREATE_PARTY = PARTY.create_query()
UPSERT_PARTIES = PARTY.upsert_query()

# A foreign party lies in no region: it belongs to the city's jurisdiction.
PARTY_WITH_REGION = Query(
    "parties.with_region",
    """
    MATCH (n:Party {id: $id})
    OPTIONAL MATCH (n)-[:LOCATED_IN]->(r:Region)
    RETURN n.id AS id, n.nameZh AS nameZh, n.kind AS kind, r.id AS regionId,
           coalesce(r.path, $cityPath) AS regionPath, coalesce(n.country, 'CN') AS country
    """,
)

PARTY_BY_HOME_REGISTRATION = Query(
    "parties.by_home_registration",
    """
    MATCH (n:Party {homeRegistrationId: $homeRegistrationId})
    WHERE n.country = $country AND n.homeRegistrationScheme = $scheme
    RETURN """
    + PARTY_PROJECTION,
)

PARTY_BY_CREDIT_CODE = Query(
    "parties.by_credit_code",
    "MATCH (n:Party {creditCode: $creditCode}) RETURN " + PARTY_PROJECTION,
)

PARTIES_BY_IDS = Query(
    "parties.by_ids",
    "UNWIND $ids AS id MATCH (n:Party {id: id}) RETURN collect({party: " + PARTY_MAP + "}) AS rows",
    collected=True,
    plain=True,
)

PARTIES = Pageable(
    name="parties",
    match="""
    MATCH (n:Party)
    WHERE true
    """,
    filters={
        "kinds": "n.kind IN $kinds",
        "underPath": "n.regionPath STARTS WITH $underPath",
        "creditCode": "n.creditCode = $creditCode",
        "country": "coalesce(n.country, 'CN') = $country",
        "foreign": "(coalesce(n.country, 'CN') <> 'CN') = $foreign",
        "search": "n.nameZh CONTAINS $search OR toLower(n.nameEn) CONTAINS $search",
    },
    projection=PARTY_MAP,
    sort_properties={"NAME": "nameZh", "RECORDED_AT": "recordedAt", "KIND": "kind"},
    indexed_sorts=frozenset({"nameZh"}),
)


async def create_party(tx: Tx, fields: dict[str, Any], now: datetime, recorded_by: str) -> str:
    """A new party (the fields of `PARTY`), located in its region; its id."""
    rows = await tx.rows(CREATE_PARTY, rows=[fields], now=now, recordedBy=recorded_by)
    if not rows:
        raise LookupError(f"region {fields['regionId']} vanished during the transaction")
    return str(rows[0]["id"])


async def upsert_parties(tx: Tx, rows: list[Row], now: datetime, recorded_by: str) -> int:
    result = await tx.one(UPSERT_PARTIES, rows=rows, now=now, recordedBy=recorded_by)
    return int(result["upserted"]) if result else 0


async def party_with_region(tx: Tx, party_id: str) -> Row | None:
    """The party with its region; a foreign party's `regionPath` is the city's."""
    return await tx.one(PARTY_WITH_REGION, id=party_id, cityPath=CITY_PATH)


async def party_by_home_registration(
    tx: Tx, country: str, scheme: str, registration_id: str
) -> Row | None:
    row = await tx.one(
        PARTY_BY_HOME_REGISTRATION,
        country=country,
        scheme=scheme,
        homeRegistrationId=registration_id,
    )
    return dict(row["party"]) if row else None


async def party_by_credit_code(tx: Tx, credit_code: str) -> Row | None:
    row = await tx.one(PARTY_BY_CREDIT_CODE, creditCode=credit_code)
    return dict(row["party"]) if row else None


async def parties_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    rows = await db.read(PARTIES_BY_IDS, ids=ids)
    return {row["party"]["id"]: row["party"] for row in rows}


def party_filter_params(
    kinds: list[str] | None = None,
    under_path: str | None = None,
    credit_code: str | None = None,
    search: str | None = None,
    country: str | None = None,
    foreign: bool | None = None,
) -> dict[str, Any]:
    return {
        "kinds": kinds or None,
        "underPath": under_path,
        "creditCode": credit_code,
        "country": country,
        "foreign": foreign,
        "search": search.lower() if search else None,
    }
