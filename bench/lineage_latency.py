"""Lineage latency through the API, on the seed and on a deeper chain grown from it.

    python -m bench.lineage_latency [--runs 100] [--port 27693]

Starts its own Neo4j in a temporary folder, loads the seed, and times GraphQL lineage
queries over HTTP (the ASGI app in-process, JSON in and out): medians and 95th percentiles
after a warm-up. Then it grows a chain of 40 derived resources below the seed's raw port
data and times walks that reach depth 10 and 20.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import time

from starlette.testclient import TestClient

from api.app import create_app
from api.auth import issue_token
from api.cli import prepare_database
from api.settings import Environment, Settings
from graph import neo4j_local
from graph.domain import Role

QUERY = """query ($id: ID!, $direction: LineageDirection, $depth: Int) {
  lineage(assetId: $id, direction: $direction, depth: $depth, budget: 2000) {
    totalNodes depthReached truncated
    nodes { depth asset { nameZh } }
    edges { kind day performer { nameZh } right { kind } }
  } }"""


def timed(
    client: TestClient, headers: dict[str, str], variables: dict[str, object], runs: int
) -> tuple[float, float, int]:
    for _ in range(10):
        client.post("/graphql", json={"query": QUERY, "variables": variables}, headers=headers)
    samples = []
    nodes = 0
    for _ in range(runs):
        started = time.perf_counter()
        body = client.post(
            "/graphql", json={"query": QUERY, "variables": variables}, headers=headers
        ).json()
        samples.append((time.perf_counter() - started) * 1000)
        assert "errors" not in body, body
        nodes = body["data"]["lineage"]["totalNodes"]
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1], nodes


def grow_chain(client: TestClient, headers: dict[str, str], raw: str, length: int) -> str:
    from strawberry import relay

    from seed.parties import PARTIES

    port = next(p for p in PARTIES if p.name_zh == "钦州港海运物流数据有限公司")
    party = str(relay.GlobalID("Party", port.id))
    previous = raw
    for i in range(length):
        made = client.post(
            "/graphql",
            headers=headers,
            json={
                "query": "mutation ($i: RegisterDataResourceInput!) "
                "{ registerDataResource(input: $i) { ... on DataResource { id } } }",
                "variables": {
                    "i": {
                        "catalogCode": f"BENCH-CHAIN-{i:03d}",
                        "nameZh": f"派生{i:03d}",
                        "category": "ENTERPRISE",
                        "grade": "GENERAL",
                        "sector": "PORT_LOGISTICS",
                        "sourceId": party,
                        "validFrom": "2024-05-01",
                    }
                },
            },
        ).json()
        current = made["data"]["registerDataResource"]["id"]
        client.post(
            "/graphql",
            headers=headers,
            json={
                "query": "mutation ($i: RecordActivityInput!) { recordActivity(input: $i) "
                "{ __typename } }",
                "variables": {
                    "i": {
                        "kind": "PROCESS",
                        "performerId": party,
                        "usedIds": [previous],
                        "generatedIds": [current],
                        "at": "2024-05-02T00:00:00Z",
                    }
                },
            },
        )
        previous = current
    return previous


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--port", type=int, default=27693)
    args = parser.parse_args()
    with neo4j_local.scratch(args.port, "neo4j-lineage-") as instance:
        settings = Settings(environment=Environment.TEST, neo4j_uri=instance.uri)
        asyncio.run(prepare_database(settings, seed=True))
        token = issue_token(settings.jwt_secret, "bench", Role.INVESTIGATOR)
        writer = issue_token(settings.jwt_secret, "bench", Role.REGISTRAR, "450700")
        headers = {"authorization": f"Bearer {token}"}
        with TestClient(create_app(settings)) as client:
            listing = client.post(
                "/graphql",
                headers=headers,
                json={
                    "query": "{ dataResources(first: 100) { edges { node { id nameZh } } } "
                    "dataProducts { edges { node { id nameZh } } } }"
                },
            ).json()["data"]
            ids = {
                e["node"]["nameZh"]: e["node"]["id"]
                for k in ("dataResources", "dataProducts")
                for e in listing[k]["edges"]
            }
            model, raw = ids["钦州港物流景气指数模型"], ids["钦州港集装箱物流数据"]
            cases = [
                ("seed: upstream from the index model, depth 5", model, "UPSTREAM", 5),
                ("seed: upstream from the index model, depth 10", model, "UPSTREAM", 10),
                ("seed: downstream from raw port data, depth 5", raw, "DOWNSTREAM", 5),
                ("seed: downstream from raw port data, depth 10", raw, "DOWNSTREAM", 10),
            ]
            results = [
                (
                    name,
                    *timed(client, headers, {"id": i, "direction": d, "depth": n}, args.runs),
                )
                for name, i, d, n in cases
            ]
            end = grow_chain(client, {"authorization": f"Bearer {writer}"}, raw, 40)
            for depth in (5, 10, 20):
                name = f"chain of 40: upstream from its end, depth {depth}"
                results.append(
                    (name, *timed(client, headers, {"id": end, "depth": depth}, args.runs))
                )
    print()
    print(
        f"{'lineage query (GraphQL over HTTP, in-process ASGI)':56} {'p50 ms':>8} "
        f"{'p95 ms':>8} {'nodes':>6}"
    )
    for name, p50, p95, nodes in results:
        print(f"{name:56} {p50:>8.1f} {p95:>8.1f} {nodes:>6}")
    print(f"(runs: {args.runs} after 10 warm-up; 2-core machine; Neo4j heap 1 GiB)")


if __name__ == "__main__":
    main()
