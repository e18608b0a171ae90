"""Command line: `rightsgraph serve | seed | init-db | generate | check | token |
export-schema`."""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from importlib import metadata
from pathlib import Path

import uvicorn
from prometheus_client import start_http_server
from pydantic import ValidationError
from starlette.applications import Starlette
from strawberry.printer import print_schema

from api import metrics
from api.app import create_app
from api.auth import issue_token
from api.logs import configure_logging
from api.schema import build_schema
from api.settings import Settings, get_settings
from api.tracing import configure_tracing
from graph.constraints import apply_constraints
from graph.db import Database
from graph.domain import Role
from graph.invariants import BY_CODE
from resolvers.findings import invariant_breaches
from seed.bulk_load import LoadResult, bulk_load
from seed.load import SeedRefused, load_seed
from seed.progress import progress_on
from seed.synthetic import Synthetic, parse_size

log = logging.getLogger("rightsgraph.cli")

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema.graphql"


def export_sdl(settings: Settings) -> str:
    return print_schema(build_schema(settings)) + "\n"


async def generate_synthetic(settings: Settings, size: int, seed: int, batch: int) -> LoadResult:
    db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
    try:
        with progress_on() as progress:
            return await bulk_load(db, Synthetic(size, seed), batch, progress)
    finally:
        await db.close()


async def check_invariants(settings: Settings, limit: int) -> int:
    """Scan the whole graph for broken invariants and print them; how many were found."""
    db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
    try:
        found = await invariant_breaches(db, settings.rule_modes, limit=limit)
    finally:
        await db.close()
    for code, rows in found.items():
        shown = f"{len(rows)}+" if len(rows) >= limit else str(len(rows))
        print(f"{code:32} {shown:>6}  {BY_CODE[code].title_en}")
        for row in rows:
            day = f" on {row['day']}" if row.get("day") else ""
            print(f"    {row['message']}{day}: {', '.join(n for n in row['nodeIds'] if n)}")
    total = sum(len(rows) for rows in found.values())
    print("no broken invariants" if total == 0 else f"{total} broken invariant(s)")
    return total


async def prepare_database(settings: Settings, seed: bool, disregard: tuple[str, ...] = ()) -> None:
    """Constraints and indexes, then the seed if asked (`SeedRefused` on a database holding
    other data than nodes labelled `disregard`)."""
    db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
    try:
        await db.ping()
        await apply_constraints(db)
        log.info("constraints applied")
        if seed:
            with progress_on() as progress:
                result = await load_seed(db, build_schema(settings), progress, disregard)
            log.info(
                "seed loaded" if not result.already_loaded else "seed already loaded",
                extra={
                    "regions": result.regions,
                    "parties": result.parties,
                    "scenarioSteps": result.steps,
                },
            )
    finally:
        await db.close()


def version() -> str:
    try:
        return metadata.version("rightsgraph")
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


@contextmanager
def shared_metrics(workers: int) -> Iterator[None]:
    """With several workers, a folder where each writes its metrics for /metrics to add up
    (PROMETHEUS_MULTIPROC_DIR, set before the workers import prometheus-client); emptied
    first, removed afterwards when it is ours."""
    if workers == 1:
        yield
        return
    given = os.environ.get(metrics.MULTIPROC_DIR)
    folder = Path(given or tempfile.mkdtemp(prefix="rightsgraph-metrics-"))
    for stale in folder.glob("*.db"):
        stale.unlink()
    os.environ[metrics.MULTIPROC_DIR] = str(folder)
    try:
        yield
    finally:
        if given is None:
            del os.environ[metrics.MULTIPROC_DIR]
            shutil.rmtree(folder, ignore_errors=True)


def serve(settings: Settings, host: str, port: int, workers: int) -> None:
    with shared_metrics(workers):
        if settings.metrics_port is not None:
            # In this process, for all workers: the multiprocess folder holds their samples.
            start_http_server(settings.metrics_port, addr=host, registry=metrics.registry())
            log.info("metrics", extra={"url": f"http://{host}:{settings.metrics_port}/metrics"})
        log.info("serving", extra={"graphql": f"http://{host}:{port}/graphql", "workers": workers})
        # The asyncio loop, not uvloop: with uvloop the Neo4j driver's round trips were slower
        # (a depth-5 lineage walk took 47 ms instead of 30; bench/scale.py).
        options = {"host": host, "port": port, "log_config": None, "loop": "asyncio"}
        if workers == 1:
            configure_tracing(settings, version())
            uvicorn.run(create_app(settings), **options)  # type: ignore[arg-type]
        else:
            # Each worker is a new process that builds the app from the same environment.
            uvicorn.run("api.cli:worker_app", factory=True, workers=workers, **options)  # type: ignore[arg-type]


