"""The API as the benchmarks serve it: `rightsgraph serve` in a process of its own (one worker
unless asked for more; the asyncio loop), against a given Neo4j."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from bench.writes import wait_ready


@contextmanager
def serve_api(neo4j_uri: str, port: int, env: dict[str, str], workers: int = 1) -> Iterator[int]:
    """The serving process's pid while it serves on `port` (with `workers` worker processes
    under it beyond one); `env` adds or overrides settings."""
    command = [sys.executable, "-m", "api.cli", "serve", "--no-seed"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    environment = {
        **os.environ,
        "NEO4J_URI": neo4j_uri,
        "RIGHTSGRAPH_ENVIRONMENT": "test",
        "RIGHTSGRAPH_LOG_LEVEL": "WARNING",
        **env,
    }
    process = subprocess.Popen(command, env=environment)
    try:
        wait_ready(port)
        yield process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)
