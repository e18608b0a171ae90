"""Writes that race: N concurrent HTTP requests against the API served by uvicorn, repeated,
then the invariant checker must find nothing and exactly the allowed winners exist.

These run against a real server process (not the in-process test client), so requests
truly overlap in Neo4j: each round fires all of its requests at once over open
connections.
"""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import httpx2 as httpx
import neo4j
import pytest

from api.auth import issue_token
from api.settings import DEV_JWT_SECRET, Settings
from graph.db import Database
from graph.domain import Role
from graph.history import local_date
from resolvers.findings import invariant_breaches
from seed.parties import PARTIES
from tests.conftest import ROOT, count
from tests.helpers import MERCHANT, PORT_COMPANY, REGISTER_RESOURCE, party_gid, resource_input
from tests.test_authorizations import GRANT, STATUS

N = 20
ROUNDS = 5
REGISTRAR = issue_token(DEV_JWT_SECRET, "city-registrar", Role.REGISTRAR, "450700")
OTHER_REGISTRAR = issue_token(DEV_JWT_SECRET, "another-registrar", Role.REGISTRAR, "450700")
REVISE = """mutation ($input: ReviseDataResourceInput!) { reviseDataResource(input: $input) {
  __typename ... on Rejection { errors { code message } } } }"""
HOLDING = """query ($id: ID!) { node(id: $id) { ... on DataResource {
  rights(kind: HOLDING) { id } } } }"""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server(settings: Settings, driver: neo4j.Driver) -> Iterator[str]:
    """The API under uvicorn in its own process, on the tests' Neo4j."""
    port = _free_port()
    env = {
        **os.environ,
        "NEO4J_URI": settings.neo4j_uri,
        "NEO4J_USER": settings.neo4j_user,
        "NEO4J_PASSWORD": settings.neo4j_password,
        "RIGHTSGRAPH_ENVIRONMENT": "test",
        "RIGHTSGRAPH_LOG_LEVEL": "WARNING",
        "RIGHTSGRAPH_MAX_CONCURRENT_REQUESTS": str(N + 4),  # every request of a round at once
    }
    command = [sys.executable, "-m", "uvicorn", "api.app:create_app", "--factory"]
    command += ["--host", "127.0.0.1", "--port", str(port), "--log-level", "warning"]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            assert time.monotonic() < deadline, "the API did not start"
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


Request = tuple[str, str, dict[str, Any]]  # token, document (or "lineage"), variables/body


def race(url: str, requests: list[Request]) -> list[dict[str, Any]]:
    """Send every request at once, over connections opened beforehand; the JSON answers."""

    async def fire() -> list[dict[str, Any]]:
        limits = httpx.Limits(max_connections=len(requests))
        async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as http:
            await asyncio.gather(*(http.get("/healthz") for _ in requests))

            async def one(token: str, document: str, variables: dict[str, Any]) -> Any:
                headers = {"authorization": f"Bearer {token}"}
                if document == "lineage":
                    answer = await http.post("/api/v1/lineage", json=variables, headers=headers)
                    return answer.json()
                body = {"query": document, "variables": variables}
                answer = await http.post("/graphql", json=body, headers=headers)
                assert answer.status_code == 200, answer.text
                result = answer.json()
                assert "errors" not in result, result["errors"]
                return next(iter(result["data"].values()))

            return list(await asyncio.gather(*(one(*request) for request in requests)))

    return asyncio.run(fire())


def call(url: str, document: str, variables: dict[str, Any], token: str = REGISTRAR) -> Any:
    return race(url, [(token, document, variables)])[0]


def assert_invariants_hold(settings: Settings) -> None:
    async def scan() -> dict[str, list[dict[str, Any]]]:
        db = Database.connect(settings.neo4j_uri, settings.neo4j_auth, settings.neo4j_database)
        try:
            return await invariant_breaches(db, settings.rule_modes)
        finally:
            await db.close()

    broken = {code: rows for code, rows in asyncio.run(scan()).items() if rows}
    assert broken == {}


def kinds(answers: list[dict[str, Any]]) -> Counter[str]:
    """How many answers of each kind: a type name, or the code of a rejection's error."""
    return Counter(
        a["errors"][0]["code"] if a["__typename"] == "Rejection" else a["__typename"]
        for a in answers
    )


