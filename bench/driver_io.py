"""What a statement costs the API in the driver, with its socket waits and with graph.bolt_io's.

    python -m bench.driver_io [--runs 2000] [--rounds 3] [--port 27694]

Starts its own Neo4j in a temporary folder and runs, through `graph.db.Database` as the
API does: a one-statement read (`RETURN 1`, one auto-commit round trip) and a write
transaction (BEGIN, one MERGE, COMMIT). Each `--runs` times in a row, in turns with the
driver's own wait and with bolt_io's, `--rounds` times; prints the median CPU and wall time
per statement of each and the tasks made per statement, and writes
bench/results-driver-io.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from graph import bolt_io, neo4j_local
from graph.db import PING, Database, Query

TOUCH = Query("bench.touch", "MERGE (p:DriverIoProbe {id: $id}) SET p.n = coalesce(p.n, 0) + 1")
OUT = Path(__file__).parent / "results-driver-io.json"


def use(ours: bool) -> None:
    (bolt_io.install if ours else bolt_io.uninstall)()


async def tasks_made(work: Callable[[], Awaitable[Any]]) -> int:
    loop = asyncio.get_running_loop()
    made = 0

    def counting(loop: asyncio.AbstractEventLoop, coro: Any, **kw: Any) -> asyncio.Task[Any]:
        nonlocal made
        made += 1
        return asyncio.Task(coro, loop=loop, **kw)

    loop.set_task_factory(counting)
    try:
        await work()
    finally:
        loop.set_task_factory(None)
    return made


async def per_statement(work: Callable[[], Awaitable[Any]], runs: int) -> tuple[float, float]:
    """CPU ms and wall ms per call of `work`, `runs` calls in a row."""
    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(runs):
        await work()
    return (time.process_time() - cpu) * 1000 / runs, (time.perf_counter() - wall) * 1000 / runs


async def measure(uri: str, runs: int, rounds: int) -> dict[str, Any]:
    db = Database.connect(uri, None, "neo4j")
    cases: dict[str, Callable[[], Awaitable[Any]]] = {
        "read": lambda: db.read(PING),
        "write_transaction": lambda: db.write(TOUCH, id="probe"),
    }
    samples: dict[str, dict[str, list[tuple[float, float]]]] = {
        case: {"driver": [], "bolt_io": []} for case in cases
    }
    tasks: dict[str, dict[str, int]] = {case: {} for case in cases}
    try:
        for ours in (False, True):
            use(ours)
            for case, work in cases.items():
                for _ in range(200):
                    await work()
                tasks[case]["bolt_io" if ours else "driver"] = await tasks_made(work)
        for _ in range(rounds):
            for ours in (False, True, True, False):
                use(ours)
                for case, work in cases.items():
                    samples[case]["bolt_io" if ours else "driver"].append(
                        await per_statement(work, runs)
                    )
    finally:
        use(True)
        await db.close()
    results: dict[str, Any] = {}
    for case, by_wait in samples.items():
        results[case] = {
            wait: {
                "cpu_ms": round(statistics.median(c for c, _ in runs_), 3),
                "wall_ms": round(statistics.median(w for _, w in runs_), 3),
                "tasks": tasks[case][wait],
            }
            for wait, runs_ in by_wait.items()
        }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=2000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--port", type=int, default=27694)
    args = parser.parse_args()
    with neo4j_local.scratch(args.port, "neo4j-driver-io-") as instance:
        results = asyncio.run(measure(instance.uri, args.runs, args.rounds))
    OUT.write_text(json.dumps(results, indent=2) + "\n")
    print(f"{'statement':20} {'wait':8} {'CPU ms':>7} {'wall ms':>8} {'tasks':>6}")
    for case, by_wait in results.items():
        for wait, figures in by_wait.items():
            print(
                f"{case:20} {wait:8} {figures['cpu_ms']:>7.3f} {figures['wall_ms']:>8.3f} "
                f"{figures['tasks']:>6}"
            )
    print(f"(medians of {args.rounds * 2} runs of {args.runs} each; the client's CPU only)")


if __name__ == "__main__":
    main()
