"""Query cost: every response says what its operation cost, and one costlier than the limit
is refused whole before anything runs (README, Query cost)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("seeded_module")

PARTIES = "query ($n: Int) { parties(first: $n) { edges { node { nameZh } } } }"


def cost(body: dict[str, Any]) -> int:
    assert "errors" not in body, body["errors"]
    value: int = body["extensions"]["cost"]
    return value


@pytest.fixture(scope="module")
def portal(settings: Settings) -> Iterator[GraphQLClient]:
    """The defaults a deployment runs with: pages of up to 200, the default cost limit."""
    defaults = settings.model_copy(update={"max_page_size": Settings().max_page_size})
    with TestClient(create_app(defaults)) as client:
        yield GraphQLClient(client).as_role("APP")


def test_every_answer_reports_its_cost_and_the_limit(anonymous: GraphQLClient) -> None:
    body = anonymous('{ region(code: "450700") { code nameZh parent { code } } }')
    assert body["extensions"]["cost"] == 5  # region, code, nameZh, parent, its code
    assert body["extensions"]["costLimit"] == Settings().max_query_cost


def test_a_page_multiplies_what_each_of_its_edges_selects(anonymous: GraphQLClient) -> None:
    # parties + edges + 5 × (node + nameZh)
    assert cost(anonymous("{ parties(first: 5) { edges { node { nameZh } } } }")) == 12
    # without `first`, the default page of 20
    assert cost(anonymous("{ parties { edges { node { nameZh } } } }")) == 42
    # pageInfo and totalCount are not per edge
    assert cost(anonymous("{ parties(first: 5) { totalCount pageInfo { hasNextPage } } }")) == 4


def test_variables_give_the_page_size(anonymous: GraphQLClient) -> None:
    assert cost(anonymous(PARTIES, {"n": 5})) == 12
    assert cost(anonymous(PARTIES, {"n": 50})) == 102
    assert cost(anonymous(PARTIES, {})) == 42  # no value: the default page
    with_default = PARTIES.replace("$n: Int", "$n: Int = 7")
    assert cost(anonymous(with_default, {})) == 16
    assert cost(anonymous(PARTIES, {"n": 5})) == 12  # again, after others: its own cost


def test_a_field_skipped_by_a_directive_costs_nothing(anonymous: GraphQLClient) -> None:
    query = (
        "query ($n: Int = 7, $kind: Boolean = true) "
        "{ parties(first: $n) { edges { node { nameZh kind @include(if: $kind) } } } }"
    )
    assert cost(anonymous(query, {})) == 2 + 7 * 3  # both defaults apply
    assert cost(anonymous(query, {"kind": False})) == 2 + 7 * 2


def test_lists_inside_a_page_multiply_again(gql: GraphQLClient) -> None:
    # A resource's rights take no size: each counts as a list of 10.
    query = "{ dataResources(first: 5) { edges { node { nameZh rights { kind } } } } }"
    # dataResources + edges + 5 × (node + nameZh + rights + 10 × kind)
    assert cost(gql(query)) == 2 + 5 * (3 + 10)


def test_fragments_count_like_the_fields_they_hold(anonymous: GraphQLClient) -> None:
    plain = cost(anonymous("{ parties(first: 5) { edges { node { nameZh kind } } } }"))
    spread = cost(
        anonymous(
            "{ parties(first: 5) { edges { node { ...Names } } } } "
            "fragment Names on Party { nameZh kind }"
        )
    )
    inline = cost(
        anonymous("{ parties(first: 5) { edges { node { ... on Party { nameZh kind } } } } }")
    )
    twice = cost(
        anonymous(
            "{ parties(first: 5) { edges { node { ...Names ...Names nameZh } } } } "
            "fragment Names on Party { nameZh kind }"
        )
    )
    assert plain == spread == inline == twice == 17  # GraphQL runs a repeated field once
    aliased = cost(
        anonymous("{ parties(first: 5) { edges { node { a: nameZh b: nameZh kind } } } }")
    )
    assert aliased == plain + 5  # each alias is a field of its own


def test_an_interface_costs_its_dearest_type(anonymous: GraphQLClient) -> None:
    query = (
        "query ($id: ID!) { node(id: $id) { id ... on Region { code children { code } } "
        "... on Party { nameZh } } }"
    )
    # node + id + the Region branch (code + children + 10 × code), dearer than Party's
    assert cost(anonymous(query, {"id": "UmVnaW9uOjQ1MDcwMA=="})) == 2 + 12


def test_a_lineage_walk_weighs_its_budget(gql: GraphQLClient) -> None:
    resource = gql.data("{ dataResources(first: 1) { edges { node { id } } } }")
    start = resource["dataResources"]["edges"][0]["node"]["id"]
    query = "query ($id: ID!, $b: Int!) { lineage(assetId: $id, budget: $b) { nodes { depth } } }"
    # lineage (1 + the 40 assets it may read) + nodes + 40 × depth
    assert cost(gql(query, {"id": start, "b": 40})) == 41 + 1 + 40


ATTACK = (
    "{ "
    + " ".join(
        f"r{i}: dataResources(first: 200) {{ edges {{ node {{ id nameZh "
        "rights { kind holder { nameZh } } } } }"
        for i in range(25)
    )
    + " }"
)


def test_25_pages_of_200_resources_with_rights_are_refused_before_anything_runs(
    portal: GraphQLClient,
) -> None:
    body = portal(ATTACK)
    [error] = body["errors"]
    assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
    assert error["extensions"]["messageZh"].startswith("查询代价170050超过上限120000")
    assert "costs 170050, more than the limit of 120000" in error["message"]
    assert body["data"] is None
    assert body["extensions"]["neo4jRoundTrips"] == 0  # nothing was executed
    assert body["extensions"]["cost"] == 170_050
    # Two of those pages are an ordinary request.
    two = ATTACK.split(" r2:")[0] + " }"
    answer = portal(two)
    assert "errors" not in answer
    assert answer["extensions"]["neo4jRoundTrips"] > 0


def test_the_refusal_is_a_request_error_for_graphql_response_json(portal: GraphQLClient) -> None:
    response = portal.client.post(
        "/graphql",
        json={"query": ATTACK},
        headers={"accept": "application/graphql-response+json"},
    )
    assert response.status_code == 400
    assert "data" not in response.json()
    assert response.json()["errors"][0]["extensions"]["code"] == "QUERY_TOO_COSTLY"


def test_the_limit_is_a_setting(settings: Settings) -> None:
    small = settings.model_copy(update={"max_query_cost": 10})
    with TestClient(create_app(small)) as client:
        anonymous = GraphQLClient(client)
        assert cost(anonymous("{ parties(first: 4) { edges { node { nameZh } } } }")) == 10
        [error] = anonymous("{ parties(first: 5) { edges { node { nameZh } } } }")["errors"]
        assert error["extensions"]["code"] == "QUERY_TOO_COSTLY"
