"""One async Neo4j driver for the application's lifetime, and the only way to run Cypher.

Every statement is a `Query`: a name (for logs and metrics) and fixed Cypher
text. Values always travel as parameters. Reads and writes run in managed
transactions (`execute_read`/`execute_write`), which retry transient errors.

Round trips are counted per task context, so a request can tell how many
statements it sent (see `count_round_trips`).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, LiteralString, TypeVar

import neo4j
import neo4j.graph
from neo4j import AsyncDriver, AsyncGraphDatabase, AsyncManagedTransaction

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
    """A managed transaction that runs named queries and returns plain rows."""

    def __init__(self, tx: AsyncManagedTransaction) -> None:
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


class Database:
    """The application's handle on Neo4j."""

    def __init__(self, driver: AsyncDriver, database: str) -> None:
        self.driver = driver
        self.database = database

    @classmethod
    def connect(
        cls,
        uri: str,
        auth: tuple[str, str] | None,
        database: str,
        *,
        connect_timeout: float = 5.0,
        max_pool_size: int = 50,
    ) -> Database:
        codec.install()
        driver = AsyncGraphDatabase.driver(
            uri,
            auth=auth,
            connection_timeout=connect_timeout,
            max_connection_pool_size=max_pool_size,
            max_transaction_retry_time=15.0,
            notifications_min_severity="OFF",
        )
        return cls(driver, database)

    async def close(self) -> None:
        await self.driver.close()

    async def ping(self) -> None:
        """Raise if Neo4j cannot be reached or the database cannot answer."""
        await self.driver.verify_connectivity()
        await self.read(PING)

    async def read(self, query: Query, **params: Any) -> list[Row]:
        return await self.read_tx(lambda tx: tx.rows(query, **params))

    async def write(self, query: Query, **params: Any) -> list[Row]:
        return await self.write_tx(lambda tx: tx.rows(query, **params))

    async def read_tx(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        async with self.driver.session(
            database=self.database, default_access_mode=neo4j.READ_ACCESS
        ) as session:
            return await session.execute_read(lambda tx: work(Tx(tx)))

    async def write_tx(self, work: Callable[[Tx], Awaitable[T]]) -> T:
        """Run `work` as one transaction: everything it writes commits together or not at all."""
        async with self.driver.session(database=self.database) as session:
            return await session.execute_write(lambda tx: work(Tx(tx)))


PING = Query("ping", "RETURN 1 AS ok")
