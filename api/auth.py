"""Bearer tokens: HS256 JWTs of our own, and those of an OpenID Connect provider.

Our own (`rightsgraph token`, for local use) carry `sub` (who), `role` (viewer, app,
investigator, registrar, regulator), `region` (division code; required for registrars),
`exp`, `iss`, signed with the JWT secret. A provider's, RS256 or ES256, are checked by
api/oidc.py when settings name the provider. A token's `alg` header says which it is; no
other algorithm is accepted. A request without a token is anonymous; a request with a bad
token gets HTTP 401, and one whose provider cannot be reached 503.
"""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from starlette.types import ASGIApp, Receive, Scope, Send

from api.oidc import ALGORITHMS as PROVIDER_ALGORITHMS
from api.oidc import OpenIdTokens, ProviderUnavailable, TokenRefused
from api.request_info import note_caller, note_error
from graph.domain import Actor, ErrorCode, Role
from resolvers.permissions import ANONYMOUS

ISSUER = "rightsgraph"
ALGORITHM = "HS256"


class AuthError(Exception):
    """The token is missing parts, malformed, expired or signed with another key."""


def issue_token(
    secret: str,
    subject: str,
    role: Role,
    region_code: str | None = None,
    ttl: timedelta = timedelta(days=30),
) -> str:
    if role is Role.REGISTRAR and not region_code:
        raise ValueError("a registrar token needs the region code of its jurisdiction")
    now = datetime.now(UTC)
    claims: dict[str, Any] = {
        "sub": subject,
        "role": role.name.lower(),
        "iss": ISSUER,
        "iat": now,
        "exp": now + ttl,
    }
    if region_code:
        claims["region"] = region_code
    return jwt.encode(claims, secret, algorithm=ALGORITHM)


def actor_from_token(token: str, secret: str) -> Actor:
    return _checked_actor(token, secret)[0]


def _checked_actor(token: str, secret: str) -> tuple[Actor, float]:
    """The actor a token of ours names, and when the token expires (epoch seconds)."""
    try:
        claims = jwt.decode(
            token,
            secret,
            algorithms=[ALGORITHM],
            issuer=ISSUER,
            options={"require": ["sub", "role", "exp", "iss"]},
        )
    except jwt.ExpiredSignatureError as exc:
        raise AuthError("token expired") from exc
    except jwt.InvalidTokenError as exc:
        raise AuthError(f"invalid token: {exc}") from exc
    try:
        role = Role[str(claims["role"]).upper()]
    except KeyError as exc:
        raise AuthError(f"unknown role {claims['role']!r}") from exc
    region = claims.get("region")
    if role is Role.REGISTRAR and not region:
        raise AuthError("registrar token without a region")
    actor = Actor(subject=str(claims["sub"]), role=role.name, region_code=region)
    return actor, float(claims["exp"])


# Tokens of ours already checked, by their text: a portal sends the same token with every
# request, and checking its signature again cost more than a small lineage walk's Python.
# Each is still refused from the second it expires; the table is emptied when full.
CHECKED_TOKENS_MAX = 4096


class Callers:
    """Who a request's Authorization header names."""

    def __init__(self, secret: str, provider: OpenIdTokens | None = None) -> None:
        self.secret = secret
        self.provider = provider
        self._checked: dict[str, tuple[Actor, float]] = {}

    async def actor(self, header: str | None) -> Actor:
        if not header:
            return ANONYMOUS
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            raise AuthError("Authorization header must be 'Bearer <token>'")
        checked = self._checked.get(token)
        if checked is not None and checked[1] > time.time():
            return checked[0]
        try:
            signed = jwt.get_unverified_header(token)
        except jwt.InvalidTokenError as exc:
            raise AuthError(f"invalid token: {exc}") from exc
        algorithm = signed.get("alg")
        if algorithm == ALGORITHM:
            checked = _checked_actor(token, self.secret)
            if len(self._checked) >= CHECKED_TOKENS_MAX:
                self._checked.clear()
            self._checked[token] = checked
            return checked[0]
        if algorithm in PROVIDER_ALGORITHMS and self.provider is not None:
            try:
                return await self.provider.actor(token, algorithm, signed.get("kid"))
            except TokenRefused as refused:
                raise AuthError(str(refused)) from refused
        raise AuthError(f"tokens signed with {algorithm!r} are not accepted here")


class Authentication:
    """Puts the caller's Actor on the request state, or answers 401 for a bad token (503
    when the identity provider cannot be reached to check it)."""

    def __init__(self, app: ASGIApp, callers: Callers) -> None:
        self.app = app
        self.callers = callers

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # /metrics has a token of its own (api/metrics.py), not a caller's.
        if scope["type"] != "http" or scope["path"] == "/metrics":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw = headers.get(b"authorization")
        try:
            actor = await self.callers.actor(raw.decode("latin-1") if raw else None)
        except AuthError as error:
            await _unauthorized(str(error), scope.get("path", ""), send)
            return
        except ProviderUnavailable:
            await _refused(
                scope.get("path", ""),
                send,
                503,
                ErrorCode.SERVICE_UNAVAILABLE,
                PROVIDER_DOWN,
                PROVIDER_DOWN_ZH,
            )
            return
        note_caller(actor)
        scope.setdefault("state", {})["actor"] = actor
        await self.app(scope, receive, send)


UNAUTHORIZED_ZH = "令牌无效、已过期或格式不对，请重新获取"
PROVIDER_DOWN = "The identity provider cannot be reached to check the token; retry in a moment."
PROVIDER_DOWN_ZH = "暂时无法连接身份提供方核验令牌，请稍后重试"


async def _unauthorized(reason: str, path: str, send: Send) -> None:
    await _refused(path, send, 401, ErrorCode.UNAUTHENTICATED, reason, UNAUTHORIZED_ZH)


async def _refused(
    path: str, send: Send, status: int, code: ErrorCode, reason: str, reason_zh: str
) -> None:
    """An error in the shape of the endpoint: GraphQL's errors, or the REST errors of /api/."""
    note_error(code.name)
    error: dict[str, Any] = (
        {"code": code.name, "message": reason, "messageZh": reason_zh, "field": None}
        if path.startswith("/api/")
        else {"message": reason, "extensions": {"code": code.name, "messageZh": reason_zh}}
    )
    body = json.dumps({"errors": [error]}, ensure_ascii=False).encode()
    headers = [(b"content-type", b"application/json")]
    if status == 401:
        headers.append((b"www-authenticate", b'Bearer realm="rightsgraph"'))
    else:
        headers.append((b"retry-after", b"1"))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
