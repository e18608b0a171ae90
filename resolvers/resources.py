"""Registering, revising and listing data resources."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from datetime import date
from functools import partial
from typing import Annotated, Any

import strawberry
from pydantic import Field, field_validator, model_validator

from graph import parties, regions, resources, rights
from graph.domain import Ability, ErrorCode
from graph.history import Span, TimePoint, end_at, revise
from graph.pagination import Page
from graph.parties import PARTY_KEYS
from graph.shapes import ResourceAttrs
from resolvers.context import Context
from resolvers.datasets import (
    dataset_identifiers,
    identifier_locks,
    link_datasets,
    replace_datasets,
)
from resolvers.errors import Refusal, answers_refusals, user_error
from resolvers.fields import PAGE, AsOf, AsRecordedAt, Key, arg, paged, result_union, writes
from resolvers.ids import decode_id, filter_id, not_found
from resolvers.jurisdiction import jurisdiction_violations, timeline_in_jurisdiction
from resolvers.loaders import projected_found
from resolvers.pagination import Along, PageArgs, paginate
from resolvers.prefetch import node_fields, node_subfields, prefetch
from resolvers.regions import subtree_path
from resolvers.rights import create_right
from resolvers.rules import Violation
from resolvers.validation import CATALOG_CODE, InputModel, valid_to_after_valid_from, validated
from resolvers.views import view_of, written_record
from resolvers.writes import Locks, Write, catalog_key, plain_inputs, run_write
from schema.enums import (
    AccessMode,
    DataCategory,
    DataGrade,
    Openness,
    Platform,
    ResourceSortField,
    Sector,
)
from schema.errors import Rejection, UserError
from schema.loaders import Projected
from schema.party import Party
from schema.party import stored_keys as party_stored_keys
from schema.plain import ValueRows
from schema.resource import (
    DataResource,
    DataResourceConnection,
    RegisterDataResourceInput,
    ResourceFilter,
    ReviseDataResourceInput,
)
from schema.resource import stored_keys as resource_stored_keys
from schema.right import Right, right_columns, stored_keys

Info = strawberry.Info[Context, None]
log = logging.getLogger(__name__)

STATE = "ResourceState"


class ResourceRegistration(InputModel):
    catalog_code: str = Field(pattern=CATALOG_CODE)
    name_zh: str = Field(min_length=2, max_length=200)
    name_en: str | None = Field(None, max_length=300)
    description: str | None = Field(None, max_length=4000)
    category: DataCategory
    grade: DataGrade
    sector: Sector
    source_id: str
    region_code: str | None = Field(None, pattern=r"^\d{6}(\d{3}(\d{3})?)?$")
    platform: Platform
    access_mode: AccessMode
    openness: Openness
    open_list_years: list[int] = Field(default_factory=list)
    contains_personal_info: bool
    valid_from: date
    valid_to: date | None = None

    _interval = field_validator("valid_to")(valid_to_after_valid_from)

    @model_validator(mode="after")
    def _consistent(self) -> ResourceRegistration:
        if self.category is DataCategory.PERSONAL:
            self.contains_personal_info = True
        return self

    def attributes(self, source_id: str, region_id: str, region_path: str) -> ResourceAttrs:
        return {
            "catalogCode": self.catalog_code,
            "nameZh": self.name_zh,
            "nameEn": self.name_en,
            "description": self.description,
            "category": self.category.name,
            "grade": self.grade.name,
            "sector": self.sector.name,
            "platform": self.platform.name,
            "accessMode": self.access_mode.name,
            "openness": self.openness.name,
            "openListYears": self.open_list_years,
            "containsPersonalInfo": self.contains_personal_info,
            "sourceId": source_id,
            "regionId": region_id,
            "regionPath": region_path,
        }


def one_source_violations(existing: list[dict[str, Any]], source_id: str) -> list[Violation]:
    """Rule 1: the same data (catalogue code) already has a source unit."""
    return [
        Violation(
            "ONE_SOURCE",
            "input.catalogCode",
            f"this data is already registered as {row['nameZh']} from {row['sourceName']}"
            + ("" if row["sourceId"] == source_id else "; obtain it by sharing instead"),
            f"该数据已登记为「{row['nameZh']}」，来源单位为{row['sourceName']}"
            + ("" if row["sourceId"] == source_id else "，可通过共享获取，不得重复采集"),
            existing=("DataResource", row["id"]),
        )
        for row in existing
    ]


def no_region_for_foreign_source() -> UserError:
    return user_error(
        ErrorCode.INVALID_INPUT,
        "input.regionCode",
        "the source unit is a foreign party, with no Qinzhou region to default to: "
        "give regionCode, the region the data belongs to",
        "来源单位为境外主体，没有本市行政区划可作默认：请填写数据所属行政区划（regionCode）",
        article="第十九条",
    )


@answers_refusals
async def register_data_resource(
    info: Info, input: RegisterDataResourceInput, idempotency_key: str | None
) -> DataResource:
    ctx = info.context
    raw = plain_inputs(input)
    checked = validated(ResourceRegistration, raw)
    source_id = decode_id(checked.source_id, "input.sourceId", "Party")[1]
    identifiers = dataset_identifiers(raw.get("datasets"), "input.datasets")

    async def work(write: Write) -> list[str]:
        source = await parties.party_with_region(write.tx, source_id)
        if source is None:
            write.refuse(not_found("input.sourceId", "Party", source_id))
        region_id = checked.region_code or source["regionId"]
        if region_id is None:
            write.refuse(no_region_for_foreign_source())
        region_path = await regions.region_path(write.tx, region_id)
        if region_path is None:
            write.refuse(not_found("input.regionCode", "Region", region_id))
        existing = await resources.same_data(
            write.tx, checked.catalog_code, checked.valid_from, checked.valid_to
        )
        write.judge(
            [
                *await jurisdiction_violations(ctx, region_path, "input.regionCode"),
                *one_source_violations(existing, source_id),
            ]
        )
        resource_id = write.new_id()
        await resources.create_resource(
            write.tx,
            {
                "id": resource_id,
                "catalogCode": checked.catalog_code,
                "sourceId": source_id,
                "regionId": region_id,
            },
            write.now,
            write.ctx.actor.subject,
        )
        span = Span(
            checked.valid_from,
            checked.valid_to,
            dict(checked.attributes(source_id, region_id, region_path)),
        )
        await write.save_timeline(STATE, resource_id, [span])
        holding = await create_right(
            write,
            kind="HOLDING",
            holder_id=source_id,
            object_id=resource_id,
            object_type="DataResource",
            region_path=region_path,
            basis="ORIGINAL_HOLDING",
            basis_reference=None,
            valid_from=checked.valid_from,
            valid_to=checked.valid_to,
        )
        linked = await link_datasets(write, resource_id, identifiers, "input.datasets")
        return [resource_id, holding, *linked]

    written = await run_write(
        ctx,
        "registerDataResource",
        raw,
        work,
        idempotency_key,
        Locks(keys=(catalog_key(checked.catalog_code), *identifier_locks(identifiers))),
    )
    return await written_record(ctx, written, STATE, DataResource.from_state)


_REVISABLE = {
    "nameZh",
    "nameEn",
    "description",
    "category",
    "grade",
    "sector",
    "platform",
    "accessMode",
    "openness",
    "openListYears",
    "containsPersonalInfo",
}


@answers_refusals
async def revise_data_resource(
    info: Info, input: ReviseDataResourceInput, idempotency_key: str | None
) -> DataResource:
    ctx = info.context
    raw = plain_inputs(input)
    changes = {key: value for key, value in raw.items() if key in _REVISABLE and value is not None}
    identifiers = dataset_identifiers(raw.get("datasets"), "input.datasets")
    relinks = input.datasets is not None
    if not changes and input.valid_to is None and not relinks:
        raise Refusal(
            user_error(
                ErrorCode.INVALID_INPUT,
                "input",
                "nothing to change: give at least one new value, validTo or datasets",
                "未提供任何变更内容",
            )
        )
    resource_id = decode_id(input.resource_id, "input.resourceId", "DataResource")[1]

    async def work(write: Write) -> list[str]:
        spans = await timeline_in_jurisdiction(
            write, "DataResource", resource_id, "input.resourceId"
        )
        start = spans[0].valid_from
        if input.effective_from is not None and input.effective_from < start:
            write.refuse(
                user_error(
                    ErrorCode.DATE_ORDER,
                    "input.effectiveFrom",
                    f"the resource only exists from {start}",
                    f"该数据资源自{start}起才存在",
                )
            )
        if input.valid_to is not None and input.valid_to <= start:
            write.refuse(
                user_error(
                    ErrorCode.DATE_ORDER,
                    "input.validTo",
                    f"validTo must be after the resource's start, {start}",
                    f"失效日期须晚于生效日期{start}",
                )
            )
        revised = revise(spans, changes, input.effective_from)
        if input.valid_to is not None:
            revised = end_at(revised, input.valid_to)
        if changes or input.valid_to is not None:
            await write.save_timeline(STATE, resource_id, revised)
        relinked = await replace_datasets(write, resource_id, identifiers) if relinks else []
        return [resource_id, *relinked]

    written = await run_write(
        ctx,
        "reviseDataResource",
        raw,
        work,
        idempotency_key,
        Locks(keys=identifier_locks(identifiers), entities=(resource_id,)),
    )
    return await written_record(ctx, written, STATE, DataResource.from_state)


async def list_resources(
    info: Info,
    filter: ResourceFilter | None,
    args: PageArgs,
    as_of: date | None,
    as_recorded_at: Any,
) -> DataResourceConnection:
    ctx = info.context
    filter = filter or ResourceFilter()
    at = view_of(ctx, as_of, as_recorded_at)
    openness = [o.name for o in filter.openness] if filter.openness else None
    if not ctx.can(Ability.READ_REGISTRY):
        allowed = ["OPEN", "CONDITIONAL"]
        openness = [o for o in (openness or allowed) if o in allowed] or ["-"]
    filters = resources.resource_filter_params(
        at,
        categories=[c.name for c in filter.categories] if filter.categories else None,
        grades=[g.name for g in filter.grades] if filter.grades else None,
        sectors=[s.name for s in filter.sectors] if filter.sectors else None,
        openness=openness,
        underPath=await subtree_path(ctx, filter.region_code) if filter.region_code else None,
        sourceId=filter_id(filter.source_id, "filter.sourceId", "Party"),
        openListYear=filter.open_list_year,
    )
    rights_keys = stored_keys(node_subfields(info, "rights"))
    party_keys = party_stored_keys(
        node_subfields(info, "rights", "holder") | node_subfields(info, "source")
    )
    along = rights_along(ctx, info, at, rights_keys, party_keys)
    page = await paginate(
        ctx,
        DataResourceConnection,
        resources.RESOURCES,
        filters,
        args,
        lambda state: DataResource.from_state(state, at),
        along,
        resource_stored_keys(node_fields(info)),
    )
    nodes = [edge.node for edge in page.edges]
    holder_keys = party_keys if along is not None else None
    for node in nodes:
        node.source_keys = holder_keys
    loads: dict[str, Callable[[DataResource], Awaitable[Any] | None]] = {
        "source": lambda node: source_load(ctx, node)
    }
    if ctx.can(Ability.READ_REGISTRY):  # the field refuses anyone else: load nothing for it
        loads["rights"] = rights_loads(ctx, nodes, rights_keys, holder_keys)
    await prefetch(info, nodes, loads)
    return page


def source_load(ctx: Context, node: DataResource) -> Awaitable[Any] | None:
    """Where a node's source comes from: brought along with the page's rights (with
    `source_keys`), or else the party loader."""
    if node.source_id is None:
        return None
    if node.source_keys is None:
        return ctx.loaders.party.load(node.source_id)
    return ctx.loaders.party_projected.load((node.source_id, node.source_keys))


def rights_along(
    ctx: Context,
    info: Info,
    at: TimePoint,
    keys: tuple[str, ...] | None,
    party_keys: tuple[str, ...] | None,
) -> Along | None:
    """The rights a page of resources shows, with only the properties its selection reads
    (`keys`), and the parties the page names (the rights' holders, the resources' sources)
    with only those of `party_keys` (None: whole), in the page's own statement: one round
    trip for the page, where it took two. None when the page reads no rights, or cannot
    (the field refuses all but registry readers)."""
    wanted = node_fields(info)
    if "rights" not in wanted or keys is None or not ctx.can(Ability.READ_REGISTRY):
        return None
    loaded = party_keys or PARTY_KEYS
    params = rights.rights_on_page_params(keys, "holderId" in keys, "source" in wanted)

    def received(page: Page) -> None:
        parties = BroughtParties(ctx, loaded, party_keys, page.gathered)
        parties.made(row["node"].get("sourceId") for row in page.rows)  # read from loaders
        by_node = rights.right_values_by_node(page.rows)
        columns = right_columns(keys, loaded)

        def records(node_id: str) -> list[Right]:
            made = {node_id: Right.from_values(keys, by_node[node_id], at)}
            found = projected_found(made, at, keys, party_keys, parties.made(parties.values))
            return found[(node_id, at, keys, party_keys)]

        if columns is None:
            listed: dict[Projected, list[Right] | ValueRows] = {
                (i, at, keys, party_keys): records(i) for i in by_node
            }
        else:
            if "holderId" in keys:  # each right's values end with its holder's (columns)
                at_holder = keys.index("holderId")
                for values in (v for node_rights in by_node.values() for v in node_rights):
                    values.append(parties.values.get(values[at_holder]))
            listed = {
                (i, at, keys, party_keys): ValueRows(v, columns, partial(records, i))
                for i, v in by_node.items()
            }
        ctx.loaders.rights_projected.prime_many(listed)

    return Along(rights.rights_on_page(keys, loaded), params, received)


class BroughtParties:
    """The parties a page's statement brought along, as values of `loaded` by id; made
    into records (and primed for the loaders, with `party_keys`) only when asked."""

    def __init__(
        self,
        ctx: Context,
        loaded: tuple[str, ...],
        party_keys: tuple[str, ...] | None,
        gathered: list[Any],
    ) -> None:
        at_id = loaded.index("id")
        self.values: dict[str, list[Any]] = {values[at_id]: values for values in gathered}
        self._ctx, self._loaded, self._party_keys = ctx, loaded, party_keys
        self._made: dict[str, Party] = {}

    def made(self, ids: Iterable[str | None]) -> dict[str, Party]:
        """Every party made so far, those of `ids` brought along made now."""
        new = {
            i: Party.from_row(dict(zip(self._loaded, self.values[i], strict=True)))
            for i in ids
            if i in self.values and i not in self._made
        }
        if new:
            self._made |= new
            loaders = self._ctx.loaders
            if self._party_keys is None:
                loaders.party.prime_many(new)
            else:
                keys = self._party_keys
                loaders.party_projected.prime_many({(i, keys): p for i, p in new.items()})
        return self._made


def rights_loads(
    ctx: Context,
    nodes: list[DataResource],
    keys: tuple[str, ...] | None,
    holder_keys: tuple[str, ...] | None,
) -> Callable[[DataResource], Awaitable[Any]]:
    """How each node loads the rights the page selects, with only the properties its
    selection reads (each node remembers which, for its `rights` field): from what the
    page brought along (`rights_along`), or else in one statement for the page."""
    if keys is None:
        return lambda node: ctx.loaders.rights_on.load((node.uid, node.view))
    for node in nodes:
        node.rights_keys = keys
        node.holder_keys = holder_keys
    return lambda node: ctx.loaders.rights_projected.load((node.uid, node.view, keys, holder_keys))


ResourceResult = Annotated[
    DataResource | Rejection,
    result_union(
        "DataResourceResult", "The resource, or why the write was refused 数据资源写入结果."
    ),
]


@strawberry.type(description="Reading data resources 数据资源.")
class ResourceQuery:
    @strawberry.field(
        description="Data resources, filtered and paged, as of a date 数据资源列表. Callers "
        "without registry access see open and conditionally open resources only."
    )
    @paged(ResourceSortField.NAME)
    async def data_resources(
        self,
        info: Info,
        filter: Annotated[ResourceFilter | None, arg("Filters.")] = None,
        page: PageArgs = PAGE,
        as_of: AsOf = None,
        as_recorded_at: AsRecordedAt = None,
    ) -> DataResourceConnection:
        return await list_resources(info, filter, page, as_of, as_recorded_at)


@strawberry.type(description="Recording data resources 数据资源.")
class ResourceMutation:
    @writes(
        "Register a data resource with its single source unit, who receives the holding "
        "right 登记数据资源 (rules 1, 12)."
    )
    async def register_data_resource(
        self,
        info: Info,
        input: Annotated[RegisterDataResourceInput, arg("The resource.")],
        idempotency_key: Key = None,
    ) -> ResourceResult:
        return await register_data_resource(info, input, idempotency_key)

    @writes(
        "Change a resource from a date, or correct its record; the old record is kept "
        "变更或更正数据资源."
    )
    async def revise_data_resource(
        self,
        info: Info,
        input: Annotated[ReviseDataResourceInput, arg("The change.")],
        idempotency_key: Key = None,
    ) -> ResourceResult:
        return await revise_data_resource(info, input, idempotency_key)
