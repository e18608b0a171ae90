"""Following one request through the JSON logs: its id, its line, its level."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.logs import json_handler
from graph.db import Database
from resolvers import context
from resolvers.loaders import Loaders
from schema.region import Region
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("seeded_module")


class Lines:
    """Every JSON line logged while the test runs, as the API writes them to stderr."""

    def __init__(self, stream: io.StringIO) -> None:
        self.stream = stream

    def all(self) -> list[dict[str, Any]]:
        """The server's lines (not the test client's own, logged by httpx)."""
        parsed = [json.loads(line) for line in self.stream.getvalue().splitlines()]
        return [line for line in parsed if not line["logger"].startswith("httpx")]

    def of(self, request_id: str) -> list[dict[str, Any]]:
        return [line for line in self.all() if line.get("requestId") == request_id]


@pytest.fixture
def lines() -> Iterator[Lines]:
    stream = io.StringIO()
    handler = json_handler(stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    try:
        yield Lines(stream)
    finally:
        root.removeHandler(handler)
        root.setLevel(level)


def post(client: TestClient, token: str | None, query: str, request_id: str | None = None) -> Any:
    headers = {"authorization": f"Bearer {token}"} if token else {}
    if request_id:
        headers["x-request-id"] = request_id
    return client.post("/graphql", json={"query": query}, headers=headers)


def test_one_request_id_follows_a_fault_through_every_line_and_back_to_the_client(
    client: TestClient, gql: GraphQLClient, lines: Lines, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = context.create_loaders

    def failing_loaders(db: Database, catalogue_only: bool) -> Loaders:
        loaders = real_create(db, catalogue_only)

        async def explode(keys: list[str]) -> list[Region | None]:
            raise RuntimeError("the region loader broke")

        loaders.region.load_fn = explode
        return loaders

    monkeypatch.setattr(context, "create_loaders", failing_loaders)
    response = post(
        client, gql.token, 'query Broken { region(code: "450700") { code } }', "trace-me-42"
    )
    assert response.headers["x-request-id"] == "trace-me-42"
    assert response.json()["errors"][0]["extensions"]["code"] == "INTERNAL_ERROR"

    mine = lines.of("trace-me-42")
    assert len(mine) >= 2 and all(line["requestId"] == "trace-me-42" for line in mine)
    [fault] = [line for line in mine if "exception" in line]
    assert (
        fault["level"] == "ERROR" and "RuntimeError: the region loader broke" in fault["exception"]
    )
    [request] = [line for line in mine if line["message"] == "request"]
    assert request["level"] == "ERROR"
    assert request["operation"] == "Broken"
    assert (request["subject"], request["role"]) == ("city-registrar", "REGISTRAR")
    assert request["outcome"] == "server_error" and request["errorCodes"] == ["INTERNAL_ERROR"]
    assert request["status"] == 200 and request["ms"] > 0
    # Nothing of this request was logged without its id.
    assert [line for line in lines.all() if "requestId" not in line] == []


def test_each_request_gets_its_own_id_when_the_client_sends_none(
    client: TestClient, gql: GraphQLClient, lines: Lines
) -> None:
    query = 'query Twice { region(code: "450700") { code children { code } } }'
    first, second = (post(client, gql.token, query) for _ in range(2))
    ids = [first.headers["x-request-id"], second.headers["x-request-id"]]
    assert ids[0] != ids[1]
    for request_id in ids:
        [request] = [line for line in lines.of(request_id) if line["message"] == "request"]
        assert request["level"] == "INFO" and request["outcome"] == "ok"
        assert request["operation"] == "Twice" and request["roundTrips"] >= 2


def test_a_request_id_that_could_forge_log_lines_is_replaced(
    client: TestClient, anonymous: GraphQLClient, lines: Lines
) -> None:
    forged = 'x", "level": "ERROR'
    response = client.post(
        "/graphql", json={"query": "{ enumLabels { value } }"}, headers={"x-request-id": forged}
    )
    given = response.headers["x-request-id"]
    assert given != forged and len(given) == 32
    assert [line["requestId"] for line in lines.all()] == [given] * len(lines.all())


def test_client_typos_are_logged_as_information_not_as_errors(
    client: TestClient, anonymous: GraphQLClient, lines: Lines
) -> None:
    response = post(client, None, 'query Typo { regoin(code: "450700") { code } }', "typo-1")
    assert response.json()["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
    mine = lines.of("typo-1")
    assert mine and all(line["level"] == "INFO" for line in mine)
    assert all("exception" not in line for line in mine)
    [request] = [line for line in mine if line["message"] == "request"]
    assert request["outcome"] == "client_error"
    assert request["errorCodes"] == ["GRAPHQL_VALIDATION_FAILED"]
    assert request["role"] == "ANONYMOUS"


def test_a_refused_token_is_a_client_error_with_its_code(client: TestClient, lines: Lines) -> None:
    response = post(client, "not-a-token", "{ enumLabels { value } }", "bad-token-1")
    assert response.status_code == 401
    assert response.headers["x-request-id"] == "bad-token-1"
    [request] = [line for line in lines.of("bad-token-1") if line["message"] == "request"]
    assert request["level"] == "INFO" and request["outcome"] == "client_error"
    assert request["errorCodes"] == ["UNAUTHENTICATED"]
