"""`rightsgraph serve --workers 2`: two processes answer on one port, and /metrics (on a
port of its own here) adds up what both counted."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx2 as httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.settings import Settings
from tests.browser import free_port
from tests.conftest import ROOT

pytestmark = pytest.mark.usefixtures("seeded_module")


def children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [int(child) for child in found]


def is_worker(pid: int) -> bool:
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False


def wait_ready(url: str, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, "serve exited"
        try:
            if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("serve --workers 2 did not become ready")


@pytest.fixture(scope="module")
def two_workers(settings: Settings) -> Iterator[tuple[subprocess.Popen[str], str, str]]:
    port, metrics_port = free_port(), free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("PROMETHEUS_")}
    env |= {
        "NEO4J_URI": settings.neo4j_uri,
        "RIGHTSGRAPH_ENVIRONMENT": "test",
        "RIGHTSGRAPH_LOG_LEVEL": "WARNING",
        "RIGHTSGRAPH_METRICS_PORT": str(metrics_port),
    }
    command = [sys.executable, "-m", "api.cli", "serve", "--workers", "2", "--port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url, process)
        yield process, url, f"http://127.0.0.1:{metrics_port}/metrics"
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)


def test_two_workers_answer_and_metrics_add_up_both(
    two_workers: tuple[subprocess.Popen[str], str, str],
) -> None:
    process, url, metrics_url = two_workers
    workers = [child for child in children(process.pid) if is_worker(child)]
    assert len(workers) == 2
    name = f"Workers{uuid.uuid4().hex[:8]}"
    query = {"query": f'query {name} {{ region(code: "450700") {{ code nameZh }} }}'}
    with httpx.Client(base_url=url) as http:
        for _ in range(12):
            # A new connection each time, so that both workers get some.
            answer = http.post("/graphql", json=query, headers={"connection": "close"})
            assert answer.status_code == 200 and answer.json()["data"]["region"]["code"] == "450700"
        assert http.get("/metrics").status_code == 404  # on its own port instead
    exposition = httpx.get(metrics_url).text
    counted = {
        sample.labels["operation"]: sample.value
        for family in text_string_to_metric_families(exposition)
        for sample in family.samples
        if sample.name == "rightsgraph_requests_total" and sample.labels["outcome"] == "ok"
    }
    assert counted[name] == 12


def test_serve_refuses_zero_workers() -> None:
    refused = subprocess.run(
        [sys.executable, "-m", "api.cli", "serve", "--workers", "0"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and "at least 1" in refused.stderr
