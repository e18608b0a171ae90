"""DataResource: data held by its one source unit 数据资源."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any, cast

import strawberry
from strawberry import relay

from graph.classification import grade_rank
from graph.columns import COLUMN_ATTRIBUTES
from graph.history import TimePoint
from schema.asset import DataAsset
from schema.bitemporal import STORED_BY_BITEMPORAL_FIELD, record_times
from schema.classification import ClassificationExplanation, classification_of
from schema.columns import columns_of
from schema.connections import CountedConnection
from schema.context import Info
from schema.datasets import DatasetIdentifierInput
from schema.enums import AccessMode, DataCategory, DataGrade, Openness, Platform, RightKind, Sector
from schema.labels import label_of
from schema.loading import loaded_or_pending, member_or_none, of_kind, projected_keys
from schema.party import Party
from schema.permissions import CanReadAudit, CanReadRegistry
from schema.plain import context_only
from schema.region import Region

if TYPE_CHECKING:
    from schema.product import DataProduct
    from schema.registration import Registration
    from schema.right import Right, SeparationOfRights


@strawberry.type(
    description="A data resource 数据资源: data collected or produced by its single source unit "
    "(article 6), classified and graded (article 22), aggregated to a platform (article 8)."
)
class DataResource(DataAsset):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id of the resource.")
    catalog_code: str = strawberry.field(
        description="Catalogue code 资源目录编码: what data this is; one source per code."
    )
    category: DataCategory = strawberry.field(description="Category 数据类别 (article 22).")
    grade: DataGrade = strawberry.field(description="Grade 数据分级 (article 22).")
    sector: Sector = strawberry.field(description="Sector 行业领域 (article 20).")
    platform: Platform = strawberry.field(description="Platform 汇聚平台 (article 8).")
    access_mode: AccessMode = strawberry.field(description="Access mode 汇聚方式 (article 8).")
    openness: Openness = strawberry.field(description="Openness 开放属性 (article 10).")
    open_list_years: list[int] = strawberry.field(
        description="Years whose key open-data list 开放重点清单 includes it (article 10)."
    )
    contains_personal_info: bool = strawberry.field(
        description="Whether it holds personal information 是否含个人信息."
    )
    source_id: strawberry.Private[str | None]  # None: an unregistered dataset
    arrived_unregistered: strawberry.Private[bool]
    region_code: strawberry.Private[str]
    # What a list that prefetched this resource's rights loaded of each (schema/right.py
    # stored_keys); None: whole records, from `rights_on`.
    rights_keys: strawberry.Private[tuple[str, ...] | None] = None
    # What a list that brought this resource's source along loaded of it (schema/party.py
    # stored_keys); None: the whole record, from the party loader.
    source_keys: strawberry.Private[tuple[str, ...] | None] = None
    # ...and of the holders of its rights, for its `rights` field (the same list's).
    holder_keys: strawberry.Private[tuple[str, ...] | None] = None

    @strawberry.field(
        name="uid", description="Registry id of the resource, without the type prefix of `id`."
    )
    def registry_id(self) -> str:
        return self.uid

    @strawberry.field(description="Chinese label of the grade 分级中文名.")
    def grade_label_zh(self) -> str:
        return label_of(self.grade).zh

    @strawberry.field(description="Chinese label of the category 类别中文名.")
    def category_label_zh(self) -> str:
        return label_of(self.category).zh

    @strawberry.field(
        description="The strictest grade passed on by the resources upstream 继承分级 "
        "(就高从严); past an anonymization or aggregation an input passes on only the lowest "
        "grade. Null only when no lineage upstream is recorded."
    )
    async def inherited_grade(self, info: Info) -> DataGrade | None:
        return (await classification_of(info, self.uid)).inherited_grade

    @strawberry.field(
        description="The most protected category passed on by the resources upstream "
        "(personal, public, enterprise) 继承类别; anonymized personal data passes on "
        "enterprise, public data stays public. Null only when no lineage upstream is recorded."
    )
    async def inherited_category(self, info: Info) -> DataCategory | None:
        return (await classification_of(info, self.uid)).inherited_category

    @strawberry.field(
        description="Of public origin 公共数据来源: public itself or derived from public data "
        "through any processing, so priced at a government-guided price (rule 6, article 18)."
    )
    async def public_origin(self, info: Info) -> bool:
        found = await classification_of(info, self.uid)
        return self.category is DataCategory.PUBLIC or found.public_origin

    @strawberry.field(
        description="Why it inherits what it does 分类分级继承说明: the deciding inputs, the "
        "paths, and the anonymization or aggregation that lowered the grade."
    )
    async def classification(self, info: Info) -> ClassificationExplanation:
        return await classification_of(info, self.uid)

    @strawberry.field(
        description="Recorded below the grade it inherits: a finding 分级低于继承级别."
    )
    async def below_inherited_grade(self, info: Info) -> bool:
        found = (await classification_of(info, self.uid)).inherited_grade
        return found is not None and grade_rank(self.grade.name) < grade_rank(found.name)

    @strawberry.field(
        description="The single source unit 来源单位 (article 6); null for a dataset that "
        "arrived by lineage ingestion and was never registered."
    )
    @context_only
    def source(self, info: Info) -> Party | None:
        if self.source_id is None:
            return None
        # The value when a list prefetched it (resolvers/prefetch.py), else the loader's
        # future, which graphql-core awaits.
        loaders = info.context.loaders
        if self.source_keys is None:
            return cast(Party | None, loaded_or_pending(loaders.party, self.source_id))
        key = (self.source_id, self.source_keys)
        return cast(Party | None, loaded_or_pending(loaders.party_projected, key))

    @strawberry.field(
        description="Arrived by OpenLineage ingestion and never registered: no source unit, "
        "no holder 未登记数据集."
    )
    def unregistered(self) -> bool:
        return self.arrived_unregistered

    @strawberry.field(description="Region the resource belongs to 所属行政区划.")
    async def region(self, info: Info) -> Region | None:
        region: Region | None = await info.context.loaders.region.load(self.region_code)
        return region

    @strawberry.field(
        description="Rights on this resource valid at the view's date 数据权利.",
        permission_classes=[CanReadRegistry],
    )
    @context_only
    def rights(
        self,
        info: Info,
        kind: Annotated[
            RightKind | None, strawberry.argument(description="Only rights of this kind.")
        ] = None,
    ) -> list[Annotated[Right, strawberry.lazy("schema.right")]]:
        # A page's rights may come as its statement's values (schema/plain.py ValueRows).
        loaders = info.context.loaders
        found: Any
        if self.rights_keys is None:
            found = loaded_or_pending(loaders.rights_on, (self.uid, self.view))
        else:
            key = (self.uid, self.view, self.rights_keys, self.holder_keys)
            found = loaded_or_pending(loaders.rights_projected, key)
        return cast(list[Right], of_kind(found, kind))

    @strawberry.field(
        description="Who holds which of the three rights at the view's date 三权分置视图 "
        "(article 12).",
        permission_classes=[CanReadRegistry],
    )
    async def separation_of_rights(
        self, info: Info
    ) -> Annotated[SeparationOfRights, strawberry.lazy("schema.right")]:
        from schema.right import SeparationOfRights

        rights = await info.context.loaders.rights_on.load((self.uid, self.view))
        return SeparationOfRights.of(rights)

    @strawberry.field(
        description="Property registrations of this resource 产权登记 (article 13).",
        permission_classes=[CanReadRegistry],
    )
    async def registrations(
        self, info: Info
    ) -> list[Annotated[Registration, strawberry.lazy("schema.registration")]]:
        return list(await info.context.loaders.registrations_of.load(self.uid))

    @strawberry.field(description="Products made from this resource 数据产品.")
    async def products(
        self, info: Info
    ) -> list[Annotated[DataProduct, strawberry.lazy("schema.product")]]:
        return list(await info.context.loaders.products_from.load((self.uid, self.view)))

    @strawberry.field(
        description="Every record of this resource, superseded ones included, oldest first "
        "登记历史.",
        permission_classes=[CanReadAudit],
    )
    async def history(self, info: Info) -> list[DataResource]:
        return list(await info.context.loaders.resource_history.load(self.uid))

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[DataResource | None]:
        keys = [(node_id, info.context.present) for node_id in node_ids]
        return list(await info.context.loaders.resource.load_many(keys))

    @classmethod
    def from_state(cls, state: dict[str, Any], view: TimePoint) -> DataResource:
        """From a state record, whole or projected to `stored_keys` (a page's statement
        reads only what its selection shows): a projected one leaves the fields nobody
        selected empty."""
        get = state.get
        return cls(
            uid=state["id"],
            catalog_code=get("catalogCode"),  # type: ignore[arg-type]
            name_zh=get("nameZh"),  # type: ignore[arg-type]
            name_en=get("nameEn"),
            description=get("description"),
            category=member_or_none(DataCategory, get("category")),
            grade=member_or_none(DataGrade, get("grade")),
            sector=member_or_none(Sector, get("sector")),
            platform=member_or_none(Platform, get("platform")),
            access_mode=member_or_none(AccessMode, get("accessMode")),
            openness=member_or_none(Openness, get("openness")),
            open_list_years=list(get("openListYears") or []),
            contains_personal_info=bool(get("containsPersonalInfo")),
            source_id=get("sourceId"),
            region_code=get("regionId"),  # type: ignore[arg-type]
            arrived_unregistered=bool(get("unregistered")),
            column_list=columns_of(state),
            view=view,
            **record_times(state),  # type: ignore[arg-type]
        )


# The stored properties (graph/shapes.py ResourceAttrs, the record times) each field of
# DataResource reads, itself or through what it loads: a page of resources reads of each
# only what its selection shows (tests/test_resource_projection.py keeps this in step with
# the schema). A field missing here makes the whole record load.
STORED_BY_FIELD: dict[str, tuple[str, ...]] = {
    "__typename": (),
    "id": ("id",),
    "uid": ("id",),
    "catalogCode": ("catalogCode",),
    "nameZh": ("nameZh",),
    "nameEn": ("nameEn",),
    "description": ("description",),
    "category": ("category",),
    "categoryLabelZh": ("category",),
    "grade": ("grade",),
    "gradeLabelZh": ("grade",),
    "sector": ("sector",),
    "platform": ("platform",),
    "accessMode": ("accessMode",),
    "openness": ("openness",),
    "openListYears": ("openListYears",),
    "containsPersonalInfo": ("containsPersonalInfo",),
    "inheritedGrade": ("id",),
    "inheritedCategory": ("id",),
    "classification": ("id",),
    "publicOrigin": ("id", "category"),
    "belowInheritedGrade": ("id", "grade"),
    "source": ("sourceId",),
    "unregistered": ("unregistered",),
    "region": ("regionId",),
    "rights": ("id",),
    "separationOfRights": ("id",),
    "registrations": ("id",),
    "products": ("id",),
    "history": ("id",),
    "columns": COLUMN_ATTRIBUTES,
    "valuations": ("id",),
    "datasets": ("id",),
    **STORED_BY_BITEMPORAL_FIELD,
}


def stored_keys(field_names: Iterable[str]) -> tuple[str, ...] | None:
    """What to load of each resource for a selection of these fields; None: everything."""
    # the identity (cursors, rights) and the source (brought along with the rights)
    return projected_keys(STORED_BY_FIELD, field_names, {"id", "sourceId"})


@strawberry.input(description="Filters of a resource list 数据资源筛选条件; all given must hold.")
class ResourceFilter:
    categories: list[DataCategory] | None = strawberry.field(
        default=None, description="Only these categories."
    )
    grades: list[DataGrade] | None = strawberry.field(
        default=None, description="Only these grades."
    )
    sectors: list[Sector] | None = strawberry.field(default=None, description="Only these sectors.")
    openness: list[Openness] | None = strawberry.field(
        default=None, description="Only these openness levels."
    )
    region_code: str | None = strawberry.field(
        default=None, description="Only resources of this region or below it (division code)."
    )
    source_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only resources of this source unit (global id of a Party)."
    )
    open_list_year: int | None = strawberry.field(
        default=None, description="Only resources on this year's key open-data list."
    )


@strawberry.input(description="A data resource to register 登记数据资源.")
class RegisterDataResourceInput:
    catalog_code: str = strawberry.field(
        description="Catalogue code 资源目录编码 naming what data this is (letters, digits, "
        "`-` `.` `_`); a second source for the same code is refused (rule 1)."
    )
    name_zh: str = strawberry.field(description="Chinese name, 2–200 characters.")
    name_en: str | None = strawberry.field(default=None, description="English name.")
    description: str | None = strawberry.field(default=None, description="What it covers.")
    category: DataCategory = strawberry.field(description="Category 数据类别.")
    grade: DataGrade = strawberry.field(description="Grade 数据分级.")
    sector: Sector = strawberry.field(description="Sector 行业领域.")
    source_id: strawberry.ID = strawberry.field(
        description="Global id of the source unit 来源单位; it receives the holding right."
    )
    region_code: str | None = strawberry.field(
        default=None, description="Region it belongs to; default: the source unit's region."
    )
    platform: Platform = strawberry.field(
        default=Platform.OWN_SYSTEM, description="Platform 汇聚平台."
    )
    access_mode: AccessMode = strawberry.field(
        default=AccessMode.NOT_AGGREGATED, description="Access mode 汇聚方式."
    )
    openness: Openness = strawberry.field(default=Openness.NOT_OPEN, description="Openness.")
    open_list_years: list[int] = strawberry.field(
        default_factory=list, description="Years of the key open-data list including it."
    )
    contains_personal_info: bool = strawberry.field(
        default=False, description="Whether it holds personal information."
    )
    valid_from: date = strawberry.field(description="First day the resource exists 生效日期.")
    valid_to: date | None = strawberry.field(default=None, description="Last day + 1, if known.")
    datasets: list[DatasetIdentifierInput] = strawberry.field(
        default_factory=list,
        description="OpenLineage dataset identifiers it is 数据集标识 (at most 50): lineage "
        "events naming them land on it.",
    )


@strawberry.input(
    description="A change to a resource's attributes 数据资源变更: from a date (a change in the "
    "world), or for all time (a correction of the record). Unset fields keep their value."
)
class ReviseDataResourceInput:
    resource_id: strawberry.ID = strawberry.field(description="Global id of the resource.")
    effective_from: date | None = strawberry.field(
        default=None,
        description="First day the change holds; null corrects the record for all time.",
    )
    reason: str = strawberry.field(description="Why 变更原因; kept in the audit trail.")
    name_zh: str | None = strawberry.field(default=None, description="New Chinese name.")
    name_en: str | None = strawberry.field(default=None, description="New English name.")
    description: str | None = strawberry.field(default=None, description="New description.")
    category: DataCategory | None = strawberry.field(default=None, description="New category.")
    grade: DataGrade | None = strawberry.field(default=None, description="New grade.")
    sector: Sector | None = strawberry.field(default=None, description="New sector.")
    platform: Platform | None = strawberry.field(default=None, description="New platform.")
    access_mode: AccessMode | None = strawberry.field(default=None, description="New mode.")
    openness: Openness | None = strawberry.field(default=None, description="New openness.")
    open_list_years: list[int] | None = strawberry.field(
        default=None, description="New open-list years."
    )
    contains_personal_info: bool | None = strawberry.field(
        default=None, description="New personal-information flag."
    )
    valid_to: date | None = strawberry.field(
        default=None, description="End the resource's validity on this day."
    )
    datasets: list[DatasetIdentifierInput] | None = strawberry.field(
        default=None,
        description="Its OpenLineage dataset identifiers from now on, replacing the ones it "
        "has (empty: none); omitted: unchanged.",
    )


@strawberry.type(description="A page of data resources 数据资源列表.")
class DataResourceConnection(CountedConnection[DataResource]):
    pass
