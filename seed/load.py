"""Load the seed scenario idempotently: running it twice changes nothing."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from strawberry import Schema

from graph.audit import audit_by_idempotency_scope, holds_other_data, record_audit
from graph.db import Database, Tx
from graph.domain import Actor
from graph.parties import upsert_parties
from graph.regions import upsert_regions
from resolvers.context import Context
from seed.parties import party_rows
from seed.progress import Reporter, Silent
from seed.regions import region_rows
from seed.scenario import RIGHT_OF, STEPS, Step

SEED_ACTOR = Actor(subject="seed", role="REGISTRAR", region_code="450700")
SEED_REGULATOR = Actor(subject="seed-regulator", role="REGULATOR")


class SeedError(RuntimeError):
    """A step of the scenario was refused: the seed no longer fits the registry's rules."""


class SeedRefused(RuntimeError):
    """The database holds data the seed did not write: demo records have no place there."""


@dataclass(frozen=True)
class SeedResult:
    regions: int
    parties: int
    steps: int
    already_loaded: bool


async def load_seed(
    db: Database,
    schema: Schema,
    progress: Reporter | None = None,
    disregard: tuple[str, ...] = (),
) -> SeedResult:
    """`schema`: the API's GraphQL schema, through which the scenario is recorded. Refused
    (`SeedRefused`) on a database holding nodes the seed did not write, besides those
    labelled `disregard`; a database seeded before is seeded again (nothing changes)."""

    async def other_data(tx: Tx) -> bool:
        return await holds_other_data(tx, list(disregard))

    if await db.read_tx(other_data):
        raise SeedRefused(
            "the database already holds data that the seed did not write; the demo seed "
            "goes only into an empty database or one seeded before"
        )
    progress = progress or Silent()
    with progress.step("seed registers", 1) as advance:
        already = await load_registers(db)
        advance(1)
    await run_scenario(db, schema, progress)
    return SeedResult(len(region_rows()), len(party_rows()), len(STEPS), already_loaded=already)


async def load_registers(db: Database) -> bool:
    """The regions and parties, with their audit event; True if they were there already."""
    regions, parties = region_rows(), party_rows()
    digest = hashlib.sha256(
        json.dumps([regions, parties], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:16]
    key = f"seed:{digest}"

    async def work(tx: Tx) -> bool:
        if await audit_by_idempotency_scope(tx, key) is not None:
            return True
        now = datetime.now(UTC)
        await upsert_regions(tx, regions, now)
        await upsert_parties(tx, parties, now, SEED_ACTOR.subject)
        await record_audit(
            tx,
            actor=SEED_ACTOR,
            operation="loadSeed",
            inputs={"regions": len(regions), "parties": len(parties), "digest": digest},
            affected_ids=[str(row["id"]) for row in [*regions, *parties]],
            at=now,
            idempotency_key=key,
            idempotency_scope=key,
        )
        return False

    return await db.write_tx(work)


async def run_scenario(
    db: Database, schema: Schema, progress: Reporter | None = None
) -> dict[str, str]:
    """Run every step through the GraphQL schema, in clock order; return the saved ids."""
    with (progress or Silent()).step("seed scenario", len(STEPS)) as advance:
        return await _run_steps(db, schema, advance)


async def _run_steps(
    db: Database, schema: Schema, advance: Callable[[int], None]
) -> dict[str, str]:
    saved: dict[str, str] = {}
    for step in sorted(STEPS, key=lambda s: s.at):
        variables = copy.deepcopy(step.variables) | {"key": step.key}
        for path, ref in step.refs.items():
            value: str | list[str] = (
                [await _resolve(schema, db, step, name, saved) for name in ref]
                if isinstance(ref, list)
                else await _resolve(schema, db, step, ref, saved)
            )
            _set_path(variables, path, value)
        payload = await _execute(schema, db, step, step.mutation, variables)
        if payload.get("__typename") == "Rejection":
            raise SeedError(f"{step.key} was refused: {payload['errors']}")
        if step.save:
            saved[step.save] = payload["id"]
        advance(1)
    return saved


async def _execute(
    schema: Any, db: Database, step: Step, document: str, variables: dict[str, Any]
) -> dict[str, Any]:
    actor = SEED_REGULATOR if step.regulator else SEED_ACTOR
    context = Context(db=db, actor=actor, now=step.at)
    result = await schema.execute(document, variable_values=variables, context_value=context)
    if result.errors:
        raise SeedError(f"{step.key}: {result.errors[0].message}")
    payload: dict[str, Any] = next(iter(result.data.values()))
    return payload


async def _resolve(schema: Any, db: Database, step: Step, name: str, saved: dict[str, str]) -> str:
    """A saved id, or `name:suffix`: a right of the saved record (see RIGHT_OF)."""
    record, _, suffix = name.partition(":")
    if not suffix:
        return saved[record]
    node = await _execute(schema, db, step, RIGHT_OF[suffix], {"id": saved[record]})
    rights = node["rights"]
    return str((rights[0] if isinstance(rights, list) else rights)["id"])


def _set_path(target: dict[str, Any], path: str, value: str | list[str]) -> None:
    *parents, last = path.split(".")
    node: Any = target
    for part in parents:
        node = node.setdefault(part, {})
    node[last] = value
