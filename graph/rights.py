"""Rights 数据权利: holding, processing-and-use, product operation (article 12).

`(:Party)-[:HOLDS]->(:Right:Entity)-[:ON]->(:DataResource|DataProduct)`, with
the right's validity, basis and status in bitemporal `RightState` records.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import lru_cache
from typing import Any, LiteralString

from graph.db import Database, Query, Row, Tx
from graph.history import VISIBLE, VISIBLE_NODE, TimePoint, time_params
from graph.pagination import Attached, Pageable, property_names
from graph.parties import PARTY_MAP
from graph.shapes import RIGHT

CREATE_RIGHT = RIGHT.create_query()

# The active rights a holder ($holderId) holds on each of $objects ({id, kinds}: of those
# kinds) on $day, as `valid`. Also part of graph/ingestion.py's statements.
VALID_RIGHTS_OF_OBJECTS: LiteralString = """
    CALL () {
        UNWIND $objects AS object
        MATCH (:Party {id: $holderId})-[:HOLDS]->(r:Right)-[:ON]->(:Entity {id: object.id})
        MATCH (r)-[:STATE]->(s:RightState)
        WHERE s.supersededAt IS NULL AND s.status = 'ACTIVE' AND s.kind IN object.kinds
          AND s.validFrom <= $day AND (s.validTo IS NULL OR s.validTo > $day)
        WITH object.id AS objectId, collect(properties(s)) AS rights
        RETURN collect({objectId: objectId, rights: rights}) AS valid
    }
"""

# The same, read once every right the holder holds on the objects is locked (in id order,
# as graph/locks.py locks entities): one round trip for a rule that must not race a
# suspension or revocation.
LOCKED_VALID_RIGHTS = Query(
    "rights.locked_valid_for",
    """
    CALL () {
        UNWIND $objects AS object
        MATCH (:Party {id: $holderId})-[:HOLDS]->(r:Right)-[:ON]->(:Entity {id: object.id})
        WITH DISTINCT r ORDER BY r.id
        SET r._lock = true
        REMOVE r._lock
        RETURN collect(r.id) AS locked
    }"""
    + VALID_RIGHTS_OF_OBJECTS
    + "RETURN locked, valid",
)

VALID_RIGHTS = Query("rights.valid_for", VALID_RIGHTS_OF_OBJECTS + "RETURN [] AS locked, valid")

# The order rights on an object are listed in, wherever they are read.
RIGHTS_ORDER = "s.kind, s.validFrom"

RIGHTS_ON = Query(
    "rights.on_objects",
    f"""
    UNWIND $ids AS objectId
    OPTIONAL MATCH (s:RightState {{objectId: objectId}})
    WHERE {VISIBLE}
    WITH objectId, s ORDER BY {RIGHTS_ORDER}
    WITH objectId, collect(properties(s)) AS rights
    WITH collect({{objectId: objectId, rights: rights}}) AS rows
    CALL (rows) {{
        UNWIND rows AS row
        UNWIND row.rights AS right
        WITH DISTINCT right.holderId AS holderId
        MATCH (n:Party {{id: holderId}})
        RETURN collect({PARTY_MAP}) AS holders
    }}
    RETURN rows, holders
    """,
)

# The same with each right as the values of $keys only, in that order: a page that shows
# a right's kind and holder need not carry its dates, limits and duties (about half the
# statement's time on a page of 580 rights). Holders only when $withHolders.
RIGHTS_ON_PROJECTED = Query(
    "rights.on_objects_projected",
    f"""
    UNWIND $ids AS objectId
    OPTIONAL MATCH (s:RightState {{objectId: objectId}})
    WHERE {VISIBLE}
    WITH objectId, s ORDER BY {RIGHTS_ORDER}
    WITH objectId, collect(CASE WHEN s IS NOT NULL THEN [k IN $keys | s[k]] END) AS rights,
         collect(s.holderId) AS holderIds
    WITH collect({{objectId: objectId, rights: rights, holderIds: holderIds}}) AS rows
    CALL (rows) {{
        UNWIND rows AS row
        UNWIND row.holderIds AS holderId
        WITH DISTINCT holderId WHERE $withHolders
        MATCH (n:Party {{id: holderId}})
        RETURN collect({PARTY_MAP}) AS holders
    }}
    RETURN [row IN rows | {{objectId: row.objectId, rights: row.rights}}] AS rows, holders
    """,
    plain=True,
)

# The same on a page of resources, in the page's statement (graph/pagination.py): each
# row's `rights` as the values of some keys of each right; gathered, the parties the page
# names as the values of some keys of each: its rights' holders (the column $holderColumn of
# each, unless null) and its resources' sources (if $withSources). The page's view
# ($validAt, $recordedAt) is theirs. Made for the keys by `rights_on_page`.
_RIGHTS_ON_PAGE_NODE = """
    CALL (n) {{
        MATCH (s:RightState {{objectId: n.id}})
        WHERE {visible}
        WITH s ORDER BY {order}
        RETURN collect({right}) AS rights
    }}"""
_RIGHTS_ON_PAGE_GATHER = """
    CALL (rows) {{
        UNWIND rows AS row
        UNWIND [r IN row.rights WHERE $holderColumn IS NOT NULL | r[$holderColumn]]
            + CASE WHEN $withSources THEN [row.node.sourceId] ELSE [] END AS partyId
        WITH DISTINCT partyId WHERE partyId IS NOT NULL
        MATCH (n:Party {{id: partyId}})
        RETURN collect({party}) AS gathered
    }}"""


@lru_cache(maxsize=256)
def rights_on_page(keys: tuple[str, ...], party_keys: tuple[str, ...]) -> Attached:
    """What a page of resources brings along of its rights: the values of `keys` of each
    right, and of `party_keys` of each party they name (graph/parties.py PARTY_KEYS), each
    read by name in the statement's text: `[s.kind, s.holderId]` took 1.0 ms less of a
    page's 19 ms at 1M (1,343 rights, 1,284 parties) than `[k IN $keys | s[k]]`. The keys
    are the schema's own (schema/right.py, schema/party.py STORED_BY_FIELD), never input."""
    return Attached(
        name="rights",
        per_node=_RIGHTS_ON_PAGE_NODE.format(
            visible=VISIBLE, order=RIGHTS_ORDER, right=_values_of("s", keys)
        ),
        gather=_RIGHTS_ON_PAGE_GATHER.format(party=_values_of("n", party_keys)),
    )


