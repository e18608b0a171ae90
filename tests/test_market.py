"""The market's records: credit standing (article 26), supervision and fault tolerance
(articles 23-28), declarations (25) and valuations (18)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import GraphQLClient
from tests.helpers import party_gid, seeded_resource

pytestmark = pytest.mark.usefixtures("seeded")

PENALIZED = "钦州云鼎数据服务有限公司"
STANDING = """
query ($id: ID!, $asOf: Date) { node(id: $id) { ... on Party {
  creditStatus(asOf: $asOf) { underPenalty activePenalties { kind endsOn } events { kind } }
} } }"""

CREDIT = """
mutation ($input: RecordCreditEventInput!) { recordCreditEvent(input: $input) {
  __typename ... on CreditEvent { id kind outcome target { kind } }
  ... on Rejection { errors { code field } } } }"""


def regulator(gql: GraphQLClient) -> GraphQLClient:
    return gql.as_role("REGULATOR", subject="regulator-li")


def standing(gql: GraphQLClient, as_of: str) -> dict[str, Any]:
    node = gql.data(STANDING, {"id": party_gid(PENALIZED), "asOf": as_of})["node"]
    result: dict[str, Any] = node["creditStatus"]
    return result


def penalty_id(gql: GraphQLClient) -> str:
    data = gql.data(
        "query ($id: ID!) { creditEvents(partyId: $id, kinds: [DISHONESTY_PENALTY]) "
        "{ edges { node { id } } } }",
        {"id": party_gid(PENALIZED)},
    )
    return str(data["creditEvents"]["edges"][0]["node"]["id"])


def test_a_penalty_holds_during_its_term(gql: GraphQLClient) -> None:
    assert standing(gql, "2025-05-31")["underPenalty"] is False
    during = standing(gql, "2025-06-01")
    assert during["underPenalty"] is True
    assert during["activePenalties"] == [{"kind": "DISHONESTY_PENALTY", "endsOn": "2027-06-01"}]
    assert standing(gql, "2027-06-01")["underPenalty"] is False


def test_credit_repair_ends_a_penalty_from_its_date(gql: GraphQLClient) -> None:
    repaired = regulator(gql).data(
        CREDIT,
        {
            "input": {
                "partyId": party_gid(PENALIZED),
                "kind": "CREDIT_REPAIR",
                "occurredOn": "2026-01-10",
                "description": "完成整改，准予信用修复",
                "targetEventId": penalty_id(gql),
            }
        },
    )["recordCreditEvent"]
    assert repaired["target"] == {"kind": "DISHONESTY_PENALTY"}
    assert standing(gql, "2026-01-09")["underPenalty"] is True
    assert standing(gql, "2026-01-10")["underPenalty"] is False


def test_an_upheld_objection_annuls_the_event(gql: GraphQLClient) -> None:
    objection = regulator(gql).data(
        CREDIT,
        {
            "input": {
                "partyId": party_gid(PENALIZED),
                "kind": "OBJECTION",
                "occurredOn": "2025-06-10",
                "description": "认定依据的交易记录有误",
                "targetEventId": penalty_id(gql),
            }
        },
    )["recordCreditEvent"]
    assert objection["outcome"] == "PENDING"
    assert standing(gql, "2025-07-01")["underPenalty"] is True
    resolved = regulator(gql).data(
        "mutation ($input: ResolveCreditObjectionInput!) { resolveCreditObjection(input: $input)"
        " { __typename ... on CreditEvent { outcome } } }",
        {"input": {"objectionId": objection["id"], "upheld": True, "reason": "复核属实"}},
    )["resolveCreditObjection"]
    assert resolved["outcome"] == "UPHELD"
    assert standing(gql, "2025-07-01")["underPenalty"] is False


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": "CREDIT_REPAIR"}, "input.targetEventId"),
        ({"kind": "DISHONESTY_PENALTY", "endsOn": "2025-01-01"}, "input.endsOn"),
    ],
)
def test_bad_credit_events_are_refused(
    gql: GraphQLClient, changes: dict[str, str], field: str
) -> None:
    fields = {
        "partyId": party_gid(PENALIZED),
        "occurredOn": "2025-06-01",
        "description": "测试事件说明",
    } | changes
    result = regulator(gql).data(CREDIT, {"input": fields})["recordCreditEvent"]
    assert field in {e["field"] for e in result["errors"]}


SUPERVISION = """
mutation ($input: RecordSupervisionInput!) { recordSupervisionAction(input: $input) {
  __typename ... on SupervisionAction { id kind status deadline regulator
    late: status(asOf: "2027-01-01") }
  ... on Rejection { errors { code field } } } }"""

UPDATE = """
mutation ($input: UpdateSupervisionInput!) { updateSupervisionAction(input: $input) {
  __typename ... on SupervisionAction { status faultTolerance faultToleranceReason }
  ... on Rejection { errors { code field article } } } }"""


def test_a_rectification_order_becomes_overdue_past_its_deadline(gql: GraphQLClient) -> None:
    order = regulator(gql).data(
        SUPERVISION,
        {
            "input": {
                "partyId": party_gid("桂数经纪服务有限公司"),
                "kind": "RECTIFICATION_ORDER",
                "findings": "未按规定核验数据来源",
                "takenOn": "2026-11-01",
                "deadline": "2026-12-01",
            }
        },
    )["recordSupervisionAction"]
    assert (order["kind"], order["regulator"]) == ("RECTIFICATION_ORDER", "regulator-li")
    assert order["late"] == "OVERDUE"
    rectified = regulator(gql).data(
        UPDATE, {"input": {"actionId": order["id"], "status": "RECTIFIED"}}
    )
    assert rectified["updateSupervisionAction"]["status"] == "RECTIFIED"


def test_fault_tolerance_needs_its_reason(gql: GraphQLClient) -> None:
    order = regulator(gql).data(
        SUPERVISION,
        {
            "input": {
                "partyId": party_gid("桂数经纪服务有限公司"),
                "kind": "INTERVIEW",
                "findings": "约谈",
                "takenOn": "2026-11-01",
            }
        },
    )["recordSupervisionAction"]
    bare = regulator(gql).data(
        UPDATE, {"input": {"actionId": order["id"], "faultTolerance": "EXEMPTED"}}
    )["updateSupervisionAction"]
    assert bare["errors"] == [
        {"code": "INVALID_INPUT", "field": "input.faultToleranceReason", "article": "第二十八条"}
    ]
    granted = regulator(gql).data(
        UPDATE,
        {
            "input": {
                "actionId": order["id"],
                "faultTolerance": "EXEMPTED",
                "faultToleranceReason": "改革探索中的失误，已及时纠正",
            }
        },
    )["updateSupervisionAction"]
    assert granted["faultTolerance"] == "EXEMPTED"


def test_the_seeded_supervision_shows_fault_tolerance(gql: GraphQLClient) -> None:
    data = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Party { supervisionActions { kind "
        "status faultTolerance } } } }",
        {"id": party_gid("钦州市第一人民医院")},
    )
    assert data["node"]["supervisionActions"] == [
        {"kind": "INSPECTION", "status": "CLOSED", "faultTolerance": "REDUCED_LIABILITY"}
    ]


VALUE = """
mutation ($input: RecordValuationInput!) { recordValuation(input: $input) {
  __typename ... on Valuation { method amount appraiser { nameZh } }
  ... on Rejection { errors { code field article } } } }"""


def test_valuations_are_made_by_a_third_party_agency(gql: GraphQLClient) -> None:
    port = seeded_resource(gql, "钦州港集装箱物流数据")
    fields = {
        "objectId": port["id"],
        "method": "MARKET",
        "amount": "1500000",
        "valuedOn": "2025-12-31",
    }
    wrong = gql.data(VALUE, {"input": fields | {"appraiserId": party_gid("桂数经纪服务有限公司")}})
    assert wrong["recordValuation"]["errors"][0]["field"] == "input.appraiserId"
    right = gql.data(
        VALUE, {"input": fields | {"appraiserId": party_gid("钦州正信资产评估事务所有限公司")}}
    )["recordValuation"]
    assert (right["method"], right["amount"]) == ("MARKET", "1500000.0")
    valuations = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on DataResource { valuations { method amount "
        "purpose } } } }",
        {"id": port["id"]},
    )["node"]["valuations"]
    assert [v["method"] for v in valuations] == ["INCOME", "MARKET"]  # the seed's, then this
    assert valuations[0]["purpose"] == "数据资产入表"


def test_declarations_are_listed_on_the_party(gql: GraphQLClient) -> None:
    data = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Party { declarations { kind validFrom } } } }",
        {"id": party_gid("桂数经纪服务有限公司")},
    )
    assert data["node"]["declarations"] == [{"kind": "COMMITMENT", "validFrom": "2024-01-15"}]
