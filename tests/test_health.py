"""Liveness and readiness, with Neo4j up and with Neo4j unreachable."""

from __future__ import annotations

import socket

import pytest
from starlette.testclient import TestClient

from api.app import create_app
from api.settings import Settings
from resolvers.rules import RuleMode


def test_healthz_answers(client: TestClient) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ready_when_neo4j_answers(client: TestClient) -> None:
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json()["status"] == "ready"


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_readyz_reports_503_with_a_reason_when_neo4j_is_unreachable(settings: Settings) -> None:
    unreachable = settings.model_copy(
        update={"neo4j_uri": f"bolt://127.0.0.1:{_closed_port()}", "neo4j_connect_timeout_s": 1.0}
    )
    with TestClient(create_app(unreachable)) as offline:
        assert offline.get("/healthz").status_code == 200
        response = offline.get("/readyz")
        assert response.status_code == 503
        body = response.json()
        assert body["status"] == "unavailable"
        assert "neo4j unreachable" in body["reason"]


def test_graphiql_is_served_in_development(client: TestClient) -> None:
    response = client.get("/graphql", headers={"accept": "text/html"})
    assert response.status_code == 200
    assert "graphiql" in response.text.lower()


def test_graphiql_can_be_switched_off(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"graphiql": False}))) as quiet:
        response = quiet.get("/graphql", headers={"accept": "text/html"})
        assert response.status_code != 200 or "graphiql" not in response.text.lower()


def test_chinese_comes_back_as_utf8_and_get_queries_work(client: TestClient) -> None:
    response = client.get(
        "/graphql", params={"query": '{ enumLabels(enumName: "Role") { labelZh } }'}
    )
    assert response.status_code == 200
    assert "登记人员" in response.text  # not \u767b\u8bb0...
    mutation = client.get("/graphql", params={"query": "mutation { __typename }"})
    assert mutation.status_code == 400  # writes never go over GET
    assert "not allowed" in mutation.text


def test_settings_refuse_a_misspelled_rule_mode(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RIGHTSGRAPH_RULE_MODES", '{"ONE_SOURCES": "warn"}')
    with pytest.raises(ValueError, match="unknown rules"):
        Settings()
    monkeypatch.setenv("RIGHTSGRAPH_RULE_MODES", '{"ONE_SOURCE": "warn"}')
    assert Settings().rule_modes == {"ONE_SOURCE": RuleMode.WARN}
