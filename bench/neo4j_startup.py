"""Cold start to Bolt-ready and RSS of the embedded Neo4j.

    python -m bench.neo4j_startup [--runs 3] [--port 27687]

Cold: a new, empty data folder (the store is created). Warm: the same folder
again. RSS is read from /proc after start, and again after the seed is
loaded and 500 GraphQL-shaped read queries ran. Prints a table; changes
nothing outside a temporary folder.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import tempfile
import time
from pathlib import Path

from api.schema import build_schema
from api.settings import Settings
from graph import neo4j_local
from graph.constraints import apply_constraints
from graph.db import Database
from graph.pagination import PageRequest, fetch_page
from graph.parties import PARTIES, party_filter_params
from seed.load import load_seed


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def timed_start(instance: neo4j_local.Instance) -> tuple[float, int]:
    started = time.perf_counter()
    pid = neo4j_local.start(instance)
    return time.perf_counter() - started, pid


async def exercise(uri: str, queries: int) -> None:
    db = Database.connect(uri, None, "neo4j")
    try:
        await apply_constraints(db)
        await load_seed(db, build_schema(Settings()))
        for _ in range(queries):
            await fetch_page(
                db, PARTIES, PageRequest(limit=20), party_filter_params(), "NAME", False
            )
    finally:
        await db.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--port", type=int, default=27687)
    args = parser.parse_args()
    neo4j_local.ensure_built()
    cold, warm, idle_rss, shutdown = [], [], [], []
    loaded_rss = 0.0
    for run in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="neo4j-bench-") as folder:
            instance = neo4j_local.Instance(home=Path(folder), port=args.port)
            seconds, pid = timed_start(instance)
            cold.append(seconds)
            idle_rss.append(rss_mb(pid))
            if run == 0:
                asyncio.run(exercise(instance.uri, 500))
                loaded_rss = rss_mb(pid)
            stop_started = time.perf_counter()
            neo4j_local.stop(instance)
            shutdown.append(time.perf_counter() - stop_started)
            seconds, pid = timed_start(instance)
            warm.append(seconds)
            neo4j_local.stop(instance)
    print()
    print(f"{'figure':42} {'median':>10} {'min':>8} {'max':>8}")
    for name, values, unit in [
        ("cold start to Bolt-ready (new store)", cold, "s"),
        ("warm start to Bolt-ready (existing store)", warm, "s"),
        ("shutdown on SIGTERM", shutdown, "s"),
        ("RSS idle after start", idle_rss, "MiB"),
    ]:
        print(
            f"{name:42} {statistics.median(values):>8.1f}{unit:>2} "
            f"{min(values):>8.1f} {max(values):>8.1f}"
        )
    print(f"{'RSS after seed + 500 list queries':42} {loaded_rss:>8.1f}MiB")
    print(f"(runs: {args.runs}; heap 1 GiB fixed, page cache 512 MiB; 2-core machine)")


if __name__ == "__main__":
    main()
