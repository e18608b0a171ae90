"""What every resolver gets: the database, the caller, its abilities, limits, loaders,
and the request's own "now" (one instant for the whole request).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from graph.db import Database, Row
from graph.domain import Ability, Actor
from graph.history import TimePoint, local_date
from resolvers.cursors import PROCESS_CURSORS, Cursors
from resolvers.loaders import create_loaders
from resolvers.permissions import ANONYMOUS, abilities_of
from resolvers.registration_workflow import PUBLICITY_DAYS
from resolvers.rules import RuleMode
from schema.loaders import Loaders


@dataclass
class Context:
    db: Database
    max_page_size: int = 200
    actor: Actor = ANONYMOUS
    rule_modes: dict[str, RuleMode] = field(default_factory=dict)
    publicity_days: int = PUBLICITY_DAYS
    now: datetime = field(default_factory=lambda: datetime.now(UTC))
    # Read again by a write once it holds its locks; None: the clock stands still at `now`
    # (the seed replays a dated scenario).
    clock_source: Callable[[], datetime] | None = None
    cursors: Cursors = PROCESS_CURSORS
    abilities: frozenset[Ability] = field(init=False)
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.abilities = abilities_of(self.actor)
        self.loaders = create_loaders(
            self.db, catalogue_only=Ability.READ_REGISTRY not in self.abilities
        )

    def clock(self) -> datetime:
        return self.clock_source() if self.clock_source is not None else self.now

    @property
    def present(self) -> TimePoint:
        """Today as the registry knows it now: the default view of every query."""
        return TimePoint(local_date(self.now), self.now)

    def can(self, ability: Ability) -> bool:
        return ability in self.abilities

    def prime_assets(
        self, ids: list[str], resources: dict[str, Row], products: dict[str, Row], at: TimePoint
    ) -> None:
        """The records a statement read of `ids` (a walk's, its assets'), resources and
        products by id: `assets` and the loaders answer these ids from them."""
        self.loaders.resource.prime_records(ids, resources, at)
        self.loaders.product.prime_records(ids, products, at)

    async def assets(self, ids: list[str], at: TimePoint | None = None) -> list[Any]:
        """Resources and products by id, whichever each is, in two batched statements (none
        for those `prime_assets` was given)."""
        keys = [(node_id, at or self.present) for node_id in ids]
        resources = await self.loaders.resource.load_many(keys)
        missing = [key for key, found in zip(keys, resources, strict=True) if found is None]
        products = dict(zip(missing, await self.loaders.product.load_many(missing), strict=True))
        found = [r or products.get(key) for key, r in zip(keys, resources, strict=True)]
        return [asset for asset in found if asset is not None]
