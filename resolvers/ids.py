"""Global ids in inputs: decoded, with a typed error naming the field when they are wrong."""

from __future__ import annotations

from strawberry import relay

from graph.domain import ErrorCode
from resolvers.errors import QueryInputError, Refusal, user_error
from schema.errors import UserError


class BadId(Refusal):
    """A global id that does not decode, or names a record of the wrong type."""

    def __init__(self, error: UserError) -> None:
        super().__init__(error)
        self.error = error


def decode_id(value: str, field: str, *types: str) -> tuple[str, str]:
    """(type name, registry id) of a global id that must name one of `types`."""
    try:
        global_id = relay.GlobalID.from_id(value)
    except Exception as exc:
        raise BadId(
            user_error(
                ErrorCode.INVALID_INPUT,
                field,
                f"{value!r} is not a global id",
                f"「{value}」不是有效的全局ID",
            )
        ) from exc
    if global_id.type_name not in types:
        expected = " or ".join(types)
        raise BadId(
            user_error(
                ErrorCode.INVALID_INPUT,
                field,
                f"expected the id of a {expected}, got a {global_id.type_name}",
                f"应为{expected}的ID，实际为{global_id.type_name}",
            )
        )
    return global_id.type_name, global_id.node_id


def filter_id(value: str | None, field: str, *types: str) -> str | None:
    """A global id given to a query filter; bad ones are a query error."""
    if value is None:
        return None
    try:
        return decode_id(value, field, *types)[1]
    except BadId as bad:
        raise QueryInputError(ErrorCode.INVALID_INPUT, field, bad.error.message) from bad


def not_found(field: str, what: str, value: str) -> UserError:
    return user_error(
        ErrorCode.NOT_FOUND,
        field,
        f"no {what} with id {value}",
        f"不存在该{what}（{value}）",
    )
