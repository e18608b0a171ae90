"""Small queries while heavy ones run: does admission keep them flowing?

    python -m bench.fairness [--seconds 10] [--rounds 3] [--small-clients 4] [--heavy-clients 3]
                             [--size 10k] [--neo4j-port 27710] [--port 28200] [--home DIR]

Starts its own Neo4j (in a temporary folder, or --home), loads the seed and a synthetic
graph (--size), serves the API under uvicorn with one worker and the default limits, as
`make run` does, and measures closed loops over HTTP:

- alone: SMALL_CLIENTS clients each send a small query (a page of 10 resources with their
  source unit) one after another for SECONDS;
- with heavy queries: the same, while HEAVY_CLIENTS clients each send a heavy query one
  after another: 17 pages of 200 distinct resources, each with its rights and their
  holders, a cost just under the default limit (115,634 of 120,000);
- the two phases in turns, ROUNDS times, the samples of each phase pooled (p50, p99);
- the same again on an API whose heavy lane is switched off (every query in the normal
  lane, on the one event loop), for comparison;
- the API's peak resident memory in each.

Goal: small-query p99 with heavy queries running ≤ 2 × its p99 alone. Prints a table and
writes bench/results-fairness.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import subprocess
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx

from api.auth import issue_token
from api.cli import prepare_database
from api.settings import Environment, Settings
from bench.serving import serve_api
from graph import neo4j_local
from graph.db import Database
from graph.domain import Role
from seed.bulk_load import bulk_load
from seed.progress import progress_on
from seed.synthetic import Synthetic, parse_size

HERE = Path(__file__).parent
SMALL = (
    """{ dataResources(first: 10) { edges { node { nameZh catalogCode source { nameZh } } } } }"""
)
PAGE = (
    "dataResources(first: 200, orderBy: CATALOG_CODE{after}) {{ edges {{ node {{ id nameZh "
    "rights {{ kind holder {{ nameZh }} }} }} }} }}"
)
HEAVY_PAGES = 17
CURSORS = """query ($after: String) { dataResources(first: 200, orderBy: CATALOG_CODE,
  after: $after) { pageInfo { hasNextPage endCursor } } }"""


@dataclass
class Samples:
    """Latencies (ms) of one kind of request in one phase."""

    ms: list[float]
    errors: int = 0

    def figures(self) -> dict[str, float | int]:
        ordered = sorted(self.ms)
        if not ordered:
            return {"requests": 0, "errors": self.errors}
        return {
            "requests": len(ordered),
            "errors": self.errors,
            "p50_ms": round(statistics.median(ordered), 1),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 1),
            "max_ms": round(ordered[-1], 1),
        }


async def loop(
    http: httpx.AsyncClient, body: dict[str, Any], until: float, samples: Samples
) -> None:
    """Posts `body` one request after another until `until`, recording each latency."""
    while time.monotonic() < until:
        started = time.perf_counter()
        response = await http.post("/graphql", json=body)
        elapsed = (time.perf_counter() - started) * 1000
        # Heavy answers are a megabyte: look for an error without decoding them.
        if response.status_code != 200 or b'"errors"' in response.content[:200]:
            samples.errors += 1
        else:
            samples.ms.append(elapsed)


async def phase(
    url: str,
    headers: dict[str, str],
    heavy: str | None,
    args: argparse.Namespace,
    small: Samples,
    large: Samples,
) -> None:
    """Small clients for `args.seconds`, with heavy clients running alongside if `heavy`."""
    limits = httpx.Limits(max_connections=args.small_clients + args.heavy_clients)
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=300, limits=limits) as http:
        for _ in range(5):  # warm-up
            await http.post("/graphql", json={"query": SMALL})
        heavy_until = time.monotonic() + args.seconds + 1
        heavies = [
            asyncio.ensure_future(loop(http, {"query": heavy}, heavy_until, large))
            for _ in range(args.heavy_clients if heavy else 0)
        ]
        if heavies:
            await asyncio.sleep(1)  # the heavy queries are under way before timing starts
        until = time.monotonic() + args.seconds
        await asyncio.gather(
            *(loop(http, {"query": SMALL}, until, small) for _ in range(args.small_clients))
        )
        await asyncio.gather(*heavies)


async def heavy_query(url: str, headers: dict[str, str]) -> str:
    """HEAVY_PAGES aliases, each a page of 200 resources of its own (distinct cursors)."""
    cursors: list[str | None] = [None]
    async with httpx.AsyncClient(base_url=url, headers=headers, timeout=60) as http:
        while len(cursors) < HEAVY_PAGES:
            body = {"query": CURSORS, "variables": {"after": cursors[-1]}}
            info = (await http.post("/graphql", json=body)).json()
            info = info["data"]["dataResources"]["pageInfo"]
            if not info["hasNextPage"]:
                break
            cursors.append(info["endCursor"])
    aliases = []
    for i in range(HEAVY_PAGES):
        cursor = cursors[i % len(cursors)]
        after = f', after: "{cursor}"' if cursor else ""
        aliases.append(f"p{i}: " + PAGE.format(after=after))
    return "{ " + " ".join(aliases) + " }"


def peak_rss_mb(pid: int) -> float:
    """The most memory `pid` ever held resident (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def load(uri: str, size: str) -> None:
    await prepare_database(Settings(environment=Environment.TEST, neo4j_uri=uri), seed=True)
    db = Database.connect(uri, None, "neo4j")
    try:
        with progress_on() as progress:
            await bulk_load(db, Synthetic(parse_size(size), seed=7), progress=progress)
    finally:
        await db.close()


def measure(uri: str, args: argparse.Namespace) -> dict[str, Any]:
    token = issue_token(Settings(environment=Environment.TEST).jwt_secret, "bench", Role.APP)
    headers = {"authorization": f"Bearer {token}"}
    url = f"http://127.0.0.1:{args.port}"
    results: dict[str, Any] = {}
    lanes = {
        "heavy_lane": {},
        # Every query in the normal lane: a heavy query never moves.
        "no_heavy_lane": {"RIGHTSGRAPH_HEAVY_QUERY_COST": str(10**12)},
    }
    for name, env in lanes.items():
        alone, small, heavy = Samples([]), Samples([]), Samples([])
        with serve_api(uri, args.port, env) as pid:
            query = asyncio.run(heavy_query(url, headers))
            # In turns, so that both phases meet the same machine (others share it).
            for _ in range(args.rounds):
                asyncio.run(phase(url, headers, None, args, alone, Samples([])))
                asyncio.run(phase(url, headers, query, args, small, heavy))
            rss = peak_rss_mb(pid)
        alone_p99, small_p99 = alone.figures()["p99_ms"], small.figures()["p99_ms"]
        results[name] = {
            "alone": {"small": alone.figures()},
            "with_heavy": {"small": small.figures(), "heavy": heavy.figures()},
            "small_p99_with_heavy_over_alone": round(small_p99 / alone_p99, 2),
            "api_peak_rss_mb": round(rss),
        }
    return results


def report(results: dict[str, Any]) -> None:
    print()
    print(
        f"{'API':16} {'phase':12} {'small p50':>10} {'small p99':>10} {'n':>6} "
        f"{'heavy p50':>10} {'heavy n':>8}"
    )
    for name in ("heavy_lane", "no_heavy_lane"):
        for label in ("alone", "with_heavy"):
            figures = results[name][label]
            small, heavy = figures["small"], figures.get("heavy", {})
            print(
                f"{name:16} {label:12} {small['p50_ms']:>8.1f}ms {small['p99_ms']:>8.1f}ms "
                f"{small['requests']:>6} {heavy.get('p50_ms', 0):>8.0f}ms "
                f"{heavy.get('requests', 0):>8}"
            )
        ratio = results[name]["small_p99_with_heavy_over_alone"]
        print(f"{name:16} small p99 with heavy queries over alone: {ratio:.2f} (goal ≤ 2)")
        print(f"{name:16} API peak RSS: {results[name]['api_peak_rss_mb']} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=float, default=10, help="per phase and round")
    parser.add_argument("--rounds", type=int, default=3, help="alone, then with heavy, in turns")
    parser.add_argument("--small-clients", type=int, default=4)
    parser.add_argument("--heavy-clients", type=int, default=3)
    parser.add_argument("--size", default="10k", help="synthetic graph: 10k, 100k, 1m")
    parser.add_argument("--neo4j-port", type=int, default=27710, help="Bolt port of its Neo4j")
    parser.add_argument("--port", type=int, default=28200, help="port of the API")
    parser.add_argument("--home", type=Path, help="Neo4j data folder (default: temporary)")
    args = parser.parse_args()
    with neo4j_local.scratch(args.neo4j_port, "neo4j-fairness-", args.home) as instance:
        asyncio.run(load(instance.uri, args.size))
        measured = measure(instance.uri, args)
    results = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "revision": subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores",
        "size": args.size,
        "seconds_per_phase": args.seconds,
        "rounds": args.rounds,
        "small_clients": args.small_clients,
        "heavy_clients": args.heavy_clients,
        "small_query": SMALL,
        "heavy_query": f"{HEAVY_PAGES} aliases of " + PAGE.format(after=", after: …"),
        "settings": {
            "max_query_cost": Settings().max_query_cost,
            "heavy_query_cost": Settings().heavy_query_cost,
            "heavy_lane_slots": Settings().heavy_lane_slots,
            "max_concurrent_requests": Settings().max_concurrent_requests,
        },
        **measured,
    }
    report(measured)
    (HERE / "results-fairness.json").write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
