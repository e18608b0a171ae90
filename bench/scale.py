"""The scale benchmark: our API against raw Cypher and against the Neo4j GraphQL Library.

    python -m bench.scale [--size 10k|100k|1m] [--runs 60] [--clients 50] [--seconds 10]
    make bench SIZE=1m

On a fresh Neo4j of its own, loaded with the seed and a synthetic Qinzhou of SIZE (bulk
loader), with our API served by uvicorn in its own process (one worker), it measures,
each timed query first run under load for WARM_SECONDS (and each server loaded as long
with each query before the throughput turns) so that the JVM has compiled the queries:
- lineage_d5/d10_graphql_over_cypher_p50: a lineage walk through GraphQL over HTTP, over
  the same walk's statements run directly through the driver (medians after warm-up);
- lineage_d5/d10_graphql_over_http_floor_p50 and _http_floor_over_cypher_p50: the same walk
  served over HTTP without GraphQL (bench/http_floor.py: uvicorn and Starlette, the same
  statement, the answer's fields as JSON), between the two: what the transport alone costs
  over the driver, and what GraphQL and our request handling cost over the transport;
- page50_graphql_over_cypher_p50: a page of 50 resources with source, rights and holders,
  over one hand-written Cypher statement returning just those fields;
- page50_graphql_over_shaped_cypher_p50: the same page over that statement with its rows
  made into the answer's shape and encoded as JSON (what any server of these fields pays);
- throughput_vs_neo4j_graphql: requests/s of our API over the Neo4j GraphQL Library
  (bench/peers/neo4j-graphql: @neo4j/graphql on Apollo Server, one Node.js process) for the
  same two queries, each server alone under load on the same Neo4j, same clients, in
  TURNS alternating turns (the machine's speed drifts); the lower ratio;
- api_rss_mb_under_load: peak RSS of our API process under CLIENTS concurrent clients;
- mixed_p99_ms: p99 latency of CLIENTS clients drawing the page, the walk, a search and a
  write at random (40/30/20/10, bench/mixed.py), with p50/p95/p99 per kind in `mixed`;
- write_rps: accepted registerDataResource and grantAuthorization per second, 10 writers at
  once on distinct data (bench/writes.py), measured last so the reads above see the graph
  as loaded;
- openlineage_events_per_s (and its p95): OpenLineage run events per second, 10 pipelines at
  once, 5 inputs and 2 outputs an event, gzip and a bearer token as the official client
  sends them (bench/ingestion.py), measured after the writes on the same server;
- bulk_load_over_plain_unwind: the loader's rows/s over a plain UNWIND loop writing the same
  shapes with CREATE (bench/plain_unwind.py), both warmed up, taking turns;
- lineage_p50_<SIZE>_over_10k: the same lineage query's p50 on this graph over a 10k graph,
  measured right after in the same run (`lineage_p50_1m_over_10k` when SIZE is 1m).
Prints a table and writes bench/results-<SIZE>.json and bench/results.json (the latest run).
`--profile` also records py-spy flame graphs of the API serving the page and the walk, in
bench/out/.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Awaitable, Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx2 as httpx
from strawberry import relay

from api.auth import issue_token
from api.cli import prepare_database
from api.settings import Environment, Settings
from bench import http_floor, peer
from bench.http import Client, failed
from bench.ingestion import ingestion_rate
from bench.mixed import mixed_load
from bench.plain_unwind import plain_load
from bench.serving import serve_api
from bench.throughput import Load, closed_loop
from bench.writes import write_rps, writer_parties
from graph import neo4j_local
from graph.db import Database, Query
from graph.domain import Role
from graph.history import local_date
from seed.bulk_load import LoadResult, bulk_load
from seed.progress import progress_on
from seed.synthetic import Synthetic, parse_size

HERE = Path(__file__).parent
API_PORT = 28000
WRITERS = 10
SENDERS = 10
PEER_PORT = 28100
HTTP_FLOOR_PORT = 28200
LINEAGE = """query ($id: ID!, $depth: Int) { lineage(assetId: $id, depth: $depth, budget: 2000) {
  totalNodes nodes { depth asset { nameZh } } edges { kind day } } }"""
PAGE = """{ dataResources(first: 50, orderBy: CATALOG_CODE) { edges { node {
  nameZh catalogCode grade source { nameZh } rights { kind holder { nameZh } } } } } }"""
PEER_LINEAGE = """query ($id: String!) { resourceStates(where: {id: {eq: $id},
  supersededAt: {eq: null}}) { upstream%(d)s { depth nameZh } upstream%(d)sEdges { kind day } } }"""
PEER_PAGE = """query ($today: Date!) { resourceStates(where: {supersededAt: {eq: null},
  validFrom: {lte: $today}, OR: [{validTo: {eq: null}}, {validTo: {gt: $today}}]},
  sort: [{catalogCode: ASC}, {id: ASC}], limit: 50) {
  nameZh catalogCode grade source { nameZh } rights { kind holder { nameZh } } } }"""
PAGE_FLOOR = Query(
    "bench.page_floor",
    """
    MATCH (s:ResourceState)
    WHERE s.catalogCode IS NOT NULL AND s.supersededAt IS NULL AND s.validFrom <= $day
      AND (s.validTo IS NULL OR s.validTo > $day)
    WITH s ORDER BY s.catalogCode, s.id LIMIT 50
    MATCH (source:Party {id: s.sourceId})
    OPTIONAL MATCH (r:RightState {objectId: s.id})
    WHERE r.supersededAt IS NULL AND r.validFrom <= $day AND (r.validTo IS NULL OR r.validTo > $day)
    OPTIONAL MATCH (holder:Party {id: r.holderId})
    WITH s, source, r, holder ORDER BY s.catalogCode, s.id, r.kind, r.validFrom
    RETURN s.nameZh AS nameZh, s.catalogCode AS catalogCode, s.grade AS grade,
           source.nameZh AS source, collect({kind: r.kind, holder: holder.nameZh}) AS rights
    """,
)
COUNTS = Query(
    "bench.counts",
    "CALL () { MATCH (n) RETURN count(n) AS nodes } "
    "CALL () { MATCH ()-[r]->() RETURN count(r) AS relationships } RETURN nodes, relationships",
)
GOALS = {
    "lineage_d5_graphql_over_cypher_p50": "<= 1.3",
    "lineage_d10_graphql_over_cypher_p50": "<= 1.3",
    "page50_graphql_over_cypher_p50": "<= 1.5",
    "page50_graphql_over_shaped_cypher_p50": "<= 1.5",
    "throughput_vs_neo4j_graphql": ">= 1.0",
    "lineage_p50_1m_over_10k": "<= 1.5",
    "bulk_load_over_plain_unwind": ">= 0.9",
    "api_rss_mb_under_load": "<= 250",
    "mixed_p99_ms": "<= 1000",
    "openlineage_events_per_s": ">= 100",
    "openlineage_p95_ms": "<= 150",
}

# Where the lineage ratio goes: the transport over the driver, GraphQL over the transport.
SPLITS = (
    "lineage_d5_http_floor_over_cypher_p50",
    "lineage_d5_graphql_over_http_floor_p50",
)


async def medians_in_turns(works: list[Callable[[], Awaitable[Any]]], runs: int) -> list[float]:
    """Median ms of each work, taking turns run by run after a shared warm-up, so that none
    meets a colder Neo4j (plan cache, JIT) than the others."""
    for _ in range(20):
        for work in works:
            await work()
    samples: list[list[float]] = [[] for _ in works]
    for _ in range(runs):
        for work, times in zip(works, samples, strict=True):
            started = time.perf_counter()
            await work()
            times.append((time.perf_counter() - started) * 1000)
    return [statistics.median(times) for times in samples]


def alike_walks(ours: dict[str, Any], bare: dict[str, Any]) -> bool:
    """The same walk in both answers: its nodes (depth and name) and edges (kind and day)."""

    def walk(found: dict[str, Any]) -> tuple[int, list[Any], list[Any]]:
        nodes = sorted((n["depth"], n["asset"]["nameZh"]) for n in found["nodes"])
        edges = sorted((e["kind"], e["day"]) for e in found["edges"])
        return found["totalNodes"], nodes, edges

    return walk(ours["lineage"]) == walk(bare["lineage"])


async def shaped_page_floor(db: Database, day: Any) -> bytes:
    """The floor's rows made into the GraphQL answer's very shape and encoded as JSON, as
    any service answering the same fields must: the floor plus the answer's own cost."""
    rows = await db.read(PAGE_FLOOR, day=day)
    edges = [
        {
            "node": {
                "nameZh": row["nameZh"],
                "catalogCode": row["catalogCode"],
                "grade": row["grade"],
                "source": {"nameZh": row["source"]},
                "rights": [
                    {"kind": r["kind"], "holder": {"nameZh": r["holder"]}}
                    for r in row["rights"]
                    if r["kind"] is not None
                ],
            }
        }
        for row in rows
    ]
    return json.dumps({"data": {"dataResources": {"edges": edges}}}).encode()


