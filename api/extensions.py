"""Schema extensions of our own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from strawberry.extensions import SchemaExtension

from graph.db import RoundTrips, count_round_trips


class RoundTripReport(SchemaExtension):
    """Adds `extensions.neo4jRoundTrips` to each response: statements sent to Neo4j.

    Lets a portal developer see what a query costs, and lets tests prove that a
    page costs the same number of round trips whatever its size (no N+1).
    """

    counter: RoundTrips | None = None

    def on_operation(self) -> Iterator[None]:
        with count_round_trips() as counter:
            self.counter = counter
            yield

    def get_results(self) -> dict[str, Any]:
        return {"neo4jRoundTrips": self.counter.count if self.counter else 0}
