"""The scale benchmark: the API against the floor of the same Cypher through the driver.

    python -m bench.scale [--size 10k] [--runs 60]     (make bench SIZE=10k)

On a fresh Neo4j loaded with the seed and a synthetic Qinzhou of SIZE, with the API served
by uvicorn in its own process, it measures (medians after warm-up):
- lineage_d5/d10_graphql_over_cypher_p50: a lineage walk through GraphQL over HTTP, over
  the graph layer's own statements run directly through the driver;
- page50_graphql_over_cypher_p50: a page of 50 resources with source and rights, likewise;
- bulk_load_over_plain_unwind: the loader's rows/s over a plain UNWIND loop writing the same
  shapes with CREATE (bench/plain_unwind.py);
- api_rss_mb_under_load: peak RSS of the API process under 50 concurrent clients.
Prints a table and writes bench/results.json. Keys not measured here are null, with why.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx
from strawberry import relay

from api.auth import issue_token
from api.cli import prepare_database
from api.settings import Environment, Settings
from bench.plain_unwind import plain_load
from graph import neo4j_local
from graph.db import Database, Query
from graph.history import TimePoint, local_date
from graph.lineage import level as lineage_level
from graph.resources import resource_states
from schema.enums import Role
from seed.bulk_load import bulk_load
from seed.synthetic import Synthetic, parse_size

RESULTS = Path(__file__).parent / "results.json"
API_PORT = 28000
LINEAGE = """query ($id: ID!, $depth: Int) { lineage(assetId: $id, depth: $depth, budget: 2000) {
  totalNodes nodes { depth asset { nameZh } } edges { kind day } } }"""
PAGE = """{ dataResources(first: 50, orderBy: CATALOG_CODE) { edges { node {
  nameZh catalogCode grade source { nameZh } rights { kind holder { nameZh } } } } } }"""
PAGE_FLOOR = Query(
    "bench.page_floor",
    """
    MATCH (s:ResourceState)
    WHERE s.supersededAt IS NULL AND s.validFrom <= $day
      AND (s.validTo IS NULL OR s.validTo > $day)
    WITH s ORDER BY s.catalogCode LIMIT 50
    MATCH (source:Party {id: s.sourceId})
    OPTIONAL MATCH (:Entity {id: s.id})<-[:ON]-(:Right)-[:STATE]->(r:RightState)
    WHERE r.supersededAt IS NULL
    OPTIONAL MATCH (holder:Party {id: r.holderId})
    RETURN s.nameZh, s.catalogCode, s.grade, source.nameZh,
           collect({kind: r.kind, holder: holder.nameZh}) AS rights
    """,
)


async def median_ms(work: Callable[[], Awaitable[Any]], runs: int) -> float:
    for _ in range(5):
        await work()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await work()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


async def lineage_floor(db: Database, root: str, depth: int) -> None:
    """The API's own walk statements, through the driver, without GraphQL or HTTP."""
    now = datetime.now(UTC)
    at = TimePoint(local_date(now), now)
    params = {
        "validAt": at.valid_at,
        "recordedAt": at.recorded_at,
        "kinds": None,
        "performerId": None,
        "since": None,
        "until": None,
    }
    seen, frontier = {root}, [root]
    for _ in range(depth):
        rows = await lineage_level(db, "UPSTREAM", frontier, params, 8001)
        frontier = [r["target"] for r in rows if r["target"] not in seen]
        seen.update(frontier)
        if not frontier:
            break
    await resource_states(db, list(seen), at)


async def load_clients(
    client: httpx.AsyncClient, headers: dict[str, str], root: str, seconds: float
) -> int:
    done = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        await client.post("/graphql", headers=headers, json={"query": PAGE})
        await client.post(
            "/graphql",
            headers=headers,
            json={"query": LINEAGE, "variables": {"id": root, "depth": 5}},
        )
        done += 2
    return done


async def measure(
    settings: Settings, synthetic: Synthetic, runs: int, api_pid: int
) -> dict[str, Any]:
    db = Database.connect(settings.neo4j_uri, None, "neo4j")
    token = issue_token(settings.jwt_secret, "bench", Role.INVESTIGATOR)
    headers = {"authorization": f"Bearer {token}"}
    _, activities = synthetic.lineage()
    root_id = activities[-1]["outputId"]
    root = str(relay.GlobalID("DataResource", root_id))
    results: dict[str, Any] = {}
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{API_PORT}", timeout=60) as http:
        for depth in (5, 10):

            async def api(d: int = depth) -> None:
                body = (
                    await http.post(
                        "/graphql",
                        headers=headers,
                        json={"query": LINEAGE, "variables": {"id": root, "depth": d}},
                    )
                ).json()
                assert "errors" not in body, body

            async def floor(d: int = depth) -> None:
                await lineage_floor(db, root_id, d)

            api_ms, floor_ms = await median_ms(api, runs), await median_ms(floor, runs)
            results[f"lineage_d{depth}_ms"] = {"graphql": api_ms, "cypher": floor_ms}
            results[f"lineage_d{depth}_graphql_over_cypher_p50"] = api_ms / floor_ms

        async def page() -> None:
            body = (await http.post("/graphql", headers=headers, json={"query": PAGE})).json()
            assert "errors" not in body, body

        async def page_floor() -> None:
            await db.read(PAGE_FLOOR, day=local_date(datetime.now(UTC)))

        page_ms, page_floor_ms = await median_ms(page, runs), await median_ms(page_floor, runs)
        results["page50_ms"] = {"graphql": page_ms, "cypher": page_floor_ms}
        results["page50_graphql_over_cypher_p50"] = page_ms / page_floor_ms

        peak = rss_mb(api_pid)

        async def sample() -> None:
            nonlocal peak
            for _ in range(200):
                peak = max(peak, rss_mb(api_pid))
                await asyncio.sleep(0.1)

        clients = [load_clients(http, headers, root, 15) for _ in range(50)]
        served = await asyncio.gather(sample(), *clients)
        results["api_rss_mb_under_load"] = peak
        results["requests_under_load"] = sum(served[1:])
    await db.close()
    return results