def _values_of(variable: str, keys: tuple[str, ...]) -> LiteralString:
    """`[v.a, v.b]`, for property names only (anything else is refused)."""
    return "[" + ", ".join(f"{variable}.{key}" for key in property_names(keys)) + "]"


def rights_on_page_params(keys: tuple[str, ...], holders: bool, sources: bool) -> dict[str, Any]:
    """`rights_on_page`'s parameters: the holders of the rights (`keys` then hold
    `holderId`) gathered with `holders`, and the page's sources with `sources`."""
    return {
        "holderColumn": keys.index("holderId") if holders else None,
        "withSources": sources,
    }


def right_values_by_node(rows: list[Row]) -> dict[str, list[list[Any]]]:
    """The rights `rights_on_page` brought with each row of a page, by node id: each the
    values of its keys, in that order."""
    return {row["node"]["id"]: row["rights"] for row in rows}


RIGHT_STATES = Query(
    "rights.states_at",
    f"""
    UNWIND $ids AS id
    MATCH (:Right:Entity {{id: id}})-[:STATE]->(s:RightState)
    WHERE {VISIBLE}
    RETURN id, properties(s) AS state
    """,
)

LATEST_RIGHT_STATES = Query(
    "rights.latest",
    """
    UNWIND $ids AS id
    MATCH (:Right:Entity {id: id})-[:STATE]->(s:RightState)
    WHERE s.supersededAt IS NULL
    WITH id, s ORDER BY s.validFrom DESC
    RETURN id, head(collect(properties(s))) AS state
    """,
)

