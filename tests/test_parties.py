"""Registering and listing parties over GraphQL, against the real Neo4j."""

from __future__ import annotations

import json
from typing import Any

import neo4j
import pytest

from seed.parties import PARTIES, synthetic_credit_code
from tests.conftest import GraphQLClient, count, node_count

pytestmark = pytest.mark.usefixtures("seeded")

REGISTER = """
mutation ($input: RegisterPartyInput!, $key: String) {
  registerParty(input: $input, idempotencyKey: $key) {
    __typename
    ... on Party { id uid nameZh kind kindLabelZh creditCode region { code } }
    ... on Rejection { errors { code field message messageZh article existingId } }
  }
}
"""

NEW_CODE = synthetic_credit_code("91", "450703", "钦北新材料数据科技有限公司")


def new_party(**changes: Any) -> dict[str, Any]:
    party = {
        "nameZh": "钦北新材料数据科技有限公司",
        "nameEn": "Qinbei New Materials Data Technology Co., Ltd.",
        "kind": "ENTERPRISE",
        "creditCode": NEW_CODE,
        "regionCode": "450703",
        "description": "新材料产业数据服务",
    }
    party.update(changes)
    return party


def register(gql: GraphQLClient, party: dict[str, Any], key: str | None = None) -> dict[str, Any]:
    result: dict[str, Any] = gql.data(REGISTER, {"input": party, "key": key})["registerParty"]
    return result


def test_registering_a_party_records_it_with_its_audit_event(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    party = register(gql, new_party())
    assert party["__typename"] == "Party"
    assert party["nameZh"] == "钦北新材料数据科技有限公司"
    assert party["kindLabelZh"] == "企业"
    assert party["region"] == {"code": "450703"}
    records, _, _ = driver.execute_query(
        "MATCH (a:AuditEvent {operation: 'registerParty'})-[:AFFECTED]->(p:Party {id: $id})"
        "-[:LOCATED_IN]->(r:Region) RETURN a.actor AS actor, a.inputs AS inputs, r.id AS region",
        id=party["uid"],
    )
    [audit] = records
    assert audit["region"] == "450703"
    assert json.loads(audit["inputs"])["creditCode"] == NEW_CODE
    assert audit["actor"] == "city-registrar"


def test_a_registered_party_is_found_by_node_lookup(gql: GraphQLClient) -> None:
    party = register(gql, new_party())
    data = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Party { uid creditCode } } }",
        {"id": party["id"]},
    )
    assert data["node"] == {"uid": party["uid"], "creditCode": NEW_CODE}


def test_lower_case_credit_code_is_normalized(gql: GraphQLClient) -> None:
    party = register(gql, new_party(creditCode=NEW_CODE.lower()))
    assert party["creditCode"] == NEW_CODE


@pytest.mark.parametrize(
    ("changes", "code", "field"),
    [
        (
            {"creditCode": NEW_CODE[:-1] + ("0" if NEW_CODE[-1] != "0" else "1")},
            "INVALID_CREDIT_CODE",
            "input.creditCode",
        ),
        ({"creditCode": "91450703MA5K"}, "INVALID_CREDIT_CODE", "input.creditCode"),
        ({"creditCode": None}, "INVALID_CREDIT_CODE", "input.creditCode"),
        ({"kind": "INDIVIDUAL"}, "INVALID_INPUT", "input.creditCode"),
        ({"nameZh": "钦"}, "INVALID_INPUT", "input.nameZh"),
        ({"regionCode": "45"}, "INVALID_INPUT", "input.regionCode"),
        ({"regionCode": "450799"}, "NOT_FOUND", "input.regionCode"),
    ],
)
def test_bad_input_is_refused_with_a_typed_error_and_writes_nothing(
    gql: GraphQLClient, driver: neo4j.Driver, changes: dict[str, Any], code: str, field: str
) -> None:
    before = node_count(driver)
    result = register(gql, new_party(**changes))
    assert result["__typename"] == "Rejection"
    [error] = result["errors"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"] and error["messageZh"]
    assert node_count(driver) == before


def test_all_problems_are_reported_at_once(gql: GraphQLClient) -> None:
    result = register(gql, new_party(nameZh="x", creditCode="BAD", regionCode="1"))
    fields = sorted(error["field"] for error in result["errors"])
    assert fields == ["input.creditCode", "input.nameZh", "input.regionCode"]


def test_a_duplicate_credit_code_names_the_existing_party(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    bureau = PARTIES[0]
    before = node_count(driver)
    result = register(gql, new_party(creditCode=bureau.credit_code, nameZh="重复登记测试"))
    [error] = result["errors"]
    assert error["code"] == "DUPLICATE_CREDIT_CODE"
    assert bureau.name_zh in error["messageZh"]
    existing = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Party { nameZh } } }",
        {"id": error["existingId"]},
    )
    assert existing["node"]["nameZh"] == bureau.name_zh
    assert node_count(driver) == before


