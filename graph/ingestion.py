"""The first statement of an OpenLineage event's write: everything it reads, in one round
trip, under the lock of its run.

It creates the run on its first event (a uniqueness constraint makes racing events of one
run meet on one node) and locks it, so that events of one run take turns; then reads the
performer its job namespace is mapped to (graph/job_namespaces.py), and the asset each
dataset identifier names (graph/datasets.py) with the columns of the asset's current
records (graph/columns.py). Identifiers nobody linked are locked by the write afterwards,
before anything is made of them.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from graph.columns import COLUMN_ATTRIBUTES
from graph.datasets import LINKED_FIELDS, LINKED_MATCH
from graph.db import Query, Row, Tx
from graph.job_namespaces import CITY_PARAMS, PERFORMER_OF_NAMESPACE
from graph.lineage import HOP_BY_KEY
from graph.rights import VALID_RIGHTS_OF_OBJECTS

_COLUMNS = ", ".join(f"{name}: s.{name}" for name in COLUMN_ATTRIBUTES)

BEGIN = Query(
    "ingestion.begin",
    """
    MERGE (r:Run {runId: $runId})
    ON CREATE SET r:Entity, r.id = $newId, r.recordedAt = $now, r.states = [],
                  r.eventTimes = [], r.recordedTimes = []
    SET r._lock = true
    REMOVE r._lock
    WITH r
    CALL () {"""
    + PERFORMER_OF_NAMESPACE
    + """}
    CALL () {"""
    + LINKED_MATCH
    + """
        WITH key, d, a, COLLECT {
            MATCH (a)-[:STATE]->(s:State) WHERE s.supersededAt IS NULL
            RETURN {validFrom: s.validFrom, validTo: s.validTo, """
    + _COLUMNS
    + """}
        } AS states
        RETURN collect({"""
    + LINKED_FIELDS
    + """, states: states}) AS linked
    }
    RETURN properties(r) AS run, performer, linked
    """,
)


async def begin(
    tx: Tx,
    run_id: str,
    new_id: str,
    namespace: str,
    producer: str,
    keys: list[str],
    now: datetime,
) -> dict[str, Any]:
    """The run (new: `run["id"] == new_id`, with no states yet), the performer its namespace
    is mapped to (or None), and the linked identifiers by key, each with the current
    records' columns of its asset."""
    found = await tx.one(
        BEGIN,
        runId=run_id,
        newId=new_id,
        namespace=namespace,
        producer=producer,
        keys=keys,
        now=now,
        **CITY_PARAMS,
    )
    assert found is not None
    linked: dict[str, Row] = {row["key"]: row for row in found["linked"]}
    return {"run": found["run"], "performer": found["performer"], "linked": linked}


# When a run completes: the hop of its key, if its job ran over these datasets before, and
# the performer's valid rights on the inputs on the day (read unlocked: ingestion's rules
# 3 and 7 warn, and the read-side scan finds what a race would hide).
HOP_AND_RIGHTS = Query(
    "ingestion.hop_and_rights",
    HOP_BY_KEY + VALID_RIGHTS_OF_OBJECTS + "RETURN hop, valid",
)


async def hop_and_rights(
    tx: Tx, key: str, performer_id: str, objects: dict[str, list[str]], day: date
) -> tuple[Row | None, dict[str, list[Row]]]:
    """The hop with this key (id, column lineage keys), or None; and the active rights
    `performer_id` holds on each input on `day`, of the kinds given for it."""
    rows = [{"id": object_id, "kinds": kinds} for object_id, kinds in objects.items()]
    found = await tx.one(HOP_AND_RIGHTS, key=key, holderId=performer_id, objects=rows, day=day)
    assert found is not None
    return found["hop"], {row["objectId"]: row["rights"] for row in found["valid"]}
