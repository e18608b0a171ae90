"""OpenLineage run events (https://openlineage.io/spec) as runs and processing hops.

Each event is one write (resolvers/writes.py) with its audit event:
- **who**: the performer of its job (resolvers/job_namespaces.py); none is a refusal;
- **what**: each dataset it names (and each `symlinks` alias) is looked up among the
  identifiers registrars linked to resources and products (resolvers/datasets.py). A dataset
  nobody linked becomes an unregistered resource, with no source unit and no holder, so that
  processing it shows as processing without a right (rule 3) as well as an unregistered
  dataset;
- **the run**: events of one runId are one run (graph/runs.py), with every state it reported;
  an event it already reported (same state and time) is acknowledged and writes nothing;
- **the hop**: when a run completes, the hop it ran as is recorded: one activity per job of
  one performer over the same inputs and outputs, found again by its key on the job's next
  runs, which are added to it. Rule 3 (and rule 7 towards a product) is judged on every
  completed run's day and recorded as a finding rather than refused, since ingestion records
  what pipelines already did;
- **columns**: `schema` facets set the datasets' columns, `columnLineage` facets record
  column-to-column lineage on the hop (resolvers/columns.py).
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from graph import datasets as graph_datasets
from graph import ingestion, lineage, locks, resources, runs
from graph.db import Row
from graph.history import Span, local_date
from graph.shapes import ResourceAttrs
from resolvers.columns import column_attributes, hop_of, record_column_lineage, record_columns
from resolvers.context import Context
from resolvers.errors import Refusal
from resolvers.job_namespaces import performer_of
from resolvers.lineage import ActivityRecord, create_hop, judge_activity, processing_rights
from resolvers.openlineage_events import (
    DatasetFacts,
    EventFacts,
    IngestError,
    RunEvent,
    invalid,
    read_facts,
)
from resolvers.rules import RuleMode
from resolvers.writes import Locks, Write, dataset_lock, run_write
from schema.enums import ActivityKind

Identifier = tuple[str, str]
MAX_RUN_EVENTS = 1000  # past these, a run's further RUNNING and OTHER events are not kept


class Duplicate(Exception):
    """The run already reported this state at this time: nothing to write."""

    def __init__(self, run: Row) -> None:
        super().__init__("duplicate event")
        self.run = run


def _our_facet(event: RunEvent) -> dict[str, Any]:
    """The job's `rightsgraph` facet, an object when given."""
    facet = event.job.facets.get("rightsgraph", {})
    if not isinstance(facet, dict):
        raise invalid(
            "job.facets.rightsgraph",
            "the rightsgraph facet is an object",
            "rightsgraph元数据须为对象",
        )
    return facet


def _activity_kind(facet: dict[str, Any]) -> ActivityKind:
    kind = str(facet.get("kind") or "PROCESS").upper()
    if kind not in ActivityKind.__members__ or kind == "PRODUCE":
        raise invalid(
            "job.facets.rightsgraph.kind",
            f"unknown activity kind {kind}",
            f"未知的处理活动类型{kind}",
        )
    return ActivityKind[kind]


def _credit_code(facet: dict[str, Any]) -> str | None:
    code = facet.get("performerCreditCode")
    if code is not None and (not isinstance(code, str) or len(code) > 18):
        raise invalid(
            "job.facets.rightsgraph.performerCreditCode",
            "performerCreditCode is a unified social credit code (18 characters)",
            "performerCreditCode须为18位统一社会信用代码",
        )
    return code or None


@dataclass
class Ingestion:
    """One event on its way into the registry."""

    event: RunEvent
    facts: EventFacts
    kind: ActivityKind
    credit_code: str | None
    keys: dict[Identifier, str]  # identifier -> dataset key
    assets: dict[Identifier, tuple[str, str]] = field(default_factory=dict)  # -> (type, id)
    created: list[str] = field(default_factory=list)
    activity_id: str | None = None
    hop_recorded: bool = False
    lineage_keys: list[str] = field(default_factory=list)  # column lineages the hop has
    run: Row | None = None

    @property
    def run_id(self) -> str:
        return str(self.event.run.runId)


