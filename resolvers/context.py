"""What every resolver gets: the database, the caller, limits and per-request loaders."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.audit import Actor
from graph.db import Database
from resolvers.loaders import Loaders

ANONYMOUS = Actor(subject="anonymous", role="anonymous")


@dataclass
class Context:
    db: Database
    max_page_size: int = 200
    actor: Actor = ANONYMOUS
    loaders: Loaders = field(init=False)

    def __post_init__(self) -> None:
        self.loaders = Loaders.create(self.db)
