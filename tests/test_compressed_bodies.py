"""Compressed request bodies (Content-Encoding), as OpenLineage's HTTP transport sends them
with `compression: gzip`: inflated before the application reads them, under the body cap."""

from __future__ import annotations

import gzip
import json
import uuid
import zlib
from typing import Any

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from tests.conftest import GraphQLClient, node_count
from tests.test_findings_openlineage import run_event

pytestmark = pytest.mark.usefixtures("seeded")


def _post(
    client: TestClient, gql: GraphQLClient, path: str, body: bytes, encoding: str | None
) -> Any:
    headers = {"authorization": f"Bearer {gql.token}", "content-type": "application/json"}
    if encoding is not None:
        headers["content-encoding"] = encoding
    return client.post(path, content=body, headers=headers)


def test_a_gzipped_event_is_recorded(client: TestClient, gql: GraphQLClient) -> None:
    event = json.dumps(run_event("COMPLETE", str(uuid.uuid4()))).encode()
    answer = _post(client, gql, "/api/v1/lineage", gzip.compress(event), "gzip")
    assert answer.status_code == 201, answer.text
    assert answer.json()["recorded"] is True


def test_a_gzipped_and_a_deflated_graphql_request_are_answered(
    client: TestClient, gql: GraphQLClient
) -> None:
    query = json.dumps({"query": "{ me { role } }"}).encode()
    for encoding, body in (("gzip", gzip.compress(query)), ("deflate", zlib.compress(query))):
        answer = _post(client, gql, "/graphql", body, encoding)
        assert answer.status_code == 200, (encoding, answer.text)
        assert answer.json()["data"]["me"]["role"] == "REGISTRAR"


def test_two_gzip_members_are_one_body(client: TestClient, gql: GraphQLClient) -> None:
    event = json.dumps(run_event("START", str(uuid.uuid4()))).encode()
    half = len(event) // 2
    body = gzip.compress(event[:half]) + gzip.compress(event[half:])
    answer = _post(client, gql, "/api/v1/lineage", body, "gzip")
    assert answer.status_code == 201, answer.text


def test_a_gzip_bomb_is_refused_413_and_writes_nothing(
    settings: Settings, gql: GraphQLClient, driver: Any
) -> None:
    limit = 200_000
    small = settings.model_copy(update={"max_body_bytes": limit})
    bomb = gzip.compress(b"[" + b" " * (50 * limit) + b"]")  # 10 MB of blanks in ~10 KB
    assert len(bomb) < limit
    before = node_count(driver)
    with TestClient(create_app(small)) as client:
        for path in ("/api/v1/lineage", "/graphql"):
            answer = _post(client, gql, path, bomb, "gzip")
            assert answer.status_code == 413, answer.text
            [error] = answer.json()["errors"]
            code = error.get("code") or error["extensions"]["code"]
            assert code == "BODY_TOO_LARGE"
            assert str(limit) in error["message"]
    assert node_count(driver) == before


@pytest.mark.parametrize(
    "body",
    [
        b"not gzip at all",
        gzip.compress(b'{"eventType": "START"}')[:-6],  # cut short
        gzip.compress(b"{}") + b"trailing bytes",
    ],
    ids=["garbage", "truncated", "trailing-garbage"],
)
def test_a_body_that_does_not_inflate_is_a_typed_400(
    client: TestClient, gql: GraphQLClient, body: bytes
) -> None:
    answer = _post(client, gql, "/api/v1/lineage", body, "gzip")
    assert answer.status_code == 400, answer.text
    [error] = answer.json()["errors"]
    assert error["code"] == "BAD_CONTENT_ENCODING"
    assert error["message"] and error["messageZh"]


def test_an_encoding_the_api_does_not_read_is_a_typed_415(
    client: TestClient, gql: GraphQLClient
) -> None:
    event = json.dumps(run_event("START", str(uuid.uuid4()))).encode()
    for path in ("/api/v1/lineage", "/graphql"):
        answer = _post(client, gql, path, event, "br")
        assert answer.status_code == 415, answer.text
        [error] = answer.json()["errors"]
        code = error.get("code") or error["extensions"]["code"]
        assert code == "BAD_CONTENT_ENCODING"
        assert "br" in error["message"]


def test_identity_is_no_encoding(client: TestClient, gql: GraphQLClient) -> None:
    event = json.dumps(run_event("START", str(uuid.uuid4()))).encode()
    answer = _post(client, gql, "/api/v1/lineage", event, "identity")
    assert answer.status_code == 201, answer.text
