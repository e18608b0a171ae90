"""Read-your-own-writes across requests, on a Neo4j cluster where reads go to followers.

Every GraphQL and lineage request runs in a causal chain (graph/db.py `causal_chain`). Its
answer carries the chain's bookmarks in the `X-Rightsgraph-Bookmarks` header; a client that
sends that header back with its next request, to any replica of the API, reads at least
what it wrote before. A client that does not send it reads whatever the member it lands on
has applied (on a single Neo4j, everything).

The header is the bookmarks as JSON, base64url, with an HMAC of it under a key derived from
the JWT secret, which every replica shares: Neo4j only ever receives bookmarks it issued,
and a value altered or made up is refused with a typed error, not passed on to fail there.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
from collections.abc import Callable

from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.admission import passes_through
from graph.db import causal_chain

HEADER = b"x-rightsgraph-bookmarks"
MAX_HEADER_BYTES = 4096
MAX_BOOKMARKS = 16
MAC_BYTES = 16


class BadBookmarks(ValueError):
    """The header is not one this API wrote."""


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class BookmarkSeal:
    def __init__(self, secret: str) -> None:
        self.key = hashlib.sha256(b"rightsgraph-bookmarks\0" + secret.encode()).digest()

    def _mac(self, payload: str) -> str:
        digest = hmac.new(self.key, payload.encode("ascii"), hashlib.sha256).digest()
        return _b64(digest[:MAC_BYTES])

    def seal(self, bookmarks: frozenset[str]) -> str:
        payload = _b64(json.dumps(sorted(bookmarks), separators=(",", ":")).encode())
        return f"{payload}.{self._mac(payload)}"

    def open(self, value: str) -> frozenset[str]:
        payload, _, mac = value.partition(".")
        if (
            len(value) > MAX_HEADER_BYTES
            or not value.isascii()
            or not hmac.compare_digest(mac.encode("ascii"), self._mac(payload).encode("ascii"))
        ):
            raise BadBookmarks("X-Rightsgraph-Bookmarks is not a value this API returned")
        try:
            bookmarks = json.loads(_unb64(payload))
        except (binascii.Error, ValueError) as exc:  # sealed by us, so only if the key leaked
            raise BadBookmarks("X-Rightsgraph-Bookmarks does not decode") from exc
        if not isinstance(bookmarks, list) or len(bookmarks) > MAX_BOOKMARKS:
            raise BadBookmarks("X-Rightsgraph-Bookmarks holds no list of bookmarks")
        return frozenset(str(bookmark) for bookmark in bookmarks)


Refuse = Callable[[Scope, str], Response]


class CausalConsistency:
    """Runs each request in a causal chain seeded from its bookmarks header, and answers the
    chain's bookmarks in the same header."""

    def __init__(self, app: ASGIApp, secret: str, refuse: Refuse) -> None:
        self.app = app
        self.seal = BookmarkSeal(secret)
        self.refuse = refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if passes_through(scope):
            await self.app(scope, receive, send)
            return
        given = next((value for name, value in scope["headers"] if name == HEADER), None)
        try:
            bookmarks = self.seal.open(given.decode("latin-1")) if given else frozenset()
        except BadBookmarks as refused:
            await self.refuse(scope, str(refused))(scope, receive, send)
            return
        with causal_chain(bookmarks) as chain:

            async def tagged(message: Message) -> None:
                if message["type"] == "http.response.start" and chain.bookmarks:
                    value = self.seal.seal(chain.bookmarks).encode("ascii")
                    message["headers"] = [*message.get("headers", ()), (HEADER, value)]
                await send(message)

            await self.app(scope, receive, tagged)
