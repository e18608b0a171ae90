"""Traces: a request's spans, exported to memory, reach down to its Neo4j statements, on the
heavy lane's thread too."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest
from opentelemetry import trace
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from starlette.testclient import TestClient

from api.app import create_app
from api.logs import json_handler
from api.settings import Settings, Tracing
from graph import telemetry
from graph.regions import REGIONS_BY_IDS
from tests.conftest import GraphQLClient

pytestmark = pytest.mark.usefixtures("seeded_module")

EXPORTER = InMemorySpanExporter()


@pytest.fixture(scope="module")
def spans() -> Iterator[InMemorySpanExporter]:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(EXPORTER))
    trace.set_tracer_provider(provider)  # once per process, as `rightsgraph serve` does
    try:
        yield EXPORTER
    finally:
        telemetry.trace_statements(False)


@pytest.fixture(scope="module")
def traced(settings: Settings, spans: InMemorySpanExporter) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"tracing": Tracing.OTLP}))) as client:
        yield client


def ancestors(span: ReadableSpan, by_id: dict[int, ReadableSpan]) -> list[ReadableSpan]:
    chain = []
    while span.parent is not None and span.parent.span_id in by_id:
        span = by_id[span.parent.span_id]
        chain.append(span)
    return chain


def one_trace(spans: InMemorySpanExporter) -> tuple[ReadableSpan, dict[int, ReadableSpan]]:
    finished = spans.get_finished_spans()
    [request] = [s for s in finished if s.kind is SpanKind.SERVER and s.name == "POST /graphql"]
    assert request.context is not None
    mine = [s for s in finished if s.context and s.context.trace_id == request.context.trace_id]
    return request, {s.context.span_id: s for s in mine if s.context}


def test_a_request_is_a_span_with_its_operation_and_neo4j_statements_below(
    traced: TestClient, spans: InMemorySpanExporter
) -> None:
    spans.clear()
    anonymous = GraphQLClient(traced)
    anonymous.data('query Traced { region(code: "450700") { code children { code } } }')
    request, by_id = one_trace(spans)
    assert request.attributes is not None
    assert request.attributes["graphql.operation.name"] == "Traced"
    assert request.attributes["http.response.status_code"] == 200
    [operation] = [s for s in by_id.values() if s.name == "GraphQL Query: Traced"]
    assert request in ancestors(operation, by_id)
    statements = [s for s in by_id.values() if s.kind is SpanKind.CLIENT]
    assert REGIONS_BY_IDS.name in {s.name for s in statements}
    for statement in statements:
        assert statement.attributes is not None
        assert statement.attributes["db.system.name"] == "neo4j"
        assert operation in ancestors(statement, by_id)


def test_a_callers_trace_is_continued_and_logs_name_it(
    traced: TestClient, spans: InMemorySpanExporter
) -> None:
    spans.clear()
    stream = io.StringIO()
    handler = json_handler(stream)
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    caller_trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    try:
        traced.post(
            "/graphql",
            json={"query": 'query Continued { region(code: "450700") { code } }'},
            headers={"traceparent": f"00-{caller_trace}-00f067aa0ba902b7-01"},
        )
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    request, _ = one_trace(spans)
    assert request.context is not None
    assert format(request.context.trace_id, "032x") == caller_trace
    logged = [json.loads(line) for line in stream.getvalue().splitlines()]
    [line] = [entry for entry in logged if entry["message"] == "request"]
    assert line["traceId"] == caller_trace


@pytest.fixture(scope="module")
def heavy_traced(settings: Settings, spans: InMemorySpanExporter) -> Iterator[TestClient]:
    everything_heavy = {"tracing": Tracing.OTLP, "heavy_query_cost": 1}
    with TestClient(create_app(settings.model_copy(update=everything_heavy))) as client:
        yield client


def test_statements_of_the_heavy_lane_join_the_requests_trace(
    heavy_traced: TestClient, spans: InMemorySpanExporter
) -> None:
    spans.clear()
    answer = GraphQLClient(heavy_traced)(
        "query Heavy { regions(first: 20) { edges { node { code children { code } } } } }"
    )
    assert "errors" not in answer and answer["extensions"]["cost"] > 1
    request, by_id = one_trace(spans)
    statements = [s for s in by_id.values() if s.kind is SpanKind.CLIENT]
    assert statements
    for statement in statements:
        assert request in ancestors(statement, by_id)
        assert statement.attributes is not None
        assert statement.attributes["thread.name"] == "heavy-queries"
