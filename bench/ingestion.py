"""OpenLineage ingestion throughput: S concurrent senders posting run events to
POST /api/v1/lineage, each event naming 5 inputs and 2 outputs, gzip-compressed with a
bearer token as the official client's HTTP transport sends them.

    python -m bench.ingestion [--senders 10] [--seconds 20] [--neo4j-port 27900] [--api-port 28300]

Each sender is one pipeline (its own job namespace, mapped to the port company) running
its five jobs in turn; a job reads 5 of 20 shared registered tables (the performer holds
them) and writes 2 registered lake folders of its own, with a `schema` facet on each and a
`columnLineage` facet on the outputs. A run sends START, then COMPLETE: the events a
pipeline sends. Before the timed part every job runs once, so the timed runs are what a
pipeline's steady state is: runs added to known hops, each judged for rule 3 on its day.

It prints and returns `openlineage_events_per_s` (goal >= 100), the latency p50/p95/p99 of
an event (goal p95 <= 150 ms), the errors, and, given the server's process ids, the CPU the
API and Neo4j spend per event. `bench/scale.py` runs it on its graph (`make bench`); run
alone, it serves its own seeded Neo4j and API and writes bench/results-ingestion.json.
"""

from __future__ import annotations

import argparse
import asyncio
import gzip
import json
import statistics
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx2 as httpx

from bench.writes import ROOT, _post, cpu_seconds, registrar_token, served_tree
from seed.parties import PARTIES

INPUTS, OUTPUTS, JOBS, TABLES = 5, 2, 5, 20
PG = "postgres://bench-db:5432"
LAKE = "s3://bench-lake"
PRODUCER = "https://github.com/apache/airflow/tree/providers-openlineage/2.1.0"
PORT_COMPANY = "钦州港海运物流数据有限公司"
REGISTER = """mutation ($input: RegisterDataResourceInput!) {
  registerDataResource(input: $input) { __typename } }"""
MAP = """mutation ($input: MapJobNamespaceInput!) {
  mapJobNamespace(input: $input) { __typename } }"""
GOALS = {"openlineage_events_per_s": ">= 100", "openlineage_p95_ms": "<= 150"}


def _port_company() -> str:
    from strawberry import relay

    party = next(p for p in PARTIES if p.name_zh == PORT_COMPANY)
    return str(relay.GlobalID("Party", party.id))


def _table(n: int) -> tuple[str, str]:
    return PG, f"bench.public.table_{n:02d}"


def _folder(sender: int, job: int, n: int) -> tuple[str, str]:
    return LAKE, f"sender{sender:02d}/job{job}/out{n}"


def _columns() -> list[dict[str, str]]:
    return [{"name": f"c{i}", "type": "BIGINT"} for i in range(8)]


async def prepare(http: httpx.AsyncClient, senders: int, run: str) -> None:
    """The tables, the folders and the namespaces, registered, linked and mapped."""
    company = _port_company()
    identifiers = [_table(n) for n in range(TABLES)] + [
        _folder(s, j, n) for s in range(senders) for j in range(JOBS) for n in range(OUTPUTS)
    ]
    for index, (namespace, name) in enumerate(identifiers):
        fields = {
            "catalogCode": f"QZB-OL-{run}-{index:04d}",
            "nameZh": f"采集基准数据{index}",
            "category": "ENTERPRISE",
            "grade": "GENERAL",
            "sector": "PORT_LOGISTICS",
            "sourceId": company,
            "validFrom": "2024-01-01",
            "datasets": [{"namespace": namespace, "name": name}],
        }
        await _post(http, REGISTER, {"input": fields})
    for sender in range(senders):
        mapping = {"namespace": f"bench-{run}-{sender:02d}", "performerId": company}
        await _post(http, MAP, {"input": mapping})


def event(
    sender: int, job: int, run_id: str, kind: str, at: datetime, run: str, bare: bool = False
) -> bytes:
    """One event of a run of `job`, gzipped as the HTTP transport's `compression: gzip`;
    `bare`: without its schema and column lineage facets."""
    schema = {"fields": _columns()}
    tables = [_table((job * 3 + sender + k) % TABLES) for k in range(INPUTS)]
    inputs = [{"namespace": ns, "name": name, "facets": {"schema": schema}} for ns, name in tables]
    lineage = {
        "fields": {
            f"c{i}": {
                "inputFields": [
                    {
                        "namespace": tables[i % INPUTS][0],
                        "name": tables[i % INPUTS][1],
                        "field": f"c{i}",
                        "transformations": [{"type": "DIRECT", "subtype": "IDENTITY"}],
                    }
                ]
            }
            for i in range(8)
        }
    }
    outputs = [
        {
            "namespace": ns,
            "name": name,
            "facets": {"schema": schema, "columnLineage": lineage},
        }
        for ns, name in (_folder(sender, job, n) for n in range(OUTPUTS))
    ]
    if bare:
        inputs = [{"namespace": ns, "name": name} for ns, name in tables]
        outputs = [{"namespace": o["namespace"], "name": o["name"]} for o in outputs]
    body = {
        "eventType": kind,
        "eventTime": at.isoformat().replace("+00:00", "Z"),
        "run": {"runId": run_id, "facets": {}},
        "job": {"namespace": f"bench-{run}-{sender:02d}", "name": f"job{job}", "facets": {}},
        "inputs": inputs,
        "outputs": outputs,
        "producer": PRODUCER,
        "schemaURL": "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
    }
    return gzip.compress(json.dumps(body).encode(), compresslevel=3)


