"""The root Query and Mutation types: thin fields that delegate to the domain resolvers."""

from __future__ import annotations

from typing import Annotated

import strawberry
from strawberry import relay

from resolvers.context import Context
from resolvers.pagination import PageArgs
from resolvers.parties import list_parties, register_party
from resolvers.regions import list_regions
from resolvers.vocabulary import enum_labels
from schema.enums import PartySortField, RegionSortField, SortDirection
from schema.party import (
    PartyConnection,
    PartyFilter,
    RegisterPartyInput,
    RegisterPartyResult,
)
from schema.region import Region, RegionConnection, RegionFilter
from schema.vocabulary import EnumLabel

Info = strawberry.Info[Context, None]

FIRST = "Page size from the start (default 20, at most the configured maximum)."
AFTER = "Cursor of the edge to start after."
LAST = "Page size from the end."
BEFORE = "Cursor of the edge to end before."


@strawberry.type(description="Read the registry 查询.")
class Query:
    @strawberry.field(description="Any record by its global id (Relay node lookup).")
    async def node(
        self,
        info: Info,
        id: Annotated[relay.GlobalID, strawberry.argument(description="Global id of the record.")],
    ) -> relay.Node | None:
        # A plain resolver rather than `relay.node()`, which cannot serve two schemas
        # built in one process (the app and its tests build several).
        return await id.resolve_node(info, required=False)

    @strawberry.field(description="A region by its administrative division code 行政区划.")
    async def region(
        self,
        info: Info,
        code: Annotated[str, strawberry.argument(description="Division code, e.g. 450700.")],
    ) -> Region | None:
        return await info.context.loaders.region.load(code)

    @strawberry.field(description="Regions of Qinzhou, filtered and paged 行政区划列表.")
    async def regions(
        self,
        info: Info,
        filter: Annotated[RegionFilter | None, strawberry.argument(description="Filters.")] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
        order_by: Annotated[
            RegionSortField, strawberry.argument(description="Ordering.")
        ] = RegionSortField.CODE,
        direction: Annotated[
            SortDirection, strawberry.argument(description="Direction.")
        ] = SortDirection.ASC,
    ) -> RegionConnection:
        return await list_regions(
            info, filter, PageArgs(first, after, last, before, order_by, direction)
        )

    @strawberry.field(description="Parties of the market, filtered and paged 主体列表.")
    async def parties(
        self,
        info: Info,
        filter: Annotated[PartyFilter | None, strawberry.argument(description="Filters.")] = None,
        first: Annotated[int | None, strawberry.argument(description=FIRST)] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
        last: Annotated[int | None, strawberry.argument(description=LAST)] = None,
        before: Annotated[str | None, strawberry.argument(description=BEFORE)] = None,
        order_by: Annotated[
            PartySortField, strawberry.argument(description="Ordering.")
        ] = PartySortField.NAME,
        direction: Annotated[
            SortDirection, strawberry.argument(description="Direction.")
        ] = SortDirection.ASC,
    ) -> PartyConnection:
        return await list_parties(
            info, filter, PageArgs(first, after, last, before, order_by, direction)
        )

    @strawberry.field(
        description="Every enum value with its Chinese and English label 枚举中英文标签."
    )
    def enum_labels(
        self,
        enum_name: Annotated[
            str | None,
            strawberry.argument(description="Only this enum, e.g. `PartyKind`; all when omitted."),
        ] = None,
    ) -> list[EnumLabel]:
        return enum_labels(enum_name)


@strawberry.type(description="Record facts in the registry 登记.")
class Mutation:
    @strawberry.mutation(
        description="Register a party: department, enterprise, exchange, merchant, broker, "
        "agency or person 登记主体."
    )
    async def register_party(
        self,
        info: Info,
        input: Annotated[RegisterPartyInput, strawberry.argument(description="The party.")],
        idempotency_key: Annotated[
            str | None,
            strawberry.argument(
                description="Client-chosen key; repeating a request with the same key returns "
                "the first result and writes nothing new.",
            ),
        ] = None,
    ) -> RegisterPartyResult:
        return await register_party(info, input, idempotency_key)
