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
statements it sent (see `count_round_trips`); each statement's time is a metric by query
name, and a span when tracing is on (`graph/telemetry.py`).

Causal consistency (`causal_chain`): against a Neo4j cluster reads go to followers, which
may not have applied a write yet. Within a chain, every transaction starts with the
bookmarks of the chain's last write, so it sees that write wherever it runs; the API opens a
chain per request, seeded with the bookmarks the caller got back from its previous request.
"""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, LiteralString, TypeVar

import neo4j
import neo4j.graph
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncSession, AsyncTransaction
from neo4j.exceptions import DatabaseUnavailable as DatabaseStarting
from neo4j.exceptions import (
    DriverError,
    IncompleteCommit,
    Neo4jError,
    ServiceUnavailable,
    SessionExpired,
)

from graph import bolt_io, codec, telemetry

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

    `plain`: the statement returns maps, lists and property values only (no node,
    relationship, path, duration or point), which the driver and `graph.codec` already
    decode as plain Python: `Tx.rows` hands them back without walking every value of them
    again through `native` (a few tenths of a millisecond on a page's rights and parties).
    """

    name: str
    cypher: LiteralString
    collected: bool = False
    plain: bool = False


@dataclass
class RoundTrips:
    """Statements sent to Neo4j within one request (or test). A count opened inside another
    (a GraphQL operation inside its HTTP request) counts for both."""

    count: int = 0
    names: list[str] = field(default_factory=list)
    outer: RoundTrips | None = None


_round_trips: ContextVar[RoundTrips | None] = ContextVar("round_trips", default=None)


@contextmanager
def count_round_trips() -> Iterator[RoundTrips]:
    counter = RoundTrips(outer=_round_trips.get())
    token = _round_trips.set(counter)
    try:
        yield counter
    finally:
        _round_trips.reset(token)


def _note(query: Query, started: float) -> None:
    counter = _round_trips.get()
    while counter is not None:
        counter.count += 1
        counter.names.append(query.name)
        counter = counter.outer
    elapsed = time.perf_counter() - started
    telemetry.observe_statement(query.name, elapsed)
    if elapsed > 0.5:
        log.warning("slow query", extra={"query": query.name, "ms": round(elapsed * 1000, 1)})


@dataclass
class CausalChain:
    """The bookmarks every transaction of a chain starts from: those it was opened with,
    then those of its last write."""

    bookmarks: frozenset[str] = frozenset()
    wrote: bool = False


_chain: ContextVar[CausalChain | None] = ContextVar("causal_chain", default=None)


@contextmanager
def causal_chain(bookmarks: Iterable[str] = ()) -> Iterator[CausalChain]:
    """Transactions run in this context see every write of the chain before them, and
    those the `bookmarks` stand for, on whichever cluster member they run."""
    chain = CausalChain(frozenset(bookmarks))
    token = _chain.set(chain)
    try:
        yield chain
    finally:
        _chain.reset(token)


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


def _as_is(value: Any) -> Any:
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
    """A transaction that runs named queries and returns plain rows (a session's auto-commit
    transaction for a single read)."""

    def __init__(self, tx: AsyncTransaction | AsyncSession, database: str | None = None) -> None:
        self._tx = tx
        self._database = database

    async def rows(self, query: Query, **params: Any) -> list[Row]:
        started = time.perf_counter()
        with telemetry.statement_span(query.name, self._database):
            result = await self._tx.run(query.cypher, params)
            convert = _as_is if query.plain else native
            if query.collected:
                record = await result.single(strict=True)
                rows = convert(record["rows"])
            else:
                rows = [convert(dict(record.items())) async for record in result]
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
        bolt_io.install()
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
        """One statement, read in an auto-commit transaction: one round trip to Neo4j where
        BEGIN, RUN and COMMIT take three."""
        return await self._guarded(neo4j.READ_ACCESS, lambda tx: tx.rows(query, **params), True)

    async def write(self, query: Query, **params: Any) -> list[Row]:
        return await self.write_tx(lambda tx: tx.rows(query, **params))

    async def read_tx(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        return await self._guarded(neo4j.READ_ACCESS, work)

    async def read_each(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """`work`'s statements each in an auto-commit transaction of one session (retried
        whole if need be): a round trip each, where a transaction adds its COMMIT. For reads
        that need no more than read-committed, all a read transaction gives in Neo4j."""
        return await self._guarded(neo4j.READ_ACCESS, work, True)

    async def write_tx(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """Run `work` as one transaction: everything it writes commits together or not at all."""
        return await self._guarded(neo4j.WRITE_ACCESS, work)

    async def _guarded(
        self, mode: str, work: Callable[[Tx], Awaitable[T]], single: bool = False
    ) -> T:
        probing = self.breaker.admit()
        try:
            if probing:
                await self._retried(neo4j.READ_ACCESS, lambda tx: tx.rows(PING), True)
            return await self._retried(mode, work, single)
        finally:
            if probing:
                self.breaker.probing = False

    async def _retried(
        self, mode: str, work: Callable[[Tx], Awaitable[T]], single: bool = False
    ) -> T:
        """`work` in a transaction, retried on transient errors; `Neo4jUnavailable` when
        Neo4j cannot be reached."""
        delays = _retry_delays()
        first_failure: float | None = None
        reconnected = False
        while True:
            try:
                result = await self._attempt(mode, work, single)
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

    async def _attempt(self, mode: str, work: Callable[[Tx], Awaitable[T]], single: bool) -> T:
        """`work` in one transaction; `single`: one read statement, in the session's
        auto-commit transaction. A caller's bookmarks (read-your-own-writes) are honoured
        either way, and a write passes its new bookmarks back to the caller."""
        chain = _chain.get()
        bookmarks = neo4j.Bookmarks.from_raw_values(chain.bookmarks) if chain else None
        async with self.driver.session(
            database=self.database, default_access_mode=mode, bookmarks=bookmarks
        ) as session:
            if single and mode == neo4j.READ_ACCESS:
                return await work(Tx(session, self.database))
            # BEGIN goes out with the first statement instead of waiting for its own answer
            # (as the driver's execute_query does; the driver's version is pinned).
            with session._pipelined_begin:
                tx = await session.begin_transaction()
            async with tx:
                result = await work(Tx(tx, self.database))
                await tx.commit()
            if chain is not None and mode == neo4j.WRITE_ACCESS:
                chain.bookmarks = (await session.last_bookmarks()).raw_values
                chain.wrote = True
            return result


PING = Query("ping", "RETURN 1 AS ok")
