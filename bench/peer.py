"""The Neo4j GraphQL Library peer (bench/peers/neo4j-graphql): install, start, stop.

It runs on Node.js with its standard server (Apollo Server), one process, against the same
Neo4j as our API. `npm ci` installs the locked packages the first time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx2 as httpx

FOLDER = Path(__file__).parent / "peers" / "neo4j-graphql"


def install() -> None:
    if shutil.which("node") is None or shutil.which("npm") is None:
        raise SystemExit("the Neo4j GraphQL peer needs Node.js and npm on PATH")
    if not (FOLDER / "node_modules" / "@neo4j" / "graphql").is_dir():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=FOLDER, check=True
        )


@contextmanager
def running(neo4j_uri: str, port: int) -> Iterator[subprocess.Popen[bytes]]:
    install()
    env = {**os.environ, "NEO4J_URI": neo4j_uri, "PORT": str(port)}
    process = subprocess.Popen(["node", "server.mjs"], cwd=FOLDER, env=env)
    try:
        _wait_for(f"http://127.0.0.1:{port}/", process)
        yield process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _wait_for(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit("the Neo4j GraphQL peer exited at startup")
        try:
            answer = httpx.post(url, json={"query": "{ __typename }"}, timeout=2)
            if answer.status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise SystemExit("the Neo4j GraphQL peer did not become ready")
