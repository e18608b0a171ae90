"""One request, seen from outside: its id, its log line, its metrics and its span.

The request id is the caller's `X-Request-ID` when it sends a sensible one, else a new one;
it goes back in the same header and onto every log line written while the request is
served (api/logs.py). When the request ends, one line says what it was: method, path,
status, operation, caller, duration, Neo4j round trips, outcome, error codes. Its level
follows the outcome: client errors are the client's business (INFO), an unreachable Neo4j
is WARNING (the breaker logs its fall once at ERROR), a fault of ours is ERROR.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from contextlib import AbstractContextManager, nullcontext
from typing import Any

from opentelemetry.trace import Span, Status, StatusCode
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import metrics
from api.logs import request_id
from api.request_info import RequestInfo, current_request
from api.tracing import request_span
from graph.db import RoundTrips, count_round_trips
from graph.domain import ErrorCode
from resolvers.errors import rejected_codes

log = logging.getLogger("rightsgraph.api")

REQUEST_ID_HEADER = b"x-request-id"
# What an id from a client may look like: enough for UUIDs and most tracing schemes, nothing
# that could forge a log line or fill it.
GIVEN_ID = re.compile(rb"[A-Za-z0-9._:/+=-]{1,128}")

ENDPOINTS = {
    "/graphql": "graphql",
    "/api/v1/lineage": "lineage",
    "/metrics": "metrics",
    "/healthz": "health",
    "/readyz": "health",
}

# The status logged for a request cancelled before it was answered (nginx's convention).
CLIENT_CLOSED = 499

OK, REJECTED, CLIENT_ERROR = "ok", "rejected", "client_error"
UNAVAILABLE, SERVER_ERROR = "unavailable", "server_error"
LEVELS = {
    OK: logging.INFO,
    REJECTED: logging.INFO,
    CLIENT_ERROR: logging.INFO,
    UNAVAILABLE: logging.WARNING,
    SERVER_ERROR: logging.ERROR,
}


def outcome(status: int, info: RequestInfo) -> str:
    codes = set(info.codes)
    if status == 503 or ErrorCode.SERVICE_UNAVAILABLE.name in codes:
        return UNAVAILABLE
    if status >= 500 or ErrorCode.INTERNAL_ERROR.name in codes:
        return SERVER_ERROR
    if status >= 400 or codes:
        return CLIENT_ERROR
    return REJECTED if info.rejections else OK


def given_request_id(scope: Scope) -> str:
    for name, value in scope["headers"]:
        if name == REQUEST_ID_HEADER and GIVEN_ID.fullmatch(value):
            return value.decode("ascii")
    return uuid.uuid4().hex


class RequestObserver:
    """The outermost middleware: sees each request whole, whatever answers it."""

    def __init__(self, app: ASGIApp, operation_labels: int, tracing: bool) -> None:
        self.app = app
        self.labels = metrics.OperationLabels(operation_labels)
        self.tracing = tracing
        # The metrics' children by label values, looked up once: a bounded set.
        self.children: dict[tuple[str, str, str], tuple[Any, Any]] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        path = scope["path"]
        info = RequestInfo(given_request_id(scope), ENDPOINTS.get(path, "web"))
        # Not reset afterwards: uvicorn serves each request in a task of its own, and its
        # log of an exception that escaped the app then still names the request.
        request_id.set(info.request_id)
        current_request.set(info)
        rejected_codes.set(info.rejections)
        status = 500
        header = (REQUEST_ID_HEADER, info.request_id.encode("ascii"))

        async def tagged(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), header]
            await send(message)

        route = path if path in ENDPOINTS else ""
        span: AbstractContextManager[Span | None] = (
            request_span(scope, route) if self.tracing else nullcontext()
        )
        with span as current, count_round_trips() as trips:
            try:
                await self.app(scope, receive, tagged)
            except Exception:
                self.finish(scope, info, 500, started, trips, current, failed=True)
                raise
            except BaseException:  # cancelled: the client went away, or the server stops
                self.finish(scope, info, CLIENT_CLOSED, started, trips, current)
                raise
            self.finish(scope, info, status, started, trips, current)

    def finish(
        self,
        scope: Scope,
        info: RequestInfo,
        status: int,
        started: float,
        trips: RoundTrips,
        span: Span | None,
        failed: bool = False,
    ) -> None:
        seconds = time.perf_counter() - started
        result = outcome(status, info)
        operation = self.operation_label(info)
        labels = (info.endpoint, operation, result)
        children = self.children.get(labels)
        if children is None:
            children = (metrics.REQUESTS.labels(*labels), metrics.REQUEST_SECONDS.labels(*labels))
            self.children[labels] = children
        children[0].inc()
        children[1].observe(seconds)
        for code in info.codes:
            metrics.ERRORS.labels(metrics.code_label(code)).inc()
        for code in info.rejections:
            metrics.REJECTIONS.labels(metrics.code_label(code)).inc()
        line = request_line(scope, info, status, seconds, trips.count, result)
        log.log(LEVELS[result], "request", extra=line, exc_info=failed)
        if span is not None:
            _describe(span, info, status, result)

    def operation_label(self, info: RequestInfo) -> str:
        if info.endpoint != "graphql":
            return "-"
        return self.labels(info.operation) if info.validated else "_refused"


def request_line(
    scope: Scope, info: RequestInfo, status: int, seconds: float, round_trips: int, result: str
) -> dict[str, Any]:
    line: dict[str, Any] = {
        "method": scope["method"],
        "path": scope["path"],
        "status": status,
        "ms": round(seconds * 1000, 1),
        "outcome": result,
    }
    if info.endpoint == "graphql":
        line["operation"] = (info.operation or "")[:100] or None
    if info.caller is not None:
        line |= {"subject": info.caller.subject, "role": info.caller.role}
    if round_trips:
        line["roundTrips"] = round_trips
    if info.codes:
        line["errorCodes"] = sorted(set(info.codes))
    if info.rejections:
        line["rejectionCodes"] = sorted(set(info.rejections))
    return line


def _describe(span: Span, info: RequestInfo, status: int, result: str) -> None:
    span.set_attribute("http.response.status_code", status)
    span.set_attribute("rightsgraph.request_id", info.request_id)
    span.set_attribute("rightsgraph.outcome", result)
    if info.operation:
        span.set_attribute("graphql.operation.name", info.operation[:100])
    if info.caller is not None:
        span.set_attribute("rightsgraph.caller.role", info.caller.role)
    if result == SERVER_ERROR:
        span.set_status(Status(StatusCode.ERROR))
