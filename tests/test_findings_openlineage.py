"""Findings on read, and OpenLineage ingestion over HTTP."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from starlette.testclient import TestClient
from strawberry import relay

from api.app import create_app
from api.settings import Settings
from resolvers.rules import RULES, RuleMode
from seed.parties import PARTIES
from tests.conftest import GraphQLClient, node_count
from tests.helpers import HOSPITAL, MERCHANT, PORT_COMPANY, party_gid, register_resource
from tests.test_lineage import ACTIVITY, ANONYMIZED, CLEANED, MODEL, ids

pytestmark = pytest.mark.usefixtures("seeded")

FINDINGS = """
query ($rules: [String!], $party: ID, $first: Int, $after: String) {
  findings(rules: $rules, partyId: $party, first: $first, after: $after) {
    total hasNextPage endCursor items { rule article message messageZh nodeIds source }
  }
}"""


@pytest.fixture
def lenient(settings: Settings) -> Iterator[GraphQLClient]:
    """A city registrar on an app where every rule warns instead of refusing."""
    modes = {code: RuleMode.WARN for code in RULES}
    with TestClient(create_app(settings.model_copy(update={"rule_modes": modes}))) as client:
        yield GraphQLClient(client).as_role("REGISTRAR", "450700", "lenient-registrar")


def found(gql: GraphQLClient, rule: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = gql.data(FINDINGS, {"rules": [rule], "first": 100})["findings"][
        "items"
    ]
    return items


def test_the_clean_seed_has_no_findings(gql: GraphQLClient) -> None:
    assert gql.data(FINDINGS, {})["findings"]["total"] == 0


def test_processing_without_a_right_is_found(lenient: GraphQLClient) -> None:
    cleaned = ids(lenient)[CLEANED]
    lenient.data(
        ACTIVITY,
        {"input": {"kind": "ANALYZE", "performerId": party_gid(MERCHANT), "usedIds": [cleaned]}},
    )
    [scanned] = [f for f in found(lenient, "PROCESSING_NEEDS_RIGHT") if f["source"] == "scan"]
    assert scanned["article"] == "第五条、第十二条"
    _activity, used_id, performer_id = scanned["nodeIds"]
    assert used_id == relay.GlobalID.from_id(cleaned).node_id
    assert performer_id == relay.GlobalID.from_id(party_gid(MERCHANT)).node_id
    recorded = [f for f in found(lenient, "PROCESSING_NEEDS_RIGHT") if f["source"] != "scan"]
    assert recorded and recorded[0]["source"] == "recordActivity"


def test_a_product_operated_without_the_operation_right_is_found(gql: GraphQLClient) -> None:
    operation = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on DataProduct { rights(kind: PRODUCT_OPERATION)"
        " { id } } } }",
        {"id": ids(gql)[MODEL]},
    )["node"]["rights"][0]["id"]
    gql.data(
        "mutation ($input: RightStatusInput!) { revokeRight(input: $input) { __typename } }",
        {"input": {"rightId": operation, "reason": "经营权被撤销"}},
    )
    [finding] = found(gql, "OPERATION_NEEDS_RIGHT")
    assert finding["messageZh"].startswith(MODEL)


def test_the_same_data_registered_again_by_another_unit_is_a_likely_duplicate(
    gql: GraphQLClient,
) -> None:
    first = register_resource(gql, catalogCode="QZG-DUP-1", nameZh="港口吞吐量 数据")
    again = register_resource(
        gql, catalogCode="QZG-DUP-2", nameZh="港口吞吐量数据", sourceId=party_gid(HOSPITAL)
    )
    assert again["__typename"] == "DataResource"  # accepted: a warning, not a refusal
    register_resource(  # the same name in another sector is other data
        gql,
        catalogCode="QZG-DUP-3",
        nameZh="港口吞吐量数据",
        sourceId=party_gid(MERCHANT),
        sector="HEALTHCARE",
    )
    [finding] = found(gql, "LIKELY_DUPLICATE")
    assert finding["source"] == "scan" and finding["article"] == "第六条"
    assert {relay.GlobalID.from_id(x["id"]).node_id for x in (first, again)} == set(
        finding["nodeIds"]
    )
    assert "QZG-DUP-1" in finding["message"] and "QZG-DUP-2" in finding["message"]
    assert "重复登记" in finding["messageZh"]


def test_the_other_breaches_are_found(lenient: GraphQLClient) -> None:
    personal = register_resource(
        lenient, catalogCode="QZG-PII-9", nameZh="司机信息", containsPersonalInfo=True
    )
    lenient.data(
        "mutation ($input: RegisterDataProductInput!) { registerDataProduct(input: $input) "
        "{ __typename } }",
        {
            "input": {
                "nameZh": "司机名单",
                "kind": "DATASET",
                "operatorId": party_gid(PORT_COMPANY),
                "inputIds": [personal["id"]],
                "validFrom": "2024-06-01",
            }
        },
    )
    register_resource(
        lenient, catalogCode="QZG-PII-9", nameZh="重复采集", sourceId=party_gid(HOSPITAL)
    )
    important = register_resource(lenient, catalogCode="QZG-IMP-9", grade="IMPORTANT")
    derived = register_resource(lenient, catalogCode="QZG-DER-9")
    lenient.data(
        ACTIVITY,
        {
            "input": {
                "kind": "PROCESS",
                "performerId": party_gid(PORT_COMPANY),
                "usedIds": [important["id"]],
                "generatedIds": [derived["id"]],
                "at": "2024-06-01T00:00:00Z",
            }
        },
    )
    drc = next(p for p in PARTIES if p.name_zh == "钦州市发展和改革委员会")
    credit_holding = lenient.data(
        "{ rights(filter: {kinds: [HOLDING]}, first: 100) "
        "{ edges { node { id holder { uid } } } } }"
    )["rights"]["edges"]
    right = next(e["node"]["id"] for e in credit_holding if e["node"]["holder"]["uid"] == drc.id)
    lenient.data(
        "mutation ($input: RecordTransactionInput!) { recordTransaction(input: $input) "
        "{ __typename } }",
        {
            "input": {
                "sellerId": party_gid("钦州市发展和改革委员会"),
                "buyerId": party_gid("北部湾征信服务有限公司"),
                "rightId": right,
                "mode": "LICENCE",
                "price": "1000",
                "pricingMode": "GOVERNMENT_GUIDED",
                "tradeDate": "2024-10-10",
            }
        },
    )
    for rule in (
        "PERSONAL_DATA_ANONYMIZED",
        "ONE_SOURCE",
        "GRADE_BELOW_INHERITED",
        "PUBLIC_BODY_ON_EXCHANGE",
    ):
        scanned = [f for f in found(lenient, rule) if f["source"] == "scan"]
        assert scanned, rule
        assert scanned[0]["article"] == RULES[rule].article


def test_findings_page_with_cursors(lenient: GraphQLClient) -> None:
    cleaned = ids(lenient)[CLEANED]
    for _ in range(3):
        lenient.data(
            ACTIVITY,
            {"input": {"kind": "USE", "performerId": party_gid(MERCHANT), "usedIds": [cleaned]}},
        )
    first = lenient.data(FINDINGS, {"first": 2})["findings"]
    assert len(first["items"]) == 2 and first["hasNextPage"] is True
    rest = lenient.data(FINDINGS, {"first": 100, "after": first["endCursor"]})["findings"]
    assert len(rest["items"]) == first["total"] - 2
    mine = lenient.data(FINDINGS, {"party": party_gid(MERCHANT), "first": 100})["findings"]
    assert mine["total"] >= 3


def run_event(event_type: str, run_id: str, **changes: Any) -> dict[str, Any]:
    """A run event as the OpenLineage spec (and openlineage-python) shapes it."""
    port = next(p for p in PARTIES if p.name_zh == PORT_COMPANY)
    event = {
        "eventType": event_type,
        "eventTime": "2024-08-01T08:30:00.000Z",
        "run": {"runId": run_id, "facets": {}},
        "job": {
            "namespace": port.credit_code,
            "name": "container_daily_rollup",
            "facets": {"rightsgraph": {"kind": "AGGREGATE"}},
        },
        "inputs": [{"namespace": "postgres://qzport-db:5432", "name": "public.container_moves"}],
        "outputs": [{"namespace": "s3://qzport-lake", "name": "rollups/daily_moves"}],
        "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.20.0/client/python",
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    }
    event.update(changes)
    return event


def post(client: TestClient, gql: GraphQLClient, body: Any) -> Any:
    headers = {"authorization": f"Bearer {gql.token}"} if gql.token else {}
    return client.post("/api/v1/lineage", json=body, headers=headers)


def test_openlineage_events_become_lineage(client: TestClient, gql: GraphQLClient) -> None:
    run_id = str(uuid.uuid4())
    started = post(client, gql, run_event("START", run_id, eventTime="2024-08-01T08:00:00Z"))
    assert started.status_code == 201, started.text
    assert started.json()["state"] == "START" and started.json()["activityId"] is None
    assert len(started.json()["createdResourceIds"]) == 2  # the datasets it names
    completed = post(client, gql, run_event("COMPLETE", run_id))
    assert completed.status_code == 201, completed.text
    body = completed.json()
    assert body["recorded"] is True and body["hopRecorded"] is True
    assert body["run"] == started.json()["run"] and body["state"] == "COMPLETE"
    assert body["createdResourceIds"] == []
    again = post(client, gql, run_event("COMPLETE", run_id))
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert again.json()["activityId"] == body["activityId"]
    unregistered = found(gql, "UNREGISTERED_DATASET")
    assert len(unregistered) == 2
    assert {"postgres://qzport-db:5432", "s3://qzport-lake"} <= {
        word for f in unregistered for word in f["message"].split()
    }
    activity = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Activity { kind name runId "
        "performer { nameZh } used { nameZh } generated { nameZh } } } }",
        {"id": str(relay.GlobalID("Activity", body["activityId"]))},
    )["node"]
    assert (activity["kind"], activity["runId"]) == ("AGGREGATE", run_id)
    assert activity["performer"]["nameZh"] == PORT_COMPANY
    assert [a["nameZh"] for a in activity["used"]] == ["public.container_moves"]
    assert [a["nameZh"] for a in activity["generated"]] == ["rollups/daily_moves"]


def test_openlineage_refuses_bad_events_with_typed_errors(
    client: TestClient, gql: GraphQLClient
) -> None:
    bad_json = client.post(
        "/api/v1/lineage", content=b"{not json", headers={"authorization": f"Bearer {gql.token}"}
    )
    assert bad_json.status_code == 400
    missing = post(client, gql, {"eventType": "COMPLETE"})
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["code"] == "INVALID_INPUT"
    stranger = run_event(
        "COMPLETE", str(uuid.uuid4()), job={"namespace": "91450700MA5KQ8XT0D", "name": "x"}
    )
    unknown = post(client, gql, stranger)
    assert unknown.status_code == 422
    assert unknown.json()["errors"][0]["code"] == "UNMAPPED_JOB_NAMESPACE"
    viewer = post(client, gql.as_role("VIEWER"), run_event("COMPLETE", str(uuid.uuid4())))
    assert viewer.status_code == 403
    anonymous = client.post(
        "/api/v1/lineage",
        json=run_event("COMPLETE", str(uuid.uuid4())),
        headers={"authorization": "Bearer nonsense"},
    )
    assert anonymous.status_code == 401
    for refused in (bad_json, missing, unknown, viewer, anonymous):
        [error] = refused.json()["errors"]
        assert error["code"] and error["message"] and error["messageZh"], error


def test_openlineage_without_a_token_is_401_and_says_how(client: TestClient) -> None:
    answer = client.post("/api/v1/lineage", json=run_event("COMPLETE", str(uuid.uuid4())))
    assert answer.status_code == 401
    assert answer.headers["www-authenticate"].startswith("Bearer")
    [error] = answer.json()["errors"]
    assert error["code"] == "UNAUTHENTICATED"
    assert "Bearer" in error["message"] and error["messageZh"]


@pytest.mark.parametrize(
    "place", ["run", "job", "inputs", "outputs"], ids=lambda place: f"facet-in-{place}"
)
def test_a_facet_over_the_cap_is_refused_and_nothing_is_written(
    client: TestClient, gql: GraphQLClient, settings: Settings, driver: Any, place: str
) -> None:
    event = run_event("COMPLETE", str(uuid.uuid4()))
    big = {"_producer": "tests", "blob": "数" * (settings.max_facet_bytes // 3 + 10)}
    holder = event[place][0] if place in ("inputs", "outputs") else event[place]
    holder["facets"] = {**holder.get("facets", {}), "huge": big}
    before = node_count(driver)
    answer = post(client, gql, event)
    assert answer.status_code == 422, answer.text
    [error] = answer.json()["errors"]
    assert error["field"].endswith("facets.huge") and error["field"].startswith(place)
    assert error["messageZh"]
    assert node_count(driver) == before


def test_every_record_ingestion_creates_is_in_its_audit_event(
    client: TestClient, gql: GraphQLClient
) -> None:
    event = run_event(
        "COMPLETE",
        str(uuid.uuid4()),
        inputs=[{"namespace": "s3://audited", "name": f"in{i}"} for i in range(20)],
        outputs=[{"namespace": "s3://audited", "name": "out"}],
    )
    answer = post(client, gql, event)
    assert answer.status_code == 201, answer.text
    assert len(answer.json()["createdResourceIds"]) == 21
    assert found(gql, "RECORD_WITHOUT_AUDIT") == []


def test_an_anonymized_dataset_feeds_a_product_without_findings(gql: GraphQLClient) -> None:
    assert ANONYMIZED in ids(gql)
    assert found(gql, "PERSONAL_DATA_ANONYMIZED") == []


def test_a_grant_broader_than_its_parent_is_found(lenient: GraphQLClient) -> None:
    from tests.test_authorizations import GRANT, holding

    _, root = holding(lenient)
    terms = {
        "kind": "ENTERPRISE_AUTHORIZATION",
        "rightKind": "PROCESSING_USE",
        "purposes": ["STATISTICS"],
        "validFrom": "2024-02-01",
        "validTo": "2027-01-01",
        "legalBasis": "CONTRACT",
        "basisReference": "合同",
        "sublicensable": True,
    }
    parent = lenient.data(
        GRANT,
        {
            "input": terms
            | {
                "parentRightId": root,
                "grantorId": party_gid(PORT_COMPANY),
                "granteeId": party_gid(MERCHANT),
            }
        },
    )["grantAuthorization"]
    child = lenient.data(
        GRANT,
        {
            "input": terms
            | {
                "parentRightId": parent["right"]["id"],
                "grantorId": party_gid(MERCHANT),
                "granteeId": party_gid(HOSPITAL),
                "purposes": ["STATISTICS", "MARKETING"],
            }
        },
    )
    assert child["grantAuthorization"]["__typename"] == "Authorization"  # warned, accepted
    scanned = [f for f in found(lenient, "GRANT_WITHIN_PARENT") if f["source"] == "scan"]
    assert len(scanned) == 1 and scanned[0]["article"] == "第十二条、第十四条"


def test_an_expired_grant_still_used_is_found(gql: GraphQLClient) -> None:
    """The merchant's grant on the anonymized data is ended before a use it backed."""
    assets = ids(gql)
    used = gql.data(
        ACTIVITY,
        {
            "input": {
                "kind": "USE",
                "performerId": party_gid(MERCHANT),
                "usedIds": [assets[ANONYMIZED]],
                "at": "2025-06-01T00:00:00Z",
            }
        },
    )["recordActivity"]
    [right] = used["rights"]
    assert found(gql, "PROCESSING_NEEDS_RIGHT") == []
    grant_right = gql.data(
        'query ($id: ID!) { rights(asOf: "2025-06-01", filter: {objectId: $id, '
        "kinds: [PROCESSING_USE]}) { edges { node { id } } } }",
        {"id": assets[ANONYMIZED]},
    )["rights"]["edges"][0]["node"]["id"]
    gql.data(
        "mutation ($input: EndRightInput!) { endRight(input: $input) { __typename } }",
        {"input": {"rightId": grant_right, "endOn": "2025-01-01", "reason": "合同提前终止"}},
    )
    [finding] = found(gql, "PROCESSING_NEEDS_RIGHT")
    assert finding["article"] == "第五条、第十二条" and used["id"] in {
        str(relay.GlobalID("Activity", n)) for n in finding["nodeIds"]
    }
    assert right == {"kind": "PROCESSING_USE"}
