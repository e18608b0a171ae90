"""Plain lists completed in one loop (api/execution.py) answer exactly what graphql-core
answers field by field: the same data and the same errors, for every role, with aliases,
fragments, directives, `__typename`, masking of natural persons and fields that are not
plain mixed in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.execution import Planner
from api.settings import Settings
from schema.right import Right
from tests.conftest import GraphQLClient
from tests.helpers import party_gid, record_right, seeded_resource

pytestmark = pytest.mark.usefixtures("seeded_module")

PERSON = "李明"

QUERIES = {
    "page": """{ dataResources(first: 50) { edges { node {
        nameZh catalogCode grade source { nameZh } rights { kind holder { nameZh } } } } } }""",
    "aliases-and-typename": """{ dataResources(first: 20) { edges { node {
        code: catalogCode rights { __typename k: kind status holder { __typename n: nameZh
        nameEn kind } validFrom validTo purposes duties } } } } }""",
    "fragments-and-directives": """query ($full: Boolean = false) {
        dataResources(first: 20) { edges { node { ...R } } } }
        fragment R on DataResource { nameZh rights { ...G holder @include(if: $full) {
        nameZh } basis @skip(if: $full) } }
        fragment G on Right { kind kindLabelZh uid }""",
    "mixed-with-async-fields": """{ rights(first: 50) { edges { node {
        kind holder { nameZh region { code } } object { nameZh } chain { holder { nameZh } } }
        } } }""",
    "rights-from-values": """{ dataResources(first: 50) { edges { node { rights {
        __typename id uid kind kindLabelZh k: kind holder { __typename id uid nameZh nameEn
        kind kindLabelZh } h: holder { n: nameZh } } } } } }""",
    "rights-holder-beyond-values": """{ dataResources(first: 20) { edges { node {
        rights { kind holder { nameZh foreign region { code } } } } } } }""",
    "parties-masked": "{ parties(first: 50) { edges { node { nameZh nameEn kind foreign } } } }",
    "regions": """{ regions(first: 30) { edges { node { code nameZh levelLabelZh
        children { code nameZh } ancestors { code } } } } }""",
}
ROLES = ["ANONYMOUS", "VIEWER", "APP", "INVESTIGATOR", "REGISTRAR"]


@pytest.fixture(scope="module")
def person_holds_a_right(
    seeded_module: None, client: TestClient, settings: Settings
) -> Iterator[None]:
    """A natural person among the holders of the rights listed, so masking is exercised."""
    gql = GraphQLClient(client).as_role("REGISTRAR", "450700", "plain-lists")
    resource = seeded_resource(gql, "钦州港集装箱物流数据")
    right = record_right(
        gql,
        kind="PROCESSING_USE",
        holderId=party_gid(PERSON),
        objectId=resource["id"],
        basis="CONTRACT",
        basisReference="个人加工使用合同",
        validFrom="2024-02-01",
    )
    assert right["__typename"] == "Right", right
    yield


@pytest.fixture(scope="module")
def stock(settings: Settings) -> Iterator[TestClient]:
    """The same API with every field completed by graphql-core."""
    app = create_app(settings.model_copy(update={"plain_lists": False}))
    with TestClient(app) as client:
        yield client


def answer(client: GraphQLClient, query: str) -> dict[str, Any]:
    body = client(query)
    body.pop("extensions", None)
    return body


@pytest.mark.usefixtures("person_holds_a_right")
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("name", sorted(QUERIES))
def test_plain_lists_answer_as_graphql_core_does(
    gql: GraphQLClient, stock: TestClient, role: str, name: str
) -> None:
    region = "450700" if role == "REGISTRAR" else None
    fast = answer(gql.as_role(role, region), QUERIES[name])
    slow = answer(GraphQLClient(stock).as_role(role, region), QUERIES[name])
    assert fast == slow


@pytest.mark.usefixtures("person_holds_a_right")
def test_a_persons_name_stays_masked_in_a_plain_list(gql: GraphQLClient) -> None:
    query = "{ dataResources(first: 50) { edges { node { rights { holder { kind nameZh } } } } } }"
    shown = {
        role: {
            right["holder"]["nameZh"]
            for edge in gql.as_role(role).data(query)["dataResources"]["edges"]
            for right in edge["node"]["rights"]
            if right["holder"]["kind"] == "INDIVIDUAL"
        }
        for role in ("APP", "INVESTIGATOR")
    }
    assert shown == {"APP": {"李*"}, "INVESTIGATOR": {PERSON}}


def test_a_caller_who_may_not_read_rights_costs_no_load_of_them(gql: GraphQLClient) -> None:
    viewer = gql.as_role("VIEWER")
    asked = viewer("{ dataResources(first: 20) { edges { node { nameZh rights { kind } } } } }")
    plain = viewer("{ dataResources(first: 20) { edges { node { nameZh } } } }")
    assert {e["extensions"]["code"] for e in asked["errors"]} == {"FORBIDDEN"}
    assert asked["extensions"]["neo4jRoundTrips"] == plain["extensions"]["neo4jRoundTrips"]


ABSTRACT = """query ($id: ID!) {
  lineage(assetId: $id, depth: 5) { nodes { depth asset { __typename nameZh
    ... on DataResource { grade source { nameZh } } ... on DataProduct { uid } } } }
  search(text: "钦州") { score node { __typename ... on Party { nameZh kind }
    ... on DataResource { nameZh grade } ... on Region { code } ... on DataProduct { uid } } }
}"""


@pytest.mark.usefixtures("person_holds_a_right")
@pytest.mark.parametrize("role", ["APP", "INVESTIGATOR"])
def test_interfaces_and_unions_answer_as_graphql_core_does(
    gql: GraphQLClient, stock: TestClient, role: str
) -> None:
    products = gql.data("{ dataProducts(first: 5) { edges { node { id } } } }")["dataProducts"]
    walked = 0
    for edge in products["edges"]:
        variables = {"id": edge["node"]["id"]}
        fast = gql.as_role(role)(ABSTRACT, variables)
        slow = GraphQLClient(stock).as_role(role)(ABSTRACT, variables)
        fast.pop("extensions", None)
        slow.pop("extensions", None)
        assert fast == slow
        walked += len(fast["data"]["lineage"]["nodes"])
    assert walked > 0 and fast["data"]["search"]


FROM_VALUES = "{ dataResources(first: 50) { edges { node { rights { %s } } } } }"


@pytest.mark.parametrize(
    ("selection", "records"),
    [
        ("kind holder { nameZh }", False),
        ("__typename uid kindLabelZh holder { id kind nameEn }", False),
        ("kind status holder { nameZh }", True),  # status is read from records
        ("kind holder { nameZh region { code } }", True),
    ],
)
def test_a_pages_rights_are_answered_from_its_values_when_every_field_has_a_column(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, selection: str, records: bool
) -> None:
    """The fast path is taken, not only correct: a selection each of whose fields reads from
    the statement's values makes no Right record at all (schema/plain.py ValueRows)."""
    made: list[int] = []
    from_values = Right.from_values

    def counted(keys: tuple[str, ...], listed: list[list[Any]], view: Any) -> list[Right]:
        made.append(len(listed))
        return from_values(keys, listed, view)

    monkeypatch.setattr(Right, "from_values", counted)
    query = FROM_VALUES % selection
    rights = [
        right
        for edge in gql.data(query)["dataResources"]["edges"]
        for right in edge["node"]["rights"]
    ]
    assert rights
    assert (sum(made) > 0) is records