def worker_app() -> Starlette:
    """The app of one worker of `serve --workers N`: logs and traces set up in the worker."""
    settings = get_settings()
    configure_logging(settings.log_level)
    configure_tracing(settings, version())
    return create_app(settings)


def _at_least_one(text: str) -> int:
    number = int(text)
    if number < 1:
        raise argparse.ArgumentTypeError("at least 1")
    return number


def _reasons(refused: ValidationError) -> str:
    return "; ".join(str(error["msg"]) for error in refused.errors(include_input=False))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="rightsgraph", description=__doc__)
    parser.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="apply constraints, optionally seed, serve the API")
    serve.add_argument(
        "--seed",
        action=argparse.BooleanOptionalAction,
        help="load the demo seed first (default: RIGHTSGRAPH_SEED, else only in development)",
    )
    serve.add_argument("--host", help="listen address (default from settings)")
    serve.add_argument("--port", type=int, help="port (default from settings)")
    serve.add_argument(
        "--workers", type=_at_least_one, help="worker processes (default from settings: 1)"
    )
    commands.add_parser("seed", help="apply constraints and load the seed scenario")
    commands.add_parser("init-db", help="apply constraints and indexes")
    token = commands.add_parser("token", help="issue a bearer token for local use")
    token.add_argument("--role", required=True, choices=[r.name.lower() for r in Role][1:])
    token.add_argument("--subject", required=True, help="who the token is for")
    token.add_argument("--region", help="jurisdiction (division code); required for registrars")
    token.add_argument("--days", type=int, default=30, help="validity in days")
    generate = commands.add_parser(
        "generate", help="load a synthetic Qinzhou of a given size (resumable)"
    )
    generate.add_argument("--size", default="10k", help="target nodes: 10k, 100k, 1m")
    generate.add_argument("--seed", type=int, default=7, help="random seed")
    generate.add_argument("--batch", type=int, default=5000, help="rows per transaction")
    check = commands.add_parser(
        "check", help="scan the graph for broken invariants; exit 1 if any is found"
    )
    check.add_argument("--limit", type=int, default=100, help="most rows shown per invariant")
    export = commands.add_parser("export-schema", help="print the GraphQL SDL")
    export.add_argument("--write", action="store_true", help=f"write it to {SCHEMA_FILE.name}")
    args = parser.parse_args(argv)

    try:
        settings = get_settings()
    except ValidationError as refused:
        print(f"rightsgraph: settings refused: {_reasons(refused)}", file=sys.stderr)
        return 2
    configure_logging(settings.log_level)
    if args.command == "token":
        print(
            issue_token(
                settings.jwt_secret,
                args.subject,
                Role[args.role.upper()],
                args.region,
                timedelta(days=args.days),
            )
        )
        return 0
    try:
        return run_command(args, settings)
    except SeedRefused as refused:
        print(f"rightsgraph: refusing to seed: {refused}", file=sys.stderr)
        return 2


def run_command(args: argparse.Namespace, settings: Settings) -> int:
    if args.command == "generate":
        asyncio.run(prepare_database(settings, seed=True))
        result = asyncio.run(
            generate_synthetic(settings, parse_size(args.size), args.seed, args.batch)
        )
        log.info(
            "synthetic data loaded",
            extra={
                "rows": result.rows,
                "written": result.written,
                "skipped": result.skipped,
                "rowsPerSecond": round(result.rate),
            },
        )
        return 0
    if args.command == "check":
        return 1 if asyncio.run(check_invariants(settings, args.limit)) else 0
    if args.command == "export-schema":
        sdl = export_sdl(settings)
        if args.write:
            SCHEMA_FILE.write_text(sdl, encoding="utf-8")
        else:
            sys.stdout.write(sdl)
        return 0
    if args.command == "serve":
        seed = settings.seed_on_serve if args.seed is None else args.seed
    else:
        seed = args.command == "seed"
    # `serve` alone leaves the constraints to the app, which starts even while Neo4j is
    # down and applies them once it answers: a supervisor can start both at once.
    if args.command != "serve" or seed:
        asyncio.run(prepare_database(settings, seed=seed))
    if args.command == "serve":
        workers = args.workers or settings.workers
        serve(settings, args.host or settings.host, args.port or settings.port, workers)
    return 0


if __name__ == "__main__":
    sys.exit(main())
