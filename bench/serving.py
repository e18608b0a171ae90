"""The API as the benchmarks serve it: uvicorn in a process of its own, one worker, the
asyncio loop (as `rightsgraph serve` runs it), against a given Neo4j."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from bench.writes import wait_ready


@contextmanager
def serve_api(neo4j_uri: str, port: int, env: dict[str, str]) -> Iterator[int]:
    """The API's pid while it serves on `port`; `env` adds or overrides settings."""
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    command += ["--loop", "asyncio"]
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
