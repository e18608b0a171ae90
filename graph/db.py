"""One async Neo4j driver for the application's lifetime, and the only way to run Cypher.

Every statement is a `Query`: a name (for logs and metrics) and fixed Cypher
text. Values always travel as parameters. Reads and writes run in transactions that
are retried on transient errors (deadlocks) for up to 15 s, as the driver's managed
transactions are.

When Neo4j cannot be reached, a call fails fast with `Neo4jUnavailable` instead: the
driver's managed transactions retried that for 15 s too, holding every request. After
such a failure the `Breaker` refuses calls at once for a second, then lets one call probe
Neo4j; the first that gets an answer closes it again.

Round trips are counted per task context, so a request can tell how many
statements it sent (see `count_round_trips`).
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, LiteralString, TypeVar

import neo4j
import neo4j.graph
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncTransaction
from neo4j.exceptions import DatabaseUnavailable as DatabaseStarting
from neo4j.exceptions import (
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import codec

log = logging.getLogger(__name__)

T = TypeVar("T")
Row = dict[str, Any]


@dataclass(frozen=True)
class Query:
    """A named, parameterised Cypher statement.

    `collected`: the statement returns its rows as maps collected into one record,
    `RETURN collect({...}) AS rows`, and `Tx.rows` hands back that list. Why: the async
    driver spends about 75 µs on every record it receives, so a loader batch of a few
    hundred rows costs several times more as records than as one list.
    """

    name: str
    cypher: LiteralString
    collected: bool = False


@dataclass
class RoundTrips:
    """Statements sent to Neo4j within one request (or test)."""

    count: int = 0
    names: list[str] = field(default_factory=list)


_round_trips: ContextVar[RoundTrips | None] = ContextVar("round_trips", default=None)


@contextmanager
def count_round_trips() -> Iterator[RoundTrips]:
    counter = RoundTrips()
    token = _round_trips.set(counter)
    try:
        yield counter
    finally:
        _round_trips.reset(token)


def _note(query: Query, started: float) -> None:
    counter = _round_trips.get()
    if counter is not None:
        counter.count += 1
        counter.names.append(query.name)
    elapsed_ms = (time.perf_counter() - started) * 1000
    if elapsed_ms > 500:
        log.warning("slow query", extra={"query": query.name, "ms": round(elapsed_ms, 1)})


_PLAIN = frozenset({str, int, float, bool, type(None), date, datetime})


def native(value: Any) -> Any:
    """Plain Python values: maps and lists recursively, nodes and relationships as their
    properties, the driver's temporal types (where `graph.codec` left any) as date/datetime.

    Maps and lists fresh from the driver are converted in place: a page of rights holds
    thousands of values, nearly all plain already.
    """
    kind = type(value)
    if kind in _PLAIN:
        return value
    if kind is dict:
        return _native_map(value)
    if kind is list:
        return _native_list(value)
    return _native_copy(value)


def _native_map(value: dict[str, Any]) -> dict[str, Any]:
    for key, item in value.items():
        if type(item) not in _PLAIN:
            value[key] = native(item)
    return value


def _native_list(value: list[Any]) -> list[Any]:
    for index, item in enumerate(value):
        if type(item) not in _PLAIN:
            value[index] = native(item)
    return value


def _native_copy(value: Any) -> Any:
    """Other maps and sequences, nodes and relationships, and temporal values."""
    if isinstance(value, dict):
        return {key: native(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [native(item) for item in value]
    if isinstance(value, neo4j.graph.Entity):
        return {key: native(item) for key, item in value.items()}
    if hasattr(value, "to_native"):
        return value.to_native()
    return value


class Tx:
    """A transaction that runs named queries and returns plain rows."""

    def __init__(self, tx: AsyncTransaction) -> None:
        self._tx = tx

    async def rows(self, query: Query, **params: Any) -> list[Row]:
        started = time.perf_counter()
        result = await self._tx.run(query.cypher, params)
        if query.collected:
            record = await result.single(strict=True)
            rows = native(record["rows"])
        else:
            rows = [native(dict(record.items())) async for record in result]
        _note(query, started)
        return rows

    async def one(self, query: Query, **params: Any) -> Row | None:
        rows = await self.rows(query, **params)
        return rows[0] if rows else None


class Neo4jUnavailable(Exception):
    """Neo4j cannot be reached now (down, restarting, or the connection was lost)."""


# What the driver raises when Neo4j is not there: no connection, a connection that broke, or
# a database that is starting or stopping.
UNREACHABLE = (ServiceUnavailable, SessionExpired, DatabaseStarting, OSError)

# Transient errors (deadlocks, lock timeouts) are retried for this long, as the driver does.
MAX_RETRY_S = 15.0


def _retry_delays() -> Iterator[float]:
    """1 s, 2 s, 4 s... each ±20%: the driver's own backoff."""
    delay = 1.0
    while True:
        yield delay * random.uniform(0.8, 1.2)
        delay *= 2


