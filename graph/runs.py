"""OpenLineage runs: one `(:Run:Entity {runId})` per run, however many events it sends.

A run keeps every state it reported, as parallel lists in arrival order (`states`,
`eventTimes`, `recordedTimes`), so that it reads as recorded at any moment; `state`,
`startedAt`, `endedAt` and `lastEventTime` give it as known now. `inputIds` and `outputIds`
are the assets its events named, accumulated. When the run completes, `activityId` names
the hop it ran as (graph/lineage.py): an activity is one job of one performer over the same
inputs and outputs, and each of its runs is a run of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from graph.db import Database, Query, Row, Tx
from graph.history import TimePoint
from graph.pagination import Pageable

# Add an event to the run (graph/ingestion.py made it on its first event, under the same
# lock); `fields` hold what the run is as known now (state, times, datasets, its hop).
RECORD = Query(
    "runs.record",
    """
    MATCH (r:Run {runId: $runId})
    SET r += $fields,
        r.states = r.states + $state,
        r.eventTimes = r.eventTimes + $eventTime,
        r.recordedTimes = r.recordedTimes + $now
    RETURN properties(r) AS run
    """,
)

BY_IDS = Query(
    "runs.by_ids",
    "UNWIND $ids AS id MATCH (r:Run {id: id}) RETURN id, properties(r) AS row",
)

BY_RUN_IDS = Query(
    "runs.by_run_ids",
    "UNWIND $runIds AS runId MATCH (r:Run {runId: runId}) RETURN runId, properties(r) AS row",
)

# The latest runs of each activity recorded by the view's moment and begun by its day.
OF_ACTIVITIES = Query(
    "runs.of_activities",
    """
    UNWIND $ids AS id
    MATCH (r:Run {activityId: id})
    WHERE r.recordedAt <= $recordedAt AND r.day <= $validAt
    WITH id, r ORDER BY r.startedAt DESC
    WITH id, collect(properties(r)) AS runs
    RETURN id, runs[..$limit] AS runs, size(runs) AS total
    """,
)

RUNS = Pageable(
    name="runs",
    match="""
    MATCH (n:Run)
    WHERE n.recordedAt <= $recordedAt
    """,
    filters={
        "jobNamespace": "n.jobNamespace = $jobNamespace",
        "jobName": "n.jobName = $jobName",
        "states": "n.state IN $states",
        "performerId": "n.performerId = $performerId",
        "activityId": "n.activityId = $activityId",
    },
    projection="properties(n)",
    sort_properties={"STARTED_AT": "startedAt", "RECORDED_AT": "recordedAt"},
)


async def record(
    tx: Tx,
    run_id: str,
    state: str,
    event_time: datetime,
    fields: dict[str, Any],
    now: datetime,
) -> Row:
    """Record one event of a run; the run as it now stands."""
    found = await tx.one(
        RECORD,
        runId=run_id,
        state=state,
        eventTime=event_time,
        fields=fields,
        now=now,
    )
    assert found is not None
    run: Row = found["run"]
    return run


async def runs_by_ids(db: Database, ids: list[str]) -> dict[str, Row]:
    return {row["id"]: row["row"] for row in await db.read(BY_IDS, ids=ids)}


async def runs_by_run_ids(db: Database, run_ids: list[str]) -> dict[str, Row]:
    return {row["runId"]: row["row"] for row in await db.read(BY_RUN_IDS, runIds=run_ids)}


async def runs_of(
    db: Database, ids: list[str], at: TimePoint, limit: int
) -> dict[str, tuple[list[Row], int]]:
    """The latest `limit` runs of each activity at the view, and how many there are."""
    rows = await db.read(
        OF_ACTIVITIES, ids=ids, recordedAt=at.recorded_at, validAt=at.valid_at, limit=limit
    )
    return {row["id"]: (row["runs"], row["total"]) for row in rows}


TERMINAL = ("COMPLETE", "FAIL", "ABORT")


@dataclass(frozen=True)
class RunSummary:
    """A run as its events tell it: where it stands, when it began and ended."""

    state: str
    started_at: datetime
    ended_at: datetime | None
    last_event_time: datetime


def summary(events: list[tuple[str, datetime]]) -> RunSummary:
    """Events may arrive in any order; a run that ended (COMPLETE, FAIL, ABORT) stays
    ended, as of its latest such event; otherwise it is in its latest event's state (START
    gives way to RUNNING or OTHER of the same moment). It began at its first START, or at
    its first event when no START arrived."""
    ended = [event for event in events if event[0] in TERMINAL]
    if ended:
        state, ended_at = max(ended, key=lambda event: event[1])
    else:
        state = max(events, key=lambda event: (event[1], event[0] != "START"))[0]
        ended_at = None
    starts = [time for kind, time in events if kind == "START"]
    return RunSummary(
        state=state,
        started_at=min(starts or [time for _, time in events]),
        ended_at=ended_at,
        last_event_time=max(time for _, time in events),
    )


def events_at(row: Row, recorded_at: datetime) -> list[tuple[str, datetime, datetime]]:
    """The run's events (state, event time, record time) recorded by `recorded_at`."""
    return [
        (state, event_time, recorded)
        for state, event_time, recorded in zip(
            row["states"], row["eventTimes"], row["recordedTimes"], strict=True
        )
        if recorded <= recorded_at
    ]
