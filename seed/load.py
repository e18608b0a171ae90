"""Load the seed scenario idempotently: running it twice changes nothing."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime

from graph.audit import Actor, audit_by_idempotency_key, record_audit
from graph.db import Database, Tx
from graph.parties import upsert_parties
from graph.regions import upsert_regions
from seed.parties import party_rows
from seed.regions import region_rows

SEED_ACTOR = Actor(subject="seed", role="system")


@dataclass(frozen=True)
class SeedResult:
    regions: int
    parties: int
    already_loaded: bool


async def load_seed(db: Database) -> SeedResult:
    regions, parties = region_rows(), party_rows()
    digest = hashlib.sha256(
        json.dumps([regions, parties], sort_keys=True, ensure_ascii=False).encode()
    ).hexdigest()[:16]
    key = f"seed:{digest}"

    async def work(tx: Tx) -> SeedResult:
        if await audit_by_idempotency_key(tx, key) is not None:
            return SeedResult(len(regions), len(parties), already_loaded=True)
        now = datetime.now(UTC)
        await upsert_regions(tx, regions, now)
        await upsert_parties(tx, parties, now, SEED_ACTOR.subject)
        await record_audit(
            tx,
            actor=SEED_ACTOR,
            operation="loadSeed",
            inputs={"regions": len(regions), "parties": len(parties), "digest": digest},
            affected_ids=[],
            at=now,
            idempotency_key=key,
        )
        return SeedResult(len(regions), len(parties), already_loaded=False)

    return await db.write_tx(work)
