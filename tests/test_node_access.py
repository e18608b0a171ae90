"""`node(id:)` answers exactly what the list of that kind answers to the same caller: the
record when the list shows it, null when the list hides it, FORBIDDEN when the list is
forbidden. Every Node type, every role, on the seed."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest
from strawberry import relay

from tests.conftest import GraphQLClient
from tests.test_permissions import ROLES

pytestmark = pytest.mark.usefixtures("seeded_module")

# Each kind with a list query: the query's name.
LISTED = {
    "Region": "regions",
    "Party": "parties",
    "DataResource": "dataResources",
    "DataProduct": "dataProducts",
    "Right": "rights",
    "Registration": "registrations",
    "Authorization": "authorizations",
    "Transaction": "transactions",
    "CreditEvent": "creditEvents",
    "SupervisionAction": "supervisionActions",
    "AuditEvent": "auditEvents",
}
NODE = "query ($id: ID!) { node(id: $id) { id } }"


def some_ids(driver: neo4j.Driver, label: str, where: str = "true") -> list[str]:
    records, _, _ = driver.execute_query(
        f"MATCH (n:{label}) WHERE {where} RETURN n.id AS id ORDER BY n.id LIMIT 3"
    )
    return [str(relay.GlobalID(label, r["id"])) for r in records]


def listed(gql: GraphQLClient, query: str, wanted: str) -> str:
    """What the list answers the caller about one record: FORBIDDEN, shown or hidden."""
    after = None
    while True:
        body = gql(
            "query ($after: String) { " + query + "(first: 100, after: $after) { "
            "edges { node { id } } pageInfo { hasNextPage endCursor } } }",
            {"after": after},
        )
        if "errors" in body:
            return str(body["errors"][0]["extensions"]["code"])
        page: dict[str, Any] = body["data"][query]
        if any(edge["node"]["id"] == wanted for edge in page["edges"]):
            return "shown"
        if not page["pageInfo"]["hasNextPage"]:
            return "hidden"
        after = page["pageInfo"]["endCursor"]


def by_node(gql: GraphQLClient, wanted: str) -> str:
    body = gql(NODE, {"id": wanted})
    if "errors" in body:
        return str(body["errors"][0]["extensions"]["code"])
    return "shown" if body["data"]["node"] else "hidden"


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", sorted(LISTED))
def test_node_answers_what_the_list_answers(
    gql: GraphQLClient, driver: neo4j.Driver, kind: str, role: str
) -> None:
    where = "n.openness = 'NOT_OPEN'" if kind == "DataResource" else "true"
    ids = some_ids(driver, kind, where) + (
        some_ids(driver, kind, "n.openness = 'OPEN'") if kind == "DataResource" else []
    )
    assert ids, f"the seed has no {kind}"
    caller = gql.as_role(role, "450700" if role == "REGISTRAR" else None)
    for wanted in ids:
        assert by_node(caller, wanted) == listed(caller, LISTED[kind], wanted), (kind, wanted)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("kind", "public"),
    [("Declaration", True), ("Valuation", True), ("Activity", False), ("QualityIssue", False)],
)
def test_kinds_without_a_list_follow_the_fields_that_show_them(
    gql: GraphQLClient, driver: neo4j.Driver, kind: str, public: bool, role: str
) -> None:
    ids = some_ids(driver, kind)
    if not ids:
        pytest.skip(f"the seed has no {kind}")
    caller = gql.as_role(role, "450700" if role == "REGISTRAR" else None)
    reads_registry = role in ("INVESTIGATOR", "REGISTRAR", "REGULATOR", "APP")
    answer = by_node(caller, ids[0])
    if public or reads_registry:
        assert answer in ("shown", "hidden")
        assert answer == "shown" or kind == "Valuation"
    else:
        assert answer == "FORBIDDEN"


def test_a_valuation_of_a_resource_hidden_from_the_public_is_hidden_too(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    records, _, _ = driver.execute_query(
        "MATCH (v:Valuation)-[:OF]->(r:DataResource) RETURN v.id AS id, r.openness AS openness"
    )
    if not records:
        pytest.skip("the seed values no resource")
    for record in records:
        wanted = str(relay.GlobalID("Valuation", record["id"]))
        expected = "hidden" if record["openness"] == "NOT_OPEN" else "shown"
        assert by_node(gql.as_role("ANONYMOUS"), wanted) == expected
        assert by_node(gql.as_role("INVESTIGATOR"), wanted) == "shown"


def test_an_id_of_no_kind_is_a_typed_error(gql: GraphQLClient) -> None:
    body = gql(NODE, {"id": str(relay.GlobalID("Spaceship", "1"))})
    [error] = body["errors"]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "id"}
    assert error["message"] != "Internal error."
