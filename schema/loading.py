"""Resolving a field from a per-request DataLoader without an awaitable when it can."""

from __future__ import annotations

from asyncio import Future
from collections.abc import Awaitable, Callable, Hashable, Iterable
from typing import Any, TypeVar, cast

from strawberry.dataloader import DataLoader

from schema.plain import ValueRows

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


def of_kind(
    found: list[T] | ValueRows | Awaitable[list[T]], kind: Any
) -> list[T] | ValueRows | Awaitable[list[T]]:
    """Rights (or anything with a `kind`) of one kind, None: all; now if `found` is a list,
    later if it is a loader's future; all of a list still as values (`ValueRows`) as it is,
    made into records first for one kind."""
    if isinstance(found, ValueRows):
        if kind is None:
            return found
        found = cast(list[T], found.typed())
    if isinstance(found, list):
        return [item for item in found if kind is None or item.kind is kind]  # type: ignore[attr-defined]

    async def later() -> list[T]:
        return cast(list[T], of_kind(await found, kind))

    return later()


async def records_of(
    info: Any, label: str, node_ids: Iterable[str], convert: Callable[[Any], T]
) -> list[T | None]:
    """`node(id:)` for a kind looked up by label (graph/records.py): each id's record, or
    None where there is none of that kind."""
    rows = await info.context.loaders.record.load_many([(label, i) for i in node_ids])
    return [convert(row) if row is not None else None for row in rows]


def projected_keys(
    stored_by_field: dict[str, tuple[str, ...]], field_names: Iterable[str], always: set[str]
) -> tuple[str, ...] | None:
    """What to load of a record for a selection of these fields (with `always`), from a
    type's table of what each field reads; None: a field the table does not know, so
    everything."""
    keys = set(always)
    for name in field_names:
        stored = stored_by_field.get(name)
        if stored is None:
            return None
        keys.update(stored)
    return tuple(sorted(keys))


def member_or_none(enum: Any, name: str | None) -> Any:
    """The enum member of this name; None for a record that left it out (a projection)."""
    return None if name is None else enum[name]
