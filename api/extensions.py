"""Schema extensions of our own."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import AsyncIterator, Iterator
from inspect import isawaitable
from typing import Any

from graphql import ExecutionResult, GraphQLError, GraphQLSyntaxError, execute
from strawberry.extensions import MaskErrors, SchemaExtension
from strawberry.relay.types import InvalidGlobalIDError
from strawberry.types import ExecutionContext
from strawberry.types.execution import PreExecutionError
from strawberry.types.graphql import OperationType

from api.admission import current_ticket
from api.cost import operation_cost
from api.heavy import EncodedJSON, HeavyThread, courtesy, encode_in_pieces
from api.request_info import current_request
from graph.db import Database, Neo4jUnavailable, RoundTrips, count_round_trips
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


class OperationReport(SchemaExtension):
    """Tells the request being served (api/request_info.py) which operation it ran, whether
    the document was valid, and the code of every error in its answer. First among the
    extensions, so that it reads the codes the others gave."""

    def on_operation(self) -> Iterator[None]:
        try:
            yield
        except GraphQLError as refused:  # a parse error ends the operation (RequestErrorCodes)
            self._report([refused])
            raise
        # The answer's errors, as masked and tagged by the other extensions; before there is
        # an answer, those that stopped the operation.
        context = self.execution_context
        result = context.result
        self._report(list(result.errors or []) if result else context.pre_execution_errors or [])

    def on_execute(self) -> Iterator[None]:
        info = current_request.get()
        if info is not None:
            info.validated = True  # execution follows parsing and validation
        yield

    def _report(self, errors: list[GraphQLError]) -> None:
        info = current_request.get()
        if info is None:  # executed outside a request: the seed
            return
        info.operation = self.execution_context.operation_name
        info.codes += [str((error.extensions or {}).get("code", "OTHER")) for error in errors]


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


class QueryCost(SchemaExtension):
    """Costs the operation once it is validated (api/cost.py), before any resolver runs:
    one costlier than `limit` is refused whole (`QUERY_TOO_COSTLY`) and nothing runs. A
    query costlier than `heavy` moves to the heavy lane of admission (api/admission.py),
    then executes on the heavy thread (api/heavy.py). Every response that got this far
    reports `extensions.cost` and `extensions.costLimit`.
    """

    def __init__(
        self, *, limit: int, heavy: int, max_page_size: int, heavy_thread: HeavyThread | None
    ) -> None:
        self.limit = limit
        self.heavy = heavy
        self.max_page_size = max_page_size
        self.heavy_thread = heavy_thread
        self.cost: int | None = None

    async def on_execute(self) -> AsyncIterator[None]:
        context = self.execution_context
        assert context.graphql_document is not None  # execution follows validation
        self.cost = operation_cost(
            context.schema._schema,
            context.graphql_document,
            context.variables,
            context.operation_name,
            self.max_page_size,
        )
        if self.cost > self.limit:
            # A result set before execution stands in for it: no resolver runs.
            context.result = PreExecutionError(
                data=None, errors=[too_costly(self.cost, self.limit)]
            )
        elif self.cost > self.heavy and context.operation_type is OperationType.QUERY:
            ticket = current_ticket.get()
            if ticket is not None:
                await ticket.move_to_heavy_lane()
            if self.heavy_thread is not None:
                # Executed there, the result stands in for strawberry's own execution here.
                context.result = await self.heavy_thread.run(lambda db: execute_with(context, db))
        yield

    def get_results(self) -> dict[str, Any]:
        if self.cost is None:
            return {}
        return {"cost": self.cost, "costLimit": self.limit}


async def execute_with(context: ExecutionContext, db: Database) -> ExecutionResult:
    """The operation executed over `db`, with loaders of its own (made over `db`), giving
    way to the requests of the normal lane."""
    assert context.graphql_document is not None
    ticket = current_ticket.get()
    result = execute(
        context.schema._schema,
        context.graphql_document,
        root_value=context.root_value,
        context_value=dataclasses.replace(context.context, db=db),
        variable_values=context.variables,
        operation_name=context.operation_name,
        middleware=[courtesy(ticket.others_running if ticket else lambda: False)],
    )
    if isawaitable(result):
        result = await result
    if result.data is None:
        return result
    data: Any = EncodedJSON(encode_in_pieces(result.data))  # written as it is (api/app.py)
    return ExecutionResult(data, result.errors)


def too_costly(cost: int, limit: int) -> GraphQLError:
    code = ErrorCode.QUERY_TOO_COSTLY
    return GraphQLError(
        f"the query costs {cost}, more than the limit of {limit}; ask for smaller pages or "
        "fewer nested lists",
        extensions={
            "code": code.name,
            "messageZh": f"查询代价{cost}超过上限{limit}，请减小分页或嵌套列表",
            "cost": cost,
            "costLimit": limit,
        },
    )
