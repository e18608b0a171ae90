"""A page of resources loads of the parties it names (its rights' holders, its sources)
only what its selection reads (schema/party.py STORED_BY_FIELD), in the page's statement:
whatever it selects, each party shows what reading its whole record shows."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from strawberry import relay

from api.auth import Role
from api.schema import build_schema
from api.settings import Environment, Settings
from graph.db import Database
from graph.domain import Actor
from resolvers.context import Context
from schema.party import STORED_BY_FIELD, stored_keys
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("seeded_module")

EVERY_FIELD = """id uid kind kindLabelZh nameZh nameEn creditCode country foreign
    countryNameZh homeRegistrationScheme homeRegistrationId description recordedAt
    __typename region { code } declarations { __typename } creditStatus { __typename }
    supervisionActions { __typename }"""
SELECTIONS = [
    "nameZh",
    "uid kind creditCode",
    "nameEn country foreign region { code }",
    EVERY_FIELD,
]


def test_every_field_of_party_says_what_it_reads() -> None:
    party = build_schema(Settings(environment=Environment.TEST))._schema.type_map["Party"]
    assert set(party.fields) | {"__typename"} == set(STORED_BY_FIELD)  # type: ignore[attr-defined]


def test_a_field_not_declared_loads_whole_records() -> None:
    assert stored_keys(["creditCode"]) == ("creditCode", "id", "kind", "nameZh")
    assert stored_keys(["nameZh", "somethingNew"]) is None


def _alone(gql: GraphQLClient, uid: str, selection: str) -> dict[str, Any]:
    """One resource's source and rights' holders, read by `node(id:)` (whole records)."""
    body = gql(
        f"""query ($id: ID!) {{ node(id: $id) {{ ... on DataResource {{
        source {{ {selection} }} rights {{ holder {{ {selection} }} }} }} }} }}""",
        {"id": str(relay.GlobalID("DataResource", uid))},
    )
    assert "errors" not in body, body
    found: dict[str, Any] = body["data"]["node"]
    return found


@pytest.mark.parametrize("selection", SELECTIONS)
def test_a_page_shows_its_parties_as_whole_records_show_them(
    gql: GraphQLClient, selection: str
) -> None:
    body = gql(
        f"""{{ dataResources(first: 40) {{ edges {{ node {{ uid source {{ {selection} }}
        rights {{ holder {{ {selection} }} }} }} }} }} }}"""
    )
    assert "errors" not in body, body
    nodes = [edge["node"] for edge in body["data"]["dataResources"]["edges"]]
    assert sum(len(node["rights"]) for node in nodes) >= 10
    for node in nodes:
        assert {"uid": node["uid"], **_alone(gql, node["uid"], selection)} == node


LISTS = {
    "a": "rights { holder { nameZh } } source { nameZh }",
    "b": "rights { holder { creditCode description } } source { creditCode }",
}


@pytest.mark.parametrize("order", ["ab", "ba"])
def test_two_pages_in_one_request_each_show_the_fields_they_select(
    gql: GraphQLClient, order: str
) -> None:
    """Both lists hold the same rights and parties; each reads its own fields of them,
    whichever comes first."""
    lists = " ".join(
        f"{name}: dataResources(first: 20) {{ edges {{ node {{ uid {LISTS[name]} }} }} }}"
        for name in order
    )
    body = gql(f"{{ {lists} }}")
    assert "errors" not in body, body
    for name, selection in (("a", "nameZh"), ("b", "creditCode description")):
        for edge in body["data"][name]["edges"]:
            node = edge["node"]
            alone = _alone(gql, node["uid"], selection)
            assert [r["holder"] for r in node["rights"]] == [r["holder"] for r in alone["rights"]]
    b_holders = [r["holder"] for e in body["data"]["b"]["edges"] for r in e["node"]["rights"]]
    assert any(holder["creditCode"] for holder in b_holders)


def _holders(data: dict[str, Any]) -> list[Any]:
    edges = data["dataResources"]["edges"]
    return [right["holder"] for edge in edges for right in edge["node"]["rights"]]


def test_a_list_read_after_another_with_the_same_loaders_shows_its_own_fields(
    settings: Settings,
) -> None:
    """Two lists at one moment with one request's loaders, the one selecting less of the
    holders first (in one request, which statement answers first is up to chance)."""
    narrow = "{ dataResources(first: 20) { edges { node { rights { holder { nameZh } } } } } }"
    wide = narrow.replace("nameZh", "nameZh creditCode description")

    async def read() -> tuple[Any, Any]:
        schema = build_schema(settings)
        db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
        actor = Actor(subject="test", role=Role.INVESTIGATOR.name)
        try:
            shared = Context(db=db, actor=actor)
            await schema.execute(narrow, context_value=shared)
            after = await schema.execute(wide, context_value=shared)
            alone = await schema.execute(wide, context_value=Context(db=db, actor=actor))
        finally:
            await db.close()
        assert not after.errors and not alone.errors, (after.errors, alone.errors)
        return after.data, alone.data

    after, alone = asyncio.run(read())
    assert _holders(after) == _holders(alone)
    assert any(holder["creditCode"] for holder in _holders(alone))