def holding_right(url: str, **changes: Any) -> tuple[str, str]:
    """A new resource of the port company, and its holding right."""
    made = call(url, REGISTER_RESOURCE, {"input": resource_input(**changes)})
    assert made["__typename"] == "DataResource", made
    rights = call(url, HOLDING, {"id": made["id"]})["rights"]
    return made["id"], rights[0]["id"]


def grant_input(parent: str, grantor: str, grantee: str, **terms: Any) -> dict[str, Any]:
    return {
        "kind": "ENTERPRISE_AUTHORIZATION",
        "parentRightId": parent,
        "grantorId": party_gid(grantor),
        "granteeId": party_gid(grantee),
        "rightKind": "PROCESSING_USE",
        "purposes": ["STATISTICS"],
        "territory": ["CN"],
        "validFrom": "2024-02-01",
        "validTo": "2027-06-01",
        "duties": ["REPORT_USAGE"],
        "legalBasis": "CONTRACT",
        "basisReference": "并发测试合同",
        "sublicensable": True,
    } | terms


@pytest.mark.usefixtures("seeded")
def test_registrations_of_one_datum_racing_leave_one_source(
    server: str, settings: Settings, driver: neo4j.Driver
) -> None:
    sources = [p for p in PARTIES if p.kind != "INDIVIDUAL"][:N]
    for round_ in range(ROUNDS):
        code = f"QZR-RACE-{round_}"
        answers = race(
            server,
            [
                (
                    REGISTRAR,
                    REGISTER_RESOURCE,
                    {"input": resource_input(catalogCode=code, sourceId=party_gid(source.name_zh))},
                )
                for source in sources
            ],
        )
        assert kinds(answers) == {"DataResource": 1, "ONE_SOURCE": N - 1}
        live = count(
            driver,
            "MATCH (s:ResourceState {catalogCode: $code}) WHERE s.supersededAt IS NULL "
            "RETURN count(DISTINCT s.id)",
            code=code,
        )
        assert live == 1
    assert_invariants_hold(settings)


def run_event(
    run_id: str,
    outputs: list[str],
    inputs: list[str] | None = None,
    event_type: str = "COMPLETE",
    at: str = "2024-08-01T08:30:00.000Z",
) -> dict[str, Any]:
    port = next(p for p in PARTIES if p.name_zh == PORT_COMPANY)
    return {
        "eventType": event_type,
        "eventTime": at,
        "run": {"runId": run_id, "facets": {}},
        "job": {"namespace": port.credit_code, "name": "race", "facets": {}},
        "inputs": [{"namespace": "s3://race", "name": name} for name in inputs or []],
        "outputs": [{"namespace": "s3://race", "name": name} for name in outputs],
        "producer": "https://github.com/OpenLineage/OpenLineage/tree/1.20.0/client/python",
    }


def resources_of_dataset(driver: neo4j.Driver, name: str) -> int:
    """Resources ingestion made of the dataset `s3://race` `name`."""
    return count(
        driver,
        "MATCH (r:DataResource {datasetNamespace: 's3://race', datasetName: $name}) "
        "RETURN count(r)",
        name=name,
    )


@pytest.mark.usefixtures("seeded")
def test_ingestion_of_one_new_dataset_racing_makes_one_resource(
    server: str, settings: Settings, driver: neo4j.Driver
) -> None:
    for round_ in range(ROUNDS):
        shared, source = f"shared-{round_}", f"source-{round_}"
        answers = race(
            server,
            [
                (REGISTRAR, "lineage", run_event(str(uuid.uuid4()), [shared], [source]))
                for _ in range(N)
            ],
        )
        assert all(answer["recorded"] for answer in answers), answers
        assert sum(len(a["createdResourceIds"]) for a in answers) == 2
        assert (resources_of_dataset(driver, shared), resources_of_dataset(driver, source)) == (
            1,
            1,
        )
    assert_invariants_hold(settings)


