"""Failing fast when Neo4j is unreachable must not cost the retries of transient errors: two
writes that deadlock both go through, one of them on its second attempt."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable

import neo4j
import pytest

from api.settings import Settings
from graph.db import Database, Query, Tx
from tests.conftest import count

pytestmark = pytest.mark.usefixtures("empty_graph")

CREATE = Query("test.create", "UNWIND ['a', 'b'] AS key CREATE (:DeadlockTest {key: key, hits: 0})")
HIT = Query("test.hit", "MATCH (n:DeadlockTest {key: $key}) SET n.hits = n.hits + 1")


def test_writes_that_deadlock_are_retried_and_both_go_through(
    settings: Settings, driver: neo4j.Driver
) -> None:
    attempts: Counter[str] = Counter()

    async def go() -> None:
        db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
        first_locked = {"a": asyncio.Event(), "b": asyncio.Event()}

        def crossing(first: str, second: str) -> Callable[[Tx], Awaitable[None]]:
            async def work(tx: Tx) -> None:
                attempts[first] += 1
                await tx.rows(HIT, key=first)
                first_locked[first].set()
                await first_locked[second].wait()  # each holds one lock the other wants
                await tx.rows(HIT, key=second)

            return work

        try:
            await db.write(CREATE)
            await asyncio.gather(db.write_tx(crossing("a", "b")), db.write_tx(crossing("b", "a")))
        finally:
            await db.close()

    asyncio.run(go())
    assert sorted(attempts.values()) == [1, 2]
    hits = "MATCH (n:DeadlockTest) RETURN sum(n.hits)"
    assert count(driver, hits) == 4
