"""OpenLineage run events (https://openlineage.io/spec) as processing activities.

A COMPLETE event becomes an activity: the job is the activity, its inputs and outputs
datasets mapped to resources by `namespace/name`. The performer is named by the job facet
`rightsgraph` (`{"performerCreditCode": ..., "kind": "CLEAN"}`), else by the job's
namespace read as a unified social credit code. A dataset the registry does not know is
created as an unregistered resource of the performer and reported by `findings`; breaches
of rules 3 and 7 are recorded as findings rather than refused, since ingestion records
what pipelines already did. START, RUNNING, FAIL and ABORT are acknowledged; they record
no lineage.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BaseModel, Field, field_validator

from graph import resources
from graph.history import Span, local_date
from graph.openlineage import dataset_resources, party_by_credit_code
from graph.shapes import ResourceAttrs
from resolvers.context import Context
from resolvers.errors import Refusal
from resolvers.lineage import ActivityRecord, save_activity
from resolvers.rights import create_right
from resolvers.rules import RuleMode
from resolvers.validation import CONTROL_CHARACTERS
from resolvers.writes import Locks, Write, dataset_key, run_write
from schema.enums import ActivityKind


def _text(value: str) -> str:
    if CONTROL_CHARACTERS.search(value):
        raise ValueError("text may not hold control characters such as NUL")
    return value


# Names as pipelines write them: a namespace is a URI-like scheme and authority, a name
# can be a long path; past these caps a name is no name.
Namespace = Annotated[str, Field(min_length=1, max_length=500), AfterValidator(_text)]
Name = Annotated[str, Field(min_length=1, max_length=1000), AfterValidator(_text)]


class Dataset(BaseModel):
    namespace: Namespace
    name: Name
    facets: dict[str, Any] = Field(default_factory=dict)

    @property
    def key(self) -> str:
        return f"{self.namespace}/{self.name}"


class Job(BaseModel):
    namespace: Namespace
    name: Name
    facets: dict[str, Any] = Field(default_factory=dict)


class Run(BaseModel):
    runId: uuid.UUID
    facets: dict[str, Any] = Field(default_factory=dict)


class RunEvent(BaseModel):
    eventType: Literal["START", "RUNNING", "COMPLETE", "FAIL", "ABORT", "OTHER"] | None = None
    eventTime: datetime

    @field_validator("eventTime")
    @classmethod
    def _a_real_moment(cls, value: datetime) -> datetime:
        """A run happened between 1970 and a day from now (clocks drift); a naive time is
        taken as UTC."""
        moment = value if value.tzinfo else value.replace(tzinfo=UTC)
        if not datetime(1970, 1, 1, tzinfo=UTC) <= moment <= datetime.now(UTC) + timedelta(days=1):
            raise ValueError("eventTime lies outside 1970 to a day from now")
        return moment

    run: Run
    job: Job
    inputs: list[Dataset] = Field(default_factory=list)
    outputs: list[Dataset] = Field(default_factory=list)
    producer: Annotated[str, Field(max_length=2000), AfterValidator(_text)]
    schemaURL: Annotated[str, Field(max_length=2000), AfterValidator(_text)] | None = None

    def facet_groups(self) -> Iterator[tuple[str, dict[str, Any]]]:
        """Every facets object of the event, with its place (`outputs.0.facets`)."""
        yield "run.facets", self.run.facets
        yield "job.facets", self.job.facets
        for side, datasets in (("inputs", self.inputs), ("outputs", self.outputs)):
            for index, dataset in enumerate(datasets):
                yield f"{side}.{index}.facets", dataset.facets


class IngestError(Exception):
    """An event refused: HTTP status, stable code, reasons in English and Chinese."""

    def __init__(
        self, status: int, code: str, message: str, field: str | None, message_zh: str
    ) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.field = status, code, message, field
        self.message_zh = message_zh


def _our_facet(job: Job) -> dict[str, Any]:
    """The job's `rightsgraph` facet, an object when given."""
    facet = job.facets.get("rightsgraph", {})
    if not isinstance(facet, dict):
        raise IngestError(
            422,
            "INVALID_INPUT",
            "the rightsgraph facet is an object",
            "job.facets",
            "rightsgraph元数据须为对象",
        )
    return facet


def _activity_kind(job: Job) -> ActivityKind:
    kind = str(_our_facet(job).get("kind") or "PROCESS").upper()
    if kind not in ActivityKind.__members__:
        raise IngestError(
            422,
            "INVALID_INPUT",
            f"unknown activity kind {kind}",
            "job.facets",
            f"未知的处理活动类型{kind}",
        )
    return ActivityKind[kind]


