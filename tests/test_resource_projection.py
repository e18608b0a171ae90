"""A page of resources reads of each resource only what its selection shows (schema/
resource.py STORED_BY_FIELD): whatever it selects, it shows what whole records show."""

from __future__ import annotations

from typing import Any

import pytest
from strawberry import relay

from api.schema import build_schema
from api.settings import Settings
from graph.pagination import Shape, map_of, page_query
from graph.resources import RESOURCES
from resolvers import resources
from schema.resource import STORED_BY_FIELD, stored_keys
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("seeded_module")

SELECTIONS = [
    "nameZh catalogCode grade source { nameZh } rights { kind holder { nameZh } }",
    "category categoryLabelZh grade gradeLabelZh sector platform accessMode openness",
    "openListYears containsPersonalInfo unregistered region { code } columns { name }",
    "nameEn description validFrom validTo recordedAt supersededAt asOf",
    "publicOrigin belowInheritedGrade inheritedGrade inheritedCategory",
    "__typename id ...R",
]
FRAGMENT = "fragment R on DataResource { nameEn grade products { uid } }"


def test_every_field_of_a_resource_says_what_it_reads(settings: Settings) -> None:
    resource = build_schema(settings)._schema.type_map["DataResource"]
    assert set(resource.fields) | {"__typename"} == set(STORED_BY_FIELD)  # type: ignore[attr-defined]


def test_a_field_not_declared_loads_whole_records() -> None:
    assert stored_keys(["nameZh", "grade"]) == ("grade", "id", "nameZh", "sourceId")
    assert stored_keys(["nameZh", "somethingNew"]) is None


def test_a_page_reads_only_the_properties_named() -> None:
    shape = Shape("CATALOG_CODE", False, False, False, False, ())
    lean = page_query(RESOURCES, shape, None, stored_keys(["nameZh"])).cypher
    assert "node: n {.id, .nameZh, .sourceId}" in lean and "properties(n)" not in lean
    assert "properties(n)" in page_query(RESOURCES, shape, None, None).cypher
    for bad in ("nameZh} RETURN 1 //", "a.b", "名称"):
        with pytest.raises(ValueError):
            map_of("n", ("id", bad))


def _nodes(gql: GraphQLClient, selection: str, as_of: str | None) -> list[dict[str, Any]]:
    fragment = FRAGMENT if "...R" in selection else ""
    body = gql(
        f"""query ($asOf: Date) {{ dataResources(first: 50, asOf: $asOf) {{ edges {{
        node {{ uid {selection} }} }} }} }} {fragment}""",
        {"asOf": as_of},
    )
    assert "errors" not in body, body
    return [edge["node"] for edge in body["data"]["dataResources"]["edges"]]


@pytest.mark.parametrize("as_of", [None, "2024-06-01"])
@pytest.mark.parametrize("selection", SELECTIONS)
def test_a_page_shows_what_whole_records_show(
    gql: GraphQLClient, monkeypatch: pytest.MonkeyPatch, selection: str, as_of: str | None
) -> None:
    projected = _nodes(gql, selection, as_of)
    assert len(projected) >= 5, "the seed should give several resources"
    monkeypatch.setattr(resources, "resource_stored_keys", lambda _fields: None)
    assert _nodes(gql, selection, as_of) == projected


def test_a_resource_on_a_page_is_the_one_asked_for_alone(gql: GraphQLClient) -> None:
    selection = SELECTIONS[0] + " " + SELECTIONS[1]
    for node in _nodes(gql, selection, None)[:8]:
        alone = gql(
            f"""query ($id: ID!) {{ node(id: $id) {{ ... on DataResource {{
            uid {selection} }} }} }}""",
            {"id": str(relay.GlobalID("DataResource", node["uid"]))},
        )
        assert "errors" not in alone, alone
        assert alone["data"]["node"] == node, node["uid"]
