"""Traces (OpenTelemetry), off unless settings turn them on.

With `RIGHTSGRAPH_TRACING=otlp` each request is a server span (continuing the caller's
trace when it sends a W3C `traceparent`), its GraphQL operation a child span with parsing,
validation and resolvers below it (strawberry's extension), and every Neo4j statement a
client span named after its query (graph/telemetry.py), on the heavy lane's thread too.
Spans leave in batches over OTLP/HTTP.

Resolver arguments are not recorded: they can carry personal identifiers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from opentelemetry import propagate, trace
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.sdk.trace.sampling import ParentBased, TraceIdRatioBased
from opentelemetry.trace import Span, SpanKind
from starlette.types import Scope
from strawberry.extensions import SchemaExtension
from strawberry.extensions.tracing import OpenTelemetryExtension

from api.settings import Settings

_tracer = trace.get_tracer("rightsgraph.api")


def configure_tracing(settings: Settings, version: str) -> TracerProvider | None:
    """The process's tracer provider, exporting over OTLP; None when tracing is off. Once per
    process: `rightsgraph serve` and each of its workers."""
    if not settings.tracing_enabled:
        return None
    resource = Resource.create({"service.name": settings.service_name, "service.version": version})
    sampler = ParentBased(TraceIdRatioBased(settings.tracing_sample_ratio))
    provider = TracerProvider(resource=resource, sampler=sampler)
    # endpoint None: the standard OTEL_EXPORTER_OTLP_* variables, else localhost:4318.
    provider.add_span_processor(
        BatchSpanProcessor(OTLPSpanExporter(endpoint=settings.otlp_endpoint))
    )
    trace.set_tracer_provider(provider)
    return provider


def _no_arguments(arguments: dict[str, Any], info: Any) -> dict[str, Any]:
    return {}


def graphql_tracing() -> Callable[[], SchemaExtension]:
    """Strawberry's OpenTelemetry extension, a new one per request, recording no arguments."""
    return lambda: OpenTelemetryExtension(arg_filter=_no_arguments)


@contextmanager
def request_span(scope: Scope, route: str) -> Iterator[Span]:
    headers = {key.decode("latin-1"): value.decode("latin-1") for key, value in scope["headers"]}
    with _tracer.start_as_current_span(
        f"{scope['method']} {route}",
        context=propagate.extract(headers),
        kind=SpanKind.SERVER,
        attributes={"http.request.method": scope["method"], "url.path": scope["path"]},
    ) as span:
        yield span
