"""What keeps a heavy query from slowing everyone else once it runs.

In one Python process a heavy query shares the interpreter with every small request:
- it executes on an event loop of its own, on a thread of its own, with a Neo4j driver of
  its own (`HeavyThread`): an event loop switches requests only when one awaits, and a
  heavy query computes for hundreds of milliseconds between two awaits (completing
  thousands of list items that one statement brought back); threads take turns on a timer;
- it gives way while small requests are under way (`courtesy`);
- it encodes its answer there, a piece at a time (`encode_in_pieces`);
- the garbage collector, which stops every thread while it scans, scans less and less
  often (`steady_collector`).
`bench/fairness.py` measures the effect (README, Query cost).
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import orjson

from graph.db import Database

T = TypeVar("T")

# How long a thread runs before another that waits for the interpreter gets it (Python's
# default is 5 ms): what a small request may wait, on every wake-up from a socket, while a
# heavy query computes.
SWITCH_INTERVAL_S = 0.0001

# Collector thresholds (Python's defaults: 700, 10, 10): the youngest generation is scanned
# after 10,000 allocations (a few ms), the others as Python does. Raising the other two to
# 100 left request garbage with cycles waiting for a rare full scan: the API held 290 MB
# under 50 clients of the page of 50 where it holds 170 MB now, no faster, and small
# requests fared no better beside heavy ones (bench/fairness.py: p99 over alone 1.67
# then, 1.42 now, on the same day).
GC_THRESHOLDS = (10_000, 10, 10)


def steady_collector() -> None:
    """Rarer collections, and none of what was loaded at startup (the schema, the modules):
    it is frozen out of every scan. Request garbage is mostly freed by reference counting
    as it goes; what forms cycles waits a little longer."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


# A heavy query kept off the interpreter longer than this was interrupted by a small
# request (or awaited its own statement)...
INTERRUPTED_S = 0.0003
# ...and, while small requests are under way, leaves them the interpreter this long.
COURTESY_S = 0.005


def courtesy(busy: Callable[[], bool]) -> Callable[..., Any]:
    """A graphql-core middleware for heavy executions, so that small requests go first.

    Threads take turns every SWITCH_INTERVAL_S, so a small request sharing the
    interpreter with a heavy query would do its work in 0.1 ms slices, at half speed.
    Before each field, a heavy query that finds it was interrupted while `busy()` (small
    requests are under way) sleeps COURTESY_S, and they finish their turn unhindered.
    """
    last = time.perf_counter()

    def middleware(resolve: Callable[..., Any], root: Any, info: Any, **args: Any) -> Any:
        nonlocal last
        now = time.perf_counter()
        if now - last > INTERRUPTED_S and busy():
            time.sleep(COURTESY_S)
            now = time.perf_counter()
        last = now
        return resolve(root, info, **args)

    return middleware


@dataclass(frozen=True)
class EncodedJSON:
    """An answer's `data`, already JSON: encoded on the heavy thread, in pieces."""

    text: str


# Below this depth a value is encoded in one call: a list item of a page, a lineage node.
PIECE_DEPTH = 4


def encode_in_pieces(value: Any, depth: int = 0) -> str:
    """`value` as JSON, as the API writes it, a field or a list item at a time.

    One call of the JSON encoder holds the interpreter until it is done: 25 ms for the
    megabyte of a heavy answer, which every small request would wait out. Between
    pieces, they get their turns.
    """
    if depth < PIECE_DEPTH and isinstance(value, dict):
        fields = (
            f"{dumps(key)}:{encode_in_pieces(item, depth + 1)}" for key, item in value.items()
        )
        return "{" + ",".join(fields) + "}"
    if depth < PIECE_DEPTH and isinstance(value, list):
        return "[" + ",".join(encode_in_pieces(item, depth + 1) for item in value) + "]"
    return dumps(value)


def dumps(value: Any) -> str:
    """Compact JSON, Chinese as UTF-8 rather than \\u escapes (readable, half the bytes)."""
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        # What orjson refuses and the standard library takes: integers beyond 64 bits,
        # keys that are not strings.
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


class HeavyThread:
    """Runs work on the heavy thread's loop, with the heavy thread's database; started on
    first use, stopped by `stop`."""

    def __init__(self, connect: Callable[[], Database]) -> None:
        self.connect = connect
        self.loop: asyncio.AbstractEventLoop | None = None
        self.thread: threading.Thread | None = None
        self.db: Database | None = None
        self.lock = threading.Lock()

    def _started(self) -> asyncio.AbstractEventLoop:
        with self.lock:
            if self.loop is None:
                sys.setswitchinterval(SWITCH_INTERVAL_S)
                self.loop = asyncio.new_event_loop()
                self.thread = threading.Thread(
                    target=self.loop.run_forever, name="heavy-queries", daemon=True
                )
                self.thread.start()
            return self.loop

    async def run(self, work: Callable[[Database], Awaitable[T]]) -> T:
        """The result of `work(db)`, run on the heavy thread (in a copy of the caller's
        context variables)."""
        future = asyncio.run_coroutine_threadsafe(self._work(work), self._started())
        return await asyncio.wrap_future(future)

    async def _work(self, work: Callable[[Database], Awaitable[T]]) -> T:
        if self.db is None:
            self.db = self.connect()
        return await work(self.db)

    def stop(self) -> None:
        with self.lock:
            loop, thread, self.loop, self.thread = self.loop, self.thread, None, None
        if loop is None or thread is None:
            return
        if self.db is not None:
            asyncio.run_coroutine_threadsafe(self.db.close(), loop).result(timeout=30)
            self.db = None
        loop.call_soon_threadsafe(loop.stop)
        thread.join(timeout=30)
        loop.close()