def prepare(event: RunEvent) -> Ingestion:
    """Everything about the event that needs no database; an IngestError says what is
    malformed."""
    facts = read_facts(event)
    facet = _our_facet(event)
    keys = {
        identifier: graph_datasets.dataset_key(*identifier) for identifier in facts.identifiers()
    }
    return Ingestion(event, facts, _activity_kind(facet), _credit_code(facet), keys)


async def ingest(ctx: Context, event: RunEvent, sent: dict[str, Any]) -> dict[str, Any]:
    """Record one event (`sent`: as the client sent it, for the audit trail); the answer
    the endpoint returns."""
    job = prepare(event)
    lenient = Context(
        db=ctx.db,
        actor=ctx.actor,
        max_page_size=ctx.max_page_size,
        now=ctx.now,
        clock_source=ctx.clock_source,
        rule_modes=ctx.rule_modes
        | {"PROCESSING_NEEDS_RIGHT": RuleMode.WARN, "PERSONAL_DATA_ANONYMIZED": RuleMode.WARN},
    )

    async def work(write: Write) -> list[str]:
        job.assets, job.created = {}, []
        job.activity_id, job.hop_recorded, job.lineage_keys = None, False, []
        return await _record(write, job)

    try:
        # No locks declared: the first statement locks the run (graph/ingestion.py), and
        # identifiers are locked only if nobody linked them, so events reading a busy
        # registered dataset do not wait for each other.
        written = await run_write(lenient, "ingestOpenLineage", sent, work, None, Locks())
    except Duplicate as duplicate:
        return _answer(job, duplicate.run, recorded=False, findings=[])
    except Refusal as refused:
        first = refused.errors[0]
        raise IngestError(
            422, first.code.name, first.message, first.field, first.message_zh
        ) from refused
    assert job.run is not None
    return _answer(job, job.run, recorded=True, findings=written.findings)


def _answer(job: Ingestion, run: Row, recorded: bool, findings: list[str]) -> dict[str, Any]:
    events = list(zip(run["states"], run["eventTimes"], strict=True))
    return {
        "recorded": recorded,
        "duplicate": not recorded,
        "eventType": job.event.state,
        "runId": job.run_id,
        "run": run["id"],
        "state": runs.summary(events).state,
        "activityId": run.get("activityId"),
        "hopRecorded": job.hop_recorded,
        "createdResourceIds": job.created,
        "findings": findings,
    }


async def _record(write: Write, job: Ingestion) -> list[str]:
    event, new_id = job.event, str(uuid.uuid4())
    found = await ingestion.begin(
        write.tx,
        job.run_id,
        new_id,
        event.job.namespace,
        event.producer,
        list(job.keys.values()),
        write.now,
    )
    run: Row | None = found["run"] if found["run"]["states"] else None
    if run is not None and _already_told(run, event):
        raise Duplicate(run)
    if found["run"]["id"] == new_id:
        write.created[new_id] = None
    performer = await _performer(write, job, run, found["performer"])
    day = local_date(event.eventTime)
    linked = await _resolve(write, job, performer, day, found["linked"])
    inputs = _side(job, job.facts.inputs, run, "inputIds")
    outputs = _side(job, job.facts.outputs, run, "outputIds")
    if event.state == "COMPLETE" and (run is None or run.get("activityId") is None):
        job.activity_id = await _hop(write, job, performer, inputs, outputs)
    run_record = await _record_run(write, job, run, performer, inputs, outputs)
    changed = await record_columns(write, job.assets, job.facts, day, _columns_of(linked))
    if job.activity_id is not None:
        hop = hop_of(job.activity_id, job.kind.name, event.eventTime, performer["id"])
        await record_column_lineage(write, hop, job.lineage_keys, job.assets, job.facts)
    return [job.activity_id or run_record, run_record, *job.created, *changed]


