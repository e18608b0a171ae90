"""Bearer tokens: anonymous without one, 401 for a bad one, roles and jurisdiction in it."""

from __future__ import annotations

import io
import time
from contextlib import redirect_stdout
from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from api.auth import AuthError, actor_from_token, issue_token
from api.cli import main
from api.settings import DEV_JWT_SECRET
from graph.domain import Role
from tests.conftest import GraphQLClient

ME = "{ me { subject role regionCode abilities } }"


def test_without_a_token_the_caller_is_anonymous(anonymous: GraphQLClient) -> None:
    me = anonymous.data(ME)["me"]
    assert me == {
        "subject": "anonymous",
        "role": "ANONYMOUS",
        "regionCode": None,
        "abilities": ["READ_CATALOGUE"],
    }


def test_a_registrar_token_carries_its_jurisdiction(gql: GraphQLClient) -> None:
    county = gql.as_role("REGISTRAR", "450721", subject="lingshan-registrar")
    me = county.data(ME)["me"]
    assert me["role"] == "REGISTRAR" and me["regionCode"] == "450721"
    assert "WRITE_REGISTRY" in me["abilities"]


@pytest.mark.parametrize(
    "header",
    [
        "Bearer not-a-jwt",
        "Basic dXNlcjpwYXNz",
        "Bearer " + issue_token("another-secret-of-at-least-32-bytes!", "x", Role.APP),
        "Bearer " + issue_token(DEV_JWT_SECRET, "x", Role.APP, ttl=timedelta(seconds=-5)),
    ],
)
def test_a_bad_token_gets_401_and_a_typed_error(client: TestClient, header: str) -> None:
    response = client.post("/graphql", json={"query": ME}, headers={"authorization": header})
    assert response.status_code == 401
    assert response.headers["www-authenticate"].startswith("Bearer")
    [error] = response.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"


def test_expired_tokens_say_so() -> None:
    token = issue_token(DEV_JWT_SECRET, "x", Role.APP, ttl=timedelta(seconds=-5))
    with pytest.raises(AuthError, match="expired"):
        actor_from_token(token, DEV_JWT_SECRET)


def test_a_registrar_token_needs_a_region() -> None:
    with pytest.raises(ValueError, match="region"):
        issue_token(DEV_JWT_SECRET, "x", Role.REGISTRAR)


def test_the_cli_issues_a_token_the_api_accepts(client: TestClient) -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        main(["token", "--role", "investigator", "--subject", "inspector-wang"])
    token = out.getvalue().strip()
    response = client.post(
        "/graphql", json={"query": ME}, headers={"authorization": f"Bearer {token}"}
    )
    assert response.json()["data"]["me"]["subject"] == "inspector-wang"
    assert response.json()["data"]["me"]["role"] == "INVESTIGATOR"


def test_a_token_accepted_before_is_refused_once_it_expires(client: TestClient) -> None:
    # The API remembers tokens it has checked; that must not outlive the token.
    token = issue_token(DEV_JWT_SECRET, "brief", Role.APP, ttl=timedelta(seconds=2))
    headers = {"authorization": f"Bearer {token}"}
    assert client.post("/graphql", json={"query": ME}, headers=headers).status_code == 200
    assert client.post("/graphql", json={"query": ME}, headers=headers).status_code == 200
    time.sleep(2.1)
    response = client.post("/graphql", json={"query": ME}, headers=headers)
    assert response.status_code == 401
    assert "expired" in response.json()["errors"][0]["message"]
