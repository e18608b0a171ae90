"""docker-compose.yml and the Dockerfile stay wired to what the code expects."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent


def _compose() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    return loaded


def _embedded_neo4j_version() -> str:
    pom = (ROOT / "graph" / "neo4j-local" / "pom.xml").read_text()
    found = re.search(r"<neo4j.version>([\d.]+)</neo4j.version>", pom)
    assert found is not None
    return found.group(1)


def test_compose_runs_the_neo4j_the_tests_run_with_a_healthcheck_and_a_volume() -> None:
    neo4j = _compose()["services"]["neo4j"]
    assert neo4j["image"] == f"neo4j:{_embedded_neo4j_version()}-community"
    assert "cypher-shell" in " ".join(neo4j["healthcheck"]["test"])
    assert any(volume.endswith(":/data") for volume in neo4j["volumes"])


EXACT_RELEASE = re.compile(r"^[a-z0-9/_.-]+:\d+\.\d+\.\d+(-[a-z0-9.-]+)?(@sha256:[0-9a-f]{64})?$")


def test_every_image_is_pinned_to_an_exact_release() -> None:
    images = [service["image"] for service in _compose()["services"].values() if "image" in service]
    images += re.findall(r"^FROM (\S+)", (ROOT / "Dockerfile").read_text(), flags=re.MULTILINE)
    assert len(images) >= 6
    for image in images:
        assert EXACT_RELEASE.match(image), f"{image} is not pinned to an exact release"


def test_the_image_installs_the_locked_packages_with_their_hashes() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install --require-hashes --no-deps -r requirements.lock" in dockerfile
    assert "pip install --no-deps --no-build-isolation ." in dockerfile


def test_compose_can_run_in_production_and_seeds_only_when_asked() -> None:
    services = _compose()["services"]
    for name in ("api", "api-cluster"):
        environment = services[name]["environment"]
        assert environment["RIGHTSGRAPH_JWT_SECRET"] == "${RIGHTSGRAPH_JWT_SECRET:-}"
        assert environment["RIGHTSGRAPH_SEED"] == "${RIGHTSGRAPH_SEED:-}"
    command = re.search(r"^CMD (.+)$", (ROOT / "Dockerfile").read_text(), flags=re.MULTILINE)
    assert command is not None and "--seed" not in command.group(1)


def test_the_cluster_profile_is_three_primaries_that_find_each_other() -> None:
    services = _compose()["services"]
    servers = {name: s for name, s in services.items() if name.startswith("neo4j-")}
    assert sorted(servers) == ["neo4j-1", "neo4j-2", "neo4j-3"]
    endpoints = {f"{name}:6000" for name in servers}
    for name, server in servers.items():
        environment = server["environment"]
        assert server["profiles"] == ["cluster"]
        assert server["image"] == f"neo4j:{_embedded_neo4j_version()}-enterprise"
        assert set(environment["NEO4J_dbms_cluster_discovery_v2_endpoints"].split(",")) == endpoints
        assert environment["NEO4J_server_default__advertised__address"] == name
        assert environment["NEO4J_initial_server_mode__constraint"] == "PRIMARY"
        assert environment["NEO4J_initial_dbms_default__primaries__count"] == "3"
        # The Enterprise licence is the operator's to accept, never the file's.
        assert (
            environment["NEO4J_ACCEPT_LICENSE_AGREEMENT"] == "${NEO4J_ACCEPT_LICENSE_AGREEMENT:-no}"
        )
        assert any(volume.endswith(":/data") for volume in server["volumes"])
    api = services["api-cluster"]
    assert api["profiles"] == ["cluster"]
    assert api["environment"]["NEO4J_URI"].startswith("neo4j://neo4j-")
    assert {name for name, condition in api["depends_on"].items()} == set(servers)
    assert api["deploy"]["replicas"] >= 2
    assert "profiles" not in services["api"] and "profiles" not in services["neo4j"]


def test_compose_api_waits_for_a_healthy_neo4j_and_reaches_it_by_env() -> None:
    services = _compose()["services"]
    api = services["api"]
    assert api["build"] == "."
    assert api["depends_on"]["neo4j"]["condition"] == "service_healthy"
    assert api["environment"]["NEO4J_URI"] == "bolt://neo4j:7687"
    neo4j_password = services["neo4j"]["environment"]["NEO4J_AUTH"].split("/", 1)[1]
    assert api["environment"]["NEO4J_PASSWORD"] == neo4j_password


def test_dockerfile_copies_only_paths_that_exist() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    for sources in re.findall(r"^COPY (.+) \S+$", dockerfile, flags=re.MULTILINE):
        for source in sources.split():
            assert list(ROOT.glob(source)), f"Dockerfile copies missing {source}"


@pytest.mark.skipif(
    shutil.which("docker") is None
    or subprocess.run(["docker", "compose", "version"], capture_output=True).returncode != 0,
    reason="the docker compose plugin is not installed here",
)
def test_docker_compose_accepts_the_file() -> None:
    result = subprocess.run(
        ["docker", "compose", "config", "-q"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
