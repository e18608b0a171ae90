"""Query limits from settings, and masking of unexpected errors."""

from __future__ import annotations

import asyncio

import httpx2 as httpx
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.db import Database, Query
from resolvers import context
from schema.loaders import Loaders
from schema.region import Region
from tests.conftest import GraphQLClient


def _nested_parents(depth: int) -> str:
    selection = "code"
    for _ in range(depth):
        selection = f"code parent {{ {selection} }}"
    return f'{{ region(code: "450700") {{ {selection} }} }}'


@pytest.fixture(scope="module")
def strict(settings: Settings) -> GraphQLClient:
    limited = settings.model_copy(update={"max_query_depth": 4, "max_aliases": 3, "max_tokens": 60})
    client = TestClient(create_app(limited))
    client.__enter__()
    return GraphQLClient(client)


def test_a_query_deeper_than_the_limit_is_refused(strict: GraphQLClient) -> None:
    assert "errors" not in strict(_nested_parents(2))
    errors = strict(_nested_parents(6))["errors"]
    assert errors
    assert all("exceeds maximum operation depth of 4" in e["message"] for e in errors)
    assert {e["extensions"]["code"] for e in errors} == {"QUERY_TOO_DEEP"}
    assert all(e["extensions"]["messageZh"] for e in errors)


def test_a_repeated_document_is_judged_by_each_schema_s_own_limits(
    strict: GraphQLClient, gql: GraphQLClient
) -> None:
    # Parse and validation results are cached per document; the limits must still hold.
    deep = _nested_parents(6)
    for _ in range(3):
        assert strict(deep)["errors"]
    assert "errors" not in gql(deep)  # the default depth limit (12) lets it through
    assert strict(deep)["errors"]


def test_too_many_aliases_are_refused(strict: GraphQLClient) -> None:
    query = "{ " + " ".join(f'a{i}: region(code: "450700") {{ code }}' for i in range(5)) + " }"
    [error] = strict(query)["errors"]
    assert "aliases" in error["message"].lower()
    assert error["extensions"]["code"] == "TOO_MANY_ALIASES"


def test_too_many_tokens_are_refused(strict: GraphQLClient) -> None:
    query = "{ enumLabels { " + " ".join(["value"] * 80) + " } }"
    [error] = strict(query)["errors"]
    assert "token" in error["message"].lower()
    assert error["extensions"]["code"] == "TOO_MANY_TOKENS"


def test_unexpected_failures_are_masked(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = context.create_loaders

    def failing_loaders(db: Database, catalogue_only: bool) -> Loaders:
        loaders = real_create(db, catalogue_only)

        async def explode(keys: list[str]) -> list[Region | None]:
            raise RuntimeError("secret connection string bolt://admin:hunter2@db")

        loaders.region.load_fn = explode
        return loaders

    monkeypatch.setattr(context, "create_loaders", failing_loaders)
    body = gql('{ region(code: "450700") { code } }')
    [error] = body["errors"]
    assert error["message"] == "Internal error."
    assert "hunter2" not in str(body)


@pytest.mark.usefixtures("seeded")
def test_requests_beyond_the_concurrency_limit_wait_their_turn(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    running = peak = 0
    real_read = Database.read

    async def slow_read(self: Database, query: Query, **params: object) -> list[dict[str, object]]:
        nonlocal running, peak
        running += 1
        peak = max(peak, running)
        try:
            await asyncio.sleep(0.05)
            return await real_read(self, query, **params)
        finally:
            running -= 1

    monkeypatch.setattr(Database, "read", slow_read)
    app = create_app(settings.model_copy(update={"max_concurrent_requests": 2}))
    region = {"query": '{ region(code: "450700") { nameZh } }'}

    async def clients() -> list[httpx.Response]:
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://test") as http:
                return await asyncio.gather(
                    *(http.post("/graphql", json=region) for _ in range(10))
                )

    answers = asyncio.run(clients())
    assert [a.json()["data"]["region"]["nameZh"] for a in answers] == ["钦州市"] * 10
    assert peak == 2  # ten clients, never more than two requests at work
