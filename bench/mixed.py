"""Mixed load: N clients at once, each request drawn from the page, a lineage walk, a
search and a write, as a portal and its registrars load the API together.

    (run by bench/scale.py on its graph: mixed_p99_ms)

Each client draws its next request with the weights of `MIX` (a fixed seed per client, so
runs are comparable) and posts it as soon as the previous one answered, for SECONDS after
a warm-up. Latency is measured per request, from the post to the whole answer; the
figures are p50, p95 and p99 over all requests and per kind, and the errors (a non-200
answer or `errors` in the body; writes count their refusals too).
"""

from __future__ import annotations

import asyncio
import itertools
import random
import statistics
import time
from collections.abc import Callable
from typing import Any

from bench.http import Client, failed
from bench.writes import REGISTER, registrar_token, resource_input

# How often each kind of request is drawn.
MIX_WEIGHTS = {"page50": 40, "lineage_d5": 30, "search": 20, "write": 10}
SEARCH = """query ($text: String!) { search(text: $text, first: 20) {
  __typename } }"""
SEARCH_TEXTS = ("钦州", "港口", "物流", "信用", "医疗", "农业", "数据")


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def _figures(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    return {
        "n": len(values),
        "p50": statistics.median(values),
        "p95": _percentile(values, 0.95),
        "p99": _percentile(values, 0.99),
    }


async def mixed_load(
    url: str,
    reads: dict[str, dict[str, Any]],
    reader_token: str,
    clients: int,
    seconds: float,
    source_id: str,
) -> dict[str, Any]:
    """`reads` holds the page's and the walk's bodies (bench/scale.py's PAGE and LINEAGE)."""
    serials = itertools.count()
    writer_headers = {"authorization": f"Bearer {registrar_token()}"}
    reader_headers = {"authorization": f"Bearer {reader_token}"}

    def body(kind: str, rng: random.Random) -> tuple[dict[str, Any], dict[str, str]]:
        if kind == "write":
            serial = next(serials)
            fields = resource_input(90 + serial % 10, serial, source_id)
            fields["catalogCode"] = f"QZM-{fields['catalogCode'][4:]}"
            return {"query": REGISTER, "variables": {"input": fields}}, writer_headers
        if kind == "search":
            text = rng.choice(SEARCH_TEXTS)
            return {"query": SEARCH, "variables": {"text": text}}, reader_headers
        return reads[kind], reader_headers

    kinds, weights = list(MIX_WEIGHTS), list(MIX_WEIGHTS.values())
    latencies: dict[str, list[float]] = {kind: [] for kind in kinds}
    errors: dict[str, int] = dict.fromkeys(kinds, 0)
    async with Client(url, clients) as http:

        async def post(kind: str, rng: random.Random, record: bool) -> None:
            payload, headers = body(kind, rng)
            started = time.perf_counter()
            status, answer = await http.post("/graphql", payload, headers)
            elapsed = (time.perf_counter() - started) * 1000
            if not record:
                return
            latencies[kind].append(elapsed)
            if failed(status, answer):
                errors[kind] += 1

        def client(number: int) -> Callable[[float], Any]:
            rng = random.Random(number)

            async def run(deadline: float) -> None:
                while time.monotonic() < deadline:
                    await post(rng.choices(kinds, weights)[0], rng, True)

            return run

        warm = random.Random(0)
        await asyncio.gather(*(post(kind, warm, False) for kind in kinds for _ in range(5)))
        deadline = time.monotonic() + seconds
        started = time.monotonic()
        await asyncio.gather(*(client(n)(deadline) for n in range(clients)))
        elapsed = time.monotonic() - started
    every = [ms for values in latencies.values() for ms in values]
    return {
        "clients": clients,
        "seconds": elapsed,
        "rps": len(every) / elapsed,
        "all": _figures(every),
        "by_kind": {kind: _figures(values) for kind, values in latencies.items()},
        "errors": errors,
    }
