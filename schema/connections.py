"""Relay connections with a lazily counted `totalCount`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

import strawberry
from strawberry import relay

NodeT = TypeVar("NodeT", bound=relay.Node)


@strawberry.type(description="A page of a list, with cursors (Relay connection).")
class CountedConnection(relay.Connection[NodeT], Generic[NodeT]):
    count_all: strawberry.Private[Callable[[], Awaitable[int]]]

    @strawberry.field(description="How many items the whole filtered list holds (all pages).")
    async def total_count(self) -> int:
        return await self.count_all()
