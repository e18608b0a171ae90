"""Schema extensions of our own."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from graph.db import Neo4jUnavailable, RoundTrips, count_round_trips
from graph.domain import ErrorCode


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


# How strawberry's and graphql-core's limit refusals begin or end, and the code each gets.
_LIMITS = (
    ("exceeds maximum operation depth", ErrorCode.QUERY_TOO_DEEP),
    ("aliases found. Allowed:", ErrorCode.TOO_MANY_ALIASES),
    ("Document contains more than", ErrorCode.TOO_MANY_TOKENS),
)


class LimitCodes(SchemaExtension):
    """Gives the refusals of the query limits (depth, aliases, tokens) a stable
    `extensions.code` and a Chinese reason, like every other typed error."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLError as refused:  # a parse error (too many tokens) ends the operation
            _tag(refused)
            raise
        context = self.execution_context
        errors = list(context.pre_execution_errors or [])
        if context.result is not None:
            errors += list(context.result.errors or [])
        for error in errors:
            _tag(error)


def _tag(error: GraphQLError) -> None:
    for fragment, code in _LIMITS:
        if fragment in error.message:
            error.extensions = {
                **(error.extensions or {}),
                "code": code.name,
                "messageZh": getattr(code, "zh"),  # noqa: B009
            }
            return


UNAVAILABLE_MESSAGE = "The database cannot be reached for now; retry in a moment."
UNAVAILABLE_MESSAGE_ZH = "数据库暂时无法访问，请稍后重试。"


def unavailable(error: GraphQLError) -> bool:
    """The error is Neo4j being unreachable, not a fault of the request or of ours."""
    return isinstance(error.original_error, Neo4jUnavailable)


class UnavailableCodes(SchemaExtension):
    """Fields that failed because Neo4j cannot be reached answer `SERVICE_UNAVAILABLE`
    with a message in English and Chinese (the API answers such a request 503)."""

    def on_operation(self) -> Iterator[None]:
        yield
        result = self.execution_context.result
        for error in (result.errors or []) if result is not None else []:
            if unavailable(error):
                error.message = UNAVAILABLE_MESSAGE
                error.extensions = {
                    **(error.extensions or {}),
                    "code": ErrorCode.SERVICE_UNAVAILABLE.name,
                    "messageZh": UNAVAILABLE_MESSAGE_ZH,
                }
