"""Bounded socket waits on the Bolt wire without a task for each read.

Why: Neo4j asks drivers to drop a connection that stays silent for 120 s (the
`connection.recv_timeout_seconds` hint) and the driver bounds every write by 30 s. On Python
3.11 the driver enforces each bound with its copy of 3.10's `asyncio.wait_for`, which runs
every socket read in a task of its own with a timer beside it: seven tasks for a
one-statement read, ten for a write transaction. `python -m bench.driver_io` measured the
API's CPU per statement, the driver's wait against this one: a read 0.68 against 0.58 ms,
a write transaction 1.11 against 0.92 ms. Python 3.12's `asyncio.wait_for`, which the driver
uses there, is `asyncio.timeout` around the wait, with no task: `install()` gives the driver
that on 3.11, so both bounds hold as before.

The driver has no public hook for this, so `install()` swaps the function its Bolt socket
looks up; its version is pinned in pyproject.toml, and tests/test_bolt_io.py checks that the
swap is in place, that a silent server still times out and that a cancelled statement is
cancelled. A bound already spent (zero or less) goes to the driver's own function.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable
from typing import TypeVar

from neo4j._async_compat.network import _bolt_socket

T = TypeVar("T")

_ORIGINAL = _bolt_socket.wait_for
NEEDED = sys.version_info < (3, 12)


async def wait_for(awaitable: Awaitable[T], seconds: float | None) -> T:
    """`awaitable` in the caller's own task, failing with TimeoutError after `seconds` (the
    driver passes them by position, as to `asyncio.wait_for`)."""
    if seconds is None:
        return await awaitable
    if seconds <= 0:
        return await _ORIGINAL(awaitable, seconds)
    async with asyncio.timeout(seconds):
        return await awaitable


def install() -> None:
    """Use `wait_for` for the driver's socket reads and writes from now on (idempotent; on
    Python 3.12 and later the driver needs nothing)."""
    if NEEDED:
        _bolt_socket.wait_for = wait_for


def uninstall() -> None:
    """The driver's own wait again (to measure one against the other: bench/driver_io.py)."""
    _bolt_socket.wait_for = _ORIGINAL


def installed() -> bool:
    return not NEEDED or _bolt_socket.wait_for is wait_for
