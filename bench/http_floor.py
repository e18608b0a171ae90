"""The lineage walk served over HTTP without GraphQL: the transport's floor.

    python -m bench.http_floor --uri bolt://127.0.0.1:7687 --port 28200

The Cypher floor (`walk` below, which bench/scale.py runs in its own process) is the walk's
statement alone; our API adds HTTP on both sides and GraphQL. This server adds only
the HTTP: uvicorn and Starlette in one process on the asyncio loop, as `rightsgraph serve`
runs, gzip above the API's threshold, the same statement through the same driver, its rows
made into the GraphQL answer's fields (totalNodes, nodes' depth and nameZh, edges' kind and
day) and encoded as JSON. No authentication, validation or GraphQL: what any server of this
walk on this stack pays before it does anything a GraphQL server does.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from typing import Any

import orjson
import uvicorn
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from api.app import GZIP_LEVEL, GZIP_MINIMUM_BYTES
from bench.writes import wait_ready
from graph.db import Database, Tx
from graph.history import TimePoint, local_date
from graph.resources import resource_states
from resolvers.lineage import Walked, walk_levels
from schema.enums import LineageDirection


def walk_params(at: TimePoint) -> dict[str, Any]:
    """The walk's parameters at `at`, no filter given: what the API passes for LINEAGE."""
    return {
        "validAt": at.valid_at,
        "recordedAt": at.recorded_at,
        "kinds": None,
        "performerId": None,
        "since": None,
        "until": None,
    }


async def walk(db: Database, root: str, depth: int) -> tuple[Walked, dict[str, Any]]:
    """The API's own walk statement through the driver as the API runs it (the records apart
    only after a large level), at now; the names of the assets it reached by id."""
    now = datetime.now(UTC)
    at = TimePoint(local_date(now), now)
    params = walk_params(at)

    async def levels(tx: Tx) -> Walked:
        return await walk_levels(tx, root, LineageDirection.UPSTREAM, depth, 2000, params)

    walked = await db.read_each(levels)
    if walked.records is None:
        records = [await resource_states(db, list(walked.seen), at)]
    else:
        records = [walked.records.resources, walked.records.products]
    return walked, {uid: row.get("nameZh") for found in records for uid, row in found.items()}


def answer(walked: Walked, names: dict[str, Any], root: str) -> dict[str, Any]:
    """The walk in the fields bench/scale.py's LINEAGE asks of the API."""
    nodes = [
        {"depth": depth, "asset": {"nameZh": names.get(uid)}}
        for uid, (depth, _) in walked.seen.items()
        if uid != root
    ]
    edges = [
        {"kind": row["edge"].get("kind"), "day": row["edge"].get("day")} for row in walked.edges
    ]
    return {"data": {"lineage": {"totalNodes": len(nodes), "nodes": nodes, "edges": edges}}}


def create_app(uri: str) -> Starlette:
    db = Database.connect(uri, None, "neo4j")

    async def lineage(request: Request) -> Response:
        body = orjson.loads(await request.body())
        walked, names = await walk(db, body["id"], int(body["depth"]))
        found = answer(walked, names, body["id"])
        return Response(orjson.dumps(found), media_type="application/json")

    async def ready(request: Request) -> Response:
        return Response(b"ready")

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        yield
        await db.close()

    return Starlette(
        routes=[Route("/lineage", lineage, methods=["POST"]), Route("/readyz", ready)],
        middleware=[
            Middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_BYTES, compresslevel=GZIP_LEVEL)
        ],
        lifespan=lifespan,
    )


@contextmanager
def serving(uri: str, port: int) -> Iterator[None]:
    """This server in a process of its own while the block runs."""
    process = subprocess.Popen(
        [sys.executable, "-m", "bench.http_floor", "--uri", uri, "--port", str(port)]
    )
    try:
        wait_ready(port)
        yield
    finally:
        process.terminate()
        process.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--uri", required=True)
    parser.add_argument("--port", type=int, required=True)
    args = parser.parse_args()
    uvicorn.run(
        create_app(args.uri), host="127.0.0.1", port=args.port, log_config=None, loop="asyncio"
    )


if __name__ == "__main__":
    main()
