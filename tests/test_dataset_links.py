"""Dataset identity: registrars link resources and products to OpenLineage dataset
identifiers, by `linkDatasets` and in the register/revise inputs, and ingestion lands on
them; a dataset nobody linked becomes an unregistered resource with no holder."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient
from strawberry import relay

from tests.conftest import GraphQLClient, node_count
from tests.helpers import (
    LINGSHAN_COMPANY,
    MERCHANT,
    PORT_COMPANY,
    REGISTER_PRODUCT,
    party_gid,
    resource_input,
)
from tests.lineage_events import (
    LINK,
    REGISTER,
    UNLINK,
    dataset,
    event,
    findings,
    map_namespace,
    new_run,
    register_with_dataset,
    sent,
)
from tests.test_lineage import ids

pytestmark = pytest.mark.usefixtures("seeded")

PG = "postgres://qzport-db:5432"
MOVES = "qzport.public.container_moves"
ASSET = """query ($id: ID!) { node(id: $id) { ... on DataResource {
  nameZh unregistered source { nameZh } rights { kind holder { nameZh } }
  datasets { namespace name } } } }"""
AS_RECORDED = """query ($at: DateTime) { dataResources(first: 100, asRecordedAt: $at) {
  edges { node { catalogCode datasets { namespace name } } } } }"""


def link(gql: GraphQLClient, asset_id: str, *identifiers: tuple[str, str]) -> Any:
    datasets = [{"namespace": ns, "name": name} for ns, name in identifiers]
    return gql.data(LINK, {"input": {"assetId": asset_id, "datasets": datasets}})["linkDatasets"]


def test_an_event_lands_on_the_resource_registered_with_its_dataset(
    client: TestClient, gql: GraphQLClient
) -> None:
    registered = register_with_dataset(gql, "QZG-OL-0001", PG, MOVES)
    assert registered["datasets"] == [{"namespace": PG, "name": MOVES}]
    map_namespace(gql, "airflow-prod", PORT_COMPANY)
    # The namespace's scheme and host are case blind, as the naming conventions have them.
    answer = sent(
        client,
        gql,
        event(
            "COMPLETE",
            new_run(),
            ("airflow-prod", "port.daily_rollup"),
            inputs=[dataset("Postgres://QZPort-DB:5432/", MOVES)],
        ),
    )
    assert answer["createdResourceIds"] == []
    used = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Activity { used { id } } } }",
        {"id": _activity(answer)},
    )["node"]["used"]
    assert used == [{"id": registered["id"]}]


def _activity(answer: dict[str, Any]) -> str:
    return str(relay.GlobalID("Activity", answer["activityId"]))


def test_an_unknown_dataset_is_unregistered_with_no_holder_and_named_in_findings(
    client: TestClient, gql: GraphQLClient
) -> None:
    map_namespace(gql, "spark-merchant", MERCHANT)
    answer = sent(
        client,
        gql,
        event(
            "COMPLETE",
            new_run(),
            ("spark-merchant", "enrich"),
            inputs=[dataset("s3://somebody-elses-lake", "raw/containers.parquet")],
        ),
    )
    [created] = answer["createdResourceIds"]
    resource = gql.data(ASSET, {"id": str(relay.GlobalID("DataResource", created))})["node"]
    assert resource["unregistered"] is True
    assert resource["source"] is None and resource["rights"] == []  # no holder, no right
    assert resource["datasets"] == [
        {"namespace": "s3://somebody-elses-lake", "name": "raw/containers.parquet"}
    ]
    [finding] = findings(gql, "UNREGISTERED_DATASET")
    assert "s3://somebody-elses-lake" in finding["message"]
    assert "raw/containers.parquet" in finding["message"]
    assert "OL-" not in finding["message"] and "raw/containers.parquet" in finding["messageZh"]
    # The merchant processed data it holds no right on: rule 3, not only "unregistered".
    [processing] = [f for f in findings(gql, "PROCESSING_NEEDS_RIGHT") if f["source"] == "scan"]
    assert created in processing["nodeIds"]


def test_a_catalogue_code_is_no_postgres_table_name(gql: GraphQLClient) -> None:
    refused = gql.data(
        REGISTER,
        {
            "input": resource_input(
                catalogCode="QZG-OL-0002", datasets=[{"namespace": PG, "name": "QZG-OL-0002"}]
            )
        },
    )["registerDataResource"]
    [error] = refused["errors"]
    assert (error["code"], error["field"]) == ("INVALID_INPUT", "input.datasets.0.name")
    assert (
        "database.schema.table" in error["message"]
        or "analytics.public.orders" in (error["message"])
    )
    assert "OpenLineage" in error["messageZh"]
    bad_namespace = link(gql, ids(gql)["钦州港集装箱物流数据"], ("postgres://no-port", MOVES))
    assert bad_namespace["errors"][0]["field"] == "input.datasets.0.namespace"


def test_an_identifier_names_one_registered_asset(gql: GraphQLClient) -> None:
    first = register_with_dataset(gql, "QZG-OL-0003", PG, MOVES)
    second = register_with_dataset(gql, "QZG-OL-0004", PG, "qzport.public.berths")
    taken = link(gql, second["id"], (PG, MOVES))
    [error] = taken["errors"]
    assert error["code"] == "DATASET_ALREADY_LINKED" and error["existingId"] == first["id"]
    assert error["field"] == "input.datasets.0"
    again = link(gql, first["id"], (PG, MOVES))  # the same link again changes nothing
    assert again["__typename"] == "DataResource"
    unlinked = gql.data(
        UNLINK, {"input": {"assetId": first["id"], "datasets": [{"namespace": PG, "name": MOVES}]}}
    )["unlinkDatasets"]
    assert unlinked["datasets"] == []
    moved = link(gql, second["id"], (PG, MOVES))
    assert {d["name"] for d in moved["datasets"]} == {MOVES, "qzport.public.berths"}


def test_linking_moves_an_identifier_off_an_unregistered_dataset(
    client: TestClient, gql: GraphQLClient
) -> None:
    map_namespace(gql, "airflow-prod", PORT_COMPANY)
    job = ("airflow-prod", "port.moves_export")
    early = sent(client, gql, event("COMPLETE", new_run(), job, inputs=[dataset(PG, MOVES)]))
    [unregistered] = early["createdResourceIds"]
    registered = register_with_dataset(gql, "QZG-OL-0005", PG, MOVES)
    later = sent(client, gql, event("COMPLETE", new_run(), job, inputs=[dataset(PG, MOVES)]))
    assert later["createdResourceIds"] == [] and later["activityId"] != early["activityId"]
    used = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Activity { used { id } } } }",
        {"id": _activity(later)},
    )["node"]["used"]
    assert used == [{"id": registered["id"]}]
    # The early run stays on the unregistered dataset it was recorded on.
    early_used = gql.data(
        "query ($id: ID!) { node(id: $id) { ... on Activity { used { id } } } }",
        {"id": _activity(early)},
    )["node"]["used"]
    assert early_used == [{"id": str(relay.GlobalID("DataResource", unregistered))}]


def test_revising_a_resource_replaces_its_identifiers_and_the_record_keeps_the_old(
    gql: GraphQLClient,
) -> None:
    registered = register_with_dataset(gql, "QZG-OL-0006", PG, MOVES)
    before = datetime.now(UTC).isoformat()
    revised = gql.data(
        """mutation ($input: ReviseDataResourceInput!) { reviseDataResource(input: $input) {
          __typename ... on DataResource { datasets { namespace name } } } }""",
        {
            "input": {
                "resourceId": registered["id"],
                "reason": "迁移到数据湖",
                "datasets": [{"namespace": "s3://qzport-lake", "name": "moves/"}],
            }
        },
    )["reviseDataResource"]
    assert revised["datasets"] == [{"namespace": "s3://qzport-lake", "name": "moves/"}]
    then = {
        e["node"]["catalogCode"]: e["node"]["datasets"]
        for e in gql.data(AS_RECORDED, {"at": before})["dataResources"]["edges"]
    }
    assert then["QZG-OL-0006"] == [{"namespace": PG, "name": MOVES}]


def test_a_product_is_registered_with_its_dataset(gql: GraphQLClient) -> None:
    assets = ids(gql)
    registered = gql.data(
        REGISTER_PRODUCT.replace("inputs { id nameZh }", "inputs { id nameZh } datasets { name }"),
        {
            "input": {
                "nameZh": "港口日吞吐量看板",
                "kind": "REPORT",
                "operatorId": party_gid(PORT_COMPANY),
                "inputIds": [assets["钦州港集装箱物流数据"]],
                "validFrom": "2024-06-01",
                "datasets": [{"namespace": "bigquery", "name": "qzport.reports.daily_moves"}],
            }
        },
    )["registerDataProduct"]
    assert registered["datasets"] == [{"name": "qzport.reports.daily_moves"}]


def test_a_county_registrar_links_only_in_its_county(gql: GraphQLClient, driver: Any) -> None:
    lingshan = gql.as_role("REGISTRAR", "450721", "lingshan-registrar")
    port_data = ids(gql)["钦州港集装箱物流数据"]
    before = node_count(driver)
    refused = link(lingshan, port_data, (PG, MOVES))
    assert refused["errors"][0]["code"] == "JURISDICTION"
    assert node_count(driver) == before
    own = lingshan.data(
        REGISTER,
        {
            "input": resource_input(
                catalogCode="QZG-OL-0007",
                sourceId=party_gid(LINGSHAN_COMPANY),
                sector="AGRICULTURE",
                datasets=[{"namespace": "mysql://lingshan-db:3306", "name": "farm.lychee"}],
            )
        },
    )["registerDataResource"]
    assert own["__typename"] == "DataResource", own
