"""Throughput with one worker and with two: `rightsgraph serve --workers N`.

    python -m bench.workers [--clients 50] [--seconds 10] [--rounds 2] [--size 10k]
                            [--neo4j-port 27720] [--port 28300] [--home DIR]
    make bench-workers

Starts its own Neo4j (in a temporary folder, or --home), loads the seed and a synthetic
graph (--size), then serves the API with 1 and then 2 workers, in turns (ROUNDS times), and
runs CLIENTS closed-loop clients for SECONDS against each of two queries:
- lineage: upstream lineage of depth 5 from the end of a long chain (mostly Neo4j's work);
- page: a page of 50 resources with source, rights and holders (mostly Python's work).
Each worker is a process of its own, with its own event loop, admission limits and Neo4j
pool; Neo4j runs on the same machine. Prints requests/s and peak RSS (all workers) and
writes bench/results-workers.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from strawberry import relay

from api.auth import issue_token
from api.cli import prepare_database
from api.settings import Environment, Settings
from bench.scale import LINEAGE, PAGE
from bench.serving import serve_api
from bench.throughput import closed_loop
from graph import neo4j_local
from graph.db import Database
from graph.domain import Role
from seed.bulk_load import bulk_load
from seed.progress import progress_on
from seed.synthetic import Synthetic, parse_size

HERE = Path(__file__).parent


async def load(uri: str, size: str) -> str:
    """Seed and synthetic data; the id of the resource at the end of the longest chain."""
    await prepare_database(Settings(environment=Environment.TEST, neo4j_uri=uri), seed=True)
    synthetic = Synthetic(parse_size(size), seed=7)
    db = Database.connect(uri, None, "neo4j")
    try:
        with progress_on() as progress:
            await bulk_load(db, synthetic, progress=progress)
    finally:
        await db.close()
    _, activities = synthetic.lineage()
    return str(activities[-1]["outputId"])  # the end of the longest chain, as bench.scale


def measure(uri: str, root: str, args: argparse.Namespace) -> dict[str, Any]:
    token = issue_token(Settings(environment=Environment.TEST).jwt_secret, "bench", Role.APP)
    headers = {"authorization": f"Bearer {token}"}
    url = f"http://127.0.0.1:{args.port}/graphql"
    queries = {
        "lineage": {
            "query": LINEAGE,
            "variables": {"id": str(relay.GlobalID("DataResource", root)), "depth": 5},
        },
        "page": {"query": PAGE, "variables": {}},
    }
    rps: dict[str, dict[str, list[float]]] = {q: {"1": [], "2": []} for q in queries}
    rss: dict[str, list[float]] = {"1": [], "2": []}
    errors = 0
    for _ in range(args.rounds):
        for workers in (1, 2):
            with serve_api(uri, args.port, {}, workers=workers) as pid:
                for name, body in queries.items():
                    load = asyncio.run(
                        closed_loop(url, body, args.clients, args.seconds, pid, headers)
                    )
                    rps[name][str(workers)].append(load.rps)
                    rss[str(workers)].append(load.peak_rss_mb)
                    errors += load.errors
                    print(f"{workers} worker(s), {name}: {load.rps:.1f} requests/s", flush=True)
    figures: dict[str, Any] = {"errors": errors}
    for name, by_workers in rps.items():
        figures[name] = summary(by_workers)
    figures["peak_rss_mb"] = {w: round(max(values)) for w, values in rss.items()}
    return figures


def summary(by_workers: dict[str, list[float]]) -> dict[str, Any]:
    """Medians of each, and the median of the rounds' own ratios: a round measures 1 and 2
    workers back to back, so its ratio is the least moved by what else the machine does."""
    one, two = (statistics.median(by_workers[w]) for w in ("1", "2"))
    by_round = [b / a for a, b in zip(by_workers["1"], by_workers["2"], strict=True)]
    return {
        "rps_1_worker": round(one, 1),
        "rps_2_workers": round(two, 1),
        "two_over_one": round(two / one, 2),
        "two_over_one_by_round": [round(ratio, 2) for ratio in by_round],
        "two_over_one_median_of_rounds": round(statistics.median(by_round), 2),
        "samples": by_workers,
    }


def report(figures: dict[str, Any]) -> None:
    print()
    print(f"{'query':10} {'1 worker':>12} {'2 workers':>12} {'2 over 1':>9}  by round")
    for name in ("lineage", "page"):
        f = figures[name]
        rounds = ", ".join(f"{ratio:.2f}" for ratio in f["two_over_one_by_round"])
        print(
            f"{name:10} {f['rps_1_worker']:>8.1f} r/s {f['rps_2_workers']:>8.1f} r/s "
            f"{f['two_over_one']:>9.2f}  {rounds}"
        )
    rss = figures["peak_rss_mb"]
    print(f"API peak RSS, all processes: 1 worker {rss['1']} MB, 2 workers {rss['2']} MB")
    print(f"errors: {figures['errors']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10, help="per query and round")
    parser.add_argument("--rounds", type=int, default=2, help="1 then 2 workers, in turns")
    parser.add_argument("--size", default="10k", help="synthetic graph: 10k, 100k, 1m")
    parser.add_argument("--neo4j-port", type=int, default=27720, help="Bolt port of its Neo4j")
    parser.add_argument("--port", type=int, default=28300, help="port of the API")
    parser.add_argument("--home", type=Path, help="Neo4j data folder (default: temporary)")
    args = parser.parse_args()
    sizes = {"pagecache_mb": 1024, "heap": "1g"}
    with neo4j_local.scratch(args.neo4j_port, "neo4j-workers-", args.home, **sizes) as instance:
        root = asyncio.run(load(instance.uri, args.size))
        figures = measure(instance.uri, root, args)
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "load_average_at_end": os.getloadavg(),
        "size": args.size,
        "clients": args.clients,
        "seconds_per_query": args.seconds,
        "rounds": args.rounds,
        **figures,
    }
    (HERE / "results-workers.json").write_text(json.dumps(results, indent=2) + "\n")
    report(figures)


if __name__ == "__main__":
    main()
