"""Schema extensions of our own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay.types import InvalidGlobalIDError

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
_BAD_VARIABLE = re.compile(r"^Variable '\$(\w+)' (?:has invalid value|of required type)")


class RequestErrorCodes(SchemaExtension):
    """Gives every refusal of a request a stable `extensions.code` and a Chinese reason,
    like every other typed error: the query limits (depth, aliases, tokens), a document
    that does not parse, one the schema does not validate, a variable of the wrong type."""

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
    if (error.extensions or {}).get("code"):
        return
    if isinstance(error.original_error, InvalidGlobalIDError):  # node(id:) given no id
        error.extensions = {
            "code": ErrorCode.INVALID_INPUT.name,
            "field": "id",
            "messageZh": "不是有效的全局ID",
        }
        return
    if error.path:
        return  # a field's own error, typed where it was raised or masked as a fault
    code, field = _classify(error)
    extensions: dict[str, Any] = {"code": code.name, "messageZh": getattr(code, "zh")}  # noqa: B009
    if field is not None:
        extensions |= {"field": field, "messageZh": f"变量{field}的值无效"}
    error.extensions = {**(error.extensions or {}), **extensions}


def _classify(error: GraphQLError) -> tuple[ErrorCode, str | None]:
    for fragment, code in _LIMITS:
        if fragment in error.message:
            return code, None
    if isinstance(error, GraphQLSyntaxError) or error.message.startswith("Syntax Error"):
        return ErrorCode.GRAPHQL_PARSE_FAILED, None
    variable = _BAD_VARIABLE.match(error.message)
    if variable is not None:
        return ErrorCode.INVALID_INPUT, variable.group(1)
    return ErrorCode.GRAPHQL_VALIDATION_FAILED, None


class MaskFaults(MaskErrors):
    """Hides what failed inside the server, and says it was the server: the code
    INTERNAL_ERROR, never a client's code."""

    def anonymise_error(self, error: GraphQLError) -> GraphQLError:
        masked = super().anonymise_error(error)
        code = ErrorCode.INTERNAL_ERROR
        masked.extensions = {"code": code.name, "messageZh": getattr(code, "zh")}  # noqa: B009
        return masked


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
