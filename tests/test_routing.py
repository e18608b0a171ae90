"""A routing URI (neo4j://, as for a cluster or Aura) against the local Neo4j, and
read-your-own-writes across requests through the bookmarks header."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.bookmarks import BookmarkSeal
from api.settings import DEV_JWT_SECRET, Settings
from graph.db import PING, Database, causal_chain
from tests.conftest import GraphQLClient
from tests.test_parties import REGISTER, new_party

pytestmark = pytest.mark.usefixtures("seeded_module")

HEADER = "x-rightsgraph-bookmarks"


def routing(settings: Settings) -> Settings:
    uri = settings.neo4j_uri.replace("bolt://", "neo4j://", 1)
    assert uri.startswith("neo4j://")
    return settings.model_copy(update={"neo4j_uri": uri})


@pytest.fixture(scope="module")
def routed(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(routing(settings))) as client:
        yield client


def test_the_database_reads_and_writes_through_a_routing_uri(settings: Settings) -> None:
    async def run() -> tuple[list[dict[str, object]], frozenset[str]]:
        db = Database.connect(routing(settings).neo4j_uri, settings.neo4j_auth, "neo4j")
        try:
            with causal_chain() as chain:
                await db.write_tx(lambda tx: tx.rows(PING))
                rows = await db.read(PING)
            return rows, chain.bookmarks
        finally:
            await db.close()

    rows, bookmarks = asyncio.run(run())
    assert rows == [{"ok": 1}]
    assert bookmarks, "a write in a causal chain leaves its bookmark"


def test_a_write_answers_a_bookmark_that_the_next_request_reads_after(
    routed: TestClient,
) -> None:
    gql = GraphQLClient(routed).as_role("REGISTRAR", "450700", "city-registrar")
    headers = {"authorization": f"Bearer {gql.token}"}
    written = routed.post(
        "/graphql", json={"query": REGISTER, "variables": {"input": new_party()}}, headers=headers
    )
    party = written.json()["data"]["registerParty"]
    assert party["__typename"] == "Party", party
    bookmark = written.headers[HEADER]
    assert BookmarkSeal(DEV_JWT_SECRET).open(bookmark)

    read = routed.post(
        "/graphql",
        json={
            "query": "query ($id: ID!) { node(id: $id) { ... on Party { nameZh } } }",
            "variables": {"id": party["id"]},
        },
        headers={**headers, HEADER: bookmark},
    )
    assert read.json()["data"]["node"] == {"nameZh": party["nameZh"]}
    assert read.headers[HEADER] == bookmark  # nothing written since: the same bookmark


def test_a_read_without_bookmarks_answers_none(routed: TestClient) -> None:
    read = GraphQLClient(routed).client.post(
        "/graphql", json={"query": '{ region(code: "450700") { code } }'}
    )
    assert read.status_code == 200 and HEADER not in read.headers


@pytest.mark.parametrize(
    "value",
    [
        "not-a-bookmark",
        BookmarkSeal("another secret of another deployment").seal(frozenset({"FB:x"})),
        BookmarkSeal(DEV_JWT_SECRET).seal(frozenset({"FB:x"}))[:-2] + "AA",
        "é" * 10,
        "x" * 5000,
    ],
)
def test_a_bookmark_this_api_did_not_write_is_a_typed_error(routed: TestClient, value: str) -> None:
    answer = routed.post(
        "/graphql",
        json={"query": '{ region(code: "450700") { code } }'},
        headers={HEADER.encode(): value.encode("utf-8")},
    )
    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"
    lineage = routed.post("/api/v1/lineage", json={}, headers={HEADER: "not-a-bookmark"})
    assert lineage.status_code == 400
    assert lineage.json()["errors"][0]["code"] == "INVALID_INPUT"
