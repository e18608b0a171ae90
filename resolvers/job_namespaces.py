"""Who runs the jobs of an OpenLineage job namespace (article 5: every processing has an
accountable performer).

Pipelines name their jobs in namespaces of their own (`airflow-prod`, `spark-etl`), which
say nothing of who runs them. A registrar maps a namespace once to the party that runs its
jobs (`mapJobNamespace`), for all its producers or for those whose producer URI starts with
a prefix. An event's performer is, in this order: the party named by credit code in its
job's `rightsgraph` facet; the mapping of its job namespace and producer; the party whose
unified social credit code is the namespace itself. An event matching none is refused (422
`UNMAPPED_JOB_NAMESPACE`, saying how to map it), never recorded without a performer.
"""

from __future__ import annotations

from typing import Annotated, Any

import strawberry
from pydantic import Field

from graph import job_namespaces as graph_job_namespaces
from graph import parties
from graph.db import Row
from graph.domain import ErrorCode
from resolvers.context import Context
from resolvers.errors import answers_refusals, user_error
from resolvers.fields import PAGE, AsRecordedAt, Key, arg, paged, result_union, writes
from resolvers.ids import decode_id, filter_id, not_found
from resolvers.jurisdiction import jurisdiction_violations
from resolvers.pagination import PageArgs, paginate
from resolvers.validation import InputModel, validated
from resolvers.views import view_of
from resolvers.writes import Locks, Write, plain_inputs, run_write
from schema.enums import JobNamespaceSortField
from schema.errors import Rejection
from schema.permissions import CanReadRegistry
from schema.runs import (
    JobNamespaceMapping,
    JobNamespaceMappingConnection,
    MapJobNamespaceInput,
    UnmapJobNamespaceInput,
)

Info = strawberry.Info[Context, None]


class Mapping(InputModel):
    namespace: str = Field(min_length=1, max_length=500)
    producer: str = Field("", max_length=2000)


def _lock(mapping: Mapping) -> str:
    return f"jobNamespace:{mapping.namespace}\n{mapping.producer}"


def _mapping(raw: dict[str, Any]) -> Mapping:
    return validated(
        Mapping, {"namespace": raw["namespace"], "producer": raw.get("producer") or ""}
    )


async def _current(ctx: Context, mapping: Mapping) -> JobNamespaceMapping:
    async def read(tx: Any) -> Row | None:
        return await graph_job_namespaces.current(tx, mapping.namespace, mapping.producer)

    row = await ctx.db.read_tx(read)
    assert row is not None, "a mapping written in a committed transaction must be readable"
    return JobNamespaceMapping.from_row(row)


@answers_refusals
async def map_job_namespace(
    info: Info, input: MapJobNamespaceInput, idempotency_key: str | None
) -> JobNamespaceMapping:
    ctx = info.context
    raw = plain_inputs(input)
    mapping = _mapping(raw)
    performer_id = decode_id(input.performer_id, "input.performerId", "Party")[1]

    async def work(write: Write) -> list[str]:
        performer = await parties.party_with_region(write.tx, performer_id)
        if performer is None:
            write.refuse(not_found("input.performerId", "Party", performer_id))
        write.judge(
            await jurisdiction_violations(ctx, performer["regionPath"], "input.performerId")
        )
        superseded = await graph_job_namespaces.supersede(
            write.tx, mapping.namespace, mapping.producer, write.now
        )
        mapping_id = write.new_id()
        fields = {
            "id": mapping_id,
            "namespace": mapping.namespace,
            "producer": mapping.producer,
            "performerId": performer_id,
            "recordedBy": ctx.actor.subject,
        }
        await graph_job_namespaces.create(write.tx, fields, write.now)
        return [mapping_id, *superseded, performer_id]

    await run_write(
        ctx, "mapJobNamespace", raw, work, idempotency_key, Locks(keys=(_lock(mapping),))
    )
    return await _current(ctx, mapping)


@answers_refusals
async def unmap_job_namespace(
    info: Info, input: UnmapJobNamespaceInput, idempotency_key: str | None
) -> JobNamespaceMapping:
    ctx = info.context
    raw = plain_inputs(input)
    mapping = _mapping(raw)
    ended: dict[str, Row] = {}

    async def work(write: Write) -> list[str]:
        row = await graph_job_namespaces.current(write.tx, mapping.namespace, mapping.producer)
        if row is None:
            write.refuse(
                user_error(
                    ErrorCode.NOT_FOUND,
                    "input.namespace",
                    f"job namespace {mapping.namespace} is not mapped for this producer",
                    f"作业命名空间{mapping.namespace}未作此映射",
                )
            )
        performer = await parties.party_with_region(write.tx, row["performerId"])
        region = performer["regionPath"] if performer else None
        write.judge(await jurisdiction_violations(ctx, region, "input.namespace"))
        await graph_job_namespaces.supersede(
            write.tx, mapping.namespace, mapping.producer, write.now
        )
        ended["row"] = row | {"supersededAt": write.now}
        return [row["id"]]

    await run_write(
        ctx, "unmapJobNamespace", raw, work, idempotency_key, Locks(keys=(_lock(mapping),))
    )
    return JobNamespaceMapping.from_row(ended["row"])


