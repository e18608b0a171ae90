"""Bearer tokens: HS256 JWTs carrying a role and, for registrars, a jurisdiction.

Claims: `sub` (who), `role` (viewer, app, investigator, registrar, regulator),
`region` (division code; required for registrars), `exp`, `iss`. A request
without a token is anonymous; a request with a bad token gets HTTP 401.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
from starlette.types import ASGIApp, Receive, Scope, Send

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
    return Actor(subject=str(claims["sub"]), role=role.name, region_code=region)


def actor_from_authorization(header: str | None, secret: str) -> Actor:
    if not header:
        return ANONYMOUS
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise AuthError("Authorization header must be 'Bearer <token>'")
    return actor_from_token(token.strip(), secret)


class Authentication:
    """Puts the caller's Actor on the request state, or answers 401 for a bad token."""

    def __init__(self, app: ASGIApp, secret: str) -> None:
        self.app = app
        self.secret = secret

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # /metrics has a token of its own (api/metrics.py), not a caller's.
        if scope["type"] != "http" or scope["path"] == "/metrics":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        raw = headers.get(b"authorization")
        try:
            actor = actor_from_authorization(raw.decode("latin-1") if raw else None, self.secret)
        except AuthError as error:
            await _unauthorized(str(error), scope.get("path", ""), send)
            return
        note_caller(actor)
        scope.setdefault("state", {})["actor"] = actor
        await self.app(scope, receive, send)


UNAUTHORIZED_ZH = "令牌无效、已过期或格式不对，请重新获取"


async def _unauthorized(reason: str, path: str, send: Send) -> None:
    """401 in the shape of the endpoint: GraphQL's errors, or the REST errors of /api/."""
    code = ErrorCode.UNAUTHENTICATED.name
    note_error(code)
    error: dict[str, Any] = (
        {"code": code, "message": reason, "messageZh": UNAUTHORIZED_ZH, "field": None}
        if path.startswith("/api/")
        else {"message": reason, "extensions": {"code": code, "messageZh": UNAUTHORIZED_ZH}}
    )
    body = json.dumps({"errors": [error]}, ensure_ascii=False).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 401,
            "headers": [
                (b"content-type", b"application/json"),
                (b"www-authenticate", b'Bearer realm="rightsgraph"'),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
