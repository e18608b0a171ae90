"""What the API's operators see of Neo4j statements: how long each named statement takes
(a Prometheus histogram by query name) and, when tracing is on, a span per statement, a
child of whatever span is current (the request's, the GraphQL resolver's).

Query names are fixed in code (`graph.db.Query`), so the `query` label is bounded.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from opentelemetry import trace
from opentelemetry.trace import SpanKind
from prometheus_client import Histogram

# Statements run from 0.3 ms (an index lookup) to seconds (a scan of the whole graph).
STATEMENT_BUCKETS = (0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0)

STATEMENT_SECONDS = Histogram(
    "rightsgraph_neo4j_statement_duration_seconds",
    "Time from sending a named Cypher statement to holding all its rows, by query name.",
    ["query"],
    buckets=STATEMENT_BUCKETS,
)

_tracer = trace.get_tracer("rightsgraph.neo4j")
_spans = False


def trace_statements(on: bool) -> None:
    """Spans for statements or none: off, a statement costs no tracing work at all."""
    global _spans
    _spans = on


@contextmanager
def statement_span(name: str, database: str | None) -> Iterator[None]:
    if not _spans:
        yield
        return
    attributes = {
        "db.system.name": "neo4j",
        "db.query.summary": name,
        "thread.name": threading.current_thread().name,  # the heavy lane's, or the loop's
    }
    if database:
        attributes["db.namespace"] = database
    with _tracer.start_as_current_span(name, kind=SpanKind.CLIENT, attributes=attributes):
        yield


_observers: dict[str, Histogram] = {}


def observe_statement(name: str, seconds: float) -> None:
    child = _observers.get(name)
    if child is None:
        child = _observers[name] = STATEMENT_SECONDS.labels(name)
    child.observe(seconds)
