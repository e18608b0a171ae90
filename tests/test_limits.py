"""Query limits from settings, and masking of unexpected errors."""

from __future__ import annotations

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from resolvers.loaders import Loaders
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


def test_too_many_tokens_are_refused(strict: GraphQLClient) -> None:
    query = "{ enumLabels { " + " ".join(["value"] * 80) + " } }"
    [error] = strict(query)["errors"]
    assert "token" in error["message"].lower()


def test_unexpected_failures_are_masked(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    real_create = Loaders.create

    def failing_loaders(db: object, catalogue_only: bool) -> Loaders:
        loaders = real_create(db, catalogue_only)  # type: ignore[arg-type]

        async def explode(keys: list[str]) -> list[Region | None]:
            raise RuntimeError("secret connection string bolt://admin:hunter2@db")

        loaders.region.load_fn = explode
        return loaders

    monkeypatch.setattr(Loaders, "create", staticmethod(failing_loaders))
    body = gql('{ region(code: "450700") { code } }')
    [error] = body["errors"]
    assert error["message"] == "Internal error."
    assert "hunter2" not in str(body)
