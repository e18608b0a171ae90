"""Regions: the four-level administrative tree (article 6: city, county/district,
town/subdistrict, village/community).

A region's `id` is its administrative division code. `path` lists the codes
from the city down to the region itself, `/450700/450702/`, so a subtree is
`path STARTS WITH` its root's path (served by a text index).
"""

from __future__ import annotations

from typing import Any

from graph.db import Database, Query, Row, Tx
from graph.pagination import Pageable

# The city: its registrar's jurisdiction is the whole tree, and foreign parties, which lie
# in no region of it, belong to that jurisdiction.
CITY_CODE = "450700"
CITY_PATH = f"/{CITY_CODE}/"

UPSERT_REGIONS = Query(
    "regions.upsert",
    """
    UNWIND $rows AS row
    MERGE (r:Region {id: row.id})
    SET r:Entity
    SET r.nameZh = row.nameZh, r.nameEn = row.nameEn, r.level = row.level,
        r.divisionType = row.divisionType, r.parentId = row.parentId, r.path = row.path,
        r.recordedAt = coalesce(r.recordedAt, $now)
    WITH r, row
    OPTIONAL MATCH (p:Region {id: row.parentId})
    FOREACH (_ IN CASE WHEN p IS NULL THEN [] ELSE [1] END | MERGE (r)-[:PART_OF]->(p))
    RETURN count(r) AS upserted
    """,
)

REGION_MAP = "n {.id, .nameZh, .nameEn, .level, .divisionType, .parentId, .path}"

REGIONS_BY_IDS = Query(
    "regions.by_ids",
    "UNWIND $ids AS id MATCH (n:Region {id: id}) RETURN " + REGION_MAP + " AS region",
)

REGION_CHILDREN = Query(
    "regions.children",
    "UNWIND $ids AS parentId "
    "OPTIONAL MATCH (n:Region {parentId: parentId}) "
    "WITH parentId, n ORDER BY n.id "
    "RETURN parentId, collect(" + REGION_MAP + ") AS children",
)

REGION_PATHS = Query(
    "regions.paths",
    "UNWIND $ids AS id MATCH (n:Region {id: id}) RETURN n.id AS id, n.path AS path",
)

REGIONS = Pageable(
    name="regions",
    match="""
    MATCH (n:Region)
    WHERE true
    """,
    filters={
        "level": "n.level = $level",
        "parentId": "n.parentId = $parentId",
        "underPath": "n.path STARTS WITH $underPath",
        "search": "n.nameZh CONTAINS $search OR toLower(n.nameEn) CONTAINS $search",
    },
    projection=REGION_MAP,
    sort_properties={"CODE": "id", "NAME": "nameZh"},
    indexed_sorts=frozenset({"id"}),
)


async def upsert_regions(tx: Tx, rows: list[Row], now: Any) -> int:
    result = await tx.one(UPSERT_REGIONS, rows=rows, now=now)
    return int(result["upserted"]) if result else 0


async def regions_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    rows = await db.read(REGIONS_BY_IDS, ids=ids)
    return {row["region"]["id"]: row["region"] for row in rows}


async def region_children(db: Database, ids: list[str]) -> dict[str, list[Row]]:
    rows = await db.read(REGION_CHILDREN, ids=ids)
    return {row["parentId"]: row["children"] for row in rows}


async def region_path(tx: Tx, region_id: str) -> str | None:
    return (await region_paths(tx, [region_id])).get(region_id)


async def region_paths(tx: Tx, ids: list[str]) -> dict[str, str]:
    return {row["id"]: row["path"] for row in await tx.rows(REGION_PATHS, ids=ids)}


def region_filter_params(
    level: str | None = None,
    parent_id: str | None = None,
    under_path: str | None = None,
    search: str | None = None,
) -> dict[str, Any]:
    return {
        "level": level,
        "parentId": parent_id,
        "underPath": under_path,
        "search": search.lower() if search else None,
    }