@pytest.mark.usefixtures("seeded")
def test_ingestion_racing_registration_keeps_both_one_to_one(
    server: str, settings: Settings, driver: neo4j.Driver
) -> None:
    sources = [p for p in PARTIES if p.kind != "INDIVIDUAL"]
    for round_ in range(ROUNDS):
        code, dataset = f"QZR-MIX-{round_}", f"mixed-{round_}"
        requests: list[Request] = []
        for i in range(N // 2):
            fields = resource_input(catalogCode=code, sourceId=party_gid(sources[i].name_zh))
            requests.append((REGISTRAR, REGISTER_RESOURCE, {"input": fields}))
            requests.append((REGISTRAR, "lineage", run_event(str(uuid.uuid4()), [dataset])))
        answers = race(server, requests)
        registered = [a for a in answers if "__typename" in a]
        assert kinds(registered) == {"DataResource": 1, "ONE_SOURCE": N // 2 - 1}
        assert resources_of_dataset(driver, dataset) == 1
    assert_invariants_hold(settings)


@pytest.mark.usefixtures("seeded")
def test_events_of_one_run_racing_make_one_run_and_runs_of_one_job_one_hop(
    server: str, settings: Settings, driver: neo4j.Driver
) -> None:
    call(server, "lineage", run_event(str(uuid.uuid4()), ["out"], ["in"]))  # the datasets
    for round_ in range(ROUNDS):
        run_id = str(uuid.uuid4())
        states_in_turn = ["START", "RUNNING", "COMPLETE", "OTHER"]
        one_run = [
            run_event(
                run_id,
                ["out"],
                ["in"],
                states_in_turn[i % 4],
                f"2024-08-0{round_ + 1}T08:{i:02d}:00Z",
            )
            for i in range(N)
        ]
        answers = race(server, [(REGISTRAR, "lineage", body) for body in one_run])
        assert len({a["run"] for a in answers}) == 1, answers
        states = count(driver, "MATCH (r:Run {runId: $id}) RETURN size(r.states)", id=run_id)
        assert states == N
        many_runs = [
            run_event(str(uuid.uuid4()), ["out"], ["in"], at=f"2024-08-0{round_ + 1}T09:00:00Z")
            for _ in range(N)
        ]
        answers = race(server, [(REGISTRAR, "lineage", body) for body in many_runs])
        assert len({a["activityId"] for a in answers}) == 1, answers
    hops = count(driver, "MATCH (a:Activity {name: $name}) RETURN count(a)", name=_race_job())
    assert hops == 1
    runs = count(driver, "MATCH (r:Run {jobName: 'race'}) RETURN count(r)")
    assert runs == 1 + ROUNDS * (N + 1)
    assert_invariants_hold(settings)


def _race_job() -> str:
    port = next(p for p in PARTIES if p.name_zh == PORT_COMPANY)
    return f"{port.credit_code}/race"


@pytest.mark.usefixtures("seeded")
def test_grants_racing_a_revocation_leave_nothing_in_force_below_it(
    server: str, settings: Settings, driver: neo4j.Driver
) -> None:
    grantees = [p.name_zh for p in PARTIES if p.name_zh not in (PORT_COMPANY, MERCHANT)]
    for round_ in range(ROUNDS):
        _, root = holding_right(server, catalogCode=f"QZR-GRANT-{round_}")
        first = call(server, GRANT, {"input": grant_input(root, PORT_COMPANY, MERCHANT)})
        carved = first["right"]["id"]
        requests: list[Request] = [
            (REGISTRAR, GRANT, {"input": grant_input(carved, MERCHANT, grantees[i % 10])})
            for i in range(N - 1)
        ]
        revoke = {"input": {"rightId": root, "reason": "并发测试撤销"}}
        requests.insert(N // 2, (REGISTRAR, STATUS % "revokeRight", revoke))
        answers = race(server, requests)
        revoked = answers.pop(N // 2)
        assert revoked["__typename"] == "RightStatusChange", revoked
        outcome = kinds(answers)
        assert set(outcome) <= {"Authorization", "GRANT_WITHIN_PARENT", "GRANTOR_HOLDS_RIGHT"}
        # Every grant that won is below the revoked root, and the cascade reached it.
        in_force_after_today = count(
            driver,
            "MATCH (:Right {id: $root})<-[:DERIVED_FROM*1..]-(r:Right)-[:STATE]->(s:RightState) "
            "WHERE s.supersededAt IS NULL AND s.status = 'ACTIVE' "
            "AND (s.validTo IS NULL OR s.validTo > $today) RETURN count(s)",
            root=_raw(root),
            today=_today(),
        )
        assert in_force_after_today == 0
        assert len(revoked["cascaded"]) == 1 + outcome["Authorization"]
    assert_invariants_hold(settings)


def _today() -> Any:
    return local_date(datetime.now(UTC))


def _raw(global_id: str) -> str:
    from strawberry import relay

    return relay.GlobalID.from_id(global_id).node_id


@pytest.mark.usefixtures("seeded")
def test_status_changes_racing_each_other_keep_one_timeline(
    server: str, settings: Settings, driver: neo4j.Driver
) -> None:
    for round_ in range(ROUNDS):
        _, right = holding_right(server, catalogCode=f"QZR-STATUS-{round_}")
        change = {"input": {"rightId": right, "reason": "并发测试"}}
        requests: list[Request] = []
        for _ in range(N // 2):
            requests.append((REGISTRAR, STATUS % "suspendRight", change))
            requests.append((REGISTRAR, STATUS % "revokeRight", change))
        answers = race(server, requests)
        suspended = kinds(answers[0::2])
        revoked = kinds(answers[1::2])
        assert revoked["RightStatusChange"] == 1
        assert suspended["RightStatusChange"] <= 1
        live_today = count(
            driver,
            "MATCH (:Right {id: $id})-[:STATE]->(s:RightState) WHERE s.supersededAt IS NULL "
            "AND s.validFrom <= $today AND (s.validTo IS NULL OR s.validTo > $today) "
            "RETURN count(s)",
            id=_raw(right),
            today=_today(),
        )
        status = count(
            driver,
            "MATCH (:Right {id: $id})-[:STATE]->(s:RightState) WHERE s.supersededAt IS NULL "
            "AND s.status = 'REVOKED' RETURN count(s)",
            id=_raw(right),
        )
        assert (live_today, status) == (1, 1)
    assert_invariants_hold(settings)


@pytest.mark.usefixtures("seeded")
def test_revisions_racing_each_other_keep_one_timeline(
    server: str, settings: Settings, driver: neo4j.Driver
) -> None:
    for round_ in range(ROUNDS):
        resource, _ = holding_right(server, catalogCode=f"QZR-REVISE-{round_}")
        names = [f"revision {round_}-{i}" for i in range(N)]
        answers = race(
            server,
            [
                (
                    REGISTRAR,
                    REVISE,
                    {"input": {"resourceId": resource, "nameEn": name, "reason": "并发修订"}},
                )
                for name in names
            ],
        )
        assert kinds(answers) == {"DataResource": N}
        records, _, _ = driver.execute_query(
            "MATCH (:DataResource {id: $id})-[:STATE]->(s:ResourceState) "
            "WHERE s.supersededAt IS NULL RETURN s.nameEn AS name",
            id=_raw(resource),
        )
        assert len(records) == 1 and records[0]["name"] in names
        superseded = count(
            driver,
            "MATCH (:DataResource {id: $id})-[:STATE]->(s:ResourceState) "
            "WHERE s.supersededAt IS NOT NULL RETURN count(s)",
            id=_raw(resource),
        )
        assert superseded == N  # each revision superseded exactly the record before it
    assert_invariants_hold(settings)


@pytest.mark.usefixtures("seeded")
def test_one_callers_repeated_key_writes_once_and_another_callers_is_their_own(
    server: str, settings: Settings, driver: neo4j.Driver
) -> None:
    document = REGISTER_RESOURCE
    for round_ in range(ROUNDS):
        key = f"race-key-{round_}"
        variables = {"input": resource_input(catalogCode=f"QZR-KEY-{round_}"), "key": key}
        answers = race(server, [(REGISTRAR, document, variables)] * N)
        assert {a["__typename"] for a in answers} == {"DataResource"}
        assert len({a["id"] for a in answers}) == 1
        # Another caller's identical request with the same key is not a replay of the first:
        # it is judged on its own (here: the datum already has its source).
        theirs = call(server, document, variables, token=OTHER_REGISTRAR)
        assert theirs["__typename"] == "Rejection"
        assert theirs["errors"][0]["code"] == "ONE_SOURCE"
        other = {"input": resource_input(catalogCode=f"QZR-KEY-{round_}-B"), "key": key}
        assert call(server, document, other, token=OTHER_REGISTRAR)["__typename"] == (
            "DataResource"
        )
        conflict = call(server, document, other)
        assert conflict["errors"][0]["code"] == "IDEMPOTENCY_CONFLICT"
        assert "QZR" not in conflict["errors"][0]["message"]
    assert_invariants_hold(settings)
