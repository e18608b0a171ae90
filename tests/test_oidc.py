"""Tokens of an OpenID Connect provider: keys the test makes, published by a JWKS it serves on
127.0.0.1 (found through the issuer's discovery document), role and jurisdiction from claims."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from starlette.testclient import TestClient

from api import oidc
from api.app import create_app
from api.settings import Settings
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("seeded_module")

AUDIENCE = "rightsgraph-api"
ME = "{ me { subject role regionCode } }"


class Provider:
    """An identity provider: its keys, its discovery document and JWKS over HTTP."""

    def __init__(self) -> None:
        self.keys: dict[str, Any] = {
            "rsa-1": rsa.generate_private_key(public_exponent=65537, key_size=2048),
            "ec-1": ec.generate_private_key(ec.SECP256R1()),
        }
        self.fetches = 0
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": provider.issuer, "jwks_uri": f"{provider.issuer}/jwks"}
                elif self.path == "/jwks":
                    provider.fetches += 1
                    body = provider.jwks()
                else:
                    self.send_error(404)
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def jwks(self) -> dict[str, Any]:
        published = []
        for kid, key in self.keys.items():
            algorithm = (
                jwt.algorithms.RSAAlgorithm if kid.startswith("rsa") else jwt.algorithms.ECAlgorithm
            )
            jwk = json.loads(algorithm.to_jwk(key.public_key()))
            published.append({**jwk, "kid": kid, "use": "sig"})
        return {"keys": published}

    def token(self, kid: str = "rsa-1", key: Any = None, **claims: Any) -> str:
        now = int(time.time())
        body = {
            "iss": self.issuer,
            "aud": AUDIENCE,
            "sub": "wang.li@qinzhou.gov.cn",
            "iat": now,
            "exp": now + 300,
            "realm_access": {"roles": ["offline_access", "rg-registrar"]},
            "division": "450721",
            **claims,
        }
        algorithm = "RS256" if kid.startswith("rsa") else "ES256"
        return jwt.encode(body, key or self.keys[kid], algorithm=algorithm, headers={"kid": kid})

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    running = Provider()
    try:
        yield running
    finally:
        running.stop()


def oidc_settings(settings: Settings, issuer: str) -> Settings:
    return settings.model_copy(
        update={
            "oidc_issuer": issuer,
            "oidc_audience": AUDIENCE,
            "oidc_role_claim": "realm_access.roles",
            "oidc_region_claim": "division",
            "oidc_role_map": {"rg-registrar": "registrar", "rg-inspector": "investigator"},
        }
    )


@pytest.fixture(scope="module")
def client(settings: Settings, provider: Provider) -> Iterator[TestClient]:
    with TestClient(create_app(oidc_settings(settings, provider.issuer))) as test_client:
        yield test_client


def ask(client: TestClient, token: str, query: str = ME) -> Any:
    return client.post(
        "/graphql", json={"query": query}, headers={"authorization": f"Bearer {token}"}
    )


def refused(client: TestClient, token: str) -> str:
    answer = ask(client, token)
    assert answer.status_code == 401, answer.text
    [error] = answer.json()["errors"]
    assert error["extensions"]["code"] == "UNAUTHENTICATED"
    return str(error["message"])


def test_an_rs256_token_of_the_provider_names_the_caller(
    client: TestClient, provider: Provider
) -> None:
    answer = ask(client, provider.token())
    assert answer.status_code == 200
    assert answer.json()["data"]["me"] == {
        "subject": "wang.li@qinzhou.gov.cn",
        "role": "REGISTRAR",
        "regionCode": "450721",
    }


def test_an_es256_token_is_accepted_and_a_mapped_role_applies(
    client: TestClient, provider: Provider
) -> None:
    token = provider.token("ec-1", realm_access={"roles": ["rg-inspector"]}, division=None)
    assert ask(client, token).json()["data"]["me"]["role"] == "INVESTIGATOR"
    audit = ask(client, token, "{ auditEvents(first: 1) { edges { node { operation } } } }")
    assert "errors" not in audit.json(), audit.json()


def test_a_token_for_another_audience_is_refused(client: TestClient, provider: Provider) -> None:
    assert "audience" in refused(client, provider.token(aud="another-service")).lower()


@pytest.mark.parametrize(
    ("claims", "reason"),
    [
        ({"iss": "https://login.example.com"}, "issuer"),
        ({"exp": int(time.time()) - 3600}, "expired"),
        ({"realm_access": {"roles": ["offline_access"]}}, "no role"),
        ({"realm_access": {"roles": ["rg-registrar", "rg-inspector"]}}, "several roles"),
        ({"division": None}, "jurisdiction"),
        ({"sub": None}, "subject"),
    ],
)
def test_tokens_the_registry_cannot_trust_or_place_are_refused(
    client: TestClient, provider: Provider, claims: dict[str, Any], reason: str
) -> None:
    assert reason in refused(client, provider.token(**claims)).lower()


def test_a_signature_by_another_key_or_algorithm_is_refused(
    client: TestClient, provider: Provider
) -> None:
    forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert "signature" in refused(client, provider.token(key=forger)).lower()
    assert "key the provider does not publish" in refused(
        client, provider.token("rsa-9", key=forger)
    )
    # The provider's public key used as an HS256 secret: the old algorithm-confusion attack.
    public = (
        provider.keys["rsa-1"]
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )
    claims = {"iss": "rightsgraph", "sub": "x", "role": "regulator", "exp": int(time.time()) + 60}
    assert "signature" in refused(client, hs256(claims, public)).lower()
    unsigned = jwt.encode(claims, "", algorithm="none")
    assert "not accepted" in refused(client, unsigned)


def hs256(claims: dict[str, Any], secret: bytes) -> str:
    """A token signed HS256 with any bytes as the secret (PyJWT refuses a public key)."""

    def part(data: bytes) -> bytes:
        return base64.urlsafe_b64encode(data).rstrip(b"=")

    signed = part(b'{"alg":"HS256","typ":"JWT"}') + b"." + part(json.dumps(claims).encode())
    signature = hmac.new(secret, signed, hashlib.sha256).digest()
    return (signed + b"." + part(signature)).decode()


def test_rotated_keys_are_fetched_once_when_a_token_names_a_new_one(
    settings: Settings, provider: Provider
) -> None:
    with TestClient(create_app(oidc_settings(settings, provider.issuer))) as fresh:
        assert ask(fresh, provider.token()).status_code == 200
        fetched = provider.fetches
        forger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        for made_up in ("rsa-x", "rsa-y", "rsa-z"):  # at once: no fetch for each
            assert ask(fresh, provider.token(made_up, key=forger)).status_code == 401
        assert provider.fetches == fetched
        provider.keys["rsa-2"] = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        time.sleep(oidc.REFETCH_FOR_UNKNOWN_KEY_S)
        for _ in range(3):
            assert ask(fresh, provider.token("rsa-2")).status_code == 200
        assert provider.fetches == fetched + 1


def test_without_the_provider_a_token_cannot_be_checked_and_says_so(settings: Settings) -> None:
    gone = Provider()
    token = gone.token()
    gone.stop()
    with TestClient(create_app(oidc_settings(settings, gone.issuer))) as client:
        answer = ask(client, token)
        assert answer.status_code == 503
        assert answer.json()["errors"][0]["extensions"]["code"] == "SERVICE_UNAVAILABLE"


@pytest.mark.parametrize(
    ("environment", "complaint"),
    [
        ({"RIGHTSGRAPH_OIDC_ISSUER": "https://login.example.com"}, "OIDC_AUDIENCE is required"),
        (
            {
                "RIGHTSGRAPH_ENVIRONMENT": "production",
                "RIGHTSGRAPH_JWT_SECRET": "s" * 40,
                "RIGHTSGRAPH_OIDC_ISSUER": "http://login.example.com",
                "RIGHTSGRAPH_OIDC_AUDIENCE": AUDIENCE,
            },
            "https:// in production",
        ),
        (
            {
                "RIGHTSGRAPH_OIDC_ISSUER": "https://login.example.com",
                "RIGHTSGRAPH_OIDC_AUDIENCE": AUDIENCE,
                "RIGHTSGRAPH_OIDC_ROLE_MAP": '{"admins": "root"}',
            },
            "unknown roles",
        ),
    ],
)
def test_incomplete_provider_settings_are_refused_at_start(
    environment: dict[str, str], complaint: str
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", "serve"],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "HOME": "/tmp", **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    [line] = done.stderr.strip().splitlines()
    assert line.startswith("rightsgraph: settings refused:") and complaint in line