async def bulk_ratio(settings: Settings, rounds: int = 3) -> dict[str, Any]:
    """Our loader over a plain UNWIND loop writing the same shapes (bench/plain_unwind.py).

    Both first load a small set (planning and JIT warm-up), then take turns on fresh sets of
    the same size; each keeps its median rate.
    """
    db = Database.connect(settings.neo4j_uri, None, "neo4j")
    seeds = iter(range(100, 200))

    async def ours(size: int) -> float:
        return (await bulk_load(db, Synthetic(size, seed=next(seeds)), out=None)).rate

    async def plain(size: int) -> float:
        plan = Synthetic(size, seed=next(seeds)).plan()
        started = time.perf_counter()
        rows = await plain_load(db, plan)
        return rows / (time.perf_counter() - started)

    await ours(2000)
    await plain(2000)
    ours_rates, plain_rates = [], []
    for _ in range(rounds):
        ours_rates.append(await ours(20_000))
        plain_rates.append(await plain(20_000))
    await db.close()
    ours_rate, plain_rate = statistics.median(ours_rates), statistics.median(plain_rates)
    return {
        "bulk_rows_per_s": ours_rate,
        "plain_unwind_rows_per_s": plain_rate,
        "bulk_load_over_plain_unwind": ours_rate / plain_rate,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default=os.environ.get("SIZE", "10k"))
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument("--port", type=int, default=27700)
    args = parser.parse_args()
    size = parse_size(args.size)
    with tempfile.TemporaryDirectory(prefix="neo4j-scale-") as folder:
        instance = neo4j_local.Instance(
            home=Path(folder), port=args.port, heap="2g", pagecache_mb=2048
        )
        neo4j_local.start(instance)
        api = None
        try:
            settings = Settings(
                environment=Environment.TEST,
                neo4j_uri=instance.uri,
                round_trip_report=False,
                max_query_depth=20,
            )
            asyncio.run(prepare_database(settings, seed=True))
            synthetic = Synthetic(size, seed=7)
            loaded = asyncio.run(_load(settings, synthetic))
            env = {
                **os.environ,
                "NEO4J_URI": instance.uri,
                "RIGHTSGRAPH_ENVIRONMENT": "test",
                "RIGHTSGRAPH_ROUND_TRIP_REPORT": "false",
                "RIGHTSGRAPH_LOG_LEVEL": "WARNING",
            }
            api = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "uvicorn",
                    "api.app:create_app",
                    "--factory",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    str(API_PORT),
                    "--log-level",
                    "warning",
                ],
                env=env,
            )
            _wait_for(API_PORT)
            results = {
                "size": args.size,
                "rows_loaded": loaded.rows,
                "load_rows_per_s": loaded.rate,
            }
            results |= asyncio.run(measure(settings, synthetic, args.runs, api.pid))
            results |= asyncio.run(bulk_ratio(settings))
        finally:
            if api is not None:
                api.terminate()
                api.wait(timeout=30)
            neo4j_local.stop(instance)
    results["throughput_vs_neo4j_graphql"] = None
    results["lineage_p50_1m_over_10k"] = None
    results["not_measured"] = {
        "throughput_vs_neo4j_graphql": "the @neo4j/graphql peer in bench/peers is not built yet",
        "lineage_p50_1m_over_10k": "needs a 10k and a 1m run side by side",
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    _print(results)


async def _load(settings: Settings, synthetic: Synthetic) -> Any:
    db = Database.connect(settings.neo4j_uri, None, "neo4j")
    try:
        return await bulk_load(db, synthetic)
    finally:
        await db.close()


def _wait_for(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the API did not become ready")


def _print(results: dict[str, Any]) -> None:
    goals = {
        "lineage_d5_graphql_over_cypher_p50": "<= 1.3",
        "lineage_d10_graphql_over_cypher_p50": "<= 1.3",
        "page50_graphql_over_cypher_p50": "<= 1.3",
        "bulk_load_over_plain_unwind": ">= 0.9",
        "api_rss_mb_under_load": "<= 250",
        "throughput_vs_neo4j_graphql": ">= 1.0",
        "lineage_p50_1m_over_10k": "<= 1.5",
    }
    print(f"\n{'figure':42} {'value':>10} {'goal':>8}")
    for key, goal in goals.items():
        value = results.get(key)
        shown = "-" if value is None else f"{value:10.2f}"
        print(f"{key:42} {shown:>10} {goal:>8}")
    print(
        f"(size {results['size']}: {results['rows_loaded']:,} rows loaded at "
        f"{results['load_rows_per_s']:,.0f} rows/s; details in {RESULTS.name})"
    )


if __name__ == "__main__":
    main()
