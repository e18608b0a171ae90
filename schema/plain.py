"""What the plain completer (api/execution.py) may complete in its fast loop.

`@context_only`: a synchronous resolver, or a permission class, that reads nothing of
`info` but `info.context`, so the executor may complete it with only the context at hand.

`ValueRows`: records still as a statement's value lists, with `Columns` saying how to read
each field from them: a page's 1,300 rights and their holders answered without making a
record of each (8 µs a right through records and their fields, about 2 µs from values)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any] | type)

_MARK = "__rightsgraph_context_only__"


def context_only(function: F) -> F:
    setattr(function, _MARK, True)
    return function


def is_context_only(function: Callable[..., Any] | type) -> bool:
    return getattr(function, _MARK, False) is True


class NotPlain(Exception):
    """A value the plain completer cannot answer as it is: the list is completed again
    from its records, the normal way (api/execution.py)."""


Reader = Callable[[list[Any], Any], Any]  # (a record's values, the request's context) -> value


@dataclass(frozen=True, eq=False)
class Columns:
    """How to read fields of one GraphQL object type straight from a statement's value
    lists, without making a record of each: `readers` by GraphQL field name, each giving
    exactly the value the type's own field gives (its leaf or list is then completed as
    usual); a field in `nested` gives the values of another such type (never null: a value
    not at hand raises NotPlain). A leaf field in `answers` is read already as its answer
    (what its type serializes its value to), never null (a null raises NotPlain), so it
    needs no completion. Fields not listed are read from the records (`ValueRows`)."""

    type_name: str
    readers: Mapping[str, Reader]
    nested: Mapping[str, Columns] = field(default_factory=dict)
    answers: Mapping[str, Reader] = field(default_factory=dict)


def member_name(members: Mapping[str, Any], at: int) -> Reader:
    """An enum field's answer read from the value at `at`: the member's name, as stored
    and as a strawberry enum serializes its member (a name not of `members` raises
    NotPlain: the records answer, or report it)."""

    def answer(values: list[Any], _context: Any) -> Any:
        name = values[at]
        if name in members:
            return name
        raise NotPlain

    return answer


class ValueRows:
    """Records of one object type still as value lists (read through `columns`), as a
    list field's resolver may return them: the plain completer answers the selection from
    the values when every field it selects has a column, else asks for the records
    (`typed`, made once)."""

    __slots__ = ("_make", "_typed", "columns", "values")

    def __init__(
        self, values: list[list[Any]], columns: Columns, make: Callable[[], list[Any]]
    ) -> None:
        self.values = values
        self.columns = columns
        self._make = make
        self._typed: list[Any] | None = None

    def typed(self) -> list[Any]:
        if self._typed is None:
            self._typed = self._make()
        return self._typed
