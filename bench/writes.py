"""Write throughput: W concurrent writers on distinct data, through GraphQL over HTTP.

    python -m bench.writes [--writers 10] [--seconds 10]
    python -m bench.writes --compare REV     # this tree against git revision REV, in turns

Each writer posts one mutation after another for SECONDS (after a warm-up):
- registerDataResource: a new catalogue code every time, from the writer's own source unit;
- grantAuthorization: a grant carved from the writer's own holding right (its own resource).
So no two writers touch the same data: the figure is what the write path costs, not what
waiting on another writer's lock costs. `write_rps` counts accepted writes per second;
given the server's process ids, `cpu_ms_per_write` adds the CPU time the API and Neo4j
spent per accepted write, a figure that other work on this shared machine barely moves
(on 2 busy cores, throughput is that cost's inverse).

`bench/scale.py` runs `write_rps` on its graph. `--compare REV` measures a change of the
write path on this machine: it serves both trees at once, each with its own Neo4j seeded
by its own code, and runs them in turns, before-after-after-before, ROUNDS times, so that
a drift of the machine's speed weighs on both alike; it reports the median of each.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import itertools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2 as httpx

from api.auth import issue_token
from api.settings import Environment, Settings
from graph import neo4j_local
from graph.domain import Role
from seed.parties import PARTIES

ROOT = Path(__file__).resolve().parent.parent
REGISTER = """mutation ($input: RegisterDataResourceInput!) {
  registerDataResource(input: $input) { __typename ... on DataResource { id }
    ... on Rejection { errors { code field message } } } }"""
HOLDING = """query ($id: ID!) { node(id: $id) { ... on DataResource {
  rights(kind: HOLDING) { id } } } }"""
GRANT = """mutation ($input: GrantAuthorizationInput!) {
  grantAuthorization(input: $input) { __typename ... on Authorization { id } } }"""
MUTATIONS = ("registerDataResource", "grantAuthorization")


@dataclass(frozen=True)
class Writer:
    """One writer's own data: the source unit it registers for and the right it grants."""

    number: int
    source_id: str
    grantee_id: str
    holding_id: str = ""


def _gid(type_name: str, raw_id: str) -> str:
    from strawberry import relay

    return str(relay.GlobalID(type_name, raw_id))


def writer_parties(writers: int) -> list[tuple[str, str]]:
    """(source, grantee) global ids per writer: enterprises, each writer a different source."""
    firms = [p for p in PARTIES if p.kind == "ENTERPRISE" and p.region is not None]  # in Qinzhou
    return [
        (_gid("Party", firms[i % len(firms)].id), _gid("Party", firms[(i + 1) % len(firms)].id))
        for i in range(writers)
    ]


def resource_input(writer: int, serial: int, source_id: str) -> dict[str, Any]:
    return {
        "catalogCode": f"QZB-W{writer:02d}-{serial:07d}",
        "nameZh": f"写入基准数据{writer}-{serial}",
        "category": "ENTERPRISE",
        "grade": "GENERAL",
        "sector": "PORT_LOGISTICS",
        "sourceId": source_id,
        "validFrom": "2024-01-01",
    }


def grant_input(writer: Writer) -> dict[str, Any]:
    return {
        "kind": "ENTERPRISE_AUTHORIZATION",
        "parentRightId": writer.holding_id,
        "grantorId": writer.source_id,
        "granteeId": writer.grantee_id,
        "rightKind": "PROCESSING_USE",
        "purposes": ["STATISTICS"],
        "territory": ["CN"],
        "validFrom": "2024-02-01",
        "validTo": "2027-06-01",
        "duties": ["REPORT_USAGE"],
        "legalBasis": "CONTRACT",
        "basisReference": "写入基准合同",
        "sublicensable": False,
    }


def registrar_token(secret: str | None = None) -> str:
    """A city registrar (Qinzhou, 450700), who may write anywhere in the city."""
    secret = secret or Settings(environment=Environment.TEST).jwt_secret
    return issue_token(secret, "bench-writer", Role.REGISTRAR, "450700")


async def _post(http: httpx.AsyncClient, query: str, variables: dict[str, Any]) -> Any:
    answer = (await http.post("/graphql", json={"query": query, "variables": variables})).json()
    if "errors" in answer:
        raise RuntimeError(answer["errors"])
    return answer["data"]


