"""Per-request DataLoaders: anything fetched per row is batched into one statement."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader

from graph import parties, regions
from graph.db import Database, Row
from schema.party import Party
from schema.region import Region

T = TypeVar("T")


def _by_key(
    fetch: Callable[[Database, list[str]], Awaitable[dict[str, Any]]],
    db: Database,
    convert: Callable[[Any], T],
    missing: Callable[[], T | None] = lambda: None,
) -> DataLoader[str, T | None]:
    async def load(keys: Sequence[str]) -> list[T | None]:
        found = await fetch(db, list(dict.fromkeys(keys)))
        return [convert(found[key]) if key in found else missing() for key in keys]

    return DataLoader(load_fn=load)


def _regions(rows: list[Row]) -> list[Region]:
    return [Region.from_row(row) for row in rows]


@dataclass
class Loaders:
    region: DataLoader[str, Region | None]
    region_children: DataLoader[str, list[Region] | None]
    party: DataLoader[str, Party | None]

    @classmethod
    def create(cls, db: Database) -> Loaders:
        return cls(
            region=_by_key(regions.regions_by_ids, db, Region.from_row),
            region_children=_by_key(regions.region_children, db, _regions, list),
            party=_by_key(parties.parties_by_ids, db, Party.from_row),
        )
