"""Closed-loop load: N clients each posting one GraphQL request after another for a while.

Used by bench/scale.py for requests per second and, sampling /proc, the peak RSS of the
server process under that load.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bench.http import Client, failed


@dataclass(frozen=True)
class Load:
    requests: int
    errors: int
    seconds: float
    peak_rss_mb: float

    @property
    def rps(self) -> float:
        return self.requests / self.seconds


def rss_mb(pid: int) -> float:
    """Resident memory of `pid` and its children (a server may fork workers)."""
    total = 0.0
    for candidate in [pid, *_children(pid)]:
        try:
            for line in Path(f"/proc/{candidate}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) / 1024
        except FileNotFoundError:
            pass
    return total


def _children(pid: int) -> list[int]:
    try:
        found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except FileNotFoundError:
        return []
    return [int(child) for child in found]


async def closed_loop(
    url: str,
    body: dict[str, Any],
    clients: int,
    seconds: float,
    pid: int,
    headers: dict[str, str] | None = None,
) -> Load:
    """`clients` concurrent loops posting `body` to `url` for `seconds` (after a warm-up)."""
    address = urlsplit(url)
    base, path = f"{address.scheme}://{address.netloc}", address.path or "/"
    async with Client(base, clients, headers) as http:
        await asyncio.gather(*(http.post(path, body) for _ in range(clients)))
        done = errors = 0
        peak = rss_mb(pid)
        deadline = time.monotonic() + seconds

        async def client() -> None:
            nonlocal done, errors
            while time.monotonic() < deadline:
                if failed(*await http.post(path, body)):
                    errors += 1
                done += 1

        async def sample() -> None:
            nonlocal peak
            while time.monotonic() < deadline:
                peak = max(peak, rss_mb(pid))
                await asyncio.sleep(0.05)

        started = time.monotonic()
        await asyncio.gather(sample(), *(client() for _ in range(clients)))
        return Load(done, errors, time.monotonic() - started, peak)
