"""HTTP for portals and browsers: CORS from settings, gzip, GraphQL over HTTP's
`application/graphql-response+json`, and the pages of the web build."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import neo4j
import pytest
from starlette.testclient import TestClient

from api.app import accepted_media_type, create_app
from api.auth import issue_token
from api.settings import DEV_JWT_SECRET, Settings
from schema.enums import Role

PORTAL = "https://portal.qinzhou.example"
INVESTIGATOR = issue_token(DEV_JWT_SECRET, "inspector-wang", Role.INVESTIGATOR)
GRAPHQL_RESPONSE = "application/graphql-response+json"


@pytest.fixture(scope="module")
def portal_client(settings: Settings, driver: neo4j.Driver) -> Iterator[TestClient]:
    """The API allowing one portal origin."""
    with TestClient(create_app(settings.model_copy(update={"cors_origins": [PORTAL]}))) as c:
        yield c


def preflight(client: TestClient, origin: str) -> tuple[int, dict[str, str]]:
    response = client.options(
        "/graphql",
        headers={
            "origin": origin,
            "access-control-request-method": "POST",
            "access-control-request-headers": "authorization, content-type",
        },
    )
    return response.status_code, dict(response.headers)


def test_a_preflight_from_an_allowed_origin_is_granted(portal_client: TestClient) -> None:
    status, headers = preflight(portal_client, PORTAL)
    assert status == 200
    assert headers["access-control-allow-origin"] == PORTAL
    assert "POST" in headers["access-control-allow-methods"]
    assert "authorization" in headers["access-control-allow-headers"].lower()


def test_a_preflight_from_another_origin_is_answered_and_refused(
    portal_client: TestClient, client: TestClient
) -> None:
    status, headers = preflight(portal_client, "https://elsewhere.example")
    assert status == 400 and "access-control-allow-origin" not in headers
    # By default no origin is allowed: the preflight is answered (not 405) and refused.
    status, headers = preflight(client, PORTAL)
    assert status == 400 and "access-control-allow-origin" not in headers


def test_an_allowed_origin_reads_answers_and_refusals(portal_client: TestClient) -> None:
    answer = portal_client.post(
        "/graphql",
        json={"query": "{ me { role } }"},
        headers={"origin": PORTAL, "authorization": f"Bearer {INVESTIGATOR}"},
    )
    assert answer.json()["data"]["me"]["role"] == "INVESTIGATOR"
    assert answer.headers["access-control-allow-origin"] == PORTAL
    refused = portal_client.post(
        "/graphql",
        json={"query": "{ me { role } }"},
        headers={"origin": PORTAL, "authorization": "Bearer not-a-token"},
    )
    assert refused.status_code == 401
    assert refused.headers["access-control-allow-origin"] == PORTAL  # the portal can read why


def test_cors_origins_are_read_as_a_list_or_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIGHTSGRAPH_CORS_ORIGINS", "https://a.example/, https://b.example")
    assert Settings().cors_origins == ["https://a.example", "https://b.example"]
    monkeypatch.setenv("RIGHTSGRAPH_CORS_ORIGINS", '["https://c.example"]')
    assert Settings().cors_origins == ["https://c.example"]
    monkeypatch.delenv("RIGHTSGRAPH_CORS_ORIGINS")
    assert Settings().cors_origins == []


def test_large_answers_are_gzipped_small_ones_are_not(client: TestClient) -> None:
    query = {"query": "{ enumLabels { enumName value labelZh labelEn } }"}
    large = client.post("/graphql", json=query, headers={"accept-encoding": "gzip"})
    assert large.headers["content-encoding"] == "gzip"
    assert len(large.content) > 3 * int(large.headers["content-length"])  # decoded vs sent
    assert large.json()["data"]["enumLabels"]
    small = client.get("/healthz", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers


def post(client: TestClient, query: str, accept: str) -> tuple[int, str, dict[str, Any]]:
    headers = {"accept": accept} if accept else {}
    response = client.post("/graphql", json={"query": query}, headers=headers)
    return response.status_code, response.headers["content-type"], response.json()


def test_graphql_response_json_gives_400_without_data_to_a_request_error(
    client: TestClient,
) -> None:
    too_many_aliases = "{ " + " ".join(f"a{i}: me {{ role }}" for i in range(40)) + " }"
    for document in ("{ nope }", "{ me {", too_many_aliases):
        status, media, body = post(client, document, GRAPHQL_RESPONSE)
        assert status == 400, document
        assert media.startswith(GRAPHQL_RESPONSE)
        assert "data" not in body and body["errors"]


def test_graphql_response_json_gives_200_once_execution_started(client: TestClient) -> None:
    status, media, body = post(client, "{ me { role } }", GRAPHQL_RESPONSE)
    assert (status, body["data"]["me"]["role"]) == (200, "ANONYMOUS")
    assert media.startswith(GRAPHQL_RESPONSE)
    # A field error (anonymous callers may not read lineage) is a partial answer: 200, data null.
    status, _, body = post(
        client, '{ lineage(assetId: "RGF0YVJlc291cmNlOng=") { totalNodes } }', GRAPHQL_RESPONSE
    )
    assert status == 200 and body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_application_json_keeps_200_for_every_well_formed_request(client: TestClient) -> None:
    for accept in ("application/json", "*/*", ""):
        status, media, body = post(client, "{ nope }", accept)
        assert (status, media) == (200, "application/json"), accept
        assert body["errors"]


def test_a_mutation_over_get_is_405_for_graphql_response_json(client: TestClient) -> None:
    response = client.get(
        "/graphql",
        params={"query": "mutation { __typename }"},
        headers={"accept": GRAPHQL_RESPONSE},
    )
    assert response.status_code == 405


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        (None, "application/json"),
        ("application/json", "application/json"),
        (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
        (f"{GRAPHQL_RESPONSE};q=0.5, application/json", "application/json"),
        (f"{GRAPHQL_RESPONSE};q=0", "application/json"),
        ("text/html, */*", "application/json"),
    ],
)
def test_the_accept_header_picks_the_media_type(accept: str | None, expected: str) -> None:
    assert accepted_media_type(accept) == expected


def test_home_links_the_explorer_and_graphiql(client: TestClient) -> None:
    home = client.get("/")
    assert home.status_code == 200
    assert 'href="/explorer"' in home.text and 'href="/graphql"' in home.text


WEB_DIST = Path(__file__).resolve().parent.parent / "web" / "dist"


@pytest.mark.skipif(
    not (WEB_DIST / "graphiql" / "index.html").is_file(), reason="make web builds web/dist"
)
def test_graphiql_and_the_explorer_load_nothing_from_another_host(client: TestClient) -> None:
    graphiql = client.get("/graphql", headers={"accept": "text/html"})
    explorer = client.get("/explorer")
    for page in (graphiql, explorer):
        assert page.status_code == 200
        assert not re.search(r"(src|href)=\"(https?:)?//", page.text), page.text
        for asset in re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", page.text):
            served = client.get(asset, headers={"accept-encoding": "gzip"})
            assert served.status_code == 200, asset
            assert b"unpkg.com" not in served.content and b"cdn.jsdelivr" not in served.content


def test_pages_say_how_to_build_them_when_the_web_build_is_missing(
    settings: Settings, driver: neo4j.Driver, tmp_path: Path
) -> None:
    unbuilt = settings.model_copy(update={"web_dist": tmp_path})
    with TestClient(create_app(unbuilt)) as unbuilt_client:
        for page in (
            unbuilt_client.get("/graphql", headers={"accept": "text/html"}),
            unbuilt_client.get("/explorer"),
        ):
            assert page.status_code == 503
            assert "make web" in page.text
