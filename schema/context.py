"""The request context as the GraphQL types see it, so that their use of it is type-checked.

`resolvers.context.Context` is the one implementation; this protocol names what the types
read: the caller, its abilities, the request's present moment, the loaders, and assets.
"""

from __future__ import annotations

from typing import Any, Protocol

import strawberry

from graph.domain import Ability, Actor
from graph.history import TimePoint
from schema.loaders import Loaders


class RequestContext(Protocol):
    actor: Actor
    abilities: frozenset[Ability]
    loaders: Loaders

    @property
    def present(self) -> TimePoint:  # today as the registry knows it now
        ...

    async def assets(
        self, ids: list[str], at: TimePoint | None = None
    ) -> list[Any]: ...  # resources and products by id, whichever each is


Info = strawberry.Info[RequestContext, None]