async def performer_of(
    write: Write, namespace: str, credit_code: str | None, mapped: Row | None
) -> Row:
    """The performer of an event's job, with its region (see the module's docstring), given
    the party its namespace and producer are mapped to, if any (graph/ingestion.py reads
    it); a Refusal says why there is none."""
    if credit_code:
        named = await _by_credit_code(write, credit_code)
        if named is None:
            write.refuse(
                user_error(
                    ErrorCode.NOT_FOUND,
                    "job.facets.rightsgraph.performerCreditCode",
                    f"no registered party has the credit code {credit_code}",
                    f"没有已登记主体持有统一社会信用代码{credit_code}",
                )
            )
        return named
    if mapped is not None:
        return mapped
    by_code = await _by_credit_code(write, namespace)
    if by_code is not None:
        return by_code
    write.refuse(
        user_error(
            ErrorCode.UNMAPPED_JOB_NAMESPACE,
            "job.namespace",
            f"job namespace {namespace!r} is mapped to no performer: a registrar maps it once "
            f'with mapJobNamespace(input: {{namespace: "{namespace}", performerId: "<party>"}}), '
            "then its events are recorded as that party's processing",
            f"作业命名空间「{namespace}」尚未映射执行主体：请登记人员先调用mapJobNamespace将其映射到"
            "执行该作业的主体，此后该命名空间的事件即记为该主体的处理活动",
        )
    )


async def _by_credit_code(write: Write, code: str) -> Row | None:
    party = await parties.party_by_credit_code(write.tx, code.upper())
    if party is None:
        return None
    return await parties.party_with_region(write.tx, party["id"])


async def list_mappings(
    info: Info,
    namespace: str | None,
    performer_id: str | None,
    args: PageArgs,
    as_recorded_at: Any,
) -> JobNamespaceMappingConnection:
    ctx = info.context
    at = view_of(ctx, None, as_recorded_at)
    filters = {
        "namespace": namespace,
        "performerId": filter_id(performer_id, "performerId", "Party"),
        "recordedAt": at.recorded_at,
    }
    return await paginate(
        ctx,
        JobNamespaceMappingConnection,
        graph_job_namespaces.MAPPINGS,
        filters,
        args,
        JobNamespaceMapping.from_row,
    )


MappingResult = Annotated[
    JobNamespaceMapping | Rejection,
    result_union(
        "JobNamespaceMappingResult",
        "The mapping, or why the write was refused 作业命名空间映射结果.",
    ),
]


@strawberry.type(description="Reading job namespace mappings 作业命名空间.")
class JobNamespaceQuery:
    @strawberry.field(
        description="Job namespaces mapped to the parties that run their jobs, as recorded "
        "at a moment 作业命名空间映射.",
        permission_classes=[CanReadRegistry],
    )
    @paged(JobNamespaceSortField.NAMESPACE)
    async def job_namespaces(
        self,
        info: Info,
        namespace: Annotated[str | None, arg("Only this namespace.")] = None,
        performer_id: Annotated[strawberry.ID | None, arg("Only this performer's.")] = None,
        page: PageArgs = PAGE,
        as_recorded_at: AsRecordedAt = None,
    ) -> JobNamespaceMappingConnection:
        return await list_mappings(info, namespace, performer_id, page, as_recorded_at)


@strawberry.type(description="Recording job namespace mappings 作业命名空间.")
class JobNamespaceMutation:
    @writes(
        "Map an OpenLineage job namespace to the party that runs its jobs 映射作业命名空间; "
        "mapping it again replaces the mapping. The party must be in the registrar's region."
    )
    async def map_job_namespace(
        self,
        info: Info,
        input: Annotated[MapJobNamespaceInput, arg("The namespace and its performer.")],
        idempotency_key: Key = None,
    ) -> MappingResult:
        return await map_job_namespace(info, input, idempotency_key)

    @writes("Stop mapping a job namespace 解除作业命名空间映射; its events are then refused.")
    async def unmap_job_namespace(
        self,
        info: Info,
        input: Annotated[UnmapJobNamespaceInput, arg("The namespace.")],
        idempotency_key: Key = None,
    ) -> MappingResult:
        return await unmap_job_namespace(info, input, idempotency_key)