async def _prepare(http: httpx.AsyncClient, writers: int, run: str) -> list[Writer]:
    """A resource (and so a holding right) of each writer's own, to grant from."""
    prepared = []
    for number, (source, grantee) in enumerate(writer_parties(writers)):
        fields = resource_input(number, 0, source) | {"catalogCode": f"QZB-{run}-G{number:02d}"}
        made = (await _post(http, REGISTER, {"input": fields}))["registerDataResource"]
        if "id" not in made:
            raise RuntimeError(f"writer {number} could not register its resource: {made}")
        rights = (await _post(http, HOLDING, {"id": made["id"]}))["node"]["rights"]
        prepared.append(Writer(number, source, grantee, rights[0]["id"]))
    return prepared


async def write_rps(
    base_url: str,
    writers: int = 10,
    seconds: float = 10,
    token: str | None = None,
    pids: tuple[int, ...] = (),
) -> dict[str, Any]:
    """Accepted writes per second of each mutation, `writers` at once on distinct data."""
    run = f"R{int(time.time() * 1000) % 10**8:08d}"
    headers = {"authorization": f"Bearer {token or registrar_token()}"}
    limits = httpx.Limits(max_connections=writers, max_keepalive_connections=writers)
    async with httpx.AsyncClient(
        base_url=base_url, headers=headers, timeout=120, limits=limits
    ) as http:
        team = await _prepare(http, writers, run)
        serials = itertools.count(1)
        results: dict[str, Any] = {}
        for mutation in MUTATIONS:

            def body(writer: Writer, mutation: str = mutation) -> tuple[str, dict[str, Any]]:
                if mutation == "grantAuthorization":
                    return GRANT, {"input": grant_input(writer)}
                fields = resource_input(writer.number, next(serials), writer.source_id)
                fields["catalogCode"] = f"QZB-{run}-{fields['catalogCode'][4:]}"
                return REGISTER, {"input": fields}

            results[mutation] = await _closed_loop(http, team, body, mutation, seconds, pids)
    figures = {
        "write_rps": {name: round(load["rps"], 1) for name, load in results.items()},
        "write_load": results,
        "writers": writers,
    }
    if pids:
        figures["cpu_ms_per_write"] = {n: load["cpu_ms_per_write"] for n, load in results.items()}
    return figures


def cpu_seconds(pids: tuple[int, ...]) -> float:
    """User and system CPU time these processes have used so far."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return total


async def _closed_loop(
    http: httpx.AsyncClient,
    team: list[Writer],
    body: Any,
    mutation: str,
    seconds: float,
    pids: tuple[int, ...],
) -> dict[str, Any]:
    accepted = refused = 0
    latencies: list[float] = []

    async def one(writer: Writer) -> bool:
        query, variables = body(writer)
        data = await _post(http, query, variables)
        return bool(data[mutation]["__typename"] != "Rejection")

    await asyncio.gather(*(one(w) for w in team))  # warm-up: plans, JIT, connections
    deadline = time.monotonic() + seconds

    async def writer_loop(writer: Writer) -> None:
        nonlocal accepted, refused
        while time.monotonic() < deadline:
            started = time.perf_counter()
            ok = await one(writer)
            latencies.append((time.perf_counter() - started) * 1000)
            accepted, refused = accepted + ok, refused + (not ok)

    started, cpu = time.monotonic(), cpu_seconds(pids)
    await asyncio.gather(*(writer_loop(w) for w in team))
    elapsed, cpu = time.monotonic() - started, cpu_seconds(pids) - cpu
    return {
        "cpu_ms_per_write": round(cpu * 1000 / accepted, 2) if pids and accepted else None,
        "rps": accepted / elapsed,
        "accepted": accepted,
        "refused": refused,
        "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
        "p99_ms": round(_quantile(latencies, 0.99), 1) if latencies else None,
    }


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


@contextmanager
def tree_at(revision: str) -> Iterator[Path]:
    """A checkout of `revision` in a temporary folder (a git worktree), removed after."""
    folder = Path(tempfile.mkdtemp(prefix="rightsgraph-rev-"))
    subprocess.run(
        ["git", "worktree", "add", "--detach", str(folder), revision],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    try:
        yield folder
    finally:
        subprocess.run(["git", "worktree", "remove", "--force", str(folder)], cwd=ROOT, check=False)


@contextmanager
def served_tree(
    tree: Path, neo4j_port: int, api_port: int
) -> Iterator[tuple[str, tuple[int, ...]]]:
    """A fresh Neo4j, seeded by `tree`'s own code, and `tree`'s API under uvicorn: the URL,
    and the process ids of the API and Neo4j."""
    with tempfile.TemporaryDirectory(prefix="neo4j-writes-") as folder:
        instance = neo4j_local.Instance(home=Path(folder), port=neo4j_port, heap="1g")
        neo4j_local.start(instance)
        env = {
            **os.environ,
            "NEO4J_URI": instance.uri,
            "RIGHTSGRAPH_ENVIRONMENT": "test",
            "RIGHTSGRAPH_LOG_LEVEL": "WARNING",
            "PYTHONPATH": str(tree),
        }
        api = None
        try:
            subprocess.run([sys.executable, "-m", "api.cli", "seed"], cwd=tree, env=env, check=True)
            command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
            command += ["--host", "127.0.0.1", "--port", str(api_port)]
            command += ["--log-level", "warning", "--loop", "asyncio"]
            api = subprocess.Popen(command, cwd=tree, env=env)
            wait_ready(api_port)
            neo4j_pid = neo4j_local.running_pid(instance)
            yield f"http://127.0.0.1:{api_port}", (api.pid, *([neo4j_pid] if neo4j_pid else []))
        finally:
            if api is not None:
                api.terminate()
                api.wait(timeout=30)
            neo4j_local.stop(instance)


def wait_ready(port: int, timeout: float = 90) -> None:
    """Wait until the API on `port` answers /readyz."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit("the API did not become ready")


