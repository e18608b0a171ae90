"""The seed and the bulk loader from the command line: JSON logs when stderr is not a
terminal, progress bars when it is, and no demo seed into a database with other data."""

from __future__ import annotations

import asyncio
import json
import os
import pty
import subprocess
import sys
import threading

import neo4j
import pytest

from api.cli import prepare_database
from api.settings import Settings
from seed.load import SeedRefused
from tests.conftest import MARKER, ROOT, count, node_count


def cli(settings: Settings, *arguments: str) -> list[str]:
    return [sys.executable, "-m", "api.cli", *arguments]


def environment(settings: Settings) -> dict[str, str]:
    return {**os.environ, "NEO4J_URI": settings.neo4j_uri, "RIGHTSGRAPH_ENVIRONMENT": "test"}


@pytest.mark.usefixtures("seeded")
def test_a_bulk_load_into_a_pipe_logs_only_json_lines(settings: Settings) -> None:
    done = subprocess.run(
        cli(settings, "generate", "--size", "2500", "--batch", "500"),
        cwd=ROOT,
        env=environment(settings),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lines = [json.loads(line) for line in done.stderr.splitlines()]  # every line, or it fails
    steps = [line for line in lines if line.get("logger") == "rightsgraph.progress"]
    assert {line["step"] for line in steps} >= {"parties", "resources", "rights"}
    assert all(line["done"] == line["total"] for line in steps)
    assert "\r" not in done.stderr


@pytest.mark.usefixtures("seeded")
def test_the_seed_on_a_terminal_draws_progress(settings: Settings) -> None:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        cli(settings, "seed"),
        cwd=ROOT,
        env={**environment(settings), "TERM": "xterm", "COLUMNS": "120"},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=follower,
    )
    os.close(follower)
    shown = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 4096)
            except OSError:  # the terminal closed with the process
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    assert process.wait(timeout=300) == 0
    reader.join(timeout=10)
    os.close(leader)
    text = shown.decode("utf-8", "replace")
    assert "seed scenario" in text and "100%" in text


def test_the_demo_seed_refuses_a_database_holding_other_data(
    settings: Settings, driver: neo4j.Driver, empty_graph: None
) -> None:
    driver.execute_query("CREATE (:Customer {name: 'a real customer'})")
    before = node_count(driver)
    with pytest.raises(SeedRefused):
        asyncio.run(prepare_database(settings, seed=True, disregard=(MARKER,)))
    refused = subprocess.run(
        cli(settings, "seed"), cwd=ROOT, env=environment(settings), capture_output=True, text=True
    )
    assert refused.returncode == 2
    [line] = refused.stderr.strip().splitlines()[-1:]
    assert line.startswith("rightsgraph: refusing to seed: the database already holds data")
    assert node_count(driver) == before
    assert count(driver, "MATCH (r:Region) RETURN count(r)") == 0
