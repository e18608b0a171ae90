"""The run lifecycle, from events shaped as the OpenLineage specification's examples: every
state a run reports is kept, repeated events of one run are one run, the hop is recorded on
COMPLETE, and investigators see the runs on the hop."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.testclient import TestClient

from tests.conftest import GraphQLClient, node_count
from tests.helpers import MERCHANT, PORT_COMPANY
from tests.lineage_events import (
    dataset,
    event,
    findings,
    map_namespace,
    new_run,
    register_with_dataset,
    send,
    sent,
    symlinks_facet,
)

pytestmark = pytest.mark.usefixtures("seeded")

PG = "postgres://qzport-db:5432"
LAKE = "s3://qzport-lake"
JOB = ("airflow-prod", "port_rollups.daily_moves")
RUN = """query ($runId: String!, $at: DateTime) { lineageRun(runId: $runId, asRecordedAt: $at) {
  id runId state startedAt endedAt day jobNamespace jobName parentRunId parentJob
  events { state eventTime } performer { nameZh }
  activity { id runCount } inputs { nameZh } outputs { nameZh } } }"""
UPSTREAM = """query ($id: ID!, $at: DateTime, $asOf: Date) {
  lineage(assetId: $id, depth: 2, asRecordedAt: $at, asOf: $asOf) {
  nodes { asset { id nameZh } }
  edges { kind day performer { nameZh } activity { name runCount }
          runs(first: 10) { runId state startedAt endedAt } } } }"""
RUNS = """query ($filter: RunFilter) { lineageRuns(filter: $filter, first: 50) {
  totalCount edges { node { runId state jobName } } } }"""


@pytest.fixture
def pipeline(gql: GraphQLClient) -> dict[str, Any]:
    """The port company's Airflow, mapped, reading one registered table into one
    registered lake folder."""
    map_namespace(gql, "airflow-prod", PORT_COMPANY)
    source = register_with_dataset(gql, "QZG-RUN-0001", PG, "qzport.public.container_moves")
    target = register_with_dataset(
        gql, "QZG-RUN-0002", LAKE, "rollups/daily_moves", nameZh="钦州港日吞吐量汇总"
    )
    return {"source": source, "target": target}


def lifecycle(run_id: str, day: str, *states: tuple[str | None, str]) -> list[dict[str, Any]]:
    """Events of one run: (eventType, time of day) each, on `day`."""
    return [
        event(
            kind,
            run_id,
            JOB,
            inputs=[dataset(PG, "qzport.public.container_moves")],
            outputs=[dataset(LAKE, "rollups/daily_moves")],
            at=f"{day}T{time}Z",
        )
        for kind, time in states
    ]


def run(gql: GraphQLClient, run_id: str, at: str | None = None) -> dict[str, Any]:
    found: dict[str, Any] = gql.data(RUN, {"runId": run_id, "at": at})["lineageRun"]
    return found


def test_a_run_reports_start_running_complete_and_its_hop_is_recorded_on_complete(
    client: TestClient, gql: GraphQLClient, pipeline: dict[str, Any]
) -> None:
    run_id = new_run()
    start, running, complete = lifecycle(
        run_id,
        "2024-08-01",
        ("START", "08:00:00"),
        ("RUNNING", "08:10:00"),
        ("COMPLETE", "08:30:00"),
    )
    started = sent(client, gql, start)
    assert (started["state"], started["activityId"], started["hopRecorded"]) == (
        "START",
        None,
        False,
    )
    assert sent(client, gql, running)["state"] == "RUNNING"
    assert run(gql, run_id)["activity"] is None  # no hop until it completes
    completed = sent(client, gql, complete)
    assert completed["hopRecorded"] is True and completed["run"] == started["run"]
    found = run(gql, run_id)
    assert found["state"] == "COMPLETE" and found["day"] == "2024-08-01"
    assert found["startedAt"].startswith("2024-08-01T08:00")
    assert found["endedAt"].startswith("2024-08-01T08:30")
    assert [e["state"] for e in found["events"]] == ["START", "RUNNING", "COMPLETE"]
    assert found["performer"]["nameZh"] == PORT_COMPANY
    assert [a["nameZh"] for a in found["outputs"]] == ["钦州港日吞吐量汇总"]
    assert found["activity"]["runCount"] == 1


def test_repeated_events_of_one_run_are_one_run(
    client: TestClient, gql: GraphQLClient, pipeline: dict[str, Any], driver: Any
) -> None:
    run_id = new_run()
    start, complete, again, late = lifecycle(
        run_id,
        "2024-08-01",
        ("START", "08:00:00"),
        ("COMPLETE", "08:30:00"),
        ("COMPLETE", "08:45:00"),
        ("RUNNING", "08:20:00"),
    )
    first = sent(client, gql, start)["run"]
    hop = sent(client, gql, complete)["activityId"]
    before = node_count(driver)
    duplicate = send(client, gql, complete)  # the client retried: acknowledged, not stored
    assert duplicate.status_code == 200 and duplicate.json()["duplicate"] is True
    assert node_count(driver) == before
    second = sent(client, gql, again)  # a second COMPLETE with a new time: no conflict
    assert (second["run"], second["activityId"], second["hopRecorded"]) == (first, hop, False)
    arrived_late = sent(client, gql, late)  # out of order: the run stays complete
    assert arrived_late["state"] == "COMPLETE"
    found = run(gql, run_id)
    assert [e["state"] for e in found["events"]] == ["START", "COMPLETE", "COMPLETE", "RUNNING"]
    assert found["endedAt"].startswith("2024-08-01T08:45")
    assert found["activity"]["runCount"] == 1


def test_fail_abort_and_other_are_kept_and_record_no_hop(
    client: TestClient, gql: GraphQLClient, pipeline: dict[str, Any]
) -> None:
    failed, aborted, other = new_run(), new_run(), new_run()
    for run_id, last in ((failed, "FAIL"), (aborted, "ABORT"), (other, None)):
        for body in lifecycle(run_id, "2024-08-02", ("START", "01:00:00"), (last, "01:05:00")):
            sent(client, gql, body)
    assert (run(gql, failed)["state"], run(gql, failed)["activity"]) == ("FAIL", None)
    assert run(gql, aborted)["state"] == "ABORT"
    assert run(gql, other)["state"] == "OTHER"  # an event with no eventType
    listed = gql.data(RUNS, {"filter": {"jobName": JOB[1], "states": ["FAIL", "ABORT"]}})
    assert {e["node"]["runId"] for e in listed["lineageRuns"]["edges"]} == {failed, aborted}
    upstream = gql.data(UPSTREAM, {"id": pipeline["target"]["id"]})["lineage"]
    assert upstream["edges"] == []  # no run completed: no hop


def test_investigators_see_the_runs_on_a_hop_as_recorded_at_any_moment(
    client: TestClient, gql: GraphQLClient, pipeline: dict[str, Any]
) -> None:
    first, second = new_run(), new_run()
    for body in lifecycle(first, "2024-08-01", ("START", "08:00:00"), ("COMPLETE", "08:30:00")):
        sent(client, gql, body)
    between = datetime.now(UTC).isoformat()
    for body in lifecycle(second, "2024-08-02", ("START", "08:00:00"), ("COMPLETE", "08:20:00")):
        answer = sent(client, gql, body)
    assert answer["hopRecorded"] is False  # the same job over the same datasets: one hop
    investigator = gql.as_role("INVESTIGATOR", subject="inspector-wang")
    upstream = investigator.data(UPSTREAM, {"id": pipeline["target"]["id"]})["lineage"]
    [hop] = upstream["edges"]
    assert [n["asset"]["id"] for n in upstream["nodes"]] == [pipeline["source"]["id"]]
    assert hop["performer"]["nameZh"] == PORT_COMPANY and hop["day"] == "2024-08-01"
    assert hop["activity"] == {"name": "airflow-prod/port_rollups.daily_moves", "runCount": 2}
    assert [(r["runId"], r["state"]) for r in hop["runs"]] == [
        (second, "COMPLETE"),
        (first, "COMPLETE"),
    ]
    then = investigator.data(UPSTREAM, {"id": pipeline["target"]["id"], "at": between})
    assert [r["runId"] for r in then["lineage"]["edges"][0]["runs"]] == [first]
    on_the_first_day = investigator.data(
        UPSTREAM, {"id": pipeline["target"]["id"], "asOf": "2024-08-01"}
    )
    assert [r["runId"] for r in on_the_first_day["lineage"]["edges"][0]["runs"]] == [first]
    assert run(gql, second, between) is None  # not yet recorded then


def test_each_completed_run_is_judged_on_its_day(
    client: TestClient, gql: GraphQLClient, pipeline: dict[str, Any]
) -> None:
    """The merchant reads the port company's table without a grant, twice."""
    map_namespace(gql, "spark-merchant", MERCHANT)
    job = ("spark-merchant", "index_features")
    for day in ("2024-09-01", "2024-09-02"):
        body = event(
            "COMPLETE",
            new_run(),
            job,
            inputs=[dataset(PG, "qzport.public.container_moves")],
            at=f"{day}T10:00:00Z",
        )
        answer = sent(client, gql, body)
        assert answer["findings"], answer  # recorded with the run, in warn mode
    [scanned] = [f for f in findings(gql, "PROCESSING_NEEDS_RIGHT") if f["source"] == "scan"]
    assert scanned["day"] == "2024-09-01" and "2 days" in scanned["message"]
    assert pipeline["source"]["uid"] in scanned["nodeIds"]