def test_a_natural_person_registers_without_a_credit_code(gql: GraphQLClient) -> None:
    person = register(gql, new_party(kind="INDIVIDUAL", creditCode=None, nameZh="王芳"))
    assert person["__typename"] == "Party" and person["creditCode"] is None


def test_replaying_an_idempotency_key_returns_the_first_result_and_writes_nothing(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    first = register(gql, new_party(), key="register-qinbei-1")
    after_first = node_count(driver)
    again = register(gql, new_party(), key="register-qinbei-1")
    assert again["uid"] == first["uid"]
    assert node_count(driver) == after_first
    assert count(driver, "MATCH (a:AuditEvent {operation: 'registerParty'}) RETURN count(a)") == 1


def test_reusing_an_idempotency_key_for_other_inputs_is_refused(gql: GraphQLClient) -> None:
    register(gql, new_party(), key="k-7")
    other = synthetic_credit_code("91", "450702", "另一家公司")
    result = register(gql, new_party(creditCode=other, nameZh="另一家公司"), key="k-7")
    [error] = result["errors"]
    assert (error["code"], error["field"]) == ("IDEMPOTENCY_CONFLICT", "idempotencyKey")


def test_another_callers_key_neither_replays_nor_reveals_the_first_write(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    mine = register(gql, new_party(), key="shared-key")
    other = synthetic_credit_code("91", "450702", "另一家公司")
    theirs = register(
        gql.as_role("REGISTRAR", "450700", subject="another-registrar"),
        new_party(creditCode=other, nameZh="另一家公司"),
        key="shared-key",
    )
    assert theirs["__typename"] == "Party" and theirs["uid"] != mine["uid"]
    assert count(driver, "MATCH (a:AuditEvent {operation: 'registerParty'}) RETURN count(a)") == 2


def test_an_idempotency_key_of_over_200_characters_is_refused(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    before = node_count(driver)
    result = register(gql, new_party(), key="k" * 201)
    [error] = result["errors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "idempotencyKey")
    assert error["messageZh"]
    assert node_count(driver) == before


PARTY_LIST = """
query ($filter: PartyFilter, $first: Int, $orderBy: PartySortField, $direction: SortDirection) {
  parties(filter: $filter, first: $first, orderBy: $orderBy, direction: $direction) {
    totalCount
    edges { node { nameZh kind region { code } } }
  }
}
"""


def _names(gql: GraphQLClient, variables: dict[str, Any]) -> list[str]:
    data = gql.data(PARTY_LIST, {"first": 100, **variables})
    return [edge["node"]["nameZh"] for edge in data["parties"]["edges"]]


def test_parties_filter_by_kind_region_subtree_and_text(gql: GraphQLClient) -> None:
    exchanges = _names(gql, {"filter": {"kinds": ["DATA_EXCHANGE"]}})
    assert exchanges == ["钦州北部湾数据交易中心"]
    in_lingshan = _names(gql, {"filter": {"regionCode": "450721"}})
    assert sorted(in_lingshan) == sorted(p.name_zh for p in PARTIES if p.region == "450721")
    everywhere = _names(gql, {"filter": {"regionCode": "450700"}})
    # Foreign parties (article 19) lie in no region of the city.
    assert len(everywhere) == len([p for p in PARTIES if p.region is not None])
    assert _names(gql, {"filter": {"search": "医疗保障"}}) == ["钦州市医疗保障局"]
    assert _names(gql, {"filter": {"search": "port shipping"}}) == ["钦州港海运物流数据有限公司"]


def test_parties_sort_descending_by_name(gql: GraphQLClient) -> None:
    names = _names(gql, {"orderBy": "NAME", "direction": "DESC"})
    assert names == sorted((p.name_zh for p in PARTIES), reverse=True)


def test_a_page_costs_the_same_round_trips_whatever_its_size(gql: GraphQLClient) -> None:
    query = """
    query ($first: Int) { parties(first: $first) {
      edges { node { nameZh region { nameZh ancestors { code } parent { code } } } } } }
    """
    small = gql(query, {"first": 2})
    large = gql(query, {"first": 20})
    assert len(large["data"]["parties"]["edges"]) == 20
    assert small["extensions"]["neo4jRoundTrips"] == large["extensions"]["neo4jRoundTrips"]
