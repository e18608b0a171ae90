"""Resolving a field from a per-request DataLoader without an awaitable when it can."""

from __future__ import annotations

from asyncio import Future
from collections.abc import Awaitable, Hashable
from typing import TypeVar

from strawberry.dataloader import DataLoader

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")


def loaded_or_pending(loader: DataLoader[K, T], key: K) -> T | Awaitable[T]:
    """The value if the loader already holds it (primed or fetched), else its future.

    graphql-core awaits whatever a resolver returns that is awaitable, so a synchronous
    resolver may return either; the value saves the executor a task per row on long lists.
    """
    pending = loader.load(key)
    if isinstance(pending, Future) and pending.done() and not pending.exception():
        return pending.result()
    return pending
