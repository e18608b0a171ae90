"""Fixtures on a real Neo4j.

When NEO4J_URI is unset, the session starts the project's embedded Neo4j on
its own port and data folder (NEO4J_TEST_PORT, default 17687; .data/neo4j-test,
emptied first) and stops it at the end. Each test starts from an empty graph.
"""

from __future__ import annotations

import asyncio
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.auth import issue_token
from api.cli import prepare_database
from api.settings import DEV_JWT_SECRET, Environment, Settings
from graph import neo4j_local
from graph.domain import Role

ROOT = Path(__file__).resolve().parent.parent
TEST_PORT = int(os.environ.get("NEO4J_TEST_PORT", "17687"))


@pytest.fixture(scope="session")
def local_instance() -> Iterator[neo4j_local.Instance | None]:
    """The Neo4j this session started, or None when NEO4J_URI points elsewhere."""
    if os.environ.get("NEO4J_URI"):
        yield None
        return
    instance = neo4j_local.Instance(
        home=ROOT / ".data" / "neo4j-test", port=TEST_PORT, pagecache_mb=256, heap="1g"
    )
    if neo4j_local.running_pid(instance) is None:
        shutil.rmtree(instance.home, ignore_errors=True)
    neo4j_local.start(instance)
    try:
        yield instance
    finally:
        neo4j_local.stop(instance)


@pytest.fixture(scope="session")
def settings(local_instance: neo4j_local.Instance | None) -> Settings:
    uri = local_instance.uri if local_instance else os.environ["NEO4J_URI"]
    return Settings(
        environment=Environment.TEST,
        neo4j_uri=uri,
        neo4j_user=os.environ.get("NEO4J_USER", "neo4j"),
        neo4j_password=os.environ.get("NEO4J_PASSWORD", ""),
        max_page_size=100,
    )


MARKER = "RightsgraphTestDatabase"


@pytest.fixture(scope="session")
def driver(settings: Settings) -> Iterator[neo4j.Driver]:
    """A plain synchronous driver, for arranging and checking the graph directly.

    Tests empty the graph before each test, so a database given by NEO4J_URI
    must be empty or already marked as a test database: real data is never wiped.
    """
    with neo4j.GraphDatabase.driver(settings.neo4j_uri, auth=settings.neo4j_auth) as drv:
        drv.verify_connectivity()
        marked = count(drv, f"MATCH (m:{MARKER}) RETURN count(m)")
        if marked == 0 and count(drv, "MATCH (n) RETURN count(n)") > 0:
            pytest.exit(
                f"refusing to run: {settings.neo4j_uri} holds data and is not a test database "
                "(unset NEO4J_URI to let the tests start their own Neo4j)",
                returncode=2,
            )
        drv.execute_query(f"MERGE (:{MARKER})")
        yield drv


@pytest.fixture(scope="session")
def client(settings: Settings, driver: neo4j.Driver) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _wipe(driver: neo4j.Driver) -> None:
    driver.execute_query(f"MATCH (n) WHERE NOT n:{MARKER} DETACH DELETE n")


@pytest.fixture
def empty_graph(driver: neo4j.Driver) -> None:
    """An empty graph for this test (constraints stay)."""
    _wipe(driver)


