"""Values worked out from an object, remembered by the object's identity.

The parser cache hands every request with the same text the same document, and a schema's
types live as long as it does: what is worked out from them once (a document's literal
strings, its cost, an enum's answers) need not be worked out per request. Each value is
kept beside its object, so the object's id is not reused while the entry lives; a table
is emptied when full.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class Remembered(Generic[T]):
    """Up to `size` values, each by an object's identity and any further key."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._table: dict[tuple[Hashable, ...], tuple[Any, T]] = {}

    def get(self, owner: Any, make: Callable[[], T], *key: Hashable) -> T:
        found = self._table.get((id(owner), *key))
        if found is None or found[0] is not owner:
            if len(self._table) >= self.size:
                self._table.clear()
            found = self._table[(id(owner), *key)] = (owner, make())
        return found[1]
