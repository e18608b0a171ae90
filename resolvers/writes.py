"""Every mutation runs through `run_write`: one transaction holding the change, its audit
event and any findings, with idempotency keys; nothing is written when a write is refused.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, NoReturn

from neo4j.exceptions import ConstraintError
from pydantic.alias_generators import to_camel

from graph.audit import audit_by_idempotency_key, record_audit
from graph.db import Tx
from graph.findings import record_findings
from resolvers.context import Context
from resolvers.errors import user_error
from resolvers.rules import RULES, RuleMode, Violation, mode_of
from schema.enums import ErrorCode
from schema.errors import UserError


@dataclass(frozen=True)
class Written:
    """The change was made; `affected_ids` are the records it touched, the main one first."""

    affected_ids: list[str]
    replayed: bool = False
    findings: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Refused:
    errors: list[UserError]


class _Refusal(Exception):
    """Raised inside the transaction so that it rolls back."""

    def __init__(self, errors: list[UserError]) -> None:
        self.errors = errors


@dataclass
class Write:
    """What a mutation's work gets: the transaction, the time, and the rule judge."""

    ctx: Context
    tx: Tx
    now: datetime
    warnings: list[Violation] = field(default_factory=list)

    def refuse(self, *errors: UserError) -> NoReturn:
        raise _Refusal(list(errors))

    def judge(self, violations: Iterable[Violation]) -> None:
        """Apply each rule's mode: refuse on `enforce`, remember on `warn`, drop on `off`."""
        enforced = []
        for violation in violations:
            mode = mode_of(violation.rule, self.ctx.rule_modes)
            if mode is RuleMode.ENFORCE:
                enforced.append(rule_error(violation))
            elif mode is RuleMode.WARN:
                self.warnings.append(violation)
        if enforced:
            raise _Refusal(enforced)


def rule_error(violation: Violation) -> UserError:
    return user_error(
        ErrorCode[violation.rule],
        violation.field,
        violation.message,
        violation.message_zh,
        article=RULES[violation.rule].article,
        rule=violation.rule,
        existing=violation.existing,
    )


Work = Callable[[Write], Awaitable[list[str]]]


async def run_write(
    ctx: Context,
    operation: str,
    inputs: dict[str, Any],
    work: Work,
    idempotency_key: str | None = None,
) -> Written | Refused:
    """Run `work` with its audit event (and findings) as one transaction.

    `work` returns the ids of the records it created or changed, or calls
    `write.refuse(...)`/`write.judge(...)` to refuse (the transaction is then
    rolled back). A repeated idempotency key with the same operation and
    inputs returns the first result and writes nothing.
    """
    canonical_inputs = json.loads(json.dumps(inputs, sort_keys=True, default=str))

    async def transaction(tx: Tx) -> Written:
        if idempotency_key is not None:
            earlier = await audit_by_idempotency_key(tx, idempotency_key)
            if earlier is not None:
                return _replay(earlier, operation, canonical_inputs)
        write = Write(ctx, tx, ctx.now)
        affected = [str(node_id) for node_id in await work(write)]
        audit_id = await record_audit(
            tx,
            actor=ctx.actor,
            operation=operation,
            inputs=canonical_inputs,
            affected_ids=affected,
            at=write.now,
            idempotency_key=idempotency_key,
        )
        findings = await record_findings(
            tx, [_finding(v, affected) for v in write.warnings], write.now, operation, audit_id
        )
        return Written(affected, findings=findings)

    try:
        return await _with_one_retry_on_race(ctx, transaction)
    except _Refusal as refusal:
        return Refused(refusal.errors)


def _finding(violation: Violation, affected: list[str]) -> dict[str, object]:
    rule = RULES[violation.rule]
    existing = [violation.existing[1]] if violation.existing else []
    return {
        "rule": rule.code,
        "article": rule.article,
        "message": violation.message,
        "messageZh": violation.message_zh,
        "nodeIds": affected[:1] + existing,
    }


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
        return value.name
    if isinstance(value, list):
        return [plain_inputs(item) for item in value]
    if hasattr(value, "__strawberry_definition__"):
        return {to_camel(name): plain_inputs(item) for name, item in vars(value).items()}
    return value
