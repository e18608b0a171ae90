"""Every mutation runs through `run_write`, one pipeline for every write:

    decode input → lock what the rules will read → load → check rules → persist → audit → answer

The resolver decodes and validates its input before the transaction (`validated`,
`decode_id`); a `Refusal` raised there or in `work` answers as the mutation's Rejection
(`answers_refusals`) and nothing is written. Inside one managed
transaction, `run_write` then takes the write's declared `Locks` in the global order of
`graph/locks.py`, replays an earlier request with the same idempotency key (scoped to the
caller and the operation), and runs the mutation's `work`, which loads through `Write`
(whose reads of a timeline lock it first), checks its rules with `judge`, and persists.
The audit event and any findings are written in the same transaction: all or nothing.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from typing import Any, LiteralString, NoReturn

from neo4j.exceptions import ConstraintError
from pydantic.alias_generators import to_camel

from graph import locks as graph_locks
from graph.audit import audit_by_idempotency_scope, record_audit
from graph.db import Tx
from graph.domain import ErrorCode
from graph.findings import record_findings
from graph.history import STATE_OF, Span, current_timeline, spans_of, write_timeline
from resolvers.context import Context
from resolvers.errors import Refusal, user_error
from resolvers.rules import RULES, RuleMode, Violation, mode_of
from schema.errors import UserError

MAX_IDEMPOTENCY_KEY = 200


@dataclass(frozen=True)
class Locks:
    """What a write locks before it reads (see graph/locks.py for the order).

    `keys`: identity keys such as `catalog:<code>`; `chains`: rights, each with every right
    it was carved from; `trees`: rights with their chain and every right carved from them;
    `entities`: resources, products, parties and other records by id.
    """

    keys: tuple[str, ...] = ()
    chains: tuple[str, ...] = ()
    trees: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()


def catalog_key(code: str) -> str:
    """Rule 1's key: every registration of this catalogue code locks it."""
    return f"catalog:{code}"


def dataset_lock(key: str) -> str:
    """An OpenLineage dataset identifier's lock key (graph/datasets.py `dataset_key`): a
    write that links it, and an event that would make an unregistered resource of it, lock
    it, so that concurrent events make one resource of a new dataset."""
    return f"dataset:{key}"


@dataclass(frozen=True)
class Written:
    """The change was made; `affected_ids` are the records it touched, the main one first."""

    affected_ids: list[str]
    replayed: bool = False
    findings: list[str] = field(default_factory=list)


