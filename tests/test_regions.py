"""The four-level region tree of Qinzhou, over GraphQL."""

from __future__ import annotations

from typing import Any

import pytest

from seed.regions import region_rows
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("seeded_module")

REGION_PAGE = """
query ($first: Int, $after: String, $last: Int, $before: String, $filter: RegionFilter,
        $orderBy: RegionSortField, $direction: SortDirection) {
  regions(first: $first, after: $after, last: $last, before: $before, filter: $filter,
          orderBy: $orderBy, direction: $direction) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { code nameZh level } }
  }
}
"""


def test_qinzhou_has_two_districts_and_two_counties(gql: GraphQLClient) -> None:
    data = gql.data(
        '{ region(code: "450700") { nameZh level levelLabelZh parent { code }'
        " children { code nameZh divisionType } } }"
    )
    city = data["region"]
    assert city["nameZh"] == "钦州市"
    assert city["level"] == "CITY" and city["levelLabelZh"] == "市"
    assert city["parent"] is None
    assert [(c["code"], c["nameZh"]) for c in city["children"]] == [
        ("450702", "钦南区"),
        ("450703", "钦北区"),
        ("450721", "灵山县"),
        ("450722", "浦北县"),
    ]
    assert [c["divisionType"] for c in city["children"]] == [
        "DISTRICT",
        "DISTRICT",
        "COUNTY",
        "COUNTY",
    ]


def test_every_level_of_the_tree_is_present(gql: GraphQLClient) -> None:
    counts = {
        level: gql.data(REGION_PAGE, {"filter": {"level": level}})["regions"]["totalCount"]
        for level in ("CITY", "COUNTY", "TOWN", "VILLAGE")
    }
    assert counts["CITY"] == 1 and counts["COUNTY"] == 4
    assert counts["TOWN"] > 60 and counts["VILLAGE"] > 0


def test_a_village_knows_its_ancestors(gql: GraphQLClient) -> None:
    data = gql.data(
        '{ regions(filter: {search: "犀牛脚村"}) { edges { node { code level'
        " ancestors { nameZh level } } } } }"
    )
    [edge] = data["regions"]["edges"]
    assert edge["node"]["level"] == "VILLAGE"
    assert [a["nameZh"] for a in edge["node"]["ancestors"]] == [
        "钦州市",
        "钦南区",
        "犀牛脚镇",
        "犀牛脚村",
    ]


def test_subtree_filter_keeps_only_the_county_and_below(gql: GraphQLClient) -> None:
    data = gql.data(REGION_PAGE, {"filter": {"underCode": "450721"}, "first": 100})
    codes = [edge["node"]["code"] for edge in data["regions"]["edges"]]
    expected = [
        str(row["id"]) for row in region_rows() if str(row["path"]).startswith("/450700/450721/")
    ]
    assert sorted(codes) == sorted(expected)
    assert "450721" in codes and "450722" not in codes


def _walk(gql: GraphQLClient, variables: dict[str, Any], forwards: bool) -> list[str]:
    codes: list[str] = []
    cursor = None
    while True:
        page_vars = dict(variables)
        if forwards:
            page_vars.update(first=7, after=cursor)
        else:
            page_vars.update(last=7, before=cursor)
        page = gql.data(REGION_PAGE, page_vars)["regions"]
        batch = [edge["node"]["code"] for edge in page["edges"]]
        codes = codes + batch if forwards else batch + codes
        info = page["pageInfo"]
        more = info["hasNextPage"] if forwards else info["hasPreviousPage"]
        if not more:
            return codes
        cursor = info["endCursor"] if forwards else info["startCursor"]


@pytest.mark.parametrize("direction", ["ASC", "DESC"])
@pytest.mark.parametrize("order_by", ["CODE", "NAME"])
def test_paging_both_ways_visits_every_region_once_in_order(
    gql: GraphQLClient, order_by: str, direction: str
) -> None:
    variables = {"orderBy": order_by, "direction": direction}
    forwards = _walk(gql, variables, forwards=True)
    backwards = _walk(gql, variables, forwards=False)
    assert len(forwards) == len(region_rows()) == len(set(forwards))
    assert backwards == forwards
    if order_by == "CODE":
        assert forwards == sorted(forwards, reverse=direction == "DESC")


def test_a_cursor_from_another_ordering_is_refused(gql: GraphQLClient) -> None:
    page = gql.data(REGION_PAGE, {"first": 2, "orderBy": "NAME"})["regions"]
    body = gql(REGION_PAGE, {"first": 2, "orderBy": "CODE", "after": page["pageInfo"]["endCursor"]})
    [error] = body["errors"]
    assert error["extensions"] == {
        "code": "INVALID_CURSOR",
        "field": "after",
        "messageZh": "游标属于该列表的另一种排序",
    }


def test_garbage_cursor_and_oversized_pages_are_refused(gql: GraphQLClient) -> None:
    [error] = gql(REGION_PAGE, {"after": "not-a-cursor"})["errors"]
    assert error["extensions"]["code"] == "INVALID_CURSOR"
    [error] = gql(REGION_PAGE, {"first": 10_000})["errors"]
    assert error["extensions"] == {"code": "INVALID_INPUT", "field": "first"}
    [error] = gql(REGION_PAGE, {"first": 1, "last": 1})["errors"]
    assert error["extensions"]["code"] == "INVALID_INPUT"


def test_node_lookup_by_global_id(gql: GraphQLClient) -> None:
    region = gql.data('{ region(code: "450722") { id } }')["region"]
    data = gql.data(
        "query ($id: ID!) { node(id: $id) { __typename ... on Region { code nameZh } } }",
        {"id": region["id"]},
    )
    assert data["node"] == {"__typename": "Region", "code": "450722", "nameZh": "浦北县"}


def test_unknown_region_code_is_null(gql: GraphQLClient) -> None:
    assert gql.data('{ region(code: "999999") { code } }')["region"] is None
