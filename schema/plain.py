"""`@context_only`: a synchronous resolver, or a permission class, that reads nothing of
`info` but `info.context`, so the executor may complete it in a plain list's fast loop
(api/execution.py) with only the context at hand."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

F = TypeVar("F", bound=Callable[..., Any] | type)

_MARK = "__rightsgraph_context_only__"


def context_only(function: F) -> F:
    setattr(function, _MARK, True)
    return function


def is_context_only(function: Callable[..., Any] | type) -> bool:
    return getattr(function, _MARK, False) is True
