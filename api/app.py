"""The ASGI application: /graphql (with GraphiQL in development), /healthz, /readyz."""

from __future__ import annotations

import asyncio
import json
import logging
import time
import uuid
from collections.abc import AsyncIterator, Callable, MutableMapping
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send
from strawberry.asgi import GraphQL

from api.auth import Authentication
from api.openlineage import lineage_endpoint
from api.schema import build_schema
from api.settings import Settings, get_settings
from graph.constraints import apply_constraints
from graph.db import Database
from resolvers.context import Context

log = logging.getLogger("rightsgraph.api")


class Bootstrap:
    """Connects to Neo4j and applies the constraints, now or on a later readiness probe."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.schema_applied = False

    async def ensure(self) -> None:
        await self.db.ping()
        if not self.schema_applied:
            await apply_constraints(self.db)
            self.schema_applied = True


Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


class RegistryGraphQL(GraphQL[Context, None]):
    def __init__(self, settings: Settings, clock: Clock) -> None:
        super().__init__(
            build_schema(settings),
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,  # reads only: strawberry refuses mutations over GET
        )
        self.settings = settings
        self.clock = clock

    def encode_json(self, data: object) -> str:
        # Chinese as UTF-8 rather than \u escapes: readable, and half the bytes.
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))

    async def get_context(self, request: Any, response: Any = None) -> Context:
        return Context(
            db=request.app.state.db,
            actor=request.state.actor,
            max_page_size=self.settings.max_page_size,
            rule_modes=self.settings.rule_modes,
            now=self.clock(),
            clock_source=self.clock,
        )


class Admission:
    """At most `limit` requests of the API proper run at once; the rest wait in turn.

    Health checks pass straight through. `peak` is the most that ever ran at once.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit
        self.slots = asyncio.Semaphore(limit)
        self.running = 0
        self.peak = 0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in ("/healthz", "/readyz"):
            await self.app(scope, receive, send)
            return
        async with self.slots:
            self.running += 1
            self.peak = max(self.peak, self.running)
            try:
                await self.app(scope, receive, send)
            finally:
                self.running -= 1


class RequestLog:
    """Logs every request with its status and duration, tagged with a request id."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = {"code": 500}

        async def record_status(message: MutableMapping[str, Any]) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record_status)
        finally:
            log.info(
                "request",
                extra={
                    "requestId": str(uuid.uuid4()),
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status["code"],
                    "ms": round((time.perf_counter() - started) * 1000, 1),
                },
            )


async def healthz(request: Request) -> Response:
    return JSONResponse({"status": "ok"})


async def readyz(request: Request) -> Response:
    bootstrap: Bootstrap = request.app.state.bootstrap
    try:
        await bootstrap.ensure()
    except Exception as exc:
        reason = f"neo4j unreachable: {type(exc).__name__}: {exc}"
        return JSONResponse({"status": "unavailable", "reason": reason}, status_code=503)
    return JSONResponse({"status": "ready", "neo4j": bootstrap.db.database})


def create_app(settings: Settings | None = None, clock: Clock = system_clock) -> Starlette:
    """The application; `clock` gives each request its instant (tests move it forward)."""
    settings = settings or get_settings()

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        db = Database.connect(
            settings.neo4j_uri,
            settings.neo4j_auth,
            settings.neo4j_database,
            connect_timeout=settings.neo4j_connect_timeout_s,
            max_pool_size=settings.neo4j_max_pool_size,
        )
        app.state.db = db
        app.state.bootstrap = Bootstrap(db)
        try:
            await app.state.bootstrap.ensure()
            log.info("neo4j ready", extra={"uri": settings.neo4j_uri})
        except Exception as exc:
            # Serve anyway: /readyz reports 503 and retries until Neo4j answers.
            log.error(
                "neo4j not ready at startup", extra={"uri": settings.neo4j_uri, "error": str(exc)}
            )
        try:
            yield
        finally:
            await db.close()

    graphql = RegistryGraphQL(settings, clock)
    return Starlette(
        routes=[
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route("/api/v1/lineage", lineage_endpoint(settings, clock), methods=["POST"]),
        ],
        middleware=[
            Middleware(RequestLog),
            Middleware(Admission, limit=settings.max_concurrent_requests),
            Middleware(Authentication, secret=settings.jwt_secret),
        ],
        lifespan=lifespan,
    )
