"""Full-text search in Chinese and English, and the audit trail."""

from __future__ import annotations

import pytest

from tests.conftest import GraphQLClient
from tests.helpers import register_resource

pytestmark = pytest.mark.usefixtures("seeded_module")

SEARCH = """
query ($text: String!, $types: [SearchType!]) {
  search(text: $text, types: $types) {
    score
    node {
      __typename
      ... on DataResource { nameZh }
      ... on DataProduct { nameZh }
      ... on Party { nameZh }
      ... on Region { nameZh }
    }
  }
}"""


def _found(caller: GraphQLClient, text: str, types: list[str] | None = None) -> list[str]:
    hits = caller.data(SEARCH, {"text": text, "types": types})["search"]
    return [hit["node"]["nameZh"] for hit in hits]


def test_chinese_words_find_resources_products_and_parties(gql: GraphQLClient) -> None:
    found = _found(gql, "集装箱")  # in the resource's name and the model's description
    assert "钦州港集装箱物流数据" in found
    assert "钦州港物流景气指数模型" in found
    assert "钦州港海运物流数据有限公司" in _found(gql, "海运物流")
    assert "钦州港关键基础设施运行数据" in _found(gql, "港口")
    assert "钦州港集装箱物流数据" not in _found(gql, "荔枝")


def test_english_words_find_the_same_records(gql: GraphQLClient) -> None:
    assert "钦州港集装箱物流数据" in _found(gql, "container logistics")
    assert "企业信用核验服务" in _found(gql, "credit verification")


def test_search_can_be_limited_to_kinds_of_record(gql: GraphQLClient) -> None:
    regions = _found(gql, "灵山", ["REGION"])
    assert regions and all(name.startswith("灵山") or "灵" in name for name in regions)
    assert "灵山荔枝产销数据" not in regions


def test_query_syntax_in_the_text_is_searched_as_words(gql: GraphQLClient) -> None:
    for text in ["信用 AND (", '"unbalanced', "credit*?:/", "-"]:
        body = gql(SEARCH, {"text": text})
        assert "errors" not in body, body


def test_the_public_does_not_find_what_it_may_not_see(gql: GraphQLClient) -> None:
    public = gql.as_role("ANONYMOUS")
    assert "钦州市不动产登记信息" in _found(gql, "不动产")
    assert "钦州市不动产登记信息" not in _found(public, "不动产")
    assert "钦州市市场主体登记信息" in _found(public, "市场主体")  # open data


def test_hits_are_loaded_one_statement_per_kind_of_record(gql: GraphQLClient) -> None:
    query = '{ search(text: "钦州", first: 20) { node { __typename } } }'
    answer = gql(query)
    kinds = {hit["node"]["__typename"] for hit in answer["data"]["search"]}
    assert len(answer["data"]["search"]) > 2 * len(kinds), answer
    # the search itself, then one statement per kind of record found
    assert answer["extensions"]["neo4jRoundTrips"] == 1 + len(kinds)


def test_empty_text_is_a_typed_error(gql: GraphQLClient) -> None:
    [error] = gql(SEARCH, {"text": "  "})["errors"]
    assert error["extensions"] == {
        "code": "INVALID_INPUT",
        "field": "text",
        "messageZh": "请输入检索内容",
    }


AUDIT = """
query ($filter: AuditFilter, $first: Int, $direction: SortDirection) {
  auditEvents(filter: $filter, first: $first, direction: $direction) {
    totalCount
    edges { node { at actor operation affectedIds } }
  }
}"""


def test_the_audit_trail_filters_by_actor_operation_and_time(gql: GraphQLClient) -> None:
    registrar = gql.as_role("REGISTRAR", "450702", subject="qinnan-registrar-07")
    register_resource(registrar, catalogCode="QZG-AUDIT-0001")
    mine = gql.data(AUDIT, {"filter": {"actor": "qinnan-registrar-07"}})["auditEvents"]
    assert mine["totalCount"] == 1
    assert mine["edges"][0]["node"]["operation"] == "registerDataResource"
    seeds = gql.data(AUDIT, {"filter": {"actor": "seed", "operations": ["approveRegistration"]}})[
        "auditEvents"
    ]
    assert seeds["totalCount"] == 1
    in_2024 = gql.data(
        AUDIT,
        {
            "filter": {"since": "2024-01-01T00:00:00Z", "until": "2025-01-01T00:00:00Z"},
            "first": 100,
            "direction": "ASC",
        },
    )["auditEvents"]
    times = [edge["node"]["at"] for edge in in_2024["edges"]]
    assert times == sorted(times) and all(t.startswith("2024") for t in times)
    assert len(times) == in_2024["totalCount"] > 10


def test_audit_events_are_newest_first_by_default(gql: GraphQLClient) -> None:
    events = gql.data(AUDIT, {"first": 5})["auditEvents"]["edges"]
    times = [edge["node"]["at"] for edge in events]
    assert times == sorted(times, reverse=True)
