"""Typed errors: what a client switches on when a write is refused."""

from __future__ import annotations

import strawberry
from strawberry import relay

from graph.domain import ErrorCode


@strawberry.type(description="One reason a request was refused 拒绝原因.")
class UserError:
    code: ErrorCode = strawberry.field(description="Stable machine-readable code 错误代码.")
    field: str | None = strawberry.field(
        description="Input field at fault, as a dotted path such as `input.creditCode`."
    )
    message: str = strawberry.field(description="Explanation in English.")
    message_zh: str = strawberry.field(description="Explanation in Chinese 中文说明.")
    article: str | None = strawberry.field(
        default=None,
        description="Article of the Qinzhou rules that the check comes from, e.g. `第六条`.",
    )
    rule: str | None = strawberry.field(
        default=None,
        description="Code of the registry rule that refused the write; see the `rules` query.",
    )
    existing_id: relay.GlobalID | None = strawberry.field(
        default=None, description="For duplicates: the record that already exists."
    )


@strawberry.type(
    description="The write was refused and nothing was recorded 写入被拒绝，未记录任何内容."
)
class Rejection:
    errors: list[UserError] = strawberry.field(description="Every reason found, at least one.")
