"""DataProduct: a product made from resources or products, operated by a party 数据产品."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import strawberry
from strawberry import relay

from graph.classification import CATEGORY_ORDER, GRADE_ORDER
from graph.history import TimePoint
from schema.asset import DataAsset
from schema.bitemporal import record_times
from schema.classification import ClassificationExplanation, classification_of
from schema.columns import columns_of
from schema.connections import CountedConnection
from schema.context import Info
from schema.datasets import DatasetIdentifierInput
from schema.enums import DataCategory, DataGrade, ProductKind, RightKind
from schema.labels import label_of
from schema.party import Party
from schema.permissions import CanReadRegistry

if TYPE_CHECKING:
    from schema.registration import Registration
    from schema.right import Right


@strawberry.type(
    description="A data product 数据产品 (article 17): dataset, model, verification service, "
    "API or report, made from resources and products and operated by a party."
)
class DataProduct(DataAsset):
    uid: relay.NodeID[str] = strawberry.field(description="Registry id of the product.")
    kind: ProductKind = strawberry.field(description="Kind of product 产品类型.")
    operator_id: strawberry.Private[str]
    input_ids: strawberry.Private[list[str]]
    input_types: strawberry.Private[dict[str, str]]

    @strawberry.field(
        name="uid", description="Registry id of the product, without the type prefix of `id`."
    )
    def registry_id(self) -> str:
        return self.uid

    @strawberry.field(description="Chinese label of the kind 产品类型中文名.")
    def kind_label_zh(self) -> str:
        return label_of(self.kind).zh

    @strawberry.field(
        description="Grade 数据分级 (article 22), derived from its inputs: the strictest grade "
        "they pass on (就高从严), lowered only past an anonymization or aggregation."
    )
    async def grade(self, info: Info) -> DataGrade:
        found = await classification_of(info, self.uid)
        return found.inherited_grade or DataGrade[GRADE_ORDER[0]]

    @strawberry.field(
        description="Category 数据类别 (article 22), derived from its inputs: the most "
        "protected category they pass on (personal, public, enterprise)."
    )
    async def category(self, info: Info) -> DataCategory:
        found = await classification_of(info, self.uid)
        return found.inherited_category or DataCategory[CATEGORY_ORDER[0]]

    @strawberry.field(description="Chinese label of the grade 分级中文名.")
    async def grade_label_zh(self, info: Info) -> str:
        return label_of(await self.grade(info)).zh

    @strawberry.field(description="Chinese label of the category 类别中文名.")
    async def category_label_zh(self, info: Info) -> str:
        return label_of(await self.category(info)).zh

    @strawberry.field(
        description="The strictest grade passed on by the resources upstream 继承分级; null "
        "only when no lineage upstream is recorded."
    )
    async def inherited_grade(self, info: Info) -> DataGrade | None:
        return (await classification_of(info, self.uid)).inherited_grade

    @strawberry.field(
        description="The most protected category passed on by the resources upstream 继承类别; "
        "null only when no lineage upstream is recorded."
    )
    async def inherited_category(self, info: Info) -> DataCategory | None:
        return (await classification_of(info, self.uid)).inherited_category

    @strawberry.field(
        description="Of public origin 公共数据来源: derived from public data through any "
        "processing, so priced at a government-guided price (rule 6, article 18)."
    )
    async def public_origin(self, info: Info) -> bool:
        return (await classification_of(info, self.uid)).public_origin

    @strawberry.field(
        description="Why it has the grade and category it does 分类分级继承说明: the deciding "
        "inputs, the paths, and the anonymization or aggregation that lowered the grade."
    )
    async def classification(self, info: Info) -> ClassificationExplanation:
        return await classification_of(info, self.uid)

    @strawberry.field(description="The party operating the product 经营主体.")
    async def operator(self, info: Info) -> Party | None:
        party: Party | None = await info.context.loaders.party.load(self.operator_id)
        return party

    @strawberry.field(description="What it is made from 来源数据 (one hop of lineage).")
    async def inputs(self, info: Info) -> list[DataAsset]:
        loaders = info.context.loaders
        assets = []
        for input_id in self.input_ids:
            loader = (
                loaders.resource
                if self.input_types.get(input_id) == "DataResource"
                else loaders.product
            )
            assets.append(loader.load((input_id, self.view)))
        return [asset for asset in [await a for a in assets] if asset is not None]

    @strawberry.field(
        description="Rights on this product valid at the view's date 数据权利.",
        permission_classes=[CanReadRegistry],
    )
    async def rights(
        self,
        info: Info,
        kind: Annotated[
            RightKind | None, strawberry.argument(description="Only rights of this kind.")
        ] = None,
    ) -> list[Annotated[Right, strawberry.lazy("schema.right")]]:
        rights = await info.context.loaders.rights_on.load((self.uid, self.view))
        return [right for right in rights or [] if kind is None or right.kind is kind]

    @strawberry.field(
        description="Property registrations of this product 产权登记.",
        permission_classes=[CanReadRegistry],
    )
    async def registrations(
        self, info: Info
    ) -> list[Annotated[Registration, strawberry.lazy("schema.registration")]]:
        return list(await info.context.loaders.registrations_of.load(self.uid))

    @classmethod
    async def resolve_nodes(  # type: ignore[override]
        cls, *, info: Info, node_ids: Iterable[str], required: bool = False
    ) -> list[DataProduct | None]:
        keys = [(node_id, info.context.present) for node_id in node_ids]
        return list(await info.context.loaders.product.load_many(keys))

    @classmethod
    def from_state(cls, state: dict[str, Any], view: TimePoint) -> DataProduct:
        return cls(
            uid=state["id"],
            name_zh=state["nameZh"],
            name_en=state.get("nameEn"),
            description=state.get("description"),
            kind=ProductKind[state["kind"]],
            operator_id=state["operatorId"],
            input_ids=list(state.get("inputIds") or []),
            input_types=dict(
                zip(state.get("inputIds") or [], state.get("inputTypes") or [], strict=False)
            ),
            column_list=columns_of(state),
            view=view,
            **record_times(state),  # type: ignore[arg-type]
        )


@strawberry.input(description="Filters of a product list 数据产品筛选条件; all given must hold.")
class ProductFilter:
    kinds: list[ProductKind] | None = strawberry.field(
        default=None, description="Only these kinds."
    )
    operator_id: strawberry.ID | None = strawberry.field(
        default=None, description="Only products of this operator (global id)."
    )
    region_code: str | None = strawberry.field(
        default=None, description="Only products whose operator is in this region or below."
    )


@strawberry.input(description="A data product to register 登记数据产品.")
class RegisterDataProductInput:
    name_zh: str = strawberry.field(description="Chinese name, 2–200 characters.")
    name_en: str | None = strawberry.field(default=None, description="English name.")
    description: str | None = strawberry.field(default=None, description="What it offers.")
    kind: ProductKind = strawberry.field(description="Kind of product.")
    operator_id: strawberry.ID = strawberry.field(
        description="Global id of the operating party; it receives the product-operation right "
        "and must hold a holding or processing-and-use right on every input (rule 3)."
    )
    input_ids: list[strawberry.ID] = strawberry.field(
        description="Global ids of the resources and products it is made from (at least one)."
    )
    valid_from: date = strawberry.field(description="First day the product exists.")
    valid_to: date | None = strawberry.field(
        default=None, description="First day it no longer does."
    )
    datasets: list[DatasetIdentifierInput] = strawberry.field(
        default_factory=list,
        description="OpenLineage dataset identifiers it is 数据集标识 (at most 50): lineage "
        "events naming them land on it.",
    )


@strawberry.input(
    description="Hand a product's operation to another party from a day on 变更经营主体; "
    "the new operator must already hold the product-operation right (rule 4)."
)
class ChangeProductOperatorInput:
    product_id: strawberry.ID = strawberry.field(description="Global id of the product.")
    operator_id: strawberry.ID = strawberry.field(description="Global id of the new operator.")
    effective_from: date = strawberry.field(description="First day the new operator operates it.")
    reason: str = strawberry.field(description="Why; kept in the audit trail.")


@strawberry.type(description="A page of data products 数据产品列表.")
class DataProductConnection(CountedConnection[DataProduct]):
    pass
