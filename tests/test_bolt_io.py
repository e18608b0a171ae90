"""The driver's socket waits (graph.bolt_io): no task per read, and the bounds still hold."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Iterator
from typing import Any

import neo4j
import pytest
from neo4j.exceptions import ServiceUnavailable

from api.settings import Settings
from graph import bolt_io
from graph.db import PING, Database

PROBE = "MERGE (p:BoltIoProbe {id: 'probe'})"
TOUCH = "MATCH (p:BoltIoProbe {id: 'probe'}) SET p.touched = timestamp() RETURN p.touched"


def test_a_statement_is_read_without_a_task_per_piece(settings: Settings) -> None:
    """The answer to a statement arrives in seven pieces; the driver's Python 3.11 wait
    made a task for each."""

    async def go() -> list[str]:
        db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
        try:
            await db.read(PING)  # a pooled connection, so no connecting is counted
            made: list[str] = []
            loop = asyncio.get_running_loop()

            def counting(loop: asyncio.AbstractEventLoop, coro: Any, **kw: Any) -> asyncio.Task:
                made.append(getattr(coro, "__qualname__", repr(coro)))
                return asyncio.Task(coro, loop=loop, **kw)

            loop.set_task_factory(counting)
            try:
                assert (await db.read(PING))[0]["ok"] == 1
            finally:
                loop.set_task_factory(None)
            return made
        finally:
            await db.close()

    assert asyncio.run(go()) == []
    assert bolt_io.installed()


@pytest.fixture
def held_probe(driver: neo4j.Driver, empty_graph: None) -> Iterator[None]:
    """A node another transaction has written and not committed: a statement that writes it
    too waits for its lock, and Neo4j sends nothing meanwhile."""
    driver.execute_query(PROBE)
    with driver.session() as session:
        holder = session.begin_transaction()
        holder.run(TOUCH).consume()
        try:
            yield
        finally:
            holder.rollback()
    driver.execute_query("MATCH (p:BoltIoProbe) DELETE p")


def _with_driver(
    settings: Settings, work: Any, read_bound_s: float | None = None
) -> Coroutine[Any, Any, Any]:
    async def go() -> Any:
        bolt_io.install()
        driver = neo4j.AsyncGraphDatabase.driver(settings.neo4j_uri, auth=settings.neo4j_auth)
        try:
            async with driver.session(database=settings.neo4j_database) as session:
                await (await session.run("RETURN 1")).consume()
            if read_bound_s is not None:  # as Neo4j's hint sets it, only shorter
                for connections in driver._pool.connections.values():
                    for connection in connections:
                        connection.socket.set_read_timeout(read_bound_s)
            return await work(driver)
        finally:
            await driver.close()

    return go()


async def _touch(driver: neo4j.AsyncDriver) -> None:
    async with driver.session() as session:
        await (await session.run(TOUCH)).consume()


def test_a_silent_server_still_times_the_read_out(settings: Settings, held_probe: None) -> None:
    async def work(driver: neo4j.AsyncDriver) -> float:
        started = time.monotonic()
        with pytest.raises(ServiceUnavailable, match="defunct connection"):
            await _touch(driver)
        return time.monotonic() - started

    waited = asyncio.run(_with_driver(settings, work, read_bound_s=0.3))
    assert 0.3 <= waited < 5  # the lock would have held it for the test's whole life


def test_a_statement_waiting_on_the_server_can_be_cancelled(
    settings: Settings, held_probe: None
) -> None:
    async def work(driver: neo4j.AsyncDriver) -> bool:
        statement = asyncio.create_task(_touch(driver))
        await asyncio.sleep(0.3)
        assert not statement.done()  # waiting on the lock, inside a bounded read
        statement.cancel()
        with pytest.raises(asyncio.CancelledError):
            await statement
        return statement.cancelled()

    assert asyncio.run(_with_driver(settings, work))