def _already_told(run: Row, event: RunEvent) -> bool:
    """The run reported this state at this time before (a client's retry), or it has
    reported so much that only its end is still kept."""
    moment = (event.state, event.eventTime)
    if moment in zip(run["states"], run["eventTimes"], strict=True):
        return True
    return len(run["states"]) >= MAX_RUN_EVENTS and event.state not in runs.TERMINAL


def _columns_of(linked: dict[str, Row]) -> dict[str, list[Span]]:
    """The current records' columns of each linked asset, as spans to compare."""
    return {
        row["assetId"]: [
            Span(state["validFrom"], state.get("validTo"), dict(state))
            for state in sorted(row["states"], key=lambda state: state["validFrom"])
        ]
        for row in linked.values()
    }


async def _performer(write: Write, job: Ingestion, run: Row | None, mapped: Row | None) -> Row:
    """The run's performer: as recorded with its first event, else found for this one."""
    if run is not None:
        return {
            "id": run["performerId"],
            "regionId": run["regionId"],
            "regionPath": run["regionPath"],
        }
    return await performer_of(write, job.event.job.namespace, job.credit_code, mapped)


async def _resolve(
    write: Write, job: Ingestion, performer: Row, day: date, linked: dict[str, Row]
) -> dict[str, Row]:
    """Each dataset's asset; datasets nobody linked become unregistered resources. Answers
    the links, as read again under the lock of any identifier nobody had linked."""
    unlinked = [key for key in job.keys.values() if key not in linked]
    if unlinked:  # lock, then read again: a racing event may have linked it meanwhile
        await locks.lock_keys(write.tx, [dataset_lock(key) for key in unlinked])
        linked = linked | await graph_datasets.linked(write.tx, unlinked)
    facts = list(job.facts.inputs + job.facts.outputs)
    named = {f.identifier for f in facts}
    facts += [DatasetFacts(i) for i in job.facts.identifiers() if i not in named]
    links: list[dict[str, Any]] = []
    for dataset in facts:
        if dataset.identifier in job.assets:
            continue
        identifiers = [dataset.identifier, *dataset.aliases]
        found = next((linked[job.keys[i]] for i in identifiers if job.keys[i] in linked), None)
        if found is not None:
            asset = (found["type"], found["assetId"])
        else:
            asset = ("DataResource", await _unregistered(write, dataset, performer, day))
            job.created.append(asset[1])
            links += [
                {
                    "key": job.keys[i],
                    "namespace": i[0],
                    "name": i[1],
                    "assetId": asset[1],
                    "newId": str(uuid.uuid4()),
                }
                for i in dict.fromkeys(identifiers)
                if job.keys[i] not in linked
            ]
        for identifier in identifiers:
            job.assets.setdefault(identifier, asset)
    for row in await graph_datasets.link(write.tx, links, write.now):
        if row["created"]:
            write.created[row["datasetId"]] = None
    return linked


async def _unregistered(write: Write, dataset: DatasetFacts, performer: Row, day: date) -> str:
    """A resource for a dataset nobody linked: no source unit, no holder, the performer's
    region (whose registrar should see it)."""
    namespace, name = dataset.identifier
    resource_id = write.new_id()
    code = (
        "OL-"
        + hashlib.sha256(graph_datasets.dataset_key(namespace, name).encode()).hexdigest()[:16]
    )
    await resources.create_resource(
        write.tx,
        {
            "id": resource_id,
            "catalogCode": code,
            "sourceId": None,
            "regionId": performer["regionId"],
        },
        write.now,
        write.ctx.actor.subject,
    )
    attrs: ResourceAttrs = {
        "catalogCode": code,
        "nameZh": name[:200],
        "nameEn": name[:300],
        "description": f"OpenLineage dataset {name} in namespace {namespace}, not registered",
        "category": "ENTERPRISE",
        "grade": "GENERAL",
        "sector": "OTHER",
        "platform": "OWN_SYSTEM",
        "accessMode": "NOT_AGGREGATED",
        "openness": "NOT_OPEN",
        "openListYears": [],
        "containsPersonalInfo": False,
        "sourceId": None,
        "regionId": performer["regionId"],
        "regionPath": performer["regionPath"],
        "datasetNamespace": namespace,
        "datasetName": name,
        "unregistered": True,
    }
    columns = column_attributes(dataset.columns) if dataset.columns is not None else {}
    await write.save_timeline("ResourceState", resource_id, [Span(day, None, {**attrs, **columns})])
    return resource_id


