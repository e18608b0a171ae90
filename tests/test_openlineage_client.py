"""A pipeline as the OpenLineage documentation configures one: the official Python client
(`openlineage-python`), its HTTP transport with `api_key` auth and gzip, pointed at the API
served by uvicorn. After one mapping call for its namespace and one link per dataset, its
runs land on the registered resources, and processing without a right shows in findings."""

from __future__ import annotations

import json
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import requests
import uvicorn
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import InputDataset, Job, OutputDataset, Run, RunEvent, RunState
from openlineage.client.facet_v2 import column_lineage_dataset, schema_dataset
from openlineage.client.transport.http import HttpConfig, HttpTransport

from api.app import create_app
from api.auth import issue_token
from api.settings import DEV_JWT_SECRET, Settings
from graph.domain import Role
from tests.conftest import GraphQLClient
from tests.helpers import MERCHANT, PORT_COMPANY
from tests.lineage_events import findings, map_namespace, register_with_dataset

pytestmark = pytest.mark.usefixtures("seeded")

PG = "postgres://qzport-db:5432"
LAKE = "s3://qzport-lake"
PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.1.0"
TOKEN = issue_token(DEV_JWT_SECRET, "airflow-prod-pipeline", Role.REGISTRAR, "450700")


@pytest.fixture(scope="module")
def served(settings: Settings, driver: Any) -> Iterator[str]:
    """The API under uvicorn on a free port, in a thread of this process."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.1)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def client_of(url: str, api_key: str | None = TOKEN) -> OpenLineageClient:
    """The client as the README configures it (the same keys as openlineage.yml)."""
    transport: dict[str, Any] = {
        "type": "http",
        "url": url,
        "endpoint": "api/v1/lineage",
        "compression": "gzip",
        "timeout": 10,
    }
    if api_key is not None:
        transport["auth"] = {"type": "api_key", "apiKey": api_key}
    return OpenLineageClient(config={"transport": transport})


def transport_of(url: str) -> HttpTransport:
    """The same transport, used directly to read the answers."""
    config = HttpConfig.from_dict(
        {
            "url": url,
            "auth": {"type": "api_key", "apiKey": TOKEN},
            "compression": "gzip",
            "retry": {"total": 0},
        }
    )
    return HttpTransport(config)


def rollup_event(
    state: RunState, run_id: str, at: str, job: str = "port_rollups.daily"
) -> RunEvent:
    moves = InputDataset(
        namespace=PG,
        name="qzport.public.container_moves",
        facets={
            "schema": schema_dataset.SchemaDatasetFacet(
                fields=[
                    schema_dataset.SchemaDatasetFacetFields(name="moved_at", type="TIMESTAMP"),
                    schema_dataset.SchemaDatasetFacetFields(name="teu", type="INT"),
                ]
            )
        },
    )
    lineage = column_lineage_dataset.ColumnLineageDatasetFacet(
        fields={
            "teu_total": column_lineage_dataset.Fields(
                inputFields=[
                    column_lineage_dataset.InputField(
                        namespace=PG,
                        name="qzport.public.container_moves",
                        field="teu",
                        transformations=[
                            column_lineage_dataset.Transformation(
                                type="DIRECT", subtype="AGGREGATION"
                            )
                        ],
                    )
                ]
            )
        }
    )
    daily = OutputDataset(
        namespace=LAKE, name="rollups/daily_moves", facets={"columnLineage": lineage}
    )
    return RunEvent(
        eventType=state,
        eventTime=at,
        run=Run(runId=run_id),
        job=Job(namespace="airflow-prod", name=job),
        producer=PRODUCER,
        inputs=[moves],
        outputs=[daily] if state != RunState.START else [],
    )


def test_a_pipeline_with_its_own_namespace_and_gzip_lands_on_registered_resources(
    served: str, gql: GraphQLClient
) -> None:
    source = register_with_dataset(gql, "QZG-CLI-0001", PG, "qzport.public.container_moves")
    target = register_with_dataset(gql, "QZG-CLI-0002", LAKE, "rollups/daily_moves")
    map_namespace(gql, "airflow-prod", PORT_COMPANY)
    client = client_of(served)
    run_id = str(uuid.uuid4())
    for state, at in (
        (RunState.START, "2024-08-01T08:00:00.000Z"),
        (RunState.RUNNING, "2024-08-01T08:10:00.000Z"),
        (RunState.COMPLETE, "2024-08-01T08:30:00.000Z"),
    ):
        client.emit(rollup_event(state, run_id, at))  # raises on any refusal
    investigator = gql.as_role("INVESTIGATOR", subject="inspector-wang")
    upstream = investigator.data(
        """query ($id: ID!) { lineage(assetId: $id) { nodes { asset { id } }
          edges { performer { nameZh } runs { runId state events { state } } } } }""",
        {"id": target["id"]},
    )["lineage"]
    assert [n["asset"]["id"] for n in upstream["nodes"]] == [source["id"]]
    [hop] = upstream["edges"]
    assert hop["performer"]["nameZh"] == PORT_COMPANY
    [run] = hop["runs"]
    assert run["runId"] == run_id and run["state"] == "COMPLETE"
    assert [e["state"] for e in run["events"]] == ["START", "RUNNING", "COMPLETE"]
    columns = investigator.data(
        """query ($id: ID!) { columnLineage(assetId: $id, column: "teu_total") {
          nodes { column asset { id } } } }""",
        {"id": target["id"]},
    )["columnLineage"]["nodes"]
    assert columns == [{"column": "teu", "asset": {"id": source["id"]}}]


def test_the_transport_reads_the_answer_and_a_retry_is_acknowledged(
    served: str, gql: GraphQLClient
) -> None:
    map_namespace(gql, "airflow-prod", PORT_COMPANY)
    transport = transport_of(served)
    event = rollup_event(RunState.COMPLETE, str(uuid.uuid4()), "2024-08-02T08:30:00.000Z")
    first = transport.emit(event)
    assert first.status_code == 201
    assert first.request.headers["Content-Encoding"] == "gzip"
    retried = transport.emit(event)  # the same event again, as after a lost answer
    assert retried.status_code == 200 and retried.json()["duplicate"] is True


def test_an_unmapped_namespace_is_a_422_the_client_does_not_retry(
    served: str, gql: GraphQLClient
) -> None:
    event = rollup_event(RunState.START, str(uuid.uuid4()), "2024-08-01T08:00:00.000Z")
    with pytest.raises(requests.HTTPError) as refused:
        client_of(served).emit(event)
    answer = refused.value.response
    assert answer is not None and answer.status_code == 422
    [error] = answer.json()["errors"]
    assert error["code"] == "UNMAPPED_JOB_NAMESPACE" and "mapJobNamespace" in error["message"]


def test_without_an_api_key_the_client_gets_401(served: str) -> None:
    event = rollup_event(RunState.START, str(uuid.uuid4()), "2024-08-01T08:00:00.000Z")
    with pytest.raises(requests.HTTPError) as refused:
        client_of(served, api_key=None).emit(event)
    answer = refused.value.response
    assert answer is not None and answer.status_code == 401
    assert answer.json()["errors"][0]["code"] == "UNAUTHENTICATED"


def test_processing_without_a_right_appears_in_findings(served: str, gql: GraphQLClient) -> None:
    """The merchant's Spark reads the port company's registered table, ungranted."""
    source = register_with_dataset(gql, "QZG-CLI-0003", PG, "qzport.public.container_moves")
    map_namespace(gql, "spark-merchant", MERCHANT)
    event = RunEvent(
        eventType=RunState.COMPLETE,
        eventTime="2024-09-01T10:00:00.000Z",
        run=Run(runId=str(uuid.uuid4())),
        job=Job(namespace="spark-merchant", name="index_features"),
        producer="https://github.com/OpenLineage/OpenLineage/tree/1.54.0/integration/spark",
        inputs=[InputDataset(namespace=PG, name="qzport.public.container_moves")],
        outputs=[OutputDataset(namespace="s3://merchant-lake", name="features/index")],
    )
    answer = transport_of(served).emit(event)
    assert answer.status_code == 201 and answer.json()["findings"]
    [found] = [f for f in findings(gql, "PROCESSING_NEEDS_RIGHT") if f["source"] == "scan"]
    assert source["uid"] in found["nodeIds"] and found["day"] == "2024-09-01"
    [unregistered] = findings(gql, "UNREGISTERED_DATASET")
    assert "s3://merchant-lake" in unregistered["message"]
    assert json.loads(json.dumps(found))["article"] == "第五条、第十二条"
