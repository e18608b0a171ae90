"""OpenLineage events shaped as the specification's examples shape them, and the GraphQL
steps a registrar takes so that a pipeline's events land on registered resources."""

from __future__ import annotations

import uuid
from typing import Any

from starlette.testclient import TestClient

from tests.conftest import GraphQLClient
from tests.helpers import party_gid, resource_input

PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python"
SCHEMA_URL = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent"
FACET = "https://openlineage.io/spec/facets/1-2-0/"

LINK = """
mutation ($input: LinkDatasetsInput!) { linkDatasets(input: $input) {
  __typename
  ... on DataResource { id uid datasets { namespace name } }
  ... on DataProduct { id uid datasets { namespace name } }
  ... on Rejection { errors { code field message messageZh existingId } } } }"""

UNLINK = LINK.replace("linkDatasets", "unlinkDatasets")

MAP = """
mutation ($input: MapJobNamespaceInput!) { mapJobNamespace(input: $input) {
  __typename
  ... on JobNamespaceMapping { id namespace producer performer { nameZh } }
  ... on Rejection { errors { code field message messageZh article } } } }"""

REGISTER = """
mutation ($input: RegisterDataResourceInput!) { registerDataResource(input: $input) {
  __typename ... on DataResource { id uid nameZh datasets { namespace name } }
  ... on Rejection { errors { code field message messageZh existingId } } } }"""


def dataset(namespace: str, name: str, **facets: Any) -> dict[str, Any]:
    return {"namespace": namespace, "name": name, "facets": facets}


def schema_facet(*columns: tuple[str, str] | tuple[str, str, str]) -> dict[str, Any]:
    return {
        "_producer": PRODUCER,
        "_schemaURL": FACET + "SchemaDatasetFacet.json#/$defs/SchemaDatasetFacet",
        "fields": [
            {"name": c[0], "type": c[1], **({"description": c[2]} if len(c) > 2 else {})}
            for c in columns
        ],
    }


def column_lineage_facet(
    fields: dict[str, list[tuple[str, str, str, str, str]]],
    dataset_wide: list[tuple[str, str, str, str, str]] | None = None,
) -> dict[str, Any]:
    """`fields`: output column -> [(namespace, name, input column, type, subtype)]."""

    def inputs(sources: list[tuple[str, str, str, str, str]]) -> list[dict[str, Any]]:
        return [
            {
                "namespace": namespace,
                "name": name,
                "field": field,
                "transformations": [{"type": kind, "subtype": subtype, "masking": False}],
            }
            for namespace, name, field, kind, subtype in sources
        ]

    return {
        "_producer": PRODUCER,
        "_schemaURL": FACET + "ColumnLineageDatasetFacet.json#/$defs/ColumnLineageDatasetFacet",
        "fields": {column: {"inputFields": inputs(sources)} for column, sources in fields.items()},
        "dataset": inputs(dataset_wide or []),
    }


def symlinks_facet(*identifiers: tuple[str, str]) -> dict[str, Any]:
    return {
        "_producer": PRODUCER,
        "_schemaURL": FACET + "SymlinksDatasetFacet.json#/$defs/SymlinksDatasetFacet",
        "identifiers": [
            {"namespace": namespace, "name": name, "type": "TABLE"}
            for namespace, name in identifiers
        ],
    }


def event(
    event_type: str | None,
    run_id: str,
    job: tuple[str, str],
    inputs: list[dict[str, Any]] | None = None,
    outputs: list[dict[str, Any]] | None = None,
    at: str = "2024-08-01T08:30:00.000Z",
    **changes: Any,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "eventTime": at,
        "run": {"runId": run_id, "facets": {}},
        "job": {"namespace": job[0], "name": job[1], "facets": {}},
        "inputs": inputs or [],
        "outputs": outputs or [],
        "producer": PRODUCER,
        "schemaURL": SCHEMA_URL,
    }
    if event_type is not None:
        body["eventType"] = event_type
    body.update(changes)
    return body


def new_run() -> str:
    return str(uuid.uuid4())


def send(client: TestClient, gql: GraphQLClient, body: Any) -> Any:
    headers = {"authorization": f"Bearer {gql.token}"} if gql.token else {}
    return client.post("/api/v1/lineage", json=body, headers=headers)


def sent(client: TestClient, gql: GraphQLClient, body: Any) -> dict[str, Any]:
    """The answer of an event that must be recorded."""
    answer = send(client, gql, body)
    assert answer.status_code == 201, answer.text
    result: dict[str, Any] = answer.json()
    return result


def map_namespace(gql: GraphQLClient, namespace: str, performer: str, **more: Any) -> Any:
    answer = gql.data(
        MAP,
        {"input": {"namespace": namespace, "performerId": party_gid(performer), **more}},
    )["mapJobNamespace"]
    assert answer["__typename"] == "JobNamespaceMapping", answer
    return answer


def register_with_dataset(
    gql: GraphQLClient, code: str, namespace: str, name: str, **fields: Any
) -> dict[str, Any]:
    """A resource registered with its dataset identifier; by default of the port company."""
    registered: dict[str, Any] = gql.data(
        REGISTER,
        {
            "input": resource_input(
                catalogCode=code,
                nameZh=fields.pop("nameZh", f"登记数据{code}"),
                datasets=[{"namespace": namespace, "name": name}],
                **fields,
            )
        },
    )["registerDataResource"]
    assert registered["__typename"] == "DataResource", registered
    return registered


FINDINGS = """
query ($rules: [String!]) { findings(rules: $rules, first: 200) {
  items { rule article message messageZh nodeIds source day } } }"""


def findings(gql: GraphQLClient, rule: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = gql.data(FINDINGS, {"rules": [rule]})["findings"]["items"]
    return items