def test_a_symlink_lands_an_event_on_the_registered_table(
    client: TestClient, gql: GraphQLClient, pipeline: dict[str, Any]
) -> None:
    """Spark names a Hive table by its files; the symlinks facet names the table."""
    register_with_dataset(gql, "QZG-RUN-0003", "hive://metastore:9083", "port.berths")
    body = event(
        "COMPLETE",
        new_run(),
        JOB,
        inputs=[
            dataset(
                "hdfs://namenode:8020",
                "/warehouse/port.db/berths",
                symlinks=symlinks_facet(("hive://metastore:9083", "port.berths")),
            )
        ],
        outputs=[dataset(LAKE, "rollups/daily_moves")],
    )
    answer = sent(client, gql, body)
    assert answer["createdResourceIds"] == []
    found = run(gql, str(body["run"]["runId"]))
    assert [a["nameZh"] for a in found["inputs"]] == ["登记数据QZG-RUN-0003"]


def test_the_parent_run_facet_is_kept(
    client: TestClient, gql: GraphQLClient, pipeline: dict[str, Any]
) -> None:
    parent = new_run()
    body = lifecycle(new_run(), "2024-08-03", ("START", "00:00:00"))[0]
    body["run"]["facets"]["parent"] = {
        "_producer": "https://github.com/apache/airflow",
        "_schemaURL": "https://openlineage.io/spec/facets/1-0-1/ParentRunFacet.json",
        "run": {"runId": parent},
        "job": {"namespace": "airflow-prod", "name": "port_rollups"},
    }
    sent(client, gql, body)
    found = run(gql, str(body["run"]["runId"]))
    assert (found["parentRunId"], found["parentJob"]) == (parent, "airflow-prod/port_rollups")


def test_malformed_run_facts_are_refused_with_their_path(
    client: TestClient, gql: GraphQLClient, pipeline: dict[str, Any], driver: Any
) -> None:
    before = node_count(driver)
    body = lifecycle(new_run(), "2024-08-03", ("START", "00:00:00"))[0]
    body["run"]["facets"]["parent"] = {"run": {"runId": "not-a-uuid"}, "job": {}}
    answer = send(client, gql, body)
    assert answer.status_code == 422
    assert answer.json()["errors"][0]["field"].startswith("run.facets.parent")
    bad_kind = lifecycle(new_run(), "2024-08-03", ("COMPLETE", "00:00:00"))[0]
    bad_kind["job"]["facets"] = {"rightsgraph": {"kind": "TELEPORT"}}
    assert send(client, gql, bad_kind).json()["errors"][0]["field"] == (
        "job.facets.rightsgraph.kind"
    )
    assert node_count(driver) == before
    bad_run_id = gql('{ lineageRun(runId: "nope") { id } }')
    assert bad_run_id["errors"][0]["extensions"]["code"] == "INVALID_INPUT"
