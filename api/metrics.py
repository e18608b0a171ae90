"""Prometheus metrics: what they are, how their labels stay bounded, and /metrics.

| metric | labels | what |
|---|---|---|
| rightsgraph_requests_total | endpoint, operation, outcome | requests answered |
| rightsgraph_request_duration_seconds | endpoint, operation, outcome | time to answer |
| rightsgraph_errors_total | code | errors answered, by `extensions.code` / `errors[].code` |
| rightsgraph_write_rejections_total | code | mutations answered with a `Rejection` |
| rightsgraph_admission_queue_depth | lane | requests waiting for a slot (api/admission.py) |
| rightsgraph_requests_in_flight | lane | requests executing in a lane |
| rightsgraph_lineage_events_total | outcome | OpenLineage events received |
| rightsgraph_neo4j_statement_duration_seconds | query | Cypher statements (graph/telemetry.py) |

Operation names are chosen by clients, so only well-formed names of validated operations
become label values, and at most `metrics_operation_names` distinct ones per process; the
rest fold into `_other`. Under `serve --workers N` every worker writes its samples to
PROMETHEUS_MULTIPROC_DIR and /metrics adds them up (prometheus-client's multiprocess mode).
"""

from __future__ import annotations

import asyncio
import hmac
import os
import re
import threading
from collections.abc import Awaitable, Callable

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
)
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.request_info import note_error
from graph.domain import ErrorCode

MULTIPROC_DIR = "PROMETHEUS_MULTIPROC_DIR"

REQUEST_LABELS = ["endpoint", "operation", "outcome"]
REQUESTS = Counter(
    "rightsgraph_requests_total",
    "Requests answered, by endpoint, GraphQL operation name and outcome.",
    REQUEST_LABELS,
)
REQUEST_SECONDS = Histogram(
    "rightsgraph_request_duration_seconds",
    "Time from a request's arrival to its answer, by endpoint, operation and outcome.",
    REQUEST_LABELS,
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
ERRORS = Counter(
    "rightsgraph_errors_total",
    "Errors answered to clients, by code (GraphQL extensions.code, REST errors[].code).",
    ["code"],
)
REJECTIONS = Counter(
    "rightsgraph_write_rejections_total",
    "Mutations answered with a Rejection, by the code of each error in it.",
    ["code"],
)
QUEUE_DEPTH = Gauge(
    "rightsgraph_admission_queue_depth",
    "Requests waiting for an admission slot, by lane (normal, heavy).",
    ["lane"],
    multiprocess_mode="livesum",
)
IN_FLIGHT = Gauge(
    "rightsgraph_requests_in_flight",
    "Requests holding an admission slot, executing, by lane (normal, heavy).",
    ["lane"],
    multiprocess_mode="livesum",
)
LINEAGE_EVENTS = Counter(
    "rightsgraph_lineage_events_total",
    "OpenLineage run events received on /api/v1/lineage, by outcome "
    "(recorded, ignored: not COMPLETE, refused, unavailable).",
    ["outcome"],
)

CODES = frozenset(code.name for code in ErrorCode)


def code_label(code: str) -> str:
    return code if code in CODES else "OTHER"


# A GraphQL name, short enough to read on a dashboard.
OPERATION_NAME = re.compile(r"[_A-Za-z][_0-9A-Za-z]{0,63}")
OTHER = "_other"
ANONYMOUS = "_anonymous"


class OperationLabels:
    """The label value of an operation name: itself while fewer than `limit` distinct names
    were seen, `_other` beyond them or for a name no dashboard should show."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.known: set[str] = set()
        self.lock = threading.Lock()  # the heavy lane's thread reports too

    def __call__(self, name: str | None) -> str:
        if name is None:
            return ANONYMOUS
        if name in self.known:
            return name
        if not OPERATION_NAME.fullmatch(name):
            return OTHER
        with self.lock:
            if len(self.known) >= self.limit:
                return OTHER
            self.known.add(name)
        return name


def registry() -> CollectorRegistry:
    """What /metrics shows: this process's metrics, or every worker's added up."""
    if os.environ.get(MULTIPROC_DIR):
        summed = CollectorRegistry()
        multiprocess.MultiProcessCollector(summed)
        return summed
    return REGISTRY


def exposition() -> bytes:
    return generate_latest(registry())


UNAUTHORIZED_ZH = "访问指标须携带指标令牌"


def metrics_endpoint(token: str | None) -> Callable[[Request], Awaitable[Response]]:
    """/metrics; with `token`, only for `Authorization: Bearer <token>`."""
    expected = f"Bearer {token}".encode() if token else None

    async def metrics(request: Request) -> Response:
        if expected is not None:
            given = request.headers.get("authorization", "").encode("latin-1")
            if not hmac.compare_digest(given, expected):
                return _unauthorized()
        body = await asyncio.to_thread(exposition)  # reads every worker's files
        return Response(body, media_type=CONTENT_TYPE_LATEST)

    return metrics


def _unauthorized() -> Response:
    code = ErrorCode.UNAUTHENTICATED
    note_error(code.name)
    extensions = {"code": code.name, "messageZh": UNAUTHORIZED_ZH}
    body = {"errors": [{"message": "metrics need the metrics token", "extensions": extensions}]}
    headers = {"www-authenticate": 'Bearer realm="rightsgraph-metrics"'}
    return JSONResponse(body, status_code=401, headers=headers)


def worker_exited(pid: int) -> None:
    """Drop a worker's live gauges (queue depth, in flight) once it is gone."""
    if os.environ.get(MULTIPROC_DIR):
        multiprocess.mark_process_dead(pid)