SHARED = """{ dataResources(first: 50) { edges { node { shared: rights {
    holder { kind nameZh } } } } } }"""


@pytest.mark.usefixtures("person_holds_a_right")
def test_a_documents_plan_is_made_once_and_answers_each_caller_by_their_own_role(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Plans are kept per document across requests, yet read each request's own context:
    the investigator asking second sees the person's name the app asking first did not."""
    planned: list[Any] = []
    made = Planner.__init__

    def counted(self: Planner, execution: Any) -> None:
        planned.append(execution.context_value.actor)
        made(self, execution)

    monkeypatch.setattr(Planner, "__init__", counted)

    def persons(role: str) -> set[str]:
        edges = gql.as_role(role).data(SHARED)["dataResources"]["edges"]
        return {
            right["holder"]["nameZh"]
            for edge in edges
            for right in edge["node"]["shared"]
            if right["holder"]["kind"] == "INDIVIDUAL"
        }

    assert persons("APP") == {"李*"}
    first = len(planned)
    assert first > 0
    assert persons("INVESTIGATOR") == {PERSON}
    assert len(planned) == first


DIRECTED = """query ($full: Boolean!) { dataResources(first: 20) { edges { node {
    rights { kind holder @include(if: $full) { nameZh } } } } } }"""


@pytest.mark.usefixtures("person_holds_a_right")
def test_a_document_with_directives_is_planned_by_each_requests_variables(
    gql: GraphQLClient, stock: TestClient
) -> None:
    investigator = gql.as_role("INVESTIGATOR")
    answers = {}
    for full in (True, False, True):
        fast = investigator(DIRECTED, {"full": full})
        slow = GraphQLClient(stock).as_role("INVESTIGATOR")(DIRECTED, {"full": full})
        fast.pop("extensions", None)
        slow.pop("extensions", None)
        assert fast == slow
        answers[full] = fast["data"]["dataResources"]["edges"]
    shown = [right for edge in answers[True] for right in edge["node"]["rights"]]
    hidden = [right for edge in answers[False] for right in edge["node"]["rights"]]
    assert shown and all("holder" in right for right in shown)
    assert hidden and not any("holder" in right for right in hidden)
