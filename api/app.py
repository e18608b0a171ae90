"""The ASGI application: /graphql (with GraphiQL in development), /healthz, /readyz, the
lineage explorer at /explorer and its assets under /static, a home page at /.

HTTP for portals: CORS for the origins in settings, gzip for large answers, and
GraphQL over HTTP's `application/graphql-response+json` when the client accepts it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Any

from cross_web import AsyncHTTPRequestAdapter, HTTPException
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import Scope
from starlette.websockets import WebSocket
from strawberry.asgi import GraphQL
from strawberry.http import GraphQLHTTPResponse, GraphQLRequestData
from strawberry.schema.exceptions import InvalidOperationTypeError
from strawberry.types import ExecutionResult
from strawberry.types.execution import PreExecutionError
from strawberry.types.unset import UNSET

from api import bookmarks, metrics
from api.admission import Admission, passes_through
from api.auth import Authentication, Callers
from api.bodies import BodyBuffer, BodyRefused
from api.extensions import unavailable
from api.heavy import EncodedJSON, HeavyThread, dumps, steady_collector
from api.observe import RequestObserver
from api.oidc import OpenIdTokens
from api.openlineage import lineage_endpoint, lineage_error
from api.request_info import note_error
from api.schema import build_schema
from api.settings import Settings, get_settings
from api.web import GRAPHIQL_PAGE, built_page, explorer_endpoint, home_endpoint
from graph import telemetry
from graph.constraints import apply_constraints
from graph.db import Database
from graph.domain import ErrorCode
from resolvers.context import Context
from resolvers.cursors import Cursors

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

    async def keep_trying(self, every_s: float = 1.0) -> None:
        """Until the constraints are applied: a fresh database has none, and the API may
        have started before Neo4j."""
        while not self.schema_applied:
            await asyncio.sleep(every_s)
            with contextlib.suppress(Exception):
                await self.ensure()


Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now(UTC)


JSON = "application/json"
GRAPHQL_RESPONSE = "application/graphql-response+json"


def accepted_media_type(accept: str | None) -> str:
    """The response media type for an `Accept` header (GraphQL over HTTP, section 6.2).

    `application/graphql-response+json` when the client accepts it at least as much as
    `application/json`; otherwise `application/json`, also for no header or `*/*`
    (the legacy clients this API has always served).
    """
    best = {JSON: 0.0, GRAPHQL_RESPONSE: 0.0}
    for item in (accept or "").split(","):
        media, _, params = item.strip().partition(";")
        media = media.strip().lower()
        if media not in best:
            continue
        weight = 1.0
        for param in params.split(";"):
            name, _, value = param.strip().partition("=")
            if name.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        best[media] = max(best[media], weight)
    if best[GRAPHQL_RESPONSE] > 0 and best[GRAPHQL_RESPONSE] >= best[JSON]:
        return GRAPHQL_RESPONSE
    return JSON


def body_problem(body: bytes) -> tuple[str, str] | None:
    """Why a POSTed GraphQL body cannot be a request (English, Chinese), if it cannot.
    Checked before strawberry reads it, which answers some of these with an error 500."""
    if not body.strip():
        return None  # strawberry answers an empty body itself
    try:
        request = json.loads(body)
    except (ValueError, RecursionError):
        return "the body is not JSON in UTF-8", "请求体不是UTF-8编码的JSON"
    if not isinstance(request, dict):
        return "a GraphQL request is a JSON object", "GraphQL请求须为JSON对象"
    if _has_lone_surrogate(request):
        return "text holds a lone surrogate, which is not Unicode text", "文本含有无效的代理字符"
    return None


def _has_lone_surrogate(value: object) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(item) for item in value)
    return False


def request_error(
    message: str, message_zh: str, status: int = 400, code: ErrorCode = ErrorCode.INVALID_INPUT
) -> Response:
    """A request that is not a GraphQL request at all: a typed error, as JSON."""
    note_error(code.name)
    extensions = {"code": code.name, "messageZh": message_zh}
    return JSONResponse({"errors": [{"message": message, "extensions": extensions}]}, status)


LINEAGE_PATH = "/api/v1/lineage"


def body_refusal(scope: Scope, refused: BodyRefused) -> Response:
    """A refused body (too large, too slow), answered in the shape of its endpoint."""
    if scope["path"] == LINEAGE_PATH:
        return lineage_error(refused.status, refused.code.name, str(refused), refused.message_zh)
    return request_error(str(refused), refused.message_zh, refused.status, refused.code)


BAD_BOOKMARKS_ZH = "X-Rightsgraph-Bookmarks 请求头无效：请原样回传上次响应中的值"


def bookmarks_refusal(scope: Scope, reason: str) -> Response:
    """A bookmarks header this API did not write, answered in the shape of its endpoint."""
    code = ErrorCode.INVALID_INPUT
    if scope["path"] == LINEAGE_PATH:
        return lineage_error(400, code.name, reason, BAD_BOOKMARKS_ZH, "X-Rightsgraph-Bookmarks")
    return request_error(reason, BAD_BOOKMARKS_ZH)


class RegistryGraphQL(GraphQL[Context, None]):
    """Strawberry's ASGI view with our context, GraphiQL from the local web build, and the
    `application/graphql-response+json` media type.

    With `application/json` (the default) every well-formed request gets HTTP 200, errors
    included. A client that accepts `application/graphql-response+json` gets that media
    type and its status codes: 400 for a request that cannot be executed (it does not
    parse, fails validation or a limit), with no `data` entry; 405 for a mutation over
    GET; 200 once execution started, even with field errors.
    """

    def __init__(self, settings: Settings, clock: Clock, heavy_thread: HeavyThread) -> None:
        super().__init__(
            build_schema(settings, heavy_thread),
            graphql_ide="graphiql" if settings.graphiql_enabled else None,
            allow_queries_via_get=True,  # reads only: strawberry refuses mutations over GET
        )
        self.settings = settings
        self.clock = clock
        self.cursors = Cursors(settings.jwt_secret)

    async def render_graphql_ide(self, request: Request) -> Response:
        return built_page(self.settings.web_dist, GRAPHIQL_PAGE, "GraphiQL")

    async def run(  # type: ignore[override]
        self,
        request: Request | WebSocket,
        context: Any = UNSET,
        root_value: Any = UNSET,
    ) -> Response | WebSocket:
        if isinstance(request, Request) and request.method == "POST":
            problem = body_problem(await request.body())  # read whole by BodyBuffer
            if problem is not None:
                return request_error(*problem)
        try:
            response = await super().run(request, context, root_value)
        except HTTPException as error:
            if error.status_code != 400:
                raise
            # strawberry's own refusals of a request (no query, variables not an object...)
            return request_error(error.reason, "请求格式无效")
        if isinstance(request, Request) and isinstance(response, Response):
            _unavailable_status(request, response)
        if (
            isinstance(request, Request)
            and isinstance(response, Response)
            and response.media_type == JSON
            and accepted_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE
        ):
            response.headers["content-type"] = f"{GRAPHQL_RESPONSE}; charset=utf-8"
            if getattr(request.state, "graphql_request_error", False):
                response.status_code = 400
        return response

    async def process_result(
        self, request: Request, result: ExecutionResult
    ) -> GraphQLHTTPResponse:
        processed = await super().process_result(request, result)
        if any(unavailable(error) for error in result.errors or ()):
            request.state.neo4j_unavailable = True
        if isinstance(result, PreExecutionError) and (
            accepted_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE
        ):
            # A request error: the operation never ran, so the answer has no `data` entry.
            request.state.graphql_request_error = True
            processed.pop("data", None)
        return processed

    async def execute_single(
        self,
        request: Request,
        request_adapter: AsyncHTTPRequestAdapter,
        sub_response: Response,
        context: Context,
        root_value: None,
        request_data: GraphQLRequestData,
    ) -> ExecutionResult:
        try:
            return await super().execute_single(
                request, request_adapter, sub_response, context, root_value, request_data
            )
        except HTTPException as error:
            mutation_over_get = isinstance(error.__cause__, InvalidOperationTypeError)
            if mutation_over_get and (
                accepted_media_type(request.headers.get("accept")) == GRAPHQL_RESPONSE
            ):
                raise HTTPException(405, error.reason) from error
            raise

    def encode_json(self, data: object) -> str:
        if isinstance(data, dict) and isinstance(data.get("data"), EncodedJSON):
            # A heavy query's data, encoded on its own thread (api/heavy.py).
            rest = dumps({key: value for key, value in data.items() if key != "data"})
            return '{"data":' + data["data"].text + ("}" if rest == "{}" else "," + rest[1:])
        return dumps(data)

    async def get_context(self, request: Any, response: Any = None) -> Context:
        return Context(
            db=request.app.state.db,
            actor=request.state.actor,
            max_page_size=self.settings.max_page_size,
            rule_modes=self.settings.rule_modes,
            publicity_days=self.settings.publicity_days,
            now=self.clock(),
            clock_source=self.clock,
            cursors=self.cursors,
        )


# What a client told SERVICE_UNAVAILABLE should wait: the database's breaker refuses for a
# second before it tries Neo4j again.
RETRY_AFTER_S = 1


def _unavailable_status(request: Request, response: Response) -> None:
    """A request that failed because Neo4j cannot be reached: 503, try again in a second."""
    if getattr(request.state, "neo4j_unavailable", False):
        response.status_code = 503
        response.headers["retry-after"] = str(RETRY_AFTER_S)


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


# Answers smaller than this go as they are: gzip would cost more than it saves.
GZIP_MINIMUM_BYTES = 1024
# nginx's default level: a page of 50 with 1,343 rights (98 kB of JSON) compresses to 7.1 kB
# in 0.23 ms, where zlib's default 6 took 0.60 ms for 6.0 kB and Starlette's 9 longer still.
GZIP_LEVEL = 1


def create_app(settings: Settings | None = None, clock: Clock = system_clock) -> Starlette:
    """The application; `clock` gives each request its instant (tests move it forward)."""
    settings = settings or get_settings()

    def connect() -> Database:
        return Database.connect(
            settings.neo4j_uri,
            settings.neo4j_auth,
            settings.neo4j_database,
            connect_timeout=settings.neo4j_connect_timeout_s,
            max_pool_size=settings.neo4j_max_pool_size,
        )

    heavy_thread = HeavyThread(connect)

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        steady_collector()
        if settings.tracing_enabled:
            telemetry.trace_statements(True)
        if settings.metrics_hidden:
            log.warning(
                "/metrics is not served: in production set RIGHTSGRAPH_METRICS_TOKEN or "
                "RIGHTSGRAPH_METRICS_PORT"
            )
        db = connect()
        app.state.db = db
        app.state.bootstrap = Bootstrap(db)
        bootstrapping: asyncio.Task[None] | None = None
        try:
            await app.state.bootstrap.ensure()
            log.info("neo4j ready", extra={"uri": settings.neo4j_uri})
        except Exception as exc:
            # Serve anyway: requests answer 503 and /readyz reports why until Neo4j answers.
            log.error(
                "neo4j not ready at startup", extra={"uri": settings.neo4j_uri, "error": str(exc)}
            )
            bootstrapping = asyncio.create_task(app.state.bootstrap.keep_trying())
        try:
            yield
        finally:
            if bootstrapping is not None:
                bootstrapping.cancel()
            await db.close()
            await asyncio.to_thread(heavy_thread.stop)
            metrics.worker_exited(os.getpid())

    graphql = RegistryGraphQL(settings, clock, heavy_thread)
    explorer = explorer_endpoint(settings.web_dist)
    provider = OpenIdTokens(settings) if settings.oidc_issuer else None
    callers = Callers(settings.jwt_secret, provider)
    served_metrics = (
        [Route("/metrics", metrics.metrics_endpoint(settings.metrics_token))]
        if settings.metrics_on_api_port
        else []
    )
    return Starlette(
        routes=[
            *served_metrics,
            Route("/", home_endpoint(settings.graphiql_enabled)),
            Route("/graphql", graphql, methods=["GET", "POST"]),
            Route("/healthz", healthz),
            Route("/readyz", readyz),
            Route(LINEAGE_PATH, lineage_endpoint(settings, clock), methods=["POST"]),
            Route("/explorer", explorer),
            Route("/explorer/", explorer),
            # check_dir=False: the API serves without a web build; the pages then say so.
            Mount("/static", StaticFiles(directory=settings.web_dist, check_dir=False)),
        ],
        middleware=[
            Middleware(
                RequestObserver,
                operation_labels=settings.metrics_operation_names,
                tracing=settings.tracing_enabled,
            ),
            # Outside authentication, so that a refused token still carries the CORS headers
            # a portal needs to read the 401, and a preflight never meets authentication.
            Middleware(
                CORSMiddleware,
                allow_origins=settings.cors_origins,
                allow_methods=["GET", "POST"],
                allow_headers=[
                    "authorization",
                    "content-type",
                    "accept",
                    "x-request-id",
                    "x-rightsgraph-bookmarks",
                    "traceparent",
                ],
                expose_headers=["x-request-id", "x-rightsgraph-bookmarks"],
                max_age=600,
            ),
            Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL),
            # The body is read before admission: a slow client holds no slot while it sends.
            Middleware(
                BodyBuffer,
                limit=settings.max_body_bytes,
                deadline_s=settings.body_read_timeout_s,
                refuse=body_refusal,
                skip=passes_through,
            ),
            Middleware(
                Admission,
                limit=settings.max_concurrent_requests,
                heavy_limit=settings.heavy_lane_slots,
            ),
            Middleware(Authentication, callers=callers),
            Middleware(
                bookmarks.CausalConsistency,
                secret=settings.jwt_secret,
                refuse=bookmarks_refusal,
            ),
        ],
        lifespan=lifespan,
    )
