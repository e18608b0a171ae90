"""The GraphQL schema, with its limits taken from settings."""

from __future__ import annotations

from collections.abc import Callable

from graphql import GraphQLError
from strawberry import Schema
from strawberry.extensions import (
    AddValidationRules,
    MaskErrors,
    MaxAliasesLimiter,
    MaxTokensLimiter,
    ParserCache,
    QueryDepthLimiter,
    SchemaExtension,
    ValidationCache,
)

from api.extensions import LimitCodes, QueryCost, RoundTripReport
from api.heavy import HeavyThread
from api.settings import Settings
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
    return original is not None and not isinstance(original, GraphQLError)


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
        LimitCodes,
        lambda: MaxTokensLimiter(max_token_count=settings.max_tokens),
        lambda: ParserCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: AddValidationRules(limits),
        lambda: ValidationCache(maxsize=DOCUMENT_CACHE_SIZE),
        lambda: QueryCost(
            limit=settings.max_query_cost,
            heavy=settings.heavy_query_cost,
            max_page_size=settings.max_page_size,
            heavy_thread=heavy_thread,
        ),
        lambda: MaskErrors(should_mask_error=should_mask, error_message="Internal error."),
    ]
    if settings.report_round_trips:
        extensions.append(RoundTripReport)
    return Schema(query=Query, mutation=Mutation, types=RECORD_TYPES, extensions=extensions)