@dataclass
class Write:
    """What a mutation's work gets: the transaction, the time, the locks it holds, and the
    rule judge. `now` is read after the locks are taken, so a write that waited records
    itself after the write it waited for."""

    ctx: Context
    tx: Tx
    now: datetime
    warnings: list[Violation] = field(default_factory=list)
    locked: set[str] = field(default_factory=set)
    created: dict[str, None] = field(default_factory=dict)  # ordered: the audit lists them
    touched: dict[str, None] = field(default_factory=dict)
    chains: dict[str, list[str]] = field(default_factory=dict)
    descendants: dict[str, list[str]] = field(default_factory=dict)
    # Current records already read under this write's locks (taking a chain reads them).
    read_under_lock: dict[str, list[Span]] = field(default_factory=dict)

    def refuse(self, *errors: UserError) -> NoReturn:
        raise Refusal(*errors)

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
            raise Refusal(*enforced)

    def new_id(self) -> str:
        """The id of a record this write creates (no other write can reach it yet)."""
        created = str(uuid.uuid4())
        self.created[created] = None
        return created

    async def lock(self, *entity_ids: str) -> None:
        """Lock entities found while working (their ids were not known before the write
        began); read what the rules check about them only after this."""
        wanted = sorted({i for i in entity_ids if i not in self.locked and i not in self.created})
        self.locked |= await graph_locks.lock_entities(self.tx, wanted)

    async def timeline(self, type_name: str, entity_id: str) -> list[Span]:
        """An entity's current records, read under its lock."""
        if entity_id in self.read_under_lock:
            return self.read_under_lock[entity_id]
        await self.lock(entity_id)
        return await current_timeline(self.tx, STATE_OF[type_name], entity_id)

    async def save_timeline(self, label: LiteralString, entity_id: str, spans: list[Span]) -> None:
        """Supersede the entity's current records with `spans`: only under its lock (or for an
        entity this write created), so two writes never fork a timeline."""
        if entity_id not in self.locked and entity_id not in self.created:
            raise RuntimeError(f"timeline of {entity_id} written without its lock")
        self.touched[entity_id] = None
        self.read_under_lock.pop(entity_id, None)
        await write_timeline(self.tx, label, entity_id, spans, self.now, self.ctx.actor.subject)


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
    locks: Locks = Locks(),
) -> Written:
    """Run `work` under `locks`, with its audit event (and findings), as one transaction.

    `work` returns the ids of the records it created or changed, or calls
    `write.refuse(...)`/`write.judge(...)` to refuse: the transaction is then
    rolled back and the `Refusal` raised here. A repeated idempotency key from the
    same caller, for the same operation and inputs, returns the first result and
    writes nothing.
    """
    if idempotency_key is not None and not 0 < len(idempotency_key) <= MAX_IDEMPOTENCY_KEY:
        raise Refusal(_key_length_error())
    canonical_inputs = json.loads(json.dumps(inputs, sort_keys=True, default=str))
    scope = None if idempotency_key is None else idempotency_scope(ctx, operation, idempotency_key)

    async def transaction(tx: Tx) -> tuple[Written, datetime]:
        write = Write(ctx, tx, ctx.now)
        await _take_locks(write, locks)
        write.now = max(ctx.now, ctx.clock())
        if scope is not None:
            earlier = await audit_by_idempotency_scope(tx, scope)
            if earlier is not None:
                return _replay(earlier, canonical_inputs), write.now
        affected = [str(node_id) for node_id in await work(write)]
        audit_id = await record_audit(
            tx,
            actor=ctx.actor,
            operation=operation,
            inputs=canonical_inputs,
            # Everything it wrote, so no record is ever without its audit event.
            affected_ids=list(dict.fromkeys([*affected, *write.created, *write.touched])),
            at=write.now,
            idempotency_key=idempotency_key,
            idempotency_scope=scope,
        )
        findings = await record_findings(
            tx, [_finding(v, affected) for v in write.warnings], write.now, operation, audit_id
        )
        return Written(affected, findings=findings), write.now

    written, at = await _with_one_retry_on_race(ctx, transaction)
    ctx.now = max(ctx.now, at)  # the answer reads what was just written
    return written


def idempotency_scope(ctx: Context, operation: str, key: str) -> str:
    """The stored form of a key: another caller, or another operation, never meets it."""
    scoped = "\x00".join((ctx.actor.subject, operation, key))
    return hashlib.sha256(scoped.encode("utf-8", "surrogatepass")).hexdigest()


async def _take_locks(write: Write, wanted: Locks) -> None:
    tx = write.tx
    await graph_locks.lock_keys(tx, list(wanted.keys))
    depths: dict[str, int] = {}
    for right_id in dict.fromkeys([*wanted.chains, *wanted.trees]):
        chain, states = await graph_locks.lock_chain(tx, right_id)
        # The original holding right first, this right last.
        write.chains[right_id] = graph_locks.in_lock_order(chain)
        write.locked |= set(chain)
        depths |= chain
        if chain:
            write.read_under_lock[right_id] = spans_of(states)
    for right_id in wanted.trees:
        if right_id in depths:
            below = await graph_locks.descendant_depths(tx, {right_id: depths[right_id]})
            write.descendants[right_id] = graph_locks.in_lock_order(below)
            write.locked |= await graph_locks.lock_entities(tx, write.descendants[right_id])
    await write.lock(*sorted(wanted.entities))


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
    ctx: Context, transaction: Callable[[Tx], Awaitable[tuple[Written, datetime]]]
) -> tuple[Written, datetime]:
    try:
        return await ctx.db.write_tx(transaction)
    except ConstraintError:
        # A concurrent request committed the same unique value first (a credit code, or an
        # idempotency key of a write that locks nothing). Run once more: the checks in
        # `work` (or the replay) now see what it wrote.
        return await ctx.db.write_tx(transaction)


def _key_length_error() -> UserError:
    return user_error(
        ErrorCode.INVALID_INPUT,
        "idempotencyKey",
        f"an idempotency key has 1 to {MAX_IDEMPOTENCY_KEY} characters",
        f"幂等键长度须为1至{MAX_IDEMPOTENCY_KEY}个字符",
    )


def _replay(earlier: dict[str, Any], inputs: dict[str, Any]) -> Written:
    if json.loads(earlier["inputs"]) != inputs:
        raise Refusal(
            user_error(
                ErrorCode.IDEMPOTENCY_CONFLICT,
                "idempotencyKey",
                "you already used this key for this operation with different inputs",
                "您已在本操作中以不同的输入使用过该幂等键",
            )
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