def compare(revision: str, args: argparse.Namespace) -> dict[str, Any]:
    """This tree's write figures over `revision`'s: both served at once, measured in turns
    (before, after, after, before, ...); the median of each."""
    runs: dict[str, list[dict[str, Any]]] = {"before": [], "after": []}
    with contextlib.ExitStack() as stack:
        before = stack.enter_context(tree_at(revision))
        served = {
            "before": stack.enter_context(served_tree(before, args.neo4j_port, args.api_port)),
            "after": stack.enter_context(served_tree(ROOT, args.neo4j_port + 1, args.api_port + 1)),
        }
        for url, pids in served.values():  # warm-up: plans, JIT, connections
            asyncio.run(write_rps(url, args.writers, args.seconds, pids=pids))
        for round_ in range(args.rounds):
            order = ("before", "after") if round_ % 2 == 0 else ("after", "before")
            for label in order:
                url, pids = served[label]
                found = asyncio.run(write_rps(url, args.writers, args.seconds, pids=pids))
                runs[label].append(found)
                print(label, found["write_rps"], found["cpu_ms_per_write"], flush=True)
    medians = {
        figure: {
            label: {m: statistics.median(r[figure][m] for r in rounds) for m in MUTATIONS}
            for label, rounds in runs.items()
        }
        for figure in ("write_rps", "cpu_ms_per_write")
    }
    rps, cpu = medians["write_rps"], medians["cpu_ms_per_write"]
    return {
        "revision": revision,
        "writers": args.writers,
        "rounds": {
            label: [
                {"write_rps": r["write_rps"], "cpu_ms_per_write": r["cpu_ms_per_write"]}
                for r in rounds
            ]
            for label, rounds in runs.items()
        },
        "median": medians,
        "after_over_before_rps": {m: rps["after"][m] / rps["before"][m] for m in MUTATIONS},
        # Throughput as the inverse of the CPU a write costs: before's cost over after's.
        "after_over_before_by_cpu": {m: cpu["before"][m] / cpu["after"][m] for m in MUTATIONS},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--writers", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--rounds", type=int, default=10, help="turns of each tree (--compare)")
    parser.add_argument("--compare", metavar="REV", help="git revision to measure against")
    parser.add_argument("--neo4j-port", type=int, default=27800)
    parser.add_argument("--api-port", type=int, default=28200)
    args = parser.parse_args()
    if args.compare:
        results = compare(args.compare, args)
        out = ROOT / "bench" / "results-writes.json"
        out.write_text(json.dumps(results, indent=2) + "\n")
    else:
        with served_tree(ROOT, args.neo4j_port, args.api_port) as (url, pids):
            results = asyncio.run(write_rps(url, args.writers, args.seconds, pids=pids))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
