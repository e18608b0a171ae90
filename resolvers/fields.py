"""What the root fields of every domain share: argument annotations, the paging arguments
(declared once, in `paged`), the result unions of mutations, and the mutation decorators.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Awaitable, Callable
from datetime import date, datetime
from enum import Enum
from inspect import Parameter
from typing import Annotated, Any, TypeVar

import strawberry

from resolvers.context import Context
from resolvers.pagination import PageArgs
from resolvers.prefetch import edge_fields
from schema.enums import SortDirection
from schema.permissions import CanReportQualityIssue, CanWriteRegistry, CanWriteSupervision

Info = strawberry.Info[Context, None]
T = TypeVar("T")


def arg(description: str) -> Any:
    return strawberry.argument(description=description)


First = Annotated[int | None, arg("Page size from the start (default 20).")]
After = Annotated[str | None, arg("Cursor of the edge to start after.")]
Last = Annotated[int | None, arg("Page size from the end.")]
Before = Annotated[str | None, arg("Cursor of the edge to end before.")]
Direction = Annotated[SortDirection, arg("Sort direction.")]
AsOf = Annotated[date | None, arg("Valid date to read at 查询日期; default today.")]
AsRecordedAt = Annotated[
    datetime | None,
    arg(
        "Read the registry as it was recorded at this moment 历史记录时点 (investigators, "
        "registrars and regulators); default now."
    ),
]
Key = Annotated[
    str | None,
    arg(
        "Client-chosen key of 1 to 200 characters 幂等键, scoped to the caller and this "
        "mutation: repeating a request with the same key returns the first result and writes "
        "nothing new; another caller's key is never seen."
    ),
]

# Stands for the page a list field is given (see `paged`); never read.
PAGE = PageArgs(None, None, None, None, SortDirection.ASC, SortDirection.ASC)


def paged(
    order_by: Enum, direction: SortDirection = SortDirection.ASC, *, fixed: bool = False
) -> Callable[[Callable[..., Awaitable[T]]], Callable[..., Awaitable[T]]]:
    """A list field's paging arguments, declared here once for every list.

    The resolver takes `page: PageArgs = PAGE` where the arguments belong; the field offers
    `first, after, last, before`, `orderBy` (of `order_by`'s enum, default `order_by`;
    not offered when the ordering is `fixed`) and `direction`, in that place, and the
    resolver receives them as one `PageArgs`.
    """
    default = order_by

    def decorate(resolver: Callable[..., Awaitable[T]]) -> Callable[..., Awaitable[T]]:
        signature = inspect.signature(resolver, eval_str=True)
        names = list(signature.parameters)
        paging = [
            Parameter(name, Parameter.KEYWORD_ONLY, default=None, annotation=annotation)
            for name, annotation in (
                ("first", First),
                ("after", After),
                ("last", Last),
                ("before", Before),
            )
        ]
        if not fixed:
            ordering = Annotated[type(default), arg("Ordering.")]  # type: ignore[valid-type]
            paging.append(
                Parameter("order_by", Parameter.KEYWORD_ONLY, default=default, annotation=ordering)
            )
        paging.append(
            Parameter("direction", Parameter.KEYWORD_ONLY, default=direction, annotation=Direction)
        )
        at = names.index("page")
        parameters = [
            p if i < 2 else p.replace(kind=Parameter.KEYWORD_ONLY)
            for i, p in enumerate(signature.parameters.values())
        ]
        parameters[at : at + 1] = paging

        @functools.wraps(resolver)
        async def field(
            *args: Any,
            first: int | None = None,
            after: str | None = None,
            last: int | None = None,
            before: str | None = None,
            order_by: Enum = default,
            direction: SortDirection = direction,
            **kwargs: Any,
        ) -> T:
            info = kwargs.get("info")
            cursors = info is None or "cursor" in edge_fields(info)
            page = PageArgs(first, after, last, before, order_by, direction, cursors)
            return await resolver(*args, page=page, **kwargs)

        field.__signature__ = signature.replace(parameters=parameters)  # type: ignore[attr-defined]
        field.__annotations__ = {
            p.name: p.annotation for p in parameters if p.annotation is not Parameter.empty
        } | {"return": signature.return_annotation}
        return field

    return decorate


def result_union(name: str, description: str) -> Any:
    """The union of a mutation's record and `Rejection`: `Annotated[X | Rejection,
    result_union("XResult", "...")]`."""
    return strawberry.union(name, description=description)


def writes(description: str) -> Any:
    """A mutation of the registry: registrars, within their jurisdiction."""
    return strawberry.mutation(description=description, permission_classes=[CanWriteRegistry])


def reports(description: str) -> Any:
    """A report of a problem found (article 9): investigators, registrars, regulators."""
    return strawberry.mutation(description=description, permission_classes=[CanReportQualityIssue])


def supervises(description: str) -> Any:
    """A mutation of supervision: regulators."""
    return strawberry.mutation(description=description, permission_classes=[CanWriteSupervision])