async def ingestion_rate(
    base_url: str,
    senders: int = 10,
    seconds: float = 20,
    token: str | None = None,
    pids: tuple[int, ...] = (),
    bare: bool = False,
) -> dict[str, Any]:
    """Events per second and their latency, `senders` pipelines at once."""
    run = f"{int(time.time() * 1000) % 10**8:08d}"
    headers = {
        "authorization": f"Bearer {token or registrar_token()}",
        "content-type": "application/json",
        "content-encoding": "gzip",
    }
    limits = httpx.Limits(max_connections=senders + 1, max_keepalive_connections=senders + 1)
    async with httpx.AsyncClient(base_url=base_url, timeout=120, limits=limits) as http:
        http.headers["authorization"] = headers["authorization"]
        await prepare(http, senders, run)
        clock = iter(range(10**9))

        async def one_run(sender: int, job: int, latencies: list[float] | None) -> int:
            """START then COMPLETE of a new run; the events refused."""
            run_id, errors = str(uuid.uuid4()), 0
            at = datetime(2024, 8, 1, tzinfo=UTC) + timedelta(seconds=next(clock))
            for kind, moment in (("START", at), ("COMPLETE", at + timedelta(milliseconds=500))):
                body = event(sender, job, run_id, kind, moment, run, bare)
                started = time.perf_counter()
                answer = await http.post("/api/v1/lineage", content=body, headers=headers)
                if latencies is not None:
                    latencies.append((time.perf_counter() - started) * 1000)
                errors += answer.status_code != 201
            return errors

        # Every job's first run records its hop; the timed runs are the steady state.
        warm = [one_run(s, j, None) for s in range(senders) for j in range(JOBS)]
        warm_errors = sum(await asyncio.gather(*warm))
        latencies: list[float] = []
        errors = 0
        deadline = time.monotonic() + seconds

        async def sender_loop(sender: int) -> None:
            nonlocal errors
            job = 0
            while time.monotonic() < deadline:
                errors += await one_run(sender, job % JOBS, latencies)
                job += 1

        started, cpu = time.monotonic(), [cpu_seconds((pid,)) for pid in pids]
        senders_cpu = time.process_time()
        await asyncio.gather(*(sender_loop(s) for s in range(senders)))
        elapsed, senders_cpu = time.monotonic() - started, time.process_time() - senders_cpu
        cpu = [cpu_seconds((pid,)) - before for pid, before in zip(pids, cpu, strict=True)]
    events = len(latencies)
    ordered = sorted(latencies)
    return {
        "openlineage_events_per_s": round(events / elapsed, 1),
        "openlineage_p50_ms": round(statistics.median(ordered), 1),
        "openlineage_p95_ms": round(ordered[int(0.95 * (events - 1))], 1),
        "openlineage_p99_ms": round(ordered[int(0.99 * (events - 1))], 1),
        "openlineage_events": events,
        "openlineage_errors": errors + warm_errors,
        # The API's process first, then Neo4j's; and this benchmark's own senders, which
        # share the machine's cores with them.
        "openlineage_cpu_ms_per_event": [round(c * 1000 / events, 2) for c in cpu],
        "openlineage_senders_cpu_ms_per_event": round(senders_cpu * 1000 / events, 2),
        "openlineage_shape": {
            "senders": senders,
            "inputs": INPUTS,
            "outputs": OUTPUTS,
            "jobs_per_sender": JOBS,
            "events_per_run": ["START", "COMPLETE"],
            "facets": "none" if bare else "schema on every dataset, columnLineage on outputs",
            "seconds": seconds,
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--senders", type=int, default=10)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--neo4j-port", type=int, default=27900)
    parser.add_argument("--api-port", type=int, default=28300)
    parser.add_argument("--bare", action="store_true", help="events without facets")
    args = parser.parse_args()
    with served_tree(ROOT, args.neo4j_port, args.api_port) as (url, pids):
        results = asyncio.run(
            ingestion_rate(url, args.senders, args.seconds, pids=pids, bare=args.bare)
        )
    results["date"] = datetime.now(UTC).isoformat(timespec="seconds")
    (ROOT / "bench" / "results-ingestion.json").write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps(results, indent=2))
    for key, goal in GOALS.items():
        print(f"{key:32} {results[key]:10.1f} {goal:>8}")


if __name__ == "__main__":
    main()