def _side(
    job: Ingestion, datasets: list[DatasetFacts], run: Row | None, recorded: str
) -> list[tuple[str, str]]:
    """The assets of one side of the run: those its earlier events named, then this one's."""
    assets = dict.fromkeys(job.assets[d.identifier] for d in datasets)
    earlier = list((run or {}).get(recorded) or [])
    types = (run or {}).get(recorded.replace("Ids", "Types")) or []
    return list(dict.fromkeys([*zip(types, earlier, strict=True), *assets]))


def hop_key(performer_id: str, kind: str, job: str, inputs: list[str], outputs: list[str]) -> str:
    """What makes two runs one hop: the same job of the same performer over the same
    inputs and outputs."""
    parts = [performer_id, kind, job, sorted(inputs), sorted(outputs)]
    return hashlib.sha256(json.dumps(parts).encode()).hexdigest()


async def _hop(
    write: Write,
    job: Ingestion,
    performer: Row,
    inputs: list[tuple[str, str]],
    outputs: list[tuple[str, str]],
) -> str:
    """The hop this completed run ran as: rules judged on its day, the hop recorded the
    first time the job runs over these datasets, found by its key the next times."""
    event = job.event
    name = f"{event.job.namespace}/{event.job.name}"
    record = ActivityRecord(
        kind=job.kind,
        performer_id=performer["id"],
        at=event.eventTime,
        used=inputs,
        generated=outputs,
        name=name,
        run_id=job.run_id,
    )
    key = hop_key(
        performer["id"], job.kind.name, name, [i for _, i in inputs], [o for _, o in outputs]
    )
    existing, held = await ingestion.hop_and_rights(
        write.tx, key, performer["id"], processing_rights(record), local_date(event.eventTime)
    )
    checked = await judge_activity(write, record, performer["regionPath"], held)
    if existing is not None:
        job.lineage_keys = list(existing["columnLineageKeys"])
        return str(existing["id"])
    # A product's registration already draws its PRODUCE hop from each input.
    made = await lineage.produced_from(write.tx, [o for _, o in outputs], [i for _, i in inputs])
    skip = [[row["outputId"], row["inputId"]] for row in made]
    job.hop_recorded = True
    return await create_hop(write, record, checked, performer["regionPath"], {"hopKey": key}, skip)


async def _record_run(
    write: Write,
    job: Ingestion,
    run: Row | None,
    performer: Row,
    inputs: list[tuple[str, str]],
    outputs: list[tuple[str, str]],
) -> str:
    event = job.event
    earlier = list(zip(run["states"], run["eventTimes"], strict=True)) if run else []
    told = runs.summary([*earlier, (event.state, event.eventTime)])
    fields: dict[str, Any] = {
        "state": told.state,
        "startedAt": told.started_at,
        "endedAt": told.ended_at,
        "lastEventTime": told.last_event_time,
        "day": local_date(told.started_at),
        "inputIds": [i for _, i in inputs],
        "inputTypes": [t for t, _ in inputs],
        "outputIds": [o for _, o in outputs],
        "outputTypes": [t for t, _ in outputs],
    }
    if job.activity_id is not None:
        fields["activityId"] = job.activity_id
        fields["completedOn"] = local_date(event.eventTime)
    if run is None:
        fields |= {
            "jobNamespace": event.job.namespace,
            "jobName": event.job.name,
            "performerId": performer["id"],
            "regionId": performer["regionId"],
            "regionPath": performer["regionPath"],
            "producer": event.producer,
            "parentRunId": job.facts.parent_run_id,
            "parentJob": job.facts.parent_job,
        }
    job.run = await runs.record(
        write.tx, job.run_id, event.state, event.eventTime, fields, write.now
    )
    return str(job.run["id"])
