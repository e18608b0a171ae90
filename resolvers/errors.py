"""Building typed errors, and turning pydantic validation failures into them."""

from __future__ import annotations

import functools
from collections.abc import Awaitable, Callable, Iterable
from contextvars import ContextVar
from typing import Any, ParamSpec, TypeVar

from graphql import GraphQLError
from pydantic import ValidationError
from strawberry import relay

from graph.domain import ErrorCode
from schema.errors import Rejection, UserError


def user_error(
    code: ErrorCode,
    field: str | None,
    message: str,
    message_zh: str,
    *,
    article: str | None = None,
    rule: str | None = None,
    existing: tuple[str, str] | None = None,
) -> UserError:
    """`existing` is (type name, node id) of a record the error points to."""
    return UserError(
        code=code,
        field=field,
        message=message,
        message_zh=message_zh,
        article=article,
        rule=rule,
        existing_id=relay.GlobalID(existing[0], existing[1]) if existing else None,
    )


def rejection(*errors: UserError) -> Rejection:
    return Rejection(errors=list(errors))


class Refusal(Exception):
    """Why a write is refused, raised anywhere from decoding its input to checking its rules.
    Inside a write's transaction it rolls the transaction back; `answers_refusals` turns it
    into the mutation's `Rejection`."""

    def __init__(self, *errors: UserError) -> None:
        super().__init__("; ".join(error.message for error in errors))
        self.errors = list(errors)


P = ParamSpec("P")
T = TypeVar("T")


# Where the codes of the Rejections answered in this context go, when someone listens: the
# API counts them per request (api/observe.py).
rejected_codes: ContextVar[list[str] | None] = ContextVar("rejected_codes", default=None)


def answers_refusals(
    resolver: Callable[P, Awaitable[T]],
) -> Callable[P, Awaitable[T | Rejection]]:
    """A mutation's resolver whose `Refusal`s, wherever raised, answer as a Rejection."""

    @functools.wraps(resolver)
    async def answered(*args: P.args, **kwargs: P.kwargs) -> T | Rejection:
        try:
            return await resolver(*args, **kwargs)
        except Refusal as refused:
            noted = rejected_codes.get()
            if noted is not None:
                noted.extend(error.code.name for error in refused.errors)
            return rejection(*refused.errors)

    return answered


class QueryInputError(GraphQLError):
    """Bad arguments to a query: reported in `errors` with a stable code, never masked."""

    def __init__(
        self, code: ErrorCode, field: str, message: str, message_zh: str | None = None
    ) -> None:
        extensions = {"code": code.name, "field": field}
        if message_zh is not None:
            extensions["messageZh"] = message_zh
        super().__init__(message, extensions=extensions)


# Chinese messages for pydantic's own error types that our inputs can raise.
_ZH_BY_TYPE = {
    "string_too_short": "内容过短",
    "string_too_long": "内容过长",
    "missing": "缺少必填项",
    "value_error": "取值无效",
}


def errors_from_validation(exc: ValidationError, prefix: str = "input") -> list[UserError]:
    """One UserError per pydantic error; custom errors carry our code and Chinese text."""
    return list(_convert(exc.errors(include_url=False), prefix))


def _convert(details: Iterable[Any], prefix: str) -> Iterable[UserError]:
    for detail in details:
        location = [prefix, *(str(part) for part in detail["loc"])]
        context = detail.get("ctx") or {}
        code = ErrorCode[detail["type"]] if detail["type"] in ErrorCode.__members__ else None
        yield user_error(
            code or ErrorCode.INVALID_INPUT,
            ".".join(location) if detail["loc"] else None,
            detail["msg"],
            context.get("zh") or _ZH_BY_TYPE.get(detail["type"], "输入无效"),
            article=context.get("article"),
        )