def _performer_code(job: Job) -> str:
    return str(_our_facet(job).get("performerCreditCode") or job.namespace)


async def _unregistered(
    write: Write, dataset: Dataset, performer: dict[str, Any], day: date
) -> str:
    """A resource for a dataset the registry does not know, held by the performer."""
    resource_id = write.new_id()
    code = "OL-" + hashlib.sha256(dataset.key.encode()).hexdigest()[:16]
    await resources.create_resource(
        write.tx,
        {
            "id": resource_id,
            "catalogCode": code,
            "sourceId": performer["id"],
            "regionId": performer["regionId"],
        },
        write.now,
        write.ctx.actor.subject,
    )
    attrs: ResourceAttrs = {
        "catalogCode": code,
        "nameZh": dataset.name,
        "nameEn": dataset.name,
        "description": f"OpenLineage dataset {dataset.key}, not registered",
        "category": "ENTERPRISE",
        "grade": "GENERAL",
        "sector": "OTHER",
        "platform": "OWN_SYSTEM",
        "accessMode": "NOT_AGGREGATED",
        "openness": "NOT_OPEN",
        "openListYears": [],
        "containsPersonalInfo": False,
        "sourceId": performer["id"],
        "regionId": performer["regionId"],
        "regionPath": performer["regionPath"],
        "datasetKey": dataset.key,
        "unregistered": True,
    }
    await write.save_timeline("ResourceState", resource_id, [Span(day, None, dict(attrs))])
    await create_right(
        write,
        kind="HOLDING",
        holder_id=performer["id"],
        object_id=resource_id,
        object_type="DataResource",
        region_path=performer["regionPath"],
        basis="ORIGINAL_HOLDING",
        basis_reference=None,
        valid_from=day,
        valid_to=None,
    )
    return resource_id


async def ingest(ctx: Context, event: RunEvent) -> dict[str, Any]:
    if event.eventType != "COMPLETE":
        return {"recorded": False, "eventType": event.eventType, "runId": str(event.run.runId)}
    kind = _activity_kind(event.job)
    day = local_date(event.eventTime)
    lenient = Context(
        db=ctx.db,
        actor=ctx.actor,
        max_page_size=ctx.max_page_size,
        now=ctx.now,
        clock_source=ctx.clock_source,
        rule_modes=ctx.rule_modes
        | {"PROCESSING_NEEDS_RIGHT": RuleMode.WARN, "PERSONAL_DATA_ANONYMIZED": RuleMode.WARN},
    )
    created: list[str] = []

    async def work(write: Write) -> list[str]:
        performer = await party_by_credit_code(write.tx, _performer_code(event.job))
        if performer is None:
            raise IngestError(
                422,
                "NOT_FOUND",
                "no registered party has the performer's credit "
                "code (job.namespace or job.facets.rightsgraph)",
                "job",
                "没有已登记主体持有执行方的统一社会信用代码（job.namespace或job.facets.rightsgraph）",
            )
        known = await dataset_resources(write.tx, [d.key for d in event.inputs + event.outputs])
        for dataset in event.inputs + event.outputs:
            if dataset.key not in known:
                known[dataset.key] = await _unregistered(write, dataset, performer, day)
                created.append(known[dataset.key])
        record = ActivityRecord(
            kind=kind,
            performer_id=performer["id"],
            at=event.eventTime,
            used=[("DataResource", known[d.key]) for d in event.inputs],
            generated=[("DataResource", known[d.key]) for d in event.outputs],
            name=f"{event.job.namespace}/{event.job.name}",
            run_id=str(event.run.runId),
        )
        return [await save_activity(write, record), *created]

    try:
        written = await run_write(
            lenient,
            "ingestOpenLineage",
            event.model_dump(mode="json"),
            work,
            f"openlineage:{event.run.runId}:COMPLETE",
            Locks(keys=tuple(dataset_key(d.key) for d in event.inputs + event.outputs)),
        )
    except Refusal as refused:
        first = refused.errors[0]
        raise IngestError(
            422, first.code.name, first.message, first.field, first.message_zh
        ) from refused
    return {
        "recorded": True,
        "activityId": written.affected_ids[0],
        "createdResourceIds": written.affected_ids[1:],
        "findings": written.findings,
        "replayed": written.replayed,
    }
