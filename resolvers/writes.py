"""Every mutation runs through `run_write`: one transaction holding the change and its
audit event, with idempotency keys, and nothing written when the write is refused.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import Enum
from typing import Any

from neo4j.exceptions import ConstraintError
from pydantic.alias_generators import to_camel

from graph.audit import audit_by_idempotency_key, record_audit
from graph.db import Tx
from resolvers.context import Context
from resolvers.errors import user_error
from schema.enums import ErrorCode
from schema.errors import UserError


@dataclass(frozen=True)
class Written:
    """The change was made; `affected_ids` are the nodes it created or changed (first is main)."""

    affected_ids: list[str]
    replayed: bool = False


@dataclass(frozen=True)
class Refused:
    errors: list[UserError]


class _Refusal(Exception):
    """Raised inside the transaction so that it rolls back."""

    def __init__(self, errors: list[UserError]) -> None:
        self.errors = errors


Work = Callable[[Tx, datetime], Awaitable[list[str] | list[UserError]]]


async def run_write(
    ctx: Context,
    operation: str,
    inputs: dict[str, Any],
    work: Work,
    idempotency_key: str | None = None,
) -> Written | Refused:
    """Run `work` and its audit event in one transaction.

    `work` returns the affected ids, or a list of UserErrors to refuse the
    write (the transaction is then rolled back). A repeated idempotency key
    with the same operation and inputs returns the first result unchanged.
    """
    canonical_inputs = json.loads(json.dumps(inputs, sort_keys=True, default=str))

    async def transaction(tx: Tx) -> Written:
        if idempotency_key is not None:
            earlier = await audit_by_idempotency_key(tx, idempotency_key)
            if earlier is not None:
                return _replay(earlier, operation, canonical_inputs)
        now = datetime.now(UTC)
        outcome = await work(tx, now)
        if outcome and isinstance(outcome[0], UserError):
            raise _Refusal([e for e in outcome if isinstance(e, UserError)])
        affected = [str(node_id) for node_id in outcome]
        await record_audit(
            tx,
            actor=ctx.actor,
            operation=operation,
            inputs=canonical_inputs,
            affected_ids=affected,
            at=now,
            idempotency_key=idempotency_key,
        )
        return Written(affected)

    try:
        return await _with_one_retry_on_race(ctx, transaction)
    except _Refusal as refusal:
        return Refused(refusal.errors)


async def _with_one_retry_on_race(
    ctx: Context, transaction: Callable[[Tx], Awaitable[Written]]
) -> Written:
    try:
        return await ctx.db.write_tx(transaction)
    except ConstraintError:
        # A concurrent request committed the same key or unique value first. Run
        # once more: the checks in `work` (or the replay) now see what it wrote.
        return await ctx.db.write_tx(transaction)


def _replay(earlier: dict[str, Any], operation: str, inputs: dict[str, Any]) -> Written:
    if earlier["operation"] != operation or json.loads(earlier["inputs"]) != inputs:
        raise _Refusal(
            [
                user_error(
                    ErrorCode.IDEMPOTENCY_CONFLICT,
                    "idempotencyKey",
                    f"this key was already used for {earlier['operation']} with different inputs",
                    f"该幂等键已用于另一次操作（{earlier['operation']}），输入不同",
                )
            ]
        )
    return Written(list(earlier["affectedIds"]), replayed=True)


def plain_inputs(value: Any) -> Any:
    """A strawberry input as JSON-ready data with GraphQL (camelCase) names and enum values."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, list):
        return [plain_inputs(item) for item in value]
    if hasattr(value, "__strawberry_definition__"):
        return {to_camel(name): plain_inputs(item) for name, item in vars(value).items()}
    return value
