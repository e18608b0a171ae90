"""Bearer tokens of an OpenID Connect provider: RS256 or ES256 JWTs, verified against the
provider's published keys (JWKS), with the issuer and the audience checked, and the role and
jurisdiction read from claims the settings name.

Keys are fetched on first use (the JWKS URL, or the issuer's discovery document), kept for
five minutes, and fetched again early when a token names a key not seen yet (the provider
rotated its keys), at most every 5 s: made-up key ids cannot make the API hammer the
provider. Should the provider be unreachable, the keys already held keep working; with
none, a token cannot be checked and the request is answered 503.
"""

from __future__ import annotations

import asyncio
import json
import time
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import jwt

from api.settings import TOKEN_ROLES, Settings
from graph.domain import Actor, Role

ALGORITHMS = ("RS256", "ES256")
KEEP_KEYS_S = 300.0
REFETCH_FOR_UNKNOWN_KEY_S = 5.0
FETCH_TIMEOUT_S = 5.0
MAX_DOCUMENT_BYTES = 1_000_000
LEEWAY_S = 30  # clocks of the provider and of the API may differ this much


class TokenRefused(Exception):
    """The token is not one this API accepts (the caller's problem: 401)."""


class ProviderUnavailable(Exception):
    """The provider's keys cannot be had, so no token of it can be checked (503)."""


def fetch_json(url: str) -> Any:
    request = urllib.request.Request(url, headers={"accept": "application/json"})
    with urllib.request.urlopen(request, timeout=FETCH_TIMEOUT_S) as response:
        return json.loads(response.read(MAX_DOCUMENT_BYTES))


@dataclass
class ProviderKeys:
    """The provider's signing keys by key id, fetched when needed."""

    issuer: str
    jwks_url: str | None = None
    fetch: Callable[[str], Any] = fetch_json
    keys: dict[str | None, jwt.PyJWK] = field(default_factory=dict)
    fetched_at: float = float("-inf")
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)

    async def key(self, key_id: str | None) -> jwt.PyJWK:
        age = time.monotonic() - self.fetched_at
        if age > KEEP_KEYS_S or (key_id not in self.keys and age > REFETCH_FOR_UNKNOWN_KEY_S):
            async with self.lock:
                if self.fetched_at == float("-inf") or time.monotonic() - self.fetched_at > 1:
                    await self._refresh()
        if key_id is None and len(self.keys) == 1:
            return next(iter(self.keys.values()))
        found = self.keys.get(key_id)
        if found is None:
            raise TokenRefused("the token is signed by a key the provider does not publish")
        return found

    async def _refresh(self) -> None:
        try:
            document = await asyncio.to_thread(self._download)
            keys = {key.key_id: key for key in jwt.PyJWKSet.from_dict(document).keys}
        except (OSError, ValueError, KeyError, jwt.PyJWKSetError, jwt.PyJWKError) as failed:
            self.fetched_at = time.monotonic()  # not again at once: the provider is down
            if not self.keys:
                raise ProviderUnavailable(f"the identity provider's keys: {failed}") from failed
            return  # keep the keys held
        self.keys, self.fetched_at = keys, time.monotonic()

    def _download(self) -> Any:
        if self.jwks_url is None:
            discovery = self.fetch(self.issuer.rstrip("/") + "/.well-known/openid-configuration")
            self.jwks_url = str(discovery["jwks_uri"])
        return self.fetch(self.jwks_url)


def claim(claims: dict[str, Any], path: str) -> Any:
    """The claim at a dotted path: `realm_access.roles` is claims["realm_access"]["roles"]."""
    value: Any = claims
    for part in path.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


class OpenIdTokens:
    """Turns a provider's token into the caller it names."""

    def __init__(self, settings: Settings, fetch: Callable[[str], Any] = fetch_json) -> None:
        assert settings.oidc_issuer is not None and settings.oidc_audience is not None
        self.settings = settings
        self.issuer, self.audience = settings.oidc_issuer, settings.oidc_audience
        self.keys = ProviderKeys(self.issuer, settings.oidc_jwks_url, fetch)

    async def actor(self, token: str, algorithm: str, key_id: str | None) -> Actor:
        key = await self.keys.key(key_id)
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[algorithm],
                audience=self.audience,
                issuer=self.issuer,
                leeway=LEEWAY_S,
                options={"require": ["exp", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise TokenRefused("token expired") from exc
        except jwt.InvalidTokenError as exc:
            raise TokenRefused(f"invalid token: {exc}") from exc
        return self.caller(claims)

    def caller(self, claims: dict[str, Any]) -> Actor:
        subject = claim(claims, self.settings.oidc_subject_claim)
        if not isinstance(subject, str) or not subject:
            raise TokenRefused(f"the token has no {self.settings.oidc_subject_claim} claim")
        role = self.role(claim(claims, self.settings.oidc_role_claim))
        region = claim(claims, self.settings.oidc_region_claim)
        region = str(region) if isinstance(region, str | int) and str(region) else None
        if role is Role.REGISTRAR and region is None:
            raise TokenRefused(
                f"a registrar's token needs its jurisdiction in {self.settings.oidc_region_claim}"
            )
        return Actor(subject=subject, role=role.name, region_code=region)

    def role(self, named: Any) -> Role:
        """The one role of ours the claim names, through the role map."""
        values = named if isinstance(named, list) else [named]
        mapping = self.settings.oidc_role_map
        ours = {
            mapped.lower()
            for value in values
            if isinstance(value, str)
            for mapped in [mapping.get(value, value)]
            if mapped.lower() in TOKEN_ROLES
        }
        if len(ours) != 1:
            which = "no role" if not ours else f"several roles ({', '.join(sorted(ours))})"
            raise TokenRefused(
                f"the token's {self.settings.oidc_role_claim} claim names {which} of this "
                "registry; an account has exactly one"
            )
        return Role[ours.pop().upper()]
