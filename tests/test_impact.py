"""Article 9 over HTTP: a reported problem is part of the impact answer and listable, the
impact names everyone with a stake and why, and whoever traces problem data may report it."""

from __future__ import annotations

from typing import Any

import neo4j
import pytest

from tests.conftest import GraphQLClient, node_count

pytestmark = pytest.mark.usefixtures("seeded")

PORT_DATA = "钦州港集装箱物流数据"
SEED_ISSUE = "2024年3月部分集装箱箱号重复，导致吞吐量统计偏高。"

ISSUES = """
query ($resource: ID, $severities: [IssueSeverity!]) {
  qualityIssues(resourceId: $resource, severities: $severities, first: 20) {
    totalCount edges { node { id description severity reporter resource { id nameZh } } }
  }
}"""

IMPACT = """
query ($id: ID!) { impact(resourceId: $id) {
  issue { description } issues { description }
  transactionNumbers
  stakeholders { role through assetId number reason reasonZh asset { nameZh }
                 party { nameZh } region { nameZh } }
  notify { nameZh } } }"""

REPORT = """
mutation ($input: ReportQualityIssueInput!) { reportQualityIssue(input: $input) {
  __typename ... on QualityIssue { id description reporter }
  ... on Rejection { errors { code field } } } }"""


def port_id(gql: GraphQLClient) -> str:
    issues = gql.data(ISSUES, {})["qualityIssues"]["edges"]
    [seeded] = [e["node"] for e in issues if e["node"]["description"] == SEED_ISSUE]
    assert seeded["resource"]["nameZh"] == PORT_DATA
    return str(seeded["resource"]["id"])


def test_the_seeds_issue_is_in_its_impact_and_listed(gql: GraphQLClient) -> None:
    port = port_id(gql)
    impact = gql.data(IMPACT, {"id": port})["impact"]
    assert impact["issue"] == {"description": SEED_ISSUE}
    assert impact["issues"] == [{"description": SEED_ISSUE}]
    listed = gql.data(ISSUES, {"resource": port, "severities": ["HIGH"]})["qualityIssues"]
    assert listed["totalCount"] == 1
    assert (
        gql.data(ISSUES, {"resource": port, "severities": ["LOW"]})["qualityIssues"]["totalCount"]
        == 0
    )


def stakes(impact: dict[str, Any]) -> set[tuple[str, str | None]]:
    return {
        (s["role"], (s["party"] or s["region"] or {}).get("nameZh")) for s in impact["stakeholders"]
    }


def test_the_impact_names_everyone_with_a_stake_and_why(gql: GraphQLClient) -> None:
    impact = gql.data(IMPACT, {"id": port_id(gql)})["impact"]
    found = stakes(impact)
    # The port data feeds the logistics index model, licensed abroad through the exchange.
    assert ("SOURCE_UNIT", "钦州港海运物流数据有限公司") in found
    assert ("SELLER", "钦州数联科技有限公司") in found
    assert ("BUYER", "越南北越跨境物流股份公司") in found
    assert ("EXCHANGE", "钦州北部湾数据交易中心") in found
    assert ("BROKER", "桂数经纪服务有限公司") in found
    assert ("APPRAISER", "钦州正信资产评估事务所有限公司") in found
    assert any(role == "REGISTRAR" and name for role, name in found)
    assert any(role == "HOLDER" for role, _ in found)
    assert {s["asset"]["nameZh"] for s in impact["stakeholders"] if s["role"] == "SOURCE_UNIT"} >= {
        PORT_DATA
    }
    for stake in impact["stakeholders"]:
        assert stake["reason"] and stake["reasonZh"]
        if stake["through"] == "TRANSACTION":
            assert stake["number"] in impact["transactionNumbers"]
    notified = [p["nameZh"] for p in impact["notify"]]
    assert len(notified) == len(set(notified))
    assert {name for role, name in found if role != "REGISTRAR"} <= set(notified)


@pytest.mark.parametrize("role", ["INVESTIGATOR", "REGISTRAR", "REGULATOR"])
def test_whoever_traces_problem_data_may_report_it_and_it_becomes_the_impacts_issue(
    gql: GraphQLClient, role: str
) -> None:
    port = port_id(gql)
    caller = gql.as_role(role, "450700", subject=f"{role.lower()}-1")
    reported = caller.data(
        REPORT,
        {
            "input": {
                "resourceId": port,
                "description": "2024年5月闸口数据缺失两天。",
                "severity": "MEDIUM",
                "discoveredOn": "2026-11-25",
            }
        },
    )["reportQualityIssue"]
    assert reported["__typename"] == "QualityIssue"
    assert reported["reporter"] == f"{role.lower()}-1"
    impact = gql.data(IMPACT, {"id": port})["impact"]
    assert impact["issue"] == {"description": "2024年5月闸口数据缺失两天。"}
    assert [i["description"] for i in impact["issues"]] == [
        "2024年5月闸口数据缺失两天。",
        SEED_ISSUE,
    ]
    assert gql.data(ISSUES, {"resource": port})["qualityIssues"]["totalCount"] == 2


@pytest.mark.parametrize("role", ["ANONYMOUS", "VIEWER", "APP"])
def test_the_public_and_portals_may_not_report_issues(
    gql: GraphQLClient, driver: neo4j.Driver, role: str
) -> None:
    port = port_id(gql)
    before = node_count(driver)
    caller = gql.as_role(role)
    body = caller(
        REPORT,
        {
            "input": {
                "resourceId": port,
                "description": "数据有误。",
                "severity": "LOW",
                "discoveredOn": "2026-11-25",
            }
        },
    )
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert node_count(driver) == before
    listed = caller(ISSUES, {})
    if role == "APP":  # a portal reads the registry, issues included, as node(id:) does
        assert listed["data"]["qualityIssues"]["totalCount"] == 1
    else:
        assert listed["errors"][0]["extensions"]["code"] == "FORBIDDEN"
