"""The seed scenario: Qinzhou's regions and first parties, loaded idempotently."""

from __future__ import annotations

import asyncio

import neo4j

from api.cli import prepare_database
from api.settings import Settings
from seed.parties import PARTIES
from seed.regions import region_rows
from tests.conftest import MARKER, count, node_count

LEVELS = ["CITY", "COUNTY", "TOWN", "VILLAGE"]


def test_seed_loads_once_and_a_second_run_changes_nothing(
    settings: Settings, driver: neo4j.Driver, empty_graph: None
) -> None:
    asyncio.run(prepare_database(settings, seed=True, disregard=(MARKER,)))
    nodes = node_count(driver)
    assert count(driver, "MATCH (r:Region) RETURN count(r)") == len(region_rows())
    assert count(driver, "MATCH (p:Party) RETURN count(p)") == len(PARTIES)
    asyncio.run(prepare_database(settings, seed=True, disregard=(MARKER,)))
    assert node_count(driver) == nodes
    assert count(driver, "MATCH (a:AuditEvent {operation: 'loadSeed'}) RETURN count(a)") == 1


def test_the_region_tree_has_four_consistent_levels(
    settings: Settings, driver: neo4j.Driver
) -> None:
    asyncio.run(prepare_database(settings, seed=True, disregard=(MARKER,)))
    records, _, _ = driver.execute_query(
        "MATCH (child:Region)-[:PART_OF]->(parent:Region) "
        "RETURN child.level AS child, parent.level AS parent, child.path AS path, "
        "parent.path AS parentPath"
    )
    assert len(records) == len(region_rows()) - 1
    for record in records:
        assert LEVELS.index(record["child"]) == LEVELS.index(record["parent"]) + 1
        assert record["path"].startswith(record["parentPath"])
    orphans = count(
        driver,
        "MATCH (r:Region) WHERE r.level <> 'CITY' AND NOT (r)-[:PART_OF]->() RETURN count(r)",
    )
    assert orphans == 0


def test_every_domestic_party_is_located_in_a_region(driver: neo4j.Driver, seeded: None) -> None:
    located = count(driver, "MATCH (p:Party)-[:LOCATED_IN]->(:Region) RETURN count(p)")
    assert located == len([p for p in PARTIES if p.country == "CN"])
    # The foreign buyer (article 19) lies in no region of Qinzhou, and has no credit code.
    foreign = count(
        driver,
        "MATCH (p:Party) WHERE p.country <> 'CN' AND NOT (p)-[:LOCATED_IN]->() "
        "AND p.creditCode IS NULL AND p.homeRegistrationId IS NOT NULL RETURN count(p)",
    )
    assert foreign == len([p for p in PARTIES if p.country != "CN"]) == 1