class Api:
    """Our API over HTTP, as a client sees it (bench/http.py)."""

    def __init__(self, http: Client) -> None:
        self.http = http

    async def post(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        body = {"query": query, "variables": variables or {}}
        status, answer = await self.http.post("/graphql", body)
        assert not failed(status, answer), answer
        return answer["data"]


async def latencies(uri: str, root_id: str, runs: int, page: bool) -> dict[str, Any]:
    gc.collect()
    gc.freeze()  # the loaded synthetic data no longer slows this client's collections
    db = Database.connect(uri, None, "neo4j")
    token = _token()
    root = str(relay.GlobalID("DataResource", root_id))
    results: dict[str, Any] = {}
    headers = {"authorization": f"Bearer {token}"}
    async with (
        Client(f"http://127.0.0.1:{API_PORT}", 1, headers) as http,
        Client(f"http://127.0.0.1:{HTTP_FLOOR_PORT}", 1) as floor_http,
    ):
        api = Api(http)
        for depth in (5, 10):
            variables = {"id": root, "depth": depth}
            answer = await api.post(LINEAGE, variables)

            body = {"id": root_id, "depth": depth}
            _, bare = await floor_http.post("/lineage", body)
            assert alike_walks(answer, bare["data"]), (answer, bare)

            async def ours(v: dict[str, Any] = variables) -> None:
                await api.post(LINEAGE, v)

            async def floor(d: int = depth) -> None:
                await http_floor.walk(db, root_id, d)

            async def over_http(b: dict[str, Any] = body) -> None:
                await floor_http.post("/lineage", b)

            api_ms, floor_ms, http_ms = await medians_in_turns([ours, floor, over_http], runs)
            results[f"lineage_d{depth}_ms"] = {
                "graphql": api_ms,
                "cypher": floor_ms,
                "http_floor": http_ms,
                "nodes": answer["lineage"]["totalNodes"],
                "edges": len(answer["lineage"]["edges"]),
            }
            results[f"lineage_d{depth}_graphql_over_cypher_p50"] = api_ms / floor_ms
            results[f"lineage_d{depth}_graphql_over_http_floor_p50"] = api_ms / http_ms
            results[f"lineage_d{depth}_http_floor_over_cypher_p50"] = http_ms / floor_ms
        if page:
            answer = await api.post(PAGE)
            day = local_date(datetime.now(UTC))
            page_ms, floor_ms = await medians_in_turns(
                [lambda: api.post(PAGE), lambda: db.read(PAGE_FLOOR, day=day)], runs
            )
            _, shaped_ms = await medians_in_turns(
                [lambda: api.post(PAGE), lambda: shaped_page_floor(db, day)], runs
            )
            rights = sum(len(e["node"]["rights"]) for e in answer["dataResources"]["edges"])
            results["page50_ms"] = {
                "graphql": page_ms,
                "cypher": floor_ms,
                "cypher_shaped": shaped_ms,
                "rights": rights,
            }
            results["page50_graphql_over_cypher_p50"] = page_ms / floor_ms
            results["page50_graphql_over_shaped_cypher_p50"] = page_ms / shaped_ms
    await db.close()
    return results


# Seconds of load on each query before anything is timed. A fresh Neo4j runs a query slowly
# until the JVM has compiled it: under load, its CPU for one lineage walk fell from 7.1 to
# 1.1 ms over the first 40 s, and the walk's statements alone from 13.9 to 3.7 ms. Timing
# that would measure the JIT, not the servers.
WARM_SECONDS = 15


def warm_up(uri: str, pid: int, root_id: str, page: bool) -> dict[str, float]:
    """Our API loaded with each timed query for WARM_SECONDS (the lineage floor runs the
    same statements), and the page's floor statement as long; requests/s of each."""
    url = f"http://127.0.0.1:{API_PORT}/graphql"
    headers = {"authorization": f"Bearer {_token()}"}
    root = str(relay.GlobalID("DataResource", root_id))
    bodies = {
        f"lineage_d{d}": {"query": LINEAGE, "variables": {"id": root, "depth": d}} for d in (5, 10)
    }
    if page:
        bodies["page50"] = {"query": PAGE}
    rates = {}
    for name, body in bodies.items():
        load = asyncio.run(closed_loop(url, body, 10, WARM_SECONDS, pid, headers))
        rates[name] = load.rps
    if page:
        rates["page50_floor"] = asyncio.run(_floor_load(uri, WARM_SECONDS))
    return rates


async def _floor_load(uri: str, seconds: float, clients: int = 10) -> float:
    db = Database.connect(uri, None, "neo4j")
    day = local_date(datetime.now(UTC))
    deadline, done = time.monotonic() + seconds, 0

    async def client() -> None:
        nonlocal done
        while time.monotonic() < deadline:
            await db.read(PAGE_FLOOR, day=day)
            done += 1

    await asyncio.gather(*(client() for _ in range(clients)))
    await db.close()
    return done / seconds


def throughput(
    target: str, pid: int, root_id: str, clients: int, seconds: float, profile: Path | None
) -> dict[str, Load]:
    """Requests/s for the page and for lineage depth 5, on our API or on the peer."""
    if target == "api":
        url = f"http://127.0.0.1:{API_PORT}/graphql"
        headers = {"authorization": f"Bearer {_token()}"}
        root = str(relay.GlobalID("DataResource", root_id))
        bodies: dict[str, dict[str, Any]] = {
            "page50": {"query": PAGE},
            "lineage_d5": {"query": LINEAGE, "variables": {"id": root, "depth": 5}},
        }
    else:
        url, headers = f"http://127.0.0.1:{PEER_PORT}/", {}
        bodies = {
            "page50": {"query": PEER_PAGE, "variables": {"today": _today()}},
            "lineage_d5": {"query": PEER_LINEAGE % {"d": 5}, "variables": {"id": root_id}},
        }
    loads = {}
    for name, body in bodies.items():
        spy = _py_spy(pid, seconds, profile / f"{name}.svg") if profile else None
        loads[name] = asyncio.run(closed_loop(url, body, clients, seconds, pid, headers))
        if spy is not None:
            spy.wait(timeout=120)
    return loads


async def peer_answers(root_id: str, depth: int) -> dict[str, Any]:
    """One answer of each query from the peer, to check both servers answer alike."""
    async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{PEER_PORT}", timeout=120) as http:
        page = await http.post("/", json={"query": PEER_PAGE, "variables": {"today": _today()}})
        lineage = await http.post(
            "/", json={"query": PEER_LINEAGE % {"d": depth}, "variables": {"id": root_id}}
        )
    states = page.json()["data"]["resourceStates"]
    walked = lineage.json()["data"]["resourceStates"][0]
    return {
        "page50_rights": sum(len(s["rights"]) for s in states),
        f"lineage_d{depth}_nodes": len(walked[f"upstream{depth}"]),
        f"lineage_d{depth}_edges": len(walked[f"upstream{depth}Edges"]),
    }


async def bulk_ratio(uri: str, rounds: int = 5) -> dict[str, Any]:
    """Our loader over a plain UNWIND loop writing the same shapes (bench/plain_unwind.py).

    Both first load a small set (planning and JIT warm-up), then take turns on fresh sets of
    the same size; each keeps its median rate.
    """
    db = Database.connect(uri, None, "neo4j")
    seeds = iter(range(100, 200))

    async def ours(size: int) -> float:
        return (await bulk_load(db, Synthetic(size, seed=next(seeds)))).rate

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


def measure_graph(size: int, args: argparse.Namespace, full: bool) -> dict[str, Any]:
    """Everything measured on one graph; `full` False: lineage latency only."""
    results: dict[str, Any] = {}
    sizes = {"heap": args.heap, "pagecache_mb": args.pagecache_mb}
    with neo4j_local.scratch(args.port, "neo4j-scale-", **sizes) as instance:
        settings = Settings(environment=Environment.TEST, neo4j_uri=instance.uri)
        asyncio.run(prepare_database(settings, seed=True))
        synthetic = Synthetic(size, seed=7)
        loaded = asyncio.run(_load(instance.uri, synthetic))
        results |= {"rows_loaded": loaded.rows, "load_rows_per_s": loaded.rate}
        results |= asyncio.run(_counts(instance.uri))
        _, activities = synthetic.lineage()
        root_id = activities[-1]["outputId"]
        del synthetic, activities
        with api_server(instance.uri) as api_pid:
            results["warm_up_rps"] = warm_up(instance.uri, api_pid, root_id, full)
            with http_floor.serving(instance.uri, HTTP_FLOOR_PORT):
                results |= asyncio.run(latencies(instance.uri, root_id, args.runs, page=full))
            if full:
                alike = {
                    "page50_rights": results["page50_ms"]["rights"],
                    "lineage_d5_nodes": results["lineage_d5_ms"]["nodes"],
                }
                # Before the mixed load: its writes add resources that sort first.
                results |= _versus_peer(instance.uri, api_pid, root_id, alike, args)
        if full:
            with api_server(instance.uri):
                results |= mixed(root_id, args)
            results |= asyncio.run(bulk_ratio(instance.uri))
            with api_server(instance.uri) as pid:
                url = f"http://127.0.0.1:{API_PORT}"
                pids = (pid, *filter(None, [neo4j_local.running_pid(instance)]))
                results |= asyncio.run(write_rps(url, WRITERS, args.seconds, pids=pids))
                results |= asyncio.run(ingestion_rate(url, SENDERS, 20, pids=pids))
    return results


def mixed(root_id: str, args: argparse.Namespace) -> dict[str, Any]:
    """The page, lineage, search and writes at once from CLIENTS clients (bench/mixed.py)."""
    reads: dict[str, dict[str, Any]] = {
        "page50": {"query": PAGE},
        "lineage_d5": {
            "query": LINEAGE,
            "variables": {"id": str(relay.GlobalID("DataResource", root_id)), "depth": 5},
        },
    }
    source = writer_parties(1)[0][0]
    url = f"http://127.0.0.1:{API_PORT}"
    found = asyncio.run(mixed_load(url, reads, _token(), args.clients, args.seconds, source))
    return {"mixed": found, "mixed_p99_ms": found["all"]["p99"]}


# Turns each server takes under load, alternating, each of `--seconds` / TURNS per query:
# the machine's speed drifts by a third within the hour, and one long run each would put
# the drift between the two servers.
TURNS = 3


def _versus_peer(
    uri: str, api_pid: int, root_id: str, ours_answers: dict[str, int], args: argparse.Namespace
) -> dict[str, Any]:
    """Both servers up, each loaded in turn (the other idle), and answering alike."""
    profile = HERE / "out" if args.profile else None
    turn_s = args.seconds / TURNS
    ours_turns: list[dict[str, Load]] = []
    theirs_turns: list[dict[str, Load]] = []
    with peer.running(uri, PEER_PORT) as process:
        answers = asyncio.run(peer_answers(root_id, 5))
        # WARM_SECONDS of each query on each server untimed first: the peer's statements
        # are new to the JVM too (with one 3.3 s turn, its lineage ran at 211, 271, then
        # 296 requests/s in its timed turns).
        throughput("api", api_pid, root_id, args.clients, WARM_SECONDS, None)
        throughput("peer", process.pid, root_id, args.clients, WARM_SECONDS, None)
        for turn in range(TURNS):
            spy = profile if turn == 0 else None
            ours_turns.append(throughput("api", api_pid, root_id, args.clients, turn_s, spy))
            theirs_turns.append(
                throughput("peer", process.pid, root_id, args.clients, turn_s, None)
            )
    ours, theirs = _combined(ours_turns), _combined(theirs_turns)
    ratios = {name: ours[name].rps / theirs[name].rps for name in ours}
    return {
        # Both must answer the same for the throughput ratio to mean anything.
        "answers_alike": answers["page50_rights"] == ours_answers["page50_rights"]
        and answers["lineage_d5_nodes"] == ours_answers["lineage_d5_nodes"],
        "api_rss_mb_under_load": max(x.peak_rss_mb for x in ours.values()),
        "throughput_rps": {
            name: {
                "ours": ours[name].rps,
                "neo4j_graphql": theirs[name].rps,
                "errors": {"ours": ours[name].errors, "neo4j_graphql": theirs[name].errors},
                "turns": {
                    "ours": [turn[name].rps for turn in ours_turns],
                    "neo4j_graphql": [turn[name].rps for turn in theirs_turns],
                },
            }
            for name in ours
        },
        "throughput_vs_neo4j_graphql_by_query": ratios,
        "throughput_vs_neo4j_graphql": min(ratios.values()),
        "neo4j_graphql_rss_mb_under_load": max(x.peak_rss_mb for x in theirs.values()),
        "neo4j_graphql_answers": answers,
    }


def _combined(turns: list[dict[str, Load]]) -> dict[str, Load]:
    """Each query's turns as one load: all their requests over all their seconds."""
    return {
        name: Load(
            requests=sum(turn[name].requests for turn in turns),
            errors=sum(turn[name].errors for turn in turns),
            seconds=sum(turn[name].seconds for turn in turns),
            peak_rss_mb=max(turn[name].peak_rss_mb for turn in turns),
        )
        for name in turns[0]
    }


def api_server(uri: str) -> AbstractContextManager[int]:
    """uvicorn with one worker, as `make run` serves the API."""
    settings = {"RIGHTSGRAPH_ROUND_TRIP_REPORT": "false", "RIGHTSGRAPH_MAX_QUERY_DEPTH": "20"}
    return serve_api(uri, API_PORT, settings)


def _py_spy(pid: int, seconds: float, output: Path) -> subprocess.Popen[bytes] | None:
    spy = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    if not Path(spy).exists():
        print("py-spy not found: no profile", file=sys.stderr)
        return None
    output.parent.mkdir(exist_ok=True)
    command = [spy, "record", "--pid", str(pid), "--duration", str(int(seconds))]
    return subprocess.Popen([*command, "--rate", "250", "--output", str(output), "--nonblocking"])


async def _load(uri: str, synthetic: Synthetic) -> LoadResult:
    db = Database.connect(uri, None, "neo4j")
    try:
        with progress_on() as progress:
            return await bulk_load(db, synthetic, progress=progress)
    finally:
        await db.close()


async def _counts(uri: str) -> dict[str, int]:
    db = Database.connect(uri, None, "neo4j")
    try:
        return (await db.read(COUNTS))[0]
    finally:
        await db.close()


def _token() -> str:
    """An investigator's token for the API the bench starts (test settings, dev secret)."""
    return issue_token(
        Settings(environment=Environment.TEST).jwt_secret, "bench", Role.INVESTIGATOR
    )


def _today() -> str:
    """The registry's today (Asia/Shanghai), as our API and the floor take it."""
    return local_date(datetime.now(UTC)).isoformat()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default=os.environ.get("SIZE", "10k"))
    parser.add_argument("--runs", type=int, default=60, help="timed runs per latency")
    parser.add_argument("--clients", type=int, default=50, help="concurrent clients")
    parser.add_argument(
        "--seconds", type=float, default=10, help="per server and query, in TURNS turns"
    )
    parser.add_argument("--port", type=int, default=27700, help="Bolt port of its Neo4j")
    parser.add_argument("--api-port", type=int, default=28000, help="port of our API")
    parser.add_argument("--peer-port", type=int, default=28100, help="port of the peer")
    parser.add_argument(
        "--floor-port", type=int, default=28200, help="port of the walk served without GraphQL"
    )
    parser.add_argument("--heap", default="2g")
    parser.add_argument("--pagecache-mb", type=int, default=2048)
    parser.add_argument("--profile", action="store_true", help="py-spy flame graphs")
    args = parser.parse_args()
    global API_PORT, PEER_PORT, HTTP_FLOOR_PORT  # the servers' ports, for the functions above
    API_PORT, PEER_PORT, HTTP_FLOOR_PORT = args.api_port, args.peer_port, args.floor_port
    size = parse_size(args.size)
    started = time.monotonic()
    results: dict[str, Any] = {
        "size": args.size,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
    }
    results |= measure_graph(size, args, full=True)
    if size != 10_000:
        small = measure_graph(10_000, args, full=False)
        ratio = results["lineage_d5_ms"]["graphql"] / small["lineage_d5_ms"]["graphql"]
        results["lineage_10k"] = {"lineage_d5_ms": small["lineage_d5_ms"], "nodes": small["nodes"]}
        results[f"lineage_p50_{args.size}_over_10k"] = ratio
        if size == 1_000_000:
            results["lineage_p50_1m_over_10k"] = ratio
    results["seconds"] = time.monotonic() - started
    text = json.dumps(results, indent=2, ensure_ascii=False) + "\n"
    (HERE / f"results-{args.size}.json").write_text(text)
    (HERE / "results.json").write_text(text)
    _print(results)


def _print(results: dict[str, Any]) -> None:
    print(f"\n{'figure':42} {'value':>10} {'goal':>8}")
    for key, goal in GOALS.items():
        value = results.get(key)
        shown = "-" if value is None else f"{value:10.2f}"
        print(f"{key:42} {shown:>10} {goal:>8}")
    for key in SPLITS:
        value = results.get(key)
        if value is not None:
            print(f"{key:42} {value:10.2f}")
    if results.get("answers_alike") is False:
        print("!! the peer answered differently: see neo4j_graphql_answers")
    for mutation, rps in results.get("write_rps", {}).items():
        print(f"{'write_rps ' + mutation:42} {rps:10.1f}")
    print(
        f"(size {results['size']}: {results['nodes']:,} nodes, "
        f"{results['relationships']:,} relationships; {results['rows_loaded']:,} rows loaded "
        f"at {results['load_rows_per_s']:,.0f} rows/s; {results['seconds']:.0f} s in all; "
        f"details in bench/results-{results['size']}.json)"
    )


if __name__ == "__main__":
    main()
