"""The GraphQL schema, with its limits taken from settings."""

from __future__ import annotations

import logging
from collections.abc import Callable

from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)
from strawberry.schema.config import StrawberryConfig
from strawberry.types import ExecutionContext

from api.execution import PlainListExecutionContext, RecordsExecutionContext
from api.extensions import (
    MaskFaults,
    OperationReport,
    QueryCost,
    RequestErrorCodes,
    RoundTripReport,
    UnavailableCodes,
    unavailable,
)
from api.heavy import HeavyThread
from api.settings import Settings
from api.text_guard import text_guard
from api.tracing import graphql_tracing
from graph.db import Neo4jUnavailable
from resolvers.root import Mutation, Query
from schema.audit import AuditEvent
from schema.authorization import Authorization
from schema.lineage import Activity, QualityIssue
from schema.market import CreditEvent, Declaration, SupervisionAction, Valuation
from schema.party import Party
from schema.product import DataProduct
from schema.region import Region
from schema.registration import Registration
from schema.resource import DataResource
from schema.right import Right
from schema.scalars import SCALAR_MAP
from schema.transaction import Transaction

# Every type reachable by `node(id:)`.
RECORD_TYPES = [
    Region,
    Party,
    DataResource,
    DataProduct,
    Right,
    Registration,
    AuditEvent,
    Authorization,
    Transaction,
    Declaration,
    CreditEvent,
    SupervisionAction,
    Valuation,
    Activity,
    QualityIssue,
]


def should_mask(error: GraphQLError) -> bool:
    """Hide unexpected failures; let GraphQL's own and our typed query errors through."""
    original = error.original_error
    return original is not None and not isinstance(original, GraphQLError | Neo4jUnavailable)


log = logging.getLogger("strawberry.execution")


class RegistrySchema(Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        """A fault of ours is logged at ERROR with its traceback; a request that is wrong
        (a typo, a limit, a bad argument) at INFO, in a line without one. Neo4j being down
        is logged once by the database's breaker, not for every field of every request."""
        for error in errors:
            if unavailable(error):
                continue
            if should_mask(error):
                log.error(error, exc_info=error.original_error)
            else:
                log.info("client error: %s", error.message, extra={"errorPath": error.path})


# Distinct documents whose parse and validation are kept: portals send the same few queries
# over and over, and parsing plus validating them cost more than a small lineage walk.
DOCUMENT_CACHE_SIZE = 512


def build_schema(settings: Settings, heavy_thread: HeavyThread | None = None) -> Schema:
    """The schema; heavy queries execute on `heavy_thread` when given, else in line."""
    # The limits' validation rules are built once, so that the validation cache (keyed by
    # document and rules) hits; a new QueryDepthLimiter per request would make new rules.
    limits = [
        *QueryDepthLimiter(max_depth=settings.max_query_depth).validation_rules,
        *MaxAliasesLimiter(max_alias_count=settings.max_aliases).validation_rules,
    ]
    # Extensions are passed as classes or factories: each request gets its own instances.
    extensions: list[type[SchemaExtension] | Callable[[], SchemaExtension]] = [
        OperationReport,  # first: it reads the codes the others give
        RequestErrorCodes,
        UnavailableCodes,
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: AddValidationRules(limits),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        text_guard(settings.max_text_chars),
        lambda: QueryCost(
            limit=settings.max_query_cost,
            heavy=settings.heavy_query_cost,
            max_page_size=settings.max_page_size,
            heavy_thread=heavy_thread,
        ),
        lambda: MaskFaults(should_mask_error=should_mask, error_message="Internal error."),
    ]
    if settings.report_round_trips:
        extensions.append(RoundTripReport)
    if settings.tracing_enabled:
        extensions.append(graphql_tracing())
    return RegistrySchema(
        query=Query,
        mutation=Mutation,
        types=RECORD_TYPES,
        extensions=extensions,
        config=StrawberryConfig(scalar_map=SCALAR_MAP),
        execution_context_class=(
            PlainListExecutionContext if settings.plain_lists else RecordsExecutionContext
        ),
    )
