"""The invariant checker finds each kind of broken invariant (made here by writing to Neo4j
behind the API's back), through `rightsgraph check` and through `findings`."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from typing import Any

import neo4j
import pytest

from api.cli import check_invariants
from api.settings import Settings
from tests.conftest import ROOT, GraphQLClient
from tests.helpers import register_resource
from tests.test_authorizations import STATUS, chain_of_three

FINDINGS = """query ($rules: [String!]) { findings(rules: $rules, first: 100) {
  total items { rule article message messageZh nodeIds source } } }"""

pytestmark = pytest.mark.usefixtures("seeded")


def raw_id(global_id: str) -> str:
    from strawberry import relay

    return relay.GlobalID.from_id(global_id).node_id


def check(settings: Settings) -> int:
    """How many broken invariants `rightsgraph check` finds."""
    return asyncio.run(check_invariants(settings, limit=100))


def found(gql: GraphQLClient, code: str) -> list[dict[str, Any]]:
    investigator = gql.as_role("INVESTIGATOR")
    items: list[dict[str, Any]] = investigator.data(FINDINGS, {"rules": [code]})["findings"][
        "items"
    ]
    return items


def test_the_seed_breaks_no_invariant(settings: Settings, capsys: pytest.CaptureFixture) -> None:
    assert check(settings) == 0
    assert "no broken invariants" in capsys.readouterr().out


def test_a_forked_timeline_is_found(
    gql: GraphQLClient, driver: neo4j.Driver, settings: Settings, capsys: pytest.CaptureFixture
) -> None:
    resource = register_resource(gql)
    driver.execute_query(
        "MATCH (e:DataResource {id: $id})-[:STATE]->(s:ResourceState) "
        "WHERE s.supersededAt IS NULL "
        "CREATE (e)-[:STATE]->(copy:State:ResourceState) "
        "SET copy = properties(s), copy.stateId = randomUUID(), copy.nameEn = 'a fork'",
        id=raw_id(resource["id"]),
    )
    assert check(settings) == 1
    assert "TIMELINE_FORKED" in capsys.readouterr().out
    [finding] = found(gql, "TIMELINE_FORKED")
    assert finding["nodeIds"] == [raw_id(resource["id"])]
    assert finding["source"] == "invariant"


def test_a_right_in_force_under_a_revoked_one_is_found(
    gql: GraphQLClient, driver: neo4j.Driver, settings: Settings
) -> None:
    first, second, _ = chain_of_three(gql)
    # Revoke the middle right without its cascade, as a racing grant once could.
    driver.execute_query(
        "MATCH (:Right {id: $id})-[:STATE]->(s:RightState) WHERE s.supersededAt IS NULL "
        "SET s.status = 'REVOKED'",
        id=raw_id(second["right"]["id"]),
    )
    assert check(settings) == 1
    [finding] = found(gql, "RIGHT_UNDER_INACTIVE_ANCESTOR")
    assert finding["nodeIds"][1] == raw_id(second["right"]["id"])
    assert finding["article"] == "第十二条、第十四条"
    # Through the API, the cascade keeps it: revoking the first right leaves nothing behind.
    driver.execute_query(
        "MATCH (:Right {id: $id})-[:STATE]->(s:RightState) WHERE s.supersededAt IS NULL "
        "SET s.status = 'ACTIVE'",
        id=raw_id(second["right"]["id"]),
    )
    gql.data(STATUS % "revokeRight", {"input": {"rightId": first["right"]["id"], "reason": "x"}})
    assert check(settings) == 0


def test_a_catalogue_code_of_two_live_resources_is_found(
    gql: GraphQLClient, driver: neo4j.Driver, settings: Settings
) -> None:
    one = register_resource(gql, catalogCode="QZG-TWICE-1")
    two = register_resource(gql, catalogCode="QZG-TWICE-2")
    driver.execute_query(
        "MATCH (s:ResourceState {id: $id}) SET s.catalogCode = 'QZG-TWICE-1'",
        id=raw_id(two["id"]),
    )
    assert check(settings) == 1
    [finding] = found(gql, "CATALOG_CODE_TWICE")
    assert set(finding["nodeIds"][:2]) == {raw_id(one["id"]), raw_id(two["id"])}
    assert finding["article"] == "第六条"


def test_a_record_without_its_audit_event_is_found(
    gql: GraphQLClient, driver: neo4j.Driver, settings: Settings
) -> None:
    resource = register_resource(gql)
    driver.execute_query(
        "MATCH (s:ResourceState {id: $id}) SET s.recordedAt = s.recordedAt + duration('PT1S')",
        id=raw_id(resource["id"]),
    )
    driver.execute_query("CREATE (:Party:Entity {id: 'smuggled', nameZh: '未经登记的主体'})")
    assert check(settings) == 2
    named = {tuple(f["nodeIds"]) for f in found(gql, "RECORD_WITHOUT_AUDIT")}
    assert named == {(raw_id(resource["id"]),), ("smuggled",)}


def test_rightsgraph_check_exits_1_on_a_broken_graph(
    gql: GraphQLClient, driver: neo4j.Driver, settings: Settings
) -> None:
    env = {**os.environ, "NEO4J_URI": settings.neo4j_uri, "RIGHTSGRAPH_ENVIRONMENT": "test"}
    command = [sys.executable, "-m", "api.cli", "check"]
    clean = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert (clean.returncode, clean.stdout.strip().splitlines()[-1]) == (0, "no broken invariants")
    driver.execute_query("CREATE (:Party:Entity {id: 'smuggled', nameZh: '未经登记的主体'})")
    broken = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True)
    assert broken.returncode == 1
    assert "未经登记的主体 was written with no audit event" in broken.stdout