@dataclass(frozen=True)
class Snapshot:
    """Every node and relationship of a graph, to put back exactly as it was."""

    nodes: list[dict[str, Any]]
    relationships: list[dict[str, Any]]

    @classmethod
    def take(cls, driver: neo4j.Driver) -> Snapshot:
        nodes, _, _ = driver.execute_query(
            f"MATCH (n) WHERE NOT n:{MARKER} "
            "RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props"
        )
        relationships, _, _ = driver.execute_query(
            "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, elementId(b) AS b, "
            "type(r) AS type, properties(r) AS props"
        )
        return cls([r.data() for r in nodes], [r.data() for r in relationships])

    def restore(self, driver: neo4j.Driver) -> None:
        _wipe(driver)
        driver.execute_query(
            f"UNWIND $rows AS row CREATE (n:$(row.labels):{RESTORING}) "
            "SET n = row.props, n._snapshotId = row.id",
            rows=self.nodes,
        )
        driver.execute_query(
            f"UNWIND $rows AS row MATCH (a:{RESTORING} {{_snapshotId: row.a}}) "
            f"MATCH (b:{RESTORING} {{_snapshotId: row.b}}) "
            "CREATE (a)-[r:$(row.type)]->(b) SET r = row.props",
            rows=self.relationships,
        )
        driver.execute_query(f"MATCH (n:{RESTORING}) REMOVE n:{RESTORING}, n._snapshotId")


RESTORING = "RestoringSnapshot"


@pytest.fixture(scope="session")
def seed_snapshot(settings: Settings, driver: neo4j.Driver) -> Snapshot:
    """The seed scenario, loaded once through the API, then kept as a snapshot."""
    driver.execute_query(
        f"CREATE INDEX restoring_snapshot IF NOT EXISTS FOR (n:{RESTORING}) ON (n._snapshotId)"
    )
    _wipe(driver)
    # The marker is no data to keep the demo seed out of.
    asyncio.run(prepare_database(settings, seed=True, disregard=(MARKER,)))
    return Snapshot.take(driver)


@pytest.fixture
def seeded(seed_snapshot: Snapshot, driver: neo4j.Driver) -> None:
    """The seed scenario, fresh for this test: it may write freely."""
    seed_snapshot.restore(driver)


@pytest.fixture(scope="module")
def seeded_module(seed_snapshot: Snapshot, driver: neo4j.Driver) -> None:
    """The seed scenario, shared by a module's tests: they must not depend on each other's
    writes."""
    seed_snapshot.restore(driver)


def count(driver: neo4j.Driver, cypher: str, **params: Any) -> int:
    records, _, _ = driver.execute_query(cypher, params)
    return int(records[0][0])


def node_count(driver: neo4j.Driver) -> int:
    return count(driver, f"MATCH (n) WHERE NOT n:{MARKER} RETURN count(n)")


class GraphQLClient:
    """Posts GraphQL over HTTP and returns the JSON body (errors come with HTTP 200)."""

    def __init__(self, client: TestClient, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def as_role(
        self, role: str, region: str | None = None, subject: str = "tester"
    ) -> GraphQLClient:
        """The same client, calling with a token of `role` (anonymous: no token)."""
        if role == "ANONYMOUS":
            return GraphQLClient(self.client)
        token = issue_token(DEV_JWT_SECRET, subject, Role[role], region)
        return GraphQLClient(self.client, token)

    def __call__(
        self, query: str, variables: dict[str, Any] | None = None, **kwargs: Any
    ) -> dict[str, Any]:
        headers = {"authorization": f"Bearer {self.token}"} if self.token else {}
        response = self.client.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers=headers,
            **kwargs,
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    def data(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = self(query, variables)
        assert "errors" not in body, body["errors"]
        result: dict[str, Any] = body["data"]
        return result


@pytest.fixture
def gql(client: TestClient) -> GraphQLClient:
    """A city registrar (Qinzhou, 450700): may write anywhere in the city."""
    return GraphQLClient(client).as_role("REGISTRAR", "450700", subject="city-registrar")


@pytest.fixture
def anonymous(client: TestClient) -> GraphQLClient:
    return GraphQLClient(client)


@pytest.fixture
def clocked(settings: Settings, driver: neo4j.Driver) -> Iterator[tuple[GraphQLClient, Any]]:
    """A city registrar on an app whose clock the test moves forward."""
    from tests.helpers import Clock

    clock = Clock()
    with TestClient(create_app(settings, clock=clock)) as test_client:
        yield GraphQLClient(test_client).as_role("REGISTRAR", "450700", "city-registrar"), clock