class Breaker:
    """Fails calls at once for `pause` seconds after Neo4j could not be reached, then lets
    one call probe it while the others are still refused; an answer closes it."""

    def __init__(self, pause: float = 1.0) -> None:
        self.pause = pause
        self.down_since: float | None = None
        self.retry_at = 0.0
        self.probing = False

    def admit(self) -> bool:
        """Raise while open; True when the caller is to probe Neo4j first."""
        if self.down_since is None:
            return False
        if self.probing or time.monotonic() < self.retry_at:
            raise Neo4jUnavailable("Neo4j is not reachable; retry in a moment")
        self.probing = True
        return True

    def failed(self) -> None:
        now = time.monotonic()
        if self.down_since is None:
            self.down_since = now
            log.error("neo4j unreachable: requests fail fast until it answers")
        self.retry_at = now + self.pause

    def answered(self) -> None:
        if self.down_since is not None:
            down_s = round(time.monotonic() - self.down_since, 1)
            log.warning("neo4j answers again", extra={"downSeconds": down_s})
            self.down_since = None


class Database:
    """The application's handle on Neo4j."""

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database
        self.breaker = Breaker()

    @classmethod
    def connect(
        cls,
        uri: str,
        auth: tuple[str, str] | None,
        database: str,
        *,
        connect_timeout: float = 1.0,
        max_pool_size: int = 50,
    ) -> Database:
        codec.install()
        driver = AsyncGraphDatabase.driver(
            uri,
            auth=auth,
            connection_timeout=connect_timeout,
            max_connection_pool_size=max_pool_size,
            notifications_min_severity="OFF",
        )
        return cls(driver, database)

    async def close(self) -> None:
        await self.driver.close()

    async def ping(self) -> None:
        """Raise if Neo4j cannot be reached or the database cannot answer."""
        await self.read(PING)

    async def read(self, query: Query, **params: Any) -> list[Row]:
        return await self.read_tx(lambda tx: tx.rows(query, **params))

    async def write(self, query: Query, **params: Any) -> list[Row]:
        return await self.write_tx(lambda tx: tx.rows(query, **params))

    async def read_tx(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        return await self._guarded(neo4j.READ_ACCESS, work)

    async def write_tx(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """Run `work` as one transaction: everything it writes commits together or not at all."""
        return await self._guarded(neo4j.WRITE_ACCESS, work)

    async def _guarded(self, mode: str, work: Callable[[Tx], Awaitable[T]]) -> T:
        probing = self.breaker.admit()
        try:
            if probing:
                await self._retried(neo4j.READ_ACCESS, lambda tx: tx.rows(PING))
            return await self._retried(mode, work)
        finally:
            if probing:
                self.breaker.probing = False

    async def _retried(self, mode: str, work: Callable[[Tx], Awaitable[T]]) -> T:
        """`work` in a transaction, retried on transient errors; `Neo4jUnavailable` when
        Neo4j cannot be reached."""
        delays = _retry_delays()
        first_failure: float | None = None
        reconnected = False
        while True:
            try:
                result = await self._attempt(mode, work)
            except UNREACHABLE as error:
                # Once more at once: a pooled connection that a restarted Neo4j had closed
                # fails once, and the driver then drops the pool's other idle connections.
                # A lost commit is not retried: it may have been written.
                if reconnected or isinstance(error, IncompleteCommit):
                    self.breaker.failed()
                    raise Neo4jUnavailable(f"Neo4j is not reachable: {error}") from error
                reconnected = True
                continue
            except (DriverError, Neo4jError) as error:
                now = time.monotonic()
                first_failure = first_failure or now
                if not error.is_retryable() or now - first_failure > MAX_RETRY_S:
                    raise
                delay = next(delays)
                log.info("transaction retried", extra={"error": str(error), "s": delay})
                await asyncio.sleep(delay)
                continue
            self.breaker.answered()
            return result

    async def _attempt(self, mode: str, work: Callable[[Tx], Awaitable[T]]) -> T:
        async with self.driver.session(database=self.database, default_access_mode=mode) as session:
            # BEGIN travels with the first statement, as the driver's own execute_query sends
            # it, rather than in a round trip of its own (neo4j is pinned: a private flag).
            with session._pipelined_begin:
                tx = await session.begin_transaction()
            async with tx:
                result = await work(Tx(tx))
                await tx.commit()
                return result


PING = Query("ping", "RETURN 1 AS ok")
