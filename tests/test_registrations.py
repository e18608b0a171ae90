"""Data property registration (article 13): the workflow, its refusals, certificates."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from graph.history import local_date
from tests.conftest import GraphQLClient, node_count
from tests.helpers import (
    HOSPITAL,
    MERCHANT,
    PORT_COMPANY,
    Clock,
    party_gid,
    record_right,
    register_resource,
)

pytestmark = pytest.mark.usefixtures("seeded")

REGISTRATION = """
__typename
... on Registration {
  id number type status statusLabelZh publicityEndsOn reason
  certificate { number validFrom validTo }
  right { id holder { nameZh } validTo }
  steps { fromStatus toStatus actor }
  objections { reason upheld objector { nameZh } }
  previous { id status }
}
... on Rejection { errors { code field message messageZh article rule existingId } }
"""


def step(gql: GraphQLClient, mutation: str, input_type: str, **fields: Any) -> dict[str, Any]:
    document = (
        f"mutation ($input: {input_type}!) {{ {mutation}(input: $input) {{ {REGISTRATION} }} }}"
    )
    result: dict[str, Any] = gql.data(document, {"input": fields})[mutation]
    return result


def submit(gql: GraphQLClient, **fields: Any) -> dict[str, Any]:
    return step(gql, "submitRegistration", "SubmitRegistrationInput", **fields)


def review(gql: GraphQLClient, registration: dict[str, Any]) -> dict[str, Any]:
    return step(
        gql, "startRegistrationReview", "RegistrationStepInput", registrationId=registration["id"]
    )


def publicity(gql: GraphQLClient, registration: dict[str, Any], ends: str) -> dict[str, Any]:
    return step(
        gql,
        "startRegistrationPublicity",
        "StartPublicityInput",
        registrationId=registration["id"],
        publicityEndsOn=ends,
    )


def approve(gql: GraphQLClient, registration: dict[str, Any], **fields: Any) -> dict[str, Any]:
    return step(
        gql,
        "approveRegistration",
        "ApproveRegistrationInput",
        registrationId=registration["id"],
        **fields,
    )


def holding_right(gql: GraphQLClient, resource: dict[str, Any], as_of: str = "2024-06-01") -> str:
    data = gql.data(
        "query ($id: ID!, $asOf: Date) { rights(asOf: $asOf, "
        "filter: {objectId: $id, kinds: [HOLDING]}) { edges { node { id } } } }",
        {"id": resource["id"], "asOf": as_of},
    )
    return str(data["rights"]["edges"][0]["node"]["id"])


def first_registration(gql: GraphQLClient, **resource_changes: Any) -> dict[str, Any]:
    resource = register_resource(gql, **resource_changes)
    return submit(
        gql,
        type="FIRST",
        applicantId=party_gid(PORT_COMPANY),
        rightId=holding_right(gql, resource),
    )


def in_publicity(gql: GraphQLClient, clock: Clock, days: int = 14) -> dict[str, Any]:
    registration = first_registration(gql)
    review(gql, registration)
    ends = (local_date(clock.now) + timedelta(days=days)).isoformat()
    return publicity(gql, registration, ends)


def registered(gql: GraphQLClient, clock: Clock) -> dict[str, Any]:
    registration = in_publicity(gql, clock)
    clock.advance(days=15)
    return approve(gql, registration)


def test_the_whole_workflow_ends_in_a_certificate(clocked: tuple[GraphQLClient, Clock]) -> None:
    gql, clock = clocked
    submitted = first_registration(gql)
    assert (submitted["status"], submitted["statusLabelZh"]) == ("SUBMITTED", "已提交")
    assert submitted["number"].startswith(f"QZDJ-{clock.now.year}-")
    assert review(gql, submitted)["status"] == "UNDER_REVIEW"
    ends = local_date(clock.now) + timedelta(days=14)
    assert publicity(gql, submitted, ends.isoformat())["status"] == "IN_PUBLICITY"

    early = approve(gql, submitted)
    [error] = early["errors"]
    assert (error["code"], error["article"]) == ("REGISTRATION_WORKFLOW", "第十三条")
    assert str(ends) in error["message"]

    clock.advance(days=15)
    done = approve(gql, submitted)
    assert done["status"] == "REGISTERED"
    certificate = done["certificate"]
    today = local_date(clock.now)
    assert certificate["number"].startswith(f"QZSJ-{today.year}-")
    assert certificate["validFrom"] == today.isoformat()
    assert certificate["validTo"] == today.replace(year=today.year + 3).isoformat()
    assert [s["toStatus"] for s in done["steps"]] == [
        "SUBMITTED",
        "UNDER_REVIEW",
        "IN_PUBLICITY",
        "REGISTERED",
    ]
    assert {s["actor"] for s in done["steps"]} == {"city-registrar"}


def test_publicity_lasts_the_configured_period_by_default_and_at_least(
    clocked: tuple[GraphQLClient, Clock],
) -> None:
    gql, clock = clocked
    today = local_date(clock.now)
    submitted = first_registration(gql)
    review(gql, submitted)
    short = publicity(gql, submitted, (today + timedelta(days=13)).isoformat())
    [error] = short["errors"]
    assert (error["code"], error["field"]) == ("DATE_ORDER", "input.publicityEndsOn")
    assert "14 days" in error["message"] and "14天" in error["messageZh"]
    opened = step(
        gql, "startRegistrationPublicity", "StartPublicityInput", registrationId=submitted["id"]
    )
    assert opened["publicityEndsOn"] == (today + timedelta(days=14)).isoformat()


def test_the_publicity_period_is_a_setting(settings: Settings) -> None:
    from tests.helpers import Clock

    clock = Clock()
    app = create_app(settings.model_copy(update={"publicity_days": 30}), clock=clock)
    with TestClient(app) as client:
        gql = GraphQLClient(client).as_role("REGISTRAR", "450700", "city-registrar")
        submitted = first_registration(gql)
        review(gql, submitted)
        opened = step(
            gql, "startRegistrationPublicity", "StartPublicityInput", registrationId=submitted["id"]
        )
        ends = local_date(clock.now) + timedelta(days=30)
        assert opened["publicityEndsOn"] == ends.isoformat()
        clock.advance(days=30)
        assert approve(gql, submitted)["errors"][0]["code"] == "REGISTRATION_WORKFLOW"
        clock.advance(days=1)
        assert approve(gql, submitted)["status"] == "REGISTERED"


def test_a_certificate_ends_with_the_right_when_that_is_sooner(
    clocked: tuple[GraphQLClient, Clock],
) -> None:
    gql, clock = clocked
    right_end = (local_date(clock.now) + timedelta(days=400)).isoformat()
    registration = first_registration(gql, validTo=right_end)
    review(gql, registration)
    publicity(gql, registration, (local_date(clock.now) + timedelta(days=14)).isoformat())
    clock.advance(days=15)
    assert approve(gql, registration)["certificate"]["validTo"] == right_end


@pytest.mark.parametrize(
    ("mutation", "input_type", "extra"),
    [
        ("approveRegistration", "ApproveRegistrationInput", {}),
        ("startRegistrationPublicity", "StartPublicityInput", {"publicityEndsOn": "2099-01-01"}),
        (
            "fileRegistrationObjection",
            "FileObjectionInput",
            {"objectorId": party_gid(HOSPITAL), "reason": "r"},
        ),
        (
            "resolveRegistrationObjection",
            "ResolveObjectionInput",
            {"upheld": False, "reason": "r"},
        ),
    ],
)
def test_steps_out_of_order_are_refused_and_change_nothing(
    gql: GraphQLClient,
    driver: neo4j.Driver,
    mutation: str,
    input_type: str,
    extra: dict[str, Any],
) -> None:
    submitted = first_registration(gql)
    before = node_count(driver)
    result = step(gql, mutation, input_type, registrationId=submitted["id"], **extra)
    [error] = result["errors"]
    assert (error["code"], error["rule"]) == ("REGISTRATION_WORKFLOW", "REGISTRATION_WORKFLOW")
    assert "SUBMITTED" in error["message"]
    assert node_count(driver) == before


def test_an_objection_holds_the_registration_until_dismissed(
    clocked: tuple[GraphQLClient, Clock],
) -> None:
    gql, clock = clocked
    registration = in_publicity(gql, clock)
    objected = step(
        gql,
        "fileRegistrationObjection",
        "FileObjectionInput",
        registrationId=registration["id"],
        objectorId=party_gid(HOSPITAL),
        reason="部分数据由本院采集",
    )
    assert objected["status"] == "OBJECTED"
    assert objected["objections"] == [
        {"reason": "部分数据由本院采集", "upheld": None, "objector": {"nameZh": HOSPITAL}}
    ]
    clock.advance(days=15)
    held = approve(gql, registration)
    assert held["errors"][0]["code"] == "REGISTRATION_WORKFLOW"
    dismissed = step(
        gql,
        "resolveRegistrationObjection",
        "ResolveObjectionInput",
        registrationId=registration["id"],
        upheld=False,
        reason="采集记录显示数据由港口公司采集",
    )
    assert dismissed["status"] == "IN_PUBLICITY"
    assert dismissed["objections"][0]["upheld"] is False
    assert approve(gql, registration)["status"] == "REGISTERED"
    recorded = audited_operations(gql, registration["id"])
    assert sorted(recorded) == sorted(
        [
            "submitRegistration",
            "startRegistrationReview",
            "startRegistrationPublicity",
            "fileRegistrationObjection",
            "resolveRegistrationObjection",
            "approveRegistration",
        ]
    )
    for operation in recorded:  # an investigator filters by the mutation's own name
        assert audited_operations(gql, registration["id"], [operation]) == [operation]


def audited_operations(
    gql: GraphQLClient, registration_id: str, operations: list[str] | None = None
) -> list[str]:
    events = gql.data(
        "query ($id: ID, $ops: [String!]) { auditEvents(filter: {affectedId: $id, "
        "operations: $ops}, first: 50, direction: ASC) { edges { node { operation } } } }",
        {"id": registration_id, "ops": operations},
    )["auditEvents"]["edges"]
    return [edge["node"]["operation"] for edge in events]


def test_an_upheld_objection_rejects_the_registration(
    clocked: tuple[GraphQLClient, Clock],
) -> None:
    gql, clock = clocked
    registration = in_publicity(gql, clock)
    step(
        gql,
        "fileRegistrationObjection",
        "FileObjectionInput",
        registrationId=registration["id"],
        objectorId=party_gid(HOSPITAL),
        reason="数据由本院采集",
    )
    upheld = step(
        gql,
        "resolveRegistrationObjection",
        "ResolveObjectionInput",
        registrationId=registration["id"],
        upheld=True,
        reason="异议成立",
    )
    assert upheld["status"] == "REJECTED" and upheld["certificate"] is None


def test_core_data_is_not_registered(gql: GraphQLClient, driver: neo4j.Driver) -> None:
    resource = register_resource(gql, grade="CORE")
    before = node_count(driver)
    result = submit(
        gql, type="FIRST", applicantId=party_gid(PORT_COMPANY), rightId=holding_right(gql, resource)
    )
    [error] = result["errors"]
    assert (error["code"], error["article"]) == ("REGISTRATION_CORE_DATA", "第十三条、第二十二条")
    assert node_count(driver) == before


def test_a_product_made_from_core_data_is_core_and_not_registered(
    gql: GraphQLClient, driver: neo4j.Driver
) -> None:
    from tests.helpers import REGISTER_PRODUCT

    core = register_resource(gql, grade="CORE")
    product = gql.data(
        REGISTER_PRODUCT,
        {
            "input": {
                "nameZh": "港口关键设施运行报告",
                "kind": "REPORT",
                "operatorId": party_gid(PORT_COMPANY),
                "inputIds": [core["id"]],
                "validFrom": "2024-06-01",
            }
        },
    )["registerDataProduct"]
    assert product["__typename"] == "DataProduct", product
    operation = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on DataProduct { grade "
        "rights(kind: PRODUCT_OPERATION) { id } } } }",
        {"id": product["id"]},
    )["node"]
    assert operation["grade"] == "CORE"  # derived from its input (就高从严)
    before = node_count(driver)
    result = submit(
        gql, type="FIRST", applicantId=party_gid(PORT_COMPANY), rightId=operation["rights"][0]["id"]
    )
    assert "REGISTRATION_CORE_DATA" in [e["code"] for e in result["errors"]], result
    assert node_count(driver) == before


def test_only_the_holder_may_register_its_right(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    result = submit(
        gql, type="FIRST", applicantId=party_gid(MERCHANT), rightId=holding_right(gql, resource)
    )
    [error] = result["errors"]
    assert (error["code"], error["field"]) == (
        "REGISTRATION_UNAUTHORIZED_SOURCE",
        "input.applicantId",
    )


def test_a_licence_registers_a_licensed_right_not_the_holding(gql: GraphQLClient) -> None:
    resource = register_resource(gql)
    result = submit(
        gql,
        type="LICENCE",
        applicantId=party_gid(PORT_COMPANY),
        rightId=holding_right(gql, resource),
    )
    assert result["errors"][0]["code"] == "REGISTRATION_UNAUTHORIZED_SOURCE"
    licensed = record_right(
        gql,
        kind="PROCESSING_USE",
        holderId=party_gid(MERCHANT),
        objectId=resource["id"],
        basis="CONTRACT",
        basisReference="许可合同 2024-1",
        validFrom="2024-02-01",
    )
    ok = submit(gql, type="LICENCE", applicantId=party_gid(MERCHANT), rightId=licensed["id"])
    assert ok["status"] == "SUBMITTED"


def test_an_ended_right_cannot_be_registered(gql: GraphQLClient) -> None:
    resource = register_resource(gql, validTo="2025-01-01")
    result = submit(
        gql, type="FIRST", applicantId=party_gid(PORT_COMPANY), rightId=holding_right(gql, resource)
    )
    assert result["errors"][0]["code"] == "REGISTRATION_UNAUTHORIZED_SOURCE"


def test_an_ownership_dispute_blocks_further_registration(
    clocked: tuple[GraphQLClient, Clock],
) -> None:
    gql, clock = clocked
    done = registered(gql, clock)
    objection = submit(
        gql,
        type="OBJECTION",
        applicantId=party_gid(HOSPITAL),
        previousRegistrationId=done["id"],
        reason="主张该数据部分由本院采集",
    )
    assert objection["status"] == "SUBMITTED"
    change = submit(
        gql, type="CHANGE", applicantId=party_gid(PORT_COMPANY), previousRegistrationId=done["id"]
    )
    [error] = change["errors"]
    assert error["code"] == "REGISTRATION_DISPUTED_OWNERSHIP"
    assert error["existingId"] == objection["id"]
    step(
        gql,
        "rejectRegistration",
        "RegistrationStepInput",
        registrationId=objection["id"],
        reason="异议人未能提供证据",
    )
    again = submit(
        gql, type="CHANGE", applicantId=party_gid(PORT_COMPANY), previousRegistrationId=done["id"]
    )
    assert again["status"] == "SUBMITTED"


def test_a_transfer_moves_the_right_and_supersedes_the_old_certificate(
    clocked: tuple[GraphQLClient, Clock],
) -> None:
    gql, clock = clocked
    done = registered(gql, clock)
    transfer = submit(
        gql,
        type="TRANSFER",
        applicantId=party_gid(PORT_COMPANY),
        previousRegistrationId=done["id"],
        transferToId=party_gid(MERCHANT),
    )
    review(gql, transfer)
    publicity(gql, transfer, (local_date(clock.now) + timedelta(days=14)).isoformat())
    clock.advance(days=15)
    approved = approve(gql, transfer)
    assert approved["status"] == "REGISTERED"
    assert approved["right"]["holder"]["nameZh"] == MERCHANT
    assert approved["certificate"]["number"] != done["certificate"]["number"]
    assert approved["previous"]["status"] == "SUPERSEDED"
    holders = """
    query ($id: ID!, $asOf: Date) {
      rights(asOf: $asOf, filter: {objectId: $id, kinds: [HOLDING]}) {
        edges { node { holder { nameZh } basis basisReference } } } }"""
    today = local_date(clock.now)
    before = gql.data(
        holders, {"id": transfer_object(gql, done), "asOf": str(today - timedelta(days=1))}
    )
    after = gql.data(holders, {"id": transfer_object(gql, done), "asOf": str(today)})
    assert [e["node"]["holder"]["nameZh"] for e in before["rights"]["edges"]] == [PORT_COMPANY]
    [new] = [e["node"] for e in after["rights"]["edges"]]
    assert new["holder"]["nameZh"] == MERCHANT and new["basis"] == "CONTRACT"
    assert transfer["number"] in new["basisReference"]


def transfer_object(gql: GraphQLClient, registration: dict[str, Any]) -> str:
    data = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Registration { object { id } } } }",
        {"id": registration["id"]},
    )
    return str(data["node"]["object"]["id"])


def test_a_cancellation_cancels_the_registration(clocked: tuple[GraphQLClient, Clock]) -> None:
    gql, clock = clocked
    done = registered(gql, clock)
    cancellation = submit(
        gql,
        type="CANCELLATION",
        applicantId=party_gid(PORT_COMPANY),
        previousRegistrationId=done["id"],
        reason="数据停止采集",
    )
    review(gql, cancellation)
    publicity(gql, cancellation, (local_date(clock.now) + timedelta(days=14)).isoformat())
    clock.advance(days=15)
    approved = approve(gql, cancellation)
    assert approved["status"] == "REGISTERED" and approved["certificate"] is None
    assert approved["previous"]["status"] == "CANCELLED"


def test_follow_on_registrations_act_only_on_registered_ones(gql: GraphQLClient) -> None:
    submitted = first_registration(gql)
    renewal = submit(
        gql,
        type="RENEWAL",
        applicantId=party_gid(PORT_COMPANY),
        previousRegistrationId=submitted["id"],
    )
    [error] = renewal["errors"]
    assert (error["code"], error["field"]) == (
        "REGISTRATION_WORKFLOW",
        "input.previousRegistrationId",
    )


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"type": "FIRST"}, "input.rightId"),
        ({"type": "RENEWAL"}, "input.previousRegistrationId"),
        (
            {"type": "TRANSFER", "previousRegistrationId": "UmVnaXN0cmF0aW9uOng="},
            "input.transferToId",
        ),
    ],
)
def test_each_type_names_what_it_needs(
    gql: GraphQLClient, fields: dict[str, str], field: str
) -> None:
    result = submit(gql, applicantId=party_gid(PORT_COMPANY), **fields)
    assert [(e["code"], e["field"]) for e in result["errors"]] == [("INVALID_INPUT", field)]


def test_a_refusal_needs_a_reason_and_a_withdrawal_ends_the_application(
    gql: GraphQLClient,
) -> None:
    submitted = first_registration(gql)
    no_reason = step(
        gql, "rejectRegistration", "RegistrationStepInput", registrationId=submitted["id"]
    )
    assert no_reason["errors"][0]["field"] == "input.reason"
    withdrawn = step(
        gql, "withdrawRegistration", "RegistrationStepInput", registrationId=submitted["id"]
    )
    assert withdrawn["status"] == "WITHDRAWN"
    assert review(gql, submitted)["errors"][0]["code"] == "REGISTRATION_WORKFLOW"


def test_a_county_registrar_handles_only_its_own_registrations(
    clocked: tuple[GraphQLClient, Clock],
) -> None:
    gql, _ = clocked
    submitted = first_registration(gql)  # Qinnan district
    lingshan = gql.as_role("REGISTRAR", "450721")
    assert review(lingshan, submitted)["errors"][0]["code"] == "JURISDICTION"
    qinnan = gql.as_role("REGISTRAR", "450702")
    assert review(qinnan, submitted)["status"] == "UNDER_REVIEW"


def test_status_as_recorded_in_the_past(clocked: tuple[GraphQLClient, Clock]) -> None:
    gql, clock = clocked
    registration = in_publicity(gql, clock)
    during = clock.now.isoformat()
    clock.advance(days=15)
    approve(gql, registration)
    data = gql.data(
        "query ($id: ID!, $at: DateTime!) { node(id: $id) { ... on Registration "
        "{ status statusAsRecordedAt(at: $at) } } }",
        {"id": registration["id"], "at": during},
    )
    assert data["node"] == {"status": "REGISTERED", "statusAsRecordedAt": "IN_PUBLICITY"}


def test_the_seeded_scenario_tells_the_registration_story(gql: GraphQLClient) -> None:
    data = gql.data(
        "{ registrations { edges { node { number type status certificate { number } "
        "object { nameZh } } } } }"
    )
    story = {
        (e["node"]["object"]["nameZh"], e["node"]["type"]): e["node"]
        for e in data["registrations"]["edges"]
    }
    port_first = story[("钦州港集装箱物流数据", "FIRST")]
    assert port_first["status"] == "REGISTERED"
    assert port_first["certificate"]["number"] == "QZSJ-2024-000001"
    assert story[("钦州港集装箱物流数据", "LICENCE")]["status"] == "IN_PUBLICITY"
    assert story[("灵山荔枝产销数据", "FIRST")]["status"] == "OBJECTED"


def test_filtering_by_a_mutation_also_finds_events_recorded_under_the_old_step_name() -> None:
    from resolvers.registration_workflow import recorded_operations

    assert recorded_operations(["startRegistrationReview"]) == [
        "startRegistrationReview",
        "startReviewRegistration",
    ]
    assert recorded_operations(["resolveRegistrationObjection"]) == [
        "dismissObjectionRegistration",
        "resolveRegistrationObjection",
        "upholdObjectionRegistration",
    ]
    assert recorded_operations(["registerParty"]) == ["registerParty"]