LINK_DERIVED = Query(
    "rights.link_derived",
    """
    MATCH (child:Right {id: $childId}), (parent:Right {id: $parentId})
    MERGE (child)-[:DERIVED_FROM]->(parent)
    RETURN child.id AS id
    """,
)

RIGHTS = Pageable(
    name="rights",
    match=f"""
    MATCH (n:RightState)
    WHERE {VISIBLE_NODE}
    """,
    filters={
        "kinds": "n.kind IN $kinds",
        "holderId": "n.holderId = $holderId",
        "objectId": "n.objectId = $objectId",
        "statuses": "n.status IN $statuses",
        "bases": "n.basis IN $bases",
    },
    projection="properties(n)",
    sort_properties={"VALID_FROM": "validFrom", "KIND": "kind"},
)


async def create_right(tx: Tx, fields: dict[str, Any], now: datetime, recorded_by: str) -> bool:
    """The identity node of a new right (`id, kind, objectType, holderId, objectId`), held by
    its holder and on its object; False when either does not exist."""
    return bool(await tx.rows(CREATE_RIGHT, rows=[fields], now=now, recordedBy=recorded_by))


async def valid_rights(
    tx: Tx, holder_id: str, objects: dict[str, list[str]], day: date, lock: bool
) -> tuple[list[str], dict[str, list[Row]]]:
    """The active rights `holder_id` holds on each object on `day`, of the kinds given for
    it (`objects`: id -> kinds), read once every right it holds on them is locked when
    `lock`; the rights locked, and the valid ones by object."""
    query = LOCKED_VALID_RIGHTS if lock else VALID_RIGHTS
    rows = [{"id": object_id, "kinds": kinds} for object_id, kinds in objects.items()]
    found = await tx.one(query, holderId=holder_id, objects=rows, day=day)
    assert found is not None
    return found["locked"], {row["objectId"]: row["rights"] for row in found["valid"]}


async def link_derived(tx: Tx, child_id: str, parent_id: str) -> None:
    """Record that `child_id` was carved from `parent_id`, so revocation cascades to it."""
    await tx.rows(LINK_DERIVED, childId=child_id, parentId=parent_id)


async def rights_on(
    db: Database, object_ids: list[str], at: TimePoint
) -> tuple[dict[str, list[Row]], list[Row]]:
    """The rights on each object, and the party records of their holders (one statement:
    a page of assets shows its rights' holders without another round trip)."""
    found = await db.read(RIGHTS_ON, ids=object_ids, **time_params(at))
    return {row["objectId"]: row["rights"] for row in found[0]["rows"]}, found[0]["holders"]


async def rights_on_projected(
    db: Database,
    object_ids: list[str],
    at: TimePoint,
    keys: tuple[str, ...],
    holders: bool,
) -> tuple[dict[str, list[Row]], list[Row]]:
    """`rights_on` with each right's `keys` only, and the records of their holders (if
    `holders`)."""
    found = await db.read(
        RIGHTS_ON_PROJECTED, ids=object_ids, keys=list(keys), withHolders=holders, **time_params(at)
    )
    by_object = {
        row["objectId"]: [dict(zip(keys, values, strict=True)) for values in row["rights"]]
        for row in found[0]["rows"]
    }
    return by_object, found[0]["holders"]


async def right_states(db: Database, ids: list[str], at: TimePoint) -> dict[str, Row]:
    rows = await db.read(RIGHT_STATES, ids=ids, **time_params(at))
    return {row["id"]: row["state"] for row in rows}


async def latest_right_states(db: Database, ids: list[str]) -> dict[str, Row]:
    """The latest current record of each right, whatever its validity: for certificates."""
    rows = await db.read(LATEST_RIGHT_STATES, ids=ids)
    return {row["id"]: row["state"] for row in rows}


def right_filter_params(at: TimePoint, **filters: Any) -> dict[str, Any]:
    keys = ("kinds", "holderId", "objectId", "statuses", "bases")
    return {key: filters.get(key) or None for key in keys} | time_params(at)
