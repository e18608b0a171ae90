"""Who ran the job: registrars map job namespaces (and producers) to performers; an event of
an unmapped namespace is refused with a 422 that says how to map it, and writes nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient
from strawberry import relay

from seed.parties import PARTIES
from tests.conftest import GraphQLClient, node_count
from tests.helpers import HOSPITAL, LINGSHAN_COMPANY, MERCHANT, PORT_COMPANY, party_gid
from tests.lineage_events import MAP, event, map_namespace, new_run, send, sent

pytestmark = pytest.mark.usefixtures("seeded")

PERFORMER = """query ($id: ID!) { node(id: $id) { ... on Activity { performer { nameZh } } } }"""
MAPPINGS = """query ($at: DateTime) { jobNamespaces(first: 50, asRecordedAt: $at) {
  totalCount edges { node { namespace producer performer { nameZh } supersededAt } } } }"""
UNMAP = """mutation ($input: UnmapJobNamespaceInput!) { unmapJobNamespace(input: $input) {
  __typename ... on JobNamespaceMapping { namespace supersededAt }
  ... on Rejection { errors { code field } } } }"""


def performer(gql: GraphQLClient, answer: dict[str, Any]) -> str:
    node = gql.data(PERFORMER, {"id": str(relay.GlobalID("Activity", answer["activityId"]))})
    name: str = node["node"]["performer"]["nameZh"]
    return name


def test_an_unmapped_namespace_is_refused_with_how_to_map_it(
    client: TestClient, gql: GraphQLClient, driver: Any
) -> None:
    before = node_count(driver)
    answer = send(client, gql, event("START", new_run(), ("airflow-prod", "dag.task")))
    assert answer.status_code == 422
    [error] = answer.json()["errors"]
    assert (error["code"], error["field"]) == ("UNMAPPED_JOB_NAMESPACE", "job.namespace")
    assert "mapJobNamespace" in error["message"] and "airflow-prod" in error["message"]
    assert "mapJobNamespace" in error["messageZh"]
    assert node_count(driver) == before


def test_a_mapped_namespace_names_the_performer_and_a_producer_prefix_wins(
    client: TestClient, gql: GraphQLClient
) -> None:
    map_namespace(gql, "airflow-prod", PORT_COMPANY)
    map_namespace(gql, "airflow-prod", MERCHANT, producer="https://github.com/apache/airflow")
    anyone = sent(client, gql, event("COMPLETE", new_run(), ("airflow-prod", "a")))
    assert performer(gql, anyone) == PORT_COMPANY
    airflow = event("COMPLETE", new_run(), ("airflow-prod", "b"))
    airflow["producer"] = "https://github.com/apache/airflow/tree/providers-openlineage/2.1.0"
    assert performer(gql, sent(client, gql, airflow)) == MERCHANT


def test_mapping_again_replaces_and_the_record_keeps_the_old(
    client: TestClient, gql: GraphQLClient
) -> None:
    map_namespace(gql, "spark-etl", PORT_COMPANY)
    between = datetime.now(UTC).isoformat()
    map_namespace(gql, "spark-etl", MERCHANT)
    assert performer(gql, sent(client, gql, event("COMPLETE", new_run(), ("spark-etl", "x")))) == (
        MERCHANT
    )
    now = gql.data(MAPPINGS)["jobNamespaces"]
    assert [e["node"]["performer"]["nameZh"] for e in now["edges"]] == [MERCHANT]
    then = gql.data(MAPPINGS, {"at": between})["jobNamespaces"]
    assert [e["node"]["performer"]["nameZh"] for e in then["edges"]] == [PORT_COMPANY]


def test_unmapping_refuses_the_namespace_again(client: TestClient, gql: GraphQLClient) -> None:
    map_namespace(gql, "dbt-prod", PORT_COMPANY)
    unmapped = gql.data(UNMAP, {"input": {"namespace": "dbt-prod"}})["unmapJobNamespace"]
    assert unmapped["supersededAt"] is not None
    answer = send(client, gql, event("START", new_run(), ("dbt-prod", "model")))
    assert answer.json()["errors"][0]["code"] == "UNMAPPED_JOB_NAMESPACE"
    again = gql.data(UNMAP, {"input": {"namespace": "dbt-prod"}})["unmapJobNamespace"]
    assert again["errors"][0]["code"] == "NOT_FOUND"


def test_a_credit_code_namespace_and_the_rightsgraph_facet_still_name_the_performer(
    client: TestClient, gql: GraphQLClient
) -> None:
    port = next(p for p in PARTIES if p.name_zh == PORT_COMPANY)
    hospital = next(p for p in PARTIES if p.name_zh == HOSPITAL)
    assert port.credit_code and hospital.credit_code
    by_code = sent(client, gql, event("COMPLETE", new_run(), (port.credit_code, "job")))
    assert performer(gql, by_code) == PORT_COMPANY
    named = event("COMPLETE", new_run(), ("airflow-unmapped", "job"))
    named["job"]["facets"] = {"rightsgraph": {"performerCreditCode": hospital.credit_code}}
    assert performer(gql, sent(client, gql, named)) == HOSPITAL


def test_a_county_registrar_maps_only_parties_of_its_county(gql: GraphQLClient) -> None:
    lingshan = gql.as_role("REGISTRAR", "450721", "lingshan-registrar")
    refused = lingshan.data(
        MAP, {"input": {"namespace": "airflow-port", "performerId": party_gid(PORT_COMPANY)}}
    )["mapJobNamespace"]
    assert refused["errors"][0]["code"] == "JURISDICTION"
    own = lingshan.data(
        MAP, {"input": {"namespace": "airflow-farm", "performerId": party_gid(LINGSHAN_COMPANY)}}
    )["mapJobNamespace"]
    assert own["performer"]["nameZh"] == LINGSHAN_COMPANY


def test_mapping_input_is_checked(gql: GraphQLClient) -> None:
    empty = gql.data(MAP, {"input": {"namespace": "", "performerId": party_gid(MERCHANT)}})
    assert empty["mapJobNamespace"]["errors"][0]["field"] == "input.namespace"
    not_a_party = gql.data(MAP, {"input": {"namespace": "x", "performerId": "bm9wZQ=="}})
    assert not_a_party["mapJobNamespace"]["errors"][0]["code"] == "INVALID_INPUT"
