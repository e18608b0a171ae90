"""Load a synthetic Qinzhou in UNWIND batches, with progress, resumable after interruption."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graph.bulk import rows_written, write_batch
from graph.db import Database, Tx
from seed.progress import Reporter, Silent
from seed.synthetic import Synthetic


@dataclass(frozen=True)
class LoadResult:
    rows: int
    written: int
    skipped: int
    seconds: float
    complete: bool

    @property
    def rate(self) -> float:
        return self.written / self.seconds if self.seconds else 0.0


async def bulk_load(
    db: Database,
    synthetic: Synthetic,
    batch_size: int = 5000,
    progress: Reporter | None = None,
    stop_after: int | None = None,
) -> LoadResult:
    """Write every row not yet checkpointed, reporting each step's progress to `progress`
    (seed/progress.py); `stop_after` batches simulates an interruption."""
    progress = progress or Silent()
    plan = synthetic.plan()
    # The plan's shape is part of the name: a checkpoint only ever resumes the same plan.
    kinds = ",".join(kind for kind, _ in plan)
    name = f"synthetic:{synthetic.size}:{synthetic.seed}:{kinds}"

    async def checkpoint(tx: Tx) -> list[int]:
        return await rows_written(tx, name, len(plan))

    done = await db.read_tx(checkpoint)
    total = sum(len(rows) for _, rows in plan)
    started = time.perf_counter()
    written = batches = 0
    skipped = sum(min(done[step], len(rows)) for step, (_, rows) in enumerate(plan))
    for step, (kind, rows) in enumerate(plan):
        with progress.step(kind, len(rows), done=min(done[step], len(rows))) as advance:
            for start in range(done[step], len(rows), batch_size):
                if stop_after is not None and batches >= stop_after:
                    seconds = time.perf_counter() - started
                    return LoadResult(total, written, skipped, seconds, False)
                chunk = rows[start : start + batch_size]
                up_to = start + len(chunk)
                await db.write_tx(_writer(name, len(plan), (step, kind), chunk, up_to))
                written += len(chunk)
                batches += 1
                advance(len(chunk))
    return LoadResult(total, written, skipped, time.perf_counter() - started, True)


def _writer(
    name: str, steps: int, step: tuple[int, str], rows: list[dict[str, Any]], up_to: int
) -> Any:
    async def work(tx: Tx) -> None:
        await write_batch(tx, name, steps, step, rows, up_to, datetime.now(UTC))

    return work
